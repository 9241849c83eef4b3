"""Character-level normalisation that keeps offsets: full-width digits, letters and number signs
become half-width (７％ -> 7%, 7．5% -> 7.5%), one character for one, so an offset into the
normalised text is an offset into the original."""

from __future__ import annotations

import re

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "．": ".", "＋": "+", "／": "/", "＜": "<", "＞": ">", "＝": "="})
_TABLE = str.maketrans(_FULLWIDTH)
# A full-width minus or a Chinese comma used as a thousands separator only counts
# as a number sign between digits.
_DIGIT_DASH = re.compile(r"(?<=[\d%])[－–](?=\d)")


def normalize_width(text: str) -> str:
    """Half-width digits, Latin letters and number signs; same length as `text`."""
    out = text.translate(_TABLE)
    return _DIGIT_DASH.sub("-", out)


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
