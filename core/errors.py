"""The one kind of error a user can fix: its message, in Chinese, says what is wrong and how to fix
it. The command lines print it as one line and exit 2; the app shows it as an error message. Every
layer's own errors (StoreError, IngestError, EmbedderError, BackendError…) are of this kind."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix (a bad file, a store that cannot be opened, a setting); the
    message is for the user, in Chinese, and says how."""
