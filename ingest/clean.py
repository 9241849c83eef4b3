"""Cleaning of loaded blocks: web chrome out, repeated page copies collapsed, stray spaces mended.

The wording itself is never changed: citations quote the report as written. Only whitespace,
escaped non-breaking spaces and lines that belong to the web page rather than the report go.
"""

from __future__ import annotations

import re
from dataclasses import replace

from core.types import Block
from ingest.paragraphs import split_paragraphs
from ingest.tables import TABLE_ROW
from text.width import WIDE, normalize_width

# Escaped or invisible spaces left by web dumps and PDF extraction.
_SPACE_ESCAPES = re.compile(r"<U\+00A0>|&nbsp;?|&#160;|[\u00a0\u2002\u2003\u2009\u200b\u200c\u200d\ufeff]")
_HTML_COMMENT = re.compile(r"<!--.*?-->")
_WS = re.compile(r"[ \t\u3000]+")

# Characters between which a space never belongs in Chinese running text: ideographs,
# CJK punctuation and full-width forms. A space between two of them is a line-break or
# PDF artefact ("突如其来的 非典型肺炎疫情").
_SPACE_IN_CJK = re.compile(f"(?<=[{WIDE}])[ \t\u3000]+(?=[{WIDE}])")

# Lines that belong to the web page, not the report.
_CHROME = [
    r"^(当前位置|您的位置|你的位置)[:：]?",
    r"^首页\s*(>|＞|»|/)",
    r"^来源[:：]",
    r"^[【\[]?\s*字体[:：]",
    r"^[【\[]?\s*(大|中|小|】|\])?\s*$",
    r"^分享(到)?[:：]?\s*$",
    r"^[（(]?\s*责任编辑[:：]",
    r"^(打印本页|关闭窗口|打印|关闭|返回顶部|收藏|纠错)$",
    r"^扫一扫",
    r"^相关(附件|链接|新闻|阅读)\s*>*\s*$",
    r"^[0-9a-f]{32}[:：]?$",
    r"E-mail推荐",
    r"^上一篇|^下一篇",
    r"^\d{4}[-年]\d{1,2}[-月]\d{1,2}日?\s+\d{1,2}[:时]\d{2}(分)?(\s.*)?$",
    r"新华社记者\s*\S+\s*摄$",
    r"^[\W_]+$",  # punctuation only: "】", "——", "*"
]
_CHROME_LINE = re.compile("|".join(f"(?:{p})" for p in _CHROME))
_SITE_LINE = re.compile(r"(www\.|https?://)\S+")

# A label line whose value the site put on the next line ("来源:" / "四川日报").
_LABEL_ONLY = re.compile(r"^[（(]?(来源|作者|编辑|责任编辑|发布时间|发布日期|信息来源)[:：]\s*$")
# Once the page says the article is over, short lines without a sentence end are page furniture
# (related links, editor names) until real prose starts again.
_FOOTER_MARK = re.compile(r"^[（(]?责任编辑|^相关(附件|链接|新闻|阅读)|^(打印本页|关闭窗口)$|^扫一扫")
_SENTENCE_END = re.compile(r"[。！？!?]")

# Paragraphs shorter than this are too common ("各位代表！") to call duplicates on their own.
_MIN_DUP_LEN = 30
_SUBSTRING_LIMIT = 2_000_000  # characters; see drop_repeated_copies


def clean_text_line(text: str) -> str:
    """One paragraph's whitespace mended: escapes out, runs folded, spaces inside Chinese removed."""
    text = _HTML_COMMENT.sub("", text)
    text = _SPACE_ESCAPES.sub(" ", text)
    text = _WS.sub(" ", text).strip()
    return _SPACE_IN_CJK.sub("", text)


def clean_row(text: str) -> str:
    """A table row's whitespace mended; the space between a column's name and its value stays."""
    text = _SPACE_ESCAPES.sub(" ", _HTML_COMMENT.sub("", text))
    return _WS.sub(" ", text).strip()


def is_chrome(text: str) -> bool:
    """True for navigation, share/print links, bylines and other page furniture."""
    if _CHROME_LINE.search(text):
        return True
    # "中央政府门户网站 www.gov.cn 2012年03月15日 来源：新华社": a short line naming a site.
    return len(text) < 100 and bool(_SITE_LINE.search(text)) and "。" not in text


def _dedup_key(text: str) -> str:
    return re.sub(r"\s+", "", normalize_width(text))


def drop_repeated_copies(blocks: list[Block]) -> list[Block]:
    """Remove copies of text already seen: whole repeated pages and trailing teasers.

    A long paragraph is a copy when its text already stands earlier in the document. A short one
    ("政府工作报告", a heading) only goes when it repeats an earlier paragraph *and* sits inside a
    run of copies, so that genuine repeats such as "各位代表！" stay.
    """
    keys = [_dedup_key(b.text) for b in blocks]
    # Looking for a paragraph inside all text kept so far costs time in proportion to the text, for
    # every paragraph: past _SUBSTRING_LIMIT characters (a 50 MB file, not a report) only whole
    # repeated paragraphs are found.
    inside = sum(map(len, keys)) <= _SUBSTRING_LIMIT
    seen: set[str] = set()
    so_far = ""  # every kept paragraph so far, run together
    is_copy = [False] * len(blocks)
    repeated_short = [False] * len(blocks)
    last_long_copy: list[bool | None] = [None] * len(blocks)  # of the long paragraphs before i
    previous: bool | None = None
    for i, key in enumerate(keys):
        last_long_copy[i] = previous
        if len(key) >= _MIN_DUP_LEN:
            is_copy[i] = key in seen or (inside and key in so_far)
            previous = is_copy[i]
        else:
            repeated_short[i] = key in seen
        if inside and not is_copy[i]:
            so_far += key
        seen.add(key)
    # A short repeat belongs to a copy when the next long paragraph (or, at the end, the previous
    # one) is a copy.
    next_long_copy: bool | None = None
    for i in range(len(blocks) - 1, -1, -1):
        if len(keys[i]) >= _MIN_DUP_LEN:
            next_long_copy = is_copy[i]
        elif repeated_short[i]:
            following = next_long_copy if next_long_copy is not None else last_long_copy[i]
            is_copy[i] = bool(following)
    return [b for b, copy in zip(blocks, is_copy, strict=True) if not copy]


_CLOSING_ONLY = re.compile(r"^[。！？；，、：”’）)!?;,:]+$")
_ENDS_CLOSED = re.compile(r"[。！？；：:!?;][\"”’）)]*$")


def _glue(a: Block, b: Block) -> Block:
    """Block b's text run on at the end of block a, its page kept as a page break."""
    breaks = a.page_breaks + b.page_breaks
    if b.page is not None and b.page != a.page:
        breaks = (*a.page_breaks, (b.text[:12], b.page), *b.page_breaks)
    return replace(a, text=a.text + b.text, page_breaks=breaks)


def _apart(block: Block) -> bool:
    return block.kind == TABLE_ROW or block.heading_level is not None


def rejoin_fragments(blocks: list[Block]) -> list[Block]:
    """Glue back words a web page broke onto their own lines ("…成果找市场“双向" / "揭榜" / "挂帅”的简称…").

    A line of a few characters inside an unfinished sentence joins the line before it, and the line
    after it joins too; a line of closing punctuation ("。") joins the line before it. A table row
    or a styled heading (docx, html) is never glued, nor is anything glued to one.
    """
    out: list[Block] = []
    glue_next = False
    for block in blocks:
        text = block.text
        # a table row's cells are its own, and a styled heading is a line of its own
        rows = _apart(block) or (bool(out) and _apart(out[-1]))
        open_before = bool(out) and not _ENDS_CLOSED.search(out[-1].text)
        if rows:
            out.append(block)
            glue_next = False
        elif out and (glue_next or _CLOSING_ONLY.match(text)):
            out[-1] = _glue(out[-1], block)
            glue_next = False
        elif open_before and len(text) <= 4 and not _SENTENCE_END.search(text):
            out[-1] = _glue(out[-1], block)
            glue_next = True
        else:
            out.append(block)
    return out


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """Blocks as the report wrote them: mended spaces, no page furniture, no repeated copies."""
    out: list[Block] = []
    skip_value = in_footer = False
    for block in split_paragraphs(blocks):
        text = clean_row(block.text) if block.kind == TABLE_ROW else clean_text_line(block.text)
        if not text:
            continue
        if _FOOTER_MARK.search(text):
            in_footer = True
        elif in_footer and (_SENTENCE_END.search(text) or len(text) >= 120):
            in_footer = False
        if skip_value and len(text) < 40:
            skip_value = False
            continue
        skip_value = bool(_LABEL_ONLY.match(text))
        if skip_value or in_footer or (is_chrome(text) and not _CLOSING_ONLY.match(text)):
            continue
        if out and out[-1].text == text:
            continue  # the same line twice in a row: a page title repeated by the site
        breaks = tuple((clean_text_line(snippet), page) for snippet, page in block.page_breaks)
        out.append(replace(block, text=text, page_breaks=breaks))
    return drop_repeated_copies(rejoin_fragments(out))
