"""Bytes of a text or HTML file to str: BOMs, BOM-less UTF-16, UTF-8, GB18030, then detection.

Chinese reports come as UTF-8, GBK/GB2312 (read as GB18030, their superset) and, from Windows
Notepad, UTF-16; anything that decodes to mostly control or replacement characters is not text.
"""

from __future__ import annotations

import codecs
import logging
import unicodedata
from dataclasses import dataclass

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


# A character is at most 4 bytes in the encodings read here (UTF-8, GB18030): a decode error in
# the last 3 bytes that says the data ended is a character cut off at the end of the file.
_CUT_BYTES = 3


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read with, and how many bytes of a character cut off at
    the end of the file were dropped (0: none)."""

    text: str
    encoding: str
    cut: int = 0

    def warning(self, name: str) -> str:
        """The user's warning about a dropped last character, "" when there was none."""
        if not self.cut:
            return ""
        return f"{name} 的末尾有一个不完整的字符（{self.cut} 个字节，文件可能被截断或未下载完整），已舍去"


def _try(data: bytes, codec: str) -> Decoded | None:
    """`data` decoded, or None. A file cut in the middle of its last character (by `head -c` or an
    interrupted download) decodes without that character, which is counted in `cut`."""
    try:
        return Decoded(data.decode(codec), codec)
    except LookupError:
        return None
    except UnicodeDecodeError as e:
        if e.start < len(data) - _CUT_BYTES or e.end < len(data):
            return None
        try:
            return Decoded(data[: e.start].decode(codec), codec, len(data) - e.start)
        except UnicodeDecodeError:
            return None


def _utf16_by_nuls(data: bytes) -> Decoded | None:
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
    got = _try(data, codec)
    return got if got is not None and _plausible(got.text) else None


def _utf16_pure_cjk(data: bytes) -> Decoded | None:
    """BOM-less UTF-16 with no ASCII at all: it decodes to mostly common ideographs, which
    GB18030 or UTF-8 bytes read as UTF-16 never do."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        got = _try(data, codec)
        sample = got.text[:_SAMPLE] if got else ""
        if got and sample and _plausible(sample) and len(IDEOGRAPH.findall(sample)) >= 0.5 * len(sample):
            return got
    return None


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> Decoded:
    """The text of `data`, the encoding it was read with, and a cut-off last character dropped
    (see Decoded); `declared` is an HTML meta charset. Raises BinaryFileError when the bytes are
    not text."""
    binary = BinaryFileError(f"文件不是文本，可能是二进制文件：{name}。请确认文件扩展名与实际格式一致")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            got = _try(data[len(bom) :], codec.removesuffix("-sig"))
            if got is None or not _plausible(got.text):
                raise binary
            return Decoded(got.text, codec, got.cut)
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
        got = _try(data, codec)
        if got is not None and _plausible(got.text):
            return got
    utf16 = _utf16_pure_cjk(data)
    if utf16:
        return utf16
    got = _try(data, "gb18030")
    if got is not None and _plausible(got.text):
        return got
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _plausible(text):
            log.info("%s: encoding detected as %s", name, best.encoding)
            return Decoded(text, best.encoding)
    raise binary
