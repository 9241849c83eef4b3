"""Errors about one input file that the user can fix, told in Chinese with what to do."""

from __future__ import annotations

from core.errors import UserError


class IngestError(UserError):
    """A problem with one input file that the user can fix; message is Chinese, says what and how to fix."""


class UnreadableFileError(IngestError):
    """The file is missing, is a folder, or cannot be opened."""


class UnsupportedFormatError(IngestError):
    """The file's extension is not one the loaders read."""


class EmptyFileError(IngestError):
    """The file holds no text: 0 bytes, only whitespace, or nothing that OCR could read."""


class BinaryFileError(IngestError):
    """A text file whose bytes are not text (an image or archive renamed, random bytes)."""


class EncryptedPdfError(IngestError):
    """A PDF that needs a password to open."""


class CorruptFileError(IngestError):
    """A PDF, Word file or image that is damaged, truncated or not what its extension says."""
