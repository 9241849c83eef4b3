"""Character-level normalisation that keeps offsets, one character for one, so an offset into the
normalised text is an offset into the original: full-width digits, letters and number signs become
half-width (７％ -> 7%, 7．5% -> 7.5%), and traditional characters simplified (糧食總產量 ->
粮食总产量, by OpenCC's t2s conversion). Everything that matches text against text (keywords,
vectors, questions, metadata, figures) reads it through `normalize_width`; quotes stay as written."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import opencc

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "．": ".", "＋": "+", "／": "/", "＜": "<", "＞": ">", "＝": "="})
_TABLE = str.maketrans(_FULLWIDTH)
_FULLWIDTH_CHAR = re.compile("[" + "".join(map(re.escape, _FULLWIDTH)) + "]")
# A full-width minus or a Chinese comma used as a thousands separator only counts
# as a number sign between digits.
_DIGIT_DASH = re.compile(r"(?<=[\d%])[－–](?=\d)")


_converters = threading.local()


def _t2s(text: str) -> str:
    converter = getattr(_converters, "t2s", None)
    if converter is None:
        converter = _converters.t2s = opencc.OpenCC("t2s")
    return str(converter.convert(text))


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str]:
    """The characters t2s changes (about 4,200), read off OpenCC itself: a text without any of
    them is left alone without a conversion."""
    chars = "".join(chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(*r))
    simplified = _t2s(chars)
    changed = [a for a, b in zip(chars, simplified, strict=True) if a != b]
    return re.compile(f"[{''.join(changed)}]")


def to_simplified(text: str) -> str:
    """Traditional characters as simplified ones (OpenCC t2s, phrases first), one for one: where a
    phrase conversion would change the length, the characters are converted one by one."""
    if not _traditional().search(text):
        return text
    out = _t2s(text)
    if len(out) != len(text):
        out = "".join(c if len(s := _t2s(c)) != 1 else s for c in text)
    return out


def half_width(text: str) -> str:
    """Half-width digits, Latin letters and number signs; same length as `text`. (Text holding none
    of them is left alone after one scan: `translate` with a table costs 45 µs for 700 characters.)"""
    if _FULLWIDTH_CHAR.search(text):
        text = text.translate(_TABLE)
    return _DIGIT_DASH.sub("-", text) if "－" in text or "–" in text else text


def normalize_width(text: str) -> str:
    """Half-width digits, Latin letters and number signs, and simplified characters: the form text
    is matched in. Same length as `text`, character for character."""
    return to_simplified(half_width(text))


# The character ranges of Chinese text, defined once (Unicode blocks). Character classes elsewhere
# are built from these: f"[{IDEOGRAPHS}]", f"[{WIDE}]".
IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK Unified Ideographs, Ext. A, Compatibility
CJK_PUNCTUATION = "\u3000-\u303f"  # CJK Symbols and Punctuation: 、。《》「」【】 and the ideographic space
FULLWIDTH_FORMS = "\uff00-\uffef"  # Halfwidth and Fullwidth Forms: ，：；！？（）０-９
QUOTES_DASHES = "\u2014\u2026\u201c\u201d\u2018\u2019"  # — … “ ” ‘ ’
# What Chinese running text is made of: between two of these a space or line break never belongs.
WIDE = CJK_PUNCTUATION + IDEOGRAPHS + FULLWIDTH_FORMS + QUOTES_DASHES
IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among the non-space characters of `text`."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if IDEOGRAPH.match(c)) / len(chars)
