"""Bytes of a text or HTML file to str: BOMs, BOM-less UTF-16, UTF-8, GB18030, then detection.

Chinese reports come as UTF-8, GBK/GB2312 (read as GB18030, their superset) and, from Windows
Notepad, UTF-16; anything that decodes to mostly control or replacement characters is not text.
"""

from __future__ import annotations

import codecs
import logging
import unicodedata

from charset_normalizer import from_bytes

from ingest.errors import BinaryFileError
from text.width import IDEOGRAPH

log = logging.getLogger(__name__)

# UTF-32 before UTF-16: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Files that are something else under a .txt/.html name: PNG, ZIP (docx too), PDF, GIF, JPEG,
# OLE (.doc/.xls), ELF, 7z, RAR, gzip, TIFF.
_MAGIC = (
    b"\x89PNG",
    b"PK\x03\x04",
    b"%PDF-",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0",
    b"\x7fELF",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x1f\x8b",
    b"II*\x00",
    b"MM\x00*",
)
_SAMPLE = 1 << 16
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "csgb2312"}


def _bad_ratio(text: str) -> float:
    """Share of characters that never occur in real text: controls, replacement, private, unassigned."""
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    bad = 0
    for ch in sample:
        if ch in "\t\n\r\f\v\x1a":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"):
            bad += 1
    return bad / len(sample)


def _plausible(text: str) -> bool:
    return _bad_ratio(text) <= 0.02


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_by_nuls(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16 told by where its NUL bytes fall: the high byte of ASCII characters."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # Chinese characters such as 一 (U+4E00) put some NULs on the other side; ASCII dominates.
    if odd >= 3 * even:
        codec = "utf-16-le"
    elif even >= 3 * odd:
        codec = "utf-16-be"
    else:
        return None
    text = _try(data, codec)
    return (text, codec) if text is not None and _plausible(text) else None


def _utf16_pure_cjk(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16 with no ASCII at all: it decodes to mostly common ideographs, which
    GB18030 or UTF-8 bytes read as UTF-16 never do."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _try(data, codec)
        if text and _plausible(text) and len(IDEOGRAPH.findall(text[:_SAMPLE])) >= 0.5 * len(text[:_SAMPLE]):
            return text, codec
    return None


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with; `declared` is an HTML meta charset.

    Raises BinaryFileError when the bytes are not text.
    """
    binary = BinaryFileError(f"文件不是文本，可能是二进制文件：{name}。请确认文件扩展名与实际格式一致")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom) :], codec.removesuffix("-sig"))
            if text is None or not _plausible(text):
                raise binary
            return text, codec
    if data.startswith(_MAGIC):
        raise binary
    if b"\x00" in data:
        utf16 = _utf16_by_nuls(data)
        if utf16 is None:
            raise binary
        return utf16
    candidates: list[str] = ["utf-8"]
    if declared:
        declared = declared.lower()
        candidates.append("gb18030" if declared in _GB_FAMILY else declared)
    for codec in candidates:
        text = _try(data, codec)
        if text is not None and _plausible(text):
            return text, codec
    utf16 = _utf16_pure_cjk(data)
    if utf16:
        return utf16
    text = _try(data, "gb18030")
    if text is not None and _plausible(text):
        return text, "gb18030"
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _plausible(text):
            log.info("%s: encoding detected as %s", name, best.encoding)
            return text, best.encoding
    raise binary
