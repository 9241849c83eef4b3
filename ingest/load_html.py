"""HTML pages: the main text only, one block per paragraph, <h1>-<h6> as heading levels, each table
row one block with its column headers (ingest/tables.py).

Navigation, scripts and page furniture go first; the main container is then an <article> or
<main> that holds most of the Chinese text, else the deepest element that holds most of it.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from core.types import Block, LoadedFile
from ingest.encoding import decode_bytes
from ingest.errors import EmptyFileError
from ingest.tables import table_blocks
from text.width import IDEOGRAPH, WIDE

_DROP_TAGS = [
    "script", "style", "nav", "aside", "form", "noscript", "iframe", "template", "svg", "button",
    "select", "textarea", "object", "embed", "canvas", "map", "head", "title",
]  # fmt: skip
# Tokens of class/id names that mark page furniture, including pinyin ones of Chinese sites.
_CHROME_TOKEN = re.compile(
    r"^(nav|navbar|navigation|menu|menus|menubar|breadcrumbs?|crumbs?|footer|share|sharing|sidebar|"
    r"sidenav|toolbar|copyright|topbar|daohang|fenxiang|banquan)$"
)
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_HEADING = {f"h{i}": i for i in range(1, 7)}
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_WIDE = f"[{WIDE}]"
_NEWLINE_IN_CJK = re.compile(rf"(?<={_WIDE})[ \t\r\f]*\n[ \t\r\n\f]*(?={_WIDE})")
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
# A flagged element this big is the page itself (class="page has-sidebar"), not furniture.
_MAX_CHROME_SHARE = 0.3
_MAIN_SHARE = 0.7
_ARTICLE_SHARE = 0.5


def _cjk_count(node: Tag) -> int:
    return len(IDEOGRAPH.findall(node.get_text()))


def _name_tokens(tag: Tag) -> list[str]:
    names = " ".join(str(v) for key in ("class", "id") for v in tag.get_attribute_list(key) if v)
    names = re.sub(r"([a-z])([A-Z])", r"\1 \2", names).lower()
    return [t for t in re.split(r"[^a-z0-9]+", names) if t]


def _is_hidden(tag: Tag) -> bool:
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return tag.has_attr("hidden") or "display:none" in style or "visibility:hidden" in style


def _drop_chrome(body: Tag) -> None:
    for tag in body.find_all(_DROP_TAGS):
        tag.decompose()
    # <header>/<footer> of the page are furniture; inside an article they hold its title or dateline.
    for tag in body.find_all(["header", "footer"]):
        if tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    total = _cjk_count(body) or 1
    for tag in body.find_all(True):
        if tag.decomposed:
            continue
        flagged = _is_hidden(tag) or any(_CHROME_TOKEN.match(t) for t in _name_tokens(tag))
        if flagged and _cjk_count(tag) < _MAX_CHROME_SHARE * total:
            tag.decompose()


def _main_container(body: Tag) -> Tag:
    total = _cjk_count(body)
    if not total:
        return body
    articles = [t for t in body.find_all(["article", "main"]) if _cjk_count(t) >= _ARTICLE_SHARE * total]
    if articles:
        return max(articles, key=_cjk_count)
    node = body
    while True:
        children = [c for c in node.children if isinstance(c, Tag)]
        best = max(children, key=_cjk_count, default=None)
        if best is None or _cjk_count(best) < _MAIN_SHARE * total:
            return node
        node = best


def _squash(text: str) -> str:
    """HTML whitespace as a browser shows it; a source line break inside Chinese shows as nothing."""
    text = _NEWLINE_IN_CJK.sub("", text)
    return _HTML_SPACE.sub(" ", text).strip()


class _Collector:
    """Walks the tree in reading order, cutting a paragraph at every block element and <br>."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.level: int | None = None

    def flush(self) -> None:
        text = _squash("".join(self.buf))
        self.buf = []
        if text:
            self.blocks.append(Block(text, heading_level=self.level))

    def block(self, tag: Tag) -> None:
        """A block element: its own paragraph(s), a heading level if it is <h1>-<h6>."""
        self.flush()
        outer = self.level
        self.level = _HEADING.get(tag.name, outer)
        self.walk(tag)
        self.flush()
        self.level = outer

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIP_STRINGS):
                    self.buf.append(str(child))
            elif not isinstance(child, Tag):
                continue
            elif child.name == "br":
                self.flush()
            elif child.name == "table":
                self.flush()
                self.blocks += table_blocks(_table_rows(child))
            elif child.name == "pre":
                self.flush()
                for line in child.get_text().splitlines():
                    self.buf.append(line)
                    self.flush()
            elif child.name in _BLOCK_TAGS:
                self.block(child)
            else:
                self.walk(child)


def _table_rows(table: Tag) -> list[list[str]]:
    """The cell texts of a table's own rows (a table inside a cell is that cell's text)."""
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        rows.append([cell.get_text("\n") for cell in tr.find_all(["td", "th"], recursive=False)])
    return rows


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def load_html(data: bytes, name: str) -> LoadedFile:
    """Blocks of the main text of an .html/.htm page."""
    decoded = decode_bytes(data, name, declared=_declared_charset(data))
    text, encoding = decoded.text, decoded.encoding
    soup = BeautifulSoup(text, "lxml")
    body = soup.body or soup
    _drop_chrome(body)
    main = _main_container(body)
    collector = _Collector()
    # A page title often sits in its own box above the text box: keep it.
    title = None if main.find("h1") else main.find_previous("h1")
    if title is not None:
        collector.block(title)
    collector.walk(main)
    collector.flush()
    if not collector.blocks:
        raise EmptyFileError(f"网页中没有正文：{name}。请确认文件是报告网页，而不是空白页或跳转页")
    notes = (decoded.warning(name),) if decoded.cut else ()
    return LoadedFile(collector.blocks, "html", encoding=encoding, warnings=notes)
