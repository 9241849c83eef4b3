"""The one kind of error a user can fix: its message, in Chinese, says what is wrong and how to fix
it. The command lines print it as one line and exit 2; the app shows it as an error message. Every
layer's own errors (StoreError, IngestError, EmbedderError, BackendError…) are of this kind."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix (a bad file, a store that cannot be opened, a setting); the
    message is for the user, in Chinese, and says how."""


def os_reason(error: OSError | UnicodeDecodeError) -> str:
    """Why a file could not be read, in Chinese: (文件不存在), (这是一个文件夹), (没有读取权限),
    (不是 UTF-8 文本), else the system's own words."""
    if isinstance(error, UnicodeDecodeError):
        return "不是 UTF-8 文本"
    if isinstance(error, FileNotFoundError):
        return "文件不存在"
    if isinstance(error, IsADirectoryError):
        return "这是一个文件夹"
    if isinstance(error, PermissionError):
        return "没有读取权限"
    return str(error.strerror or error)
