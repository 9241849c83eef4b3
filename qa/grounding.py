"""The check run in code on a model's answer before anyone sees it.

Each sentence (a row of a table too) is checked against the sources it cites, and only those, each
with its header (title, year, section): a year named in the header is stated there.
- Every [n] must point at a source that was given. A citation is never moved to another source to
  make a figure fit: a figure the cited source does not state removes its sentence.
- Every figure must stand in a cited source by value: ８７．７％ = 87.7% = 百分之八十七点七,
  4.2万亿元 = 42000亿元, "6.5—7%" = "6.5%－7%", 3年 = 三年; "约88%" stands for 87.7% (rounded).
- A figure must also say what the source's figure of that value says (facts/): the same indicator,
  the same kind (目标 or 实际), a year it describes and the place it is of. "上海市…74.4万亿元" from a
  national figure, or a 70元 pension told as a salary, is removed.
- A sentence stating no figure must share words with what it cites.
- A citation at the end of a paragraph covers the sentences of that paragraph before it, and so
  does a line of marks alone below it ("依据：[1]").
A sentence that fails is removed and reported in `warnings`, never shown as sourced; marks with
nothing said are reported too. Citations are renumbered 1..m, each quoting the cited chunk's
sentence that best matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.types import Hit
from qa.claims import Source, as_figures, said_of_something_else, sources_of, stands_in
from qa.types import Citation, citation_for
from store.records import DocumentRecord
from text.numbers import figures
from text.sentences import sentence_spans, split_sentences
from text.tokens import tokenize
from text.width import IDEOGRAPH

_MARK = re.compile(r"\[(\d{1,2})\]")


@dataclass(frozen=True)
class GroundingConfig:
    """The check's thresholds. A claim needs `min_ideographs` Chinese characters of its own (or a
    figure) to say something; a sentence longer than `min_claim_chars` without a citation states a
    fact and is removed; a claim without figures must share `min_shared` of its words with what it
    cites; the quote of a citation is the cited chunk's sentence sharing most characters with the
    claim, a figure of the same value counting `quote_figure_weight` characters."""

    min_ideographs: int = 2
    min_claim_chars: int = 12
    min_shared: float = 0.3
    quote_figure_weight: int = 5


CONFIG = GroundingConfig()


@dataclass
class Checked:
    text: str
    citations: list[Citation]
    warnings: list[str] = field(default_factory=list)


def _lines(text: str) -> list[list[str]]:
    """The answer's lines, each cut into sentences; a citation mark right after a sentence end
    belongs to that sentence ("……87.7%。[1]"); a table row is one sentence."""
    out = []
    for line in text.split("\n"):
        if line.lstrip().startswith("|"):
            out.append([line])
            continue
        spans = split_sentences(line, 10_000)
        pieces = [line[a:b] for a, b in spans if line[a:b].strip()]
        merged: list[str] = []
        for p in pieces:
            if merged and re.fullmatch(r"\s*(\[\d{1,2}\]\s*)+[。；，,]?\s*", p):
                merged[-1] += p
            else:
                merged.append(p)
        out.append(merged)
    return out


_MARKS_LINE = re.compile(
    r"\s*(?:(?:依据|来源|出处|参考|引用|资料)\s*[：:]?\s*)?((?:\[\d{1,2}\][\s、,，]*)+)[。.]?\s*"
)


def _marks_close_paragraphs(lines: list[list[str]]) -> list[list[str]]:
    """A line of citation marks alone ("依据：[1][3]", or "[1] [2]" after a blank line) closes the
    paragraph above it: its marks go to that paragraph's last sentence, when that cites nothing."""
    out: list[list[str]] = []
    for line in lines:
        m = _MARKS_LINE.fullmatch("".join(line)) if line else None
        above = next((x for x in reversed(out) if x), None)
        if m and above is not None and not _MARK.search(above[-1]) and not above[-1].lstrip().startswith("|"):
            above[-1] = above[-1].rstrip() + m.group(1).strip()
            continue
        out.append(line)
    return out


def best_quote(hit: Hit, claim: str) -> tuple[str, int]:
    """The sentence of the chunk sharing most characters with the claim, and its offset."""
    text = hit.chunk.text
    claim_chars = set(_MARK.sub("", claim))
    said = figures(as_figures(claim))
    best, best_offset, best_score = text, 0, -1.0
    for offset, sentence in sentence_spans(text):
        score = len(claim_chars & set(sentence)) + CONFIG.quote_figure_weight * sum(
            1 for f in said if any(f.same_value(g) for g in figures(sentence))
        )
        if score > best_score:
            best, best_offset, best_score = sentence, offset, score
    return best, best_offset


def check(answer: str, hits: list[Hit], documents: dict[str, DocumentRecord]) -> Checked:
    """The answer with ungrounded sentences removed and citations renumbered 1..m."""
    sources = sources_of(hits, documents)
    kept: list[str] = []
    warnings: list[str] = []
    order: dict[int, int] = {}  # source number given to the model -> citation number shown
    claims: dict[int, str] = {}
    for line in _marks_close_paragraphs(_lines(answer)):
        # a paragraph's closing citation covers its sentences that cite nothing themselves
        closing = [int(m) for m in _MARK.findall(line[-1])] if line else []
        for i, sentence in enumerate(line):
            marks = [int(m) for m in _MARK.findall(sentence)] or (closing if i < len(line) - 1 else [])
            verdict = _verdict(sentence, marks, sources)
            if verdict is not None:
                if verdict:
                    warnings.append(verdict)
                continue
            good = [m for m in dict.fromkeys(marks) if 1 <= m <= len(hits)]
            for m in good:
                order.setdefault(m, len(order) + 1)
                claims.setdefault(m, _MARK.sub("", sentence).strip())
            kept.append(_MARK.sub(lambda x: _renumber(x, order), sentence))
        kept.append("\n")
    text = re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip()
    citations = []
    for m, n in sorted(order.items(), key=lambda kv: kv[1]):
        hit = hits[m - 1]
        quote, offset = best_quote(hit, claims[m])
        citations.append(citation_for(n, hit, documents.get(hit.chunk.doc_id), quote, offset))
    return Checked(text, citations, warnings)


def _verdict(sentence: str, marks: list[int], sources: list[Source]) -> str | None:
    """None when the sentence is kept; else why it goes ("" for a piece that says nothing and
    needs no warning, such as an empty table border)."""
    claim = _MARK.sub("", sentence).strip()
    if _is_table_border(claim):
        return None
    if not _says_something(claim):
        return f"模型只给出了引用编号，没有说明内容：{sentence.strip()}" if marks else ""
    bad = [m for m in marks if not 1 <= m <= len(sources)]
    if bad:
        return f"引用了不存在的资料编号 {bad}，已删除该句：{claim}"
    cited = [sources[m - 1] for m in dict.fromkeys(marks)]
    stated = figures(as_figures(claim))
    if not cited:
        if stated or (_is_claim(claim) and not _is_refusal(claim)):
            return f"已删除没有标注出处的内容：{claim}"
        return None
    if stated:
        missing = [f.text for f in stated if not stands_in(f, claim, cited)]
        if missing:
            return f"已删除未经核实的内容（所引原文中没有数字 {'、'.join(missing)}）：{claim}"
        other = said_of_something_else(claim, cited)
        if other:
            return f"已删除与原文不符的内容（{other}）：{claim}"
        return None
    if not _shares_words(claim, cited):
        return f"已删除与所引原文无关的内容：{claim}"
    return None


def _shares_words(claim: str, cited: list[Source]) -> bool:
    """A claim stating no figure shares `min_shared` of its words with what it cites."""
    words = {w for w in tokenize(claim) if len(w) >= 2}
    if not words:
        return True
    said = "".join(s.text for s in cited)
    return sum(1 for w in words if w in said) / len(words) >= CONFIG.min_shared


def _renumber(m: re.Match[str], order: dict[int, int]) -> str:
    n = int(m.group(1))
    return f"[{order[n]}]" if n in order else ""


_SOURCE_LINE = re.compile(r"(资料)?(来源|出处|参考(资料)?|依据)[：:]?")


def _says_something(claim: str) -> bool:
    """Whether a sentence holds words of its own, not just citation marks or a source label."""
    return len(IDEOGRAPH.findall(_SOURCE_LINE.sub("", claim))) >= CONFIG.min_ideographs or bool(
        figures(claim)
    )


def _is_table_border(claim: str) -> bool:
    """A markdown table's separator row, or a header row naming no figure: kept as structure."""
    text = claim.strip()
    if not text.startswith("|"):
        return False
    return bool(re.fullmatch(r"[|\s:\-]+", text)) or (not figures(text) and not _MARK.search(text))


def _is_refusal(claim: str) -> bool:
    return "未在已收录的报告中找到" in claim or "没有找到" in claim


def _is_claim(claim: str) -> bool:
    """A statement of fact, as opposed to a connecting phrase ("具体如下：")."""
    return len(claim) > CONFIG.min_claim_chars and not claim.endswith(("：", ":"))
