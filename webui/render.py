"""What the app shows, as plain functions of the answers: chat text, source cards, tables, CSV.

Everything a report says is escaped before it reaches the page: report text is data, never markup.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable

from qa.compare import Comparison
from qa.summarize import Section
from qa.types import Answer, Citation
from text.numbers import Figure, figures

BACKEND_LABELS = {
    "extractive": "抽取式（从报告原文中摘取，未使用大模型）",
    "openai": "大模型（OpenAI 兼容接口）",
}
_QUOTED = re.compile(r"“[^”]*”")
COMPARE_HEADERS = ["年份", "报告", "所述年份", "类别", "数值", "单位", "原文", "章节"]

# context(doc_id, char_start, char_end) -> the paragraph around a quote, "" when unknown.
ContextLookup = Callable[[str, int | None, int | None], str]


def backend_line(backend: str, model: str | None = None) -> str:
    """The plain statement of which backend answered."""
    label = BACKEND_LABELS.get(backend, backend)
    if backend == "openai" and model:
        label = f"大模型 {model}（OpenAI 兼容接口，数字与引用已逐条核对原文）"
    return f"回答方式：{label}"


def chat_text(answer: Answer) -> str:
    """The assistant's message: the answer with its [n] marks, what was filtered and searched, what
    the check removed. Which backend answers is said once, under the chat, not here."""
    parts = [tables_closed(answer.answer.strip())]
    if answer.asked and answer.asked != answer.question:
        parts.append(f"（按上下文理解为：{answer.asked}）")
    if answer.filter:
        parts.append(f"筛选：{answer.filter}")
    if not answer.found and answer.searched and "已检索" not in answer.answer:
        parts.append(f"已检索：{answer.searched}")
    if answer.warnings:
        parts.append("核对：" + warnings_text(answer.warnings))
    return "\n\n".join(p for p in parts if p)


def warnings_text(warnings: list[str]) -> str:
    """The check's warnings ("why：what"), those of one reason said once: a model's nine uncited
    sentences are one 已删除没有标注出处的内容（9 句）：“甲”“乙”…, not nine lines."""
    grouped: dict[str, list[str]] = {}
    for w in warnings:
        reason, sep, claim = w.partition("：")
        grouped.setdefault(reason if sep else w, []).append(claim)
    said = []
    for reason, claims in grouped.items():
        claims = list(dict.fromkeys(c for c in claims if c))  # a sentence the model repeated: once
        if len(claims) <= 1:
            said.append(f"{reason}：{claims[0]}" if claims else reason)
        else:
            said.append(f"{reason}（{len(claims)} 句）：" + "".join(f"“{c}”" for c in claims))
    return "；".join(said)


def tables_closed(text: str) -> str:
    """Markdown with a blank line after each table, so the line that follows a table (a conclusion
    under a table by year) is drawn as a paragraph, not as one more row."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if line.lstrip().startswith("|") and after.strip() and not after.lstrip().startswith("|"):
            out.append("")
    return "\n".join(out)


def _marked(text: str, wanted: Iterable[Figure]) -> str:
    """`text` escaped, with its figures of the wanted values in <mark>."""
    wanted = list(wanted)
    out, last = [], 0
    for f in figures(text):
        if any(f.same_value(w) for w in wanted):
            out += [html.escape(text[last : f.start]), f"<mark>{html.escape(text[f.start : f.end])}</mark>"]
            last = f.end
    out.append(html.escape(text[last:]))
    return "".join(out)


def _answer_figures(answer_text: str) -> list[Figure]:
    """The figures an answer states in its own words: not inside the quotes it repeats (“…”), not
    its citation numbers ([1]) nor years (2016年)."""
    answer_text = _QUOTED.sub(lambda m: " " * len(m.group(0)), answer_text)
    found = []
    for f in figures(answer_text):
        before, after = answer_text[f.start - 1 : f.start], answer_text[f.end : f.end + 1]
        if before == "[" and after == "]":
            continue
        if after == "年" and not f.percent and 1900 <= f.low <= 2100:
            continue
        found.append(f)
    return found


def source_card(c: Citation, answer_text: str, context: str = "", turn: int | None = None) -> str:
    """One source: [n], report, year, section, page, the quote with the answering figure marked,
    the surrounding paragraph behind a fold, and 打开原文 (the page's script opens the report at
    the quote). `turn`: the answer's number in its conversation, part of the card's id."""
    wanted = _answer_figures(answer_text)
    where = " · ".join(
        html.escape(str(x))
        for x in (f"{c.year}年" if c.year else None, c.issuer, c.section, f"第{c.page}页" if c.page else None)
        if x
    )
    title = html.escape(c.title or c.doc_id)
    parts = [
        f'<div class="pq-source" id="{f"pq-src-{turn}-{c.n}" if turn else f"pq-source-{c.n}"}">',
        f'<div class="pq-head"><span class="pq-n">[{c.n}]</span> 《{title}》'
        + (f' <span class="pq-where">{where}</span>' if where else "")
        + "</div>",
        f'<div class="pq-quote">“{_marked(c.quote, wanted)}”</div>',
    ]
    if context and context.strip() != c.quote.strip():
        paragraph = _marked(context, wanted)
        parts.append(f'<details class="pq-context"><summary>查看上下文</summary><p>{paragraph}</p></details>')
    if c.char_start is not None:
        target = html.escape(json.dumps(c.to_dict(), ensure_ascii=False), quote=True)
        parts.append(f'<a class="pq-open" href="#pq-original" data-source="{target}">打开原文</a>')
    parts.append("</div>")
    return "".join(parts)


def sources_html(citations: list[Citation], answer_text: str, context: ContextLookup | None = None) -> str:
    if not citations:
        return '<div class="pq-sources pq-empty">（没有引用的来源）</div>'
    cards = [
        source_card(c, answer_text, context(c.doc_id, c.char_start, c.char_end) if context else "")
        for c in citations
    ]
    return '<div class="pq-sources"><div class="pq-title">来源</div>' + "".join(cards) + "</div>"


def paragraph_around(text: str, start: int | None, end: int | None, limit: int = 600) -> str:
    """The paragraph of a document's cleaned text that holds [start, end), cut to `limit` characters
    centred on the quote."""
    if start is None or not 0 <= start < len(text):
        return ""
    end = start if end is None else max(start, min(end, len(text)))
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if hi - lo > limit:
        half = max(0, (limit - (end - start)) // 2)
        lo, hi = max(lo, start - half), min(hi, end + half)
    return text[lo:hi]


def outline_markdown(sections: list[Section]) -> str:
    if not sections:
        return "（这篇报告没有识别出章节结构，可直接摘要全文）"
    return "\n".join(f"{'  ' * (s.level - 1)}- {s.heading}（{s.chunks} 段）" for s in sections)


def comparison_rows(comparison: Comparison) -> list[list[object]]:
    return [
        [
            r.year if r.year is not None else "",
            r.title or r.doc_id,
            r.period,
            r.kind,
            r.value,
            r.unit,
            r.quote,
            r.section,
        ]
        for r in comparison.rows
    ]


def comparison_csv(comparison: Comparison) -> str:
    """The table as CSV (UTF-8 with BOM when written, so spreadsheet programs read the Chinese)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["指标", *COMPARE_HEADERS, "文档ID"])
    for r, row in zip(comparison.rows, comparison_rows(comparison), strict=True):
        w.writerow([comparison.indicator, *row, r.doc_id])
    return buf.getvalue()


def summary_markdown(text: str, title: str, section: str) -> str:
    head = f"### 《{title}》" + (f" · {section}" if section else " · 全文")
    return head + "\n\n" + text
