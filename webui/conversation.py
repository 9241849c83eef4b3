"""A conversation in the 问答 tab as plain data: each answered question (a Turn) keeps its own
sources, so every answer's [n] opens its own card; the sources panel and the Markdown export are
functions of the turns."""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from qa.types import Answer, Citation
from webui.render import ContextLookup, chat_text, source_card

_MARK = re.compile(r"\[(\d+)\]")
NO_SOURCES = (
    '<div class="pq-sources pq-empty">提问后，这里列出每个 [n] 的出处；点回答中的 [n] 可跳到它的出处。</div>'
)


@dataclass
class Turn:
    """One answered question: what the chat shows, the source cards' HTML and the citations."""

    n: int  # 1, 2, … in the conversation
    question: str
    text: str  # the answer as the chat shows it, before its [n] are made links
    cards: str  # the source cards' HTML
    citations: list[dict[str, Any]] = field(default_factory=list)
    compare: dict[str, Any] | None = None  # CompareRequest as a dict, for an answer by year

    @classmethod
    def of(cls, n: int, answer: Answer, context: ContextLookup | None, note: str = "") -> Turn:
        """The turn of `answer`, the n-th of its conversation; `note` is added under the answer."""
        text = chat_text(answer) + (f"\n\n{note}" if note else "")
        cards = "".join(
            source_card(c, answer.answer, context(c.doc_id, c.char_start, c.char_end) if context else "", n)
            for c in answer.citations
        )
        compare = asdict(answer.compare) if answer.compare else None
        return cls(n, answer.question, text, cards, [c.to_dict() for c in answer.citations], compare)

    def chat_markdown(self) -> str:
        """The answer with each [n] a link to its card (the page's script scrolls to it)."""
        return _MARK.sub(lambda m: f"[[{m.group(1)}]](#{card_id(self.n, int(m.group(1)))})", self.text)


def card_id(turn: int, n: int) -> str:
    """The element id of source [n] of the turn-th answer."""
    return f"pq-src-{turn}-{n}"


def sources_panel(turns: list[dict[str, Any]]) -> str:
    """Every answer's sources, the newest first and open, the earlier ones folded under their
    question (a click on an earlier answer's [n] unfolds them)."""
    if not turns:
        return NO_SOURCES
    groups = []
    for i, t in enumerate(reversed(turns)):
        question = html.escape(t["question"])
        cards = t["cards"] or '<div class="pq-empty">（这个回答没有引用来源）</div>'
        groups.append(
            f'<details class="pq-turn" id="pq-turn-{t["n"]}"{" open" if i == 0 else ""}>'
            f'<summary class="pq-title">第 {t["n"]} 问的来源：{question}</summary>{cards}</details>'
        )
    return '<div class="pq-sources">' + "".join(groups) + "</div>"


def conversation_markdown(turns: list[dict[str, Any]]) -> str:
    """The conversation as Markdown: each question, its answer and its numbered sources (report,
    year, section, page and the quoted sentence), so the export can be checked without the app."""
    out = ["# 政策报告问答：对话记录", ""]
    for t in turns:
        out += [f"## 问 {t['n']}：{t['question']}", "", t["text"], ""]
        if t["citations"]:
            out += ["来源：", ""]
            out += [f"- {source_line(Citation(**c))}" for c in t["citations"]]
            out.append("")
    return "\n".join(out)


def source_line(c: Citation) -> str:
    """[n] 《标题》（2016年，六、…，第3页）：“引文”"""
    page = f"，第{c.page}页" if c.page else ""
    return f"[{c.n}] {c.label()}{page}：“{c.quote}”"
