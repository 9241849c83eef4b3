"""The check run in code on a model's answer before anyone sees it.

Every [n] must point at a source that was given; every figure of a sentence must stand in the
sources that sentence cites (by value: ８７．７％ = 87.7%, 2.81万 = 28100). A sentence that fails is
removed and reported in `warnings`, never shown as sourced. Citations are rebuilt from what the
surviving sentences cite, with the cited chunk's sentence that best matches as the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.types import Hit
from qa.types import Citation, citation_for
from store.records import DocumentRecord
from text.numbers import figures, ungrounded
from text.sentences import sentence_spans, split_sentences
from text.width import IDEOGRAPH

_MARK = re.compile(r"\[(\d{1,2})\]")


@dataclass(frozen=True)
class GroundingConfig:
    """The check's thresholds. A claim needs `min_ideographs` Chinese characters of its own (or a
    figure) to say something; a sentence longer than `min_claim_chars` without a citation states a
    fact and is removed; the quote of a citation is the cited chunk's sentence sharing most
    characters with the claim, a figure of the same value counting `quote_figure_weight` characters."""

    min_ideographs: int = 2
    min_claim_chars: int = 12
    quote_figure_weight: int = 5


CONFIG = GroundingConfig()


@dataclass
class Checked:
    text: str
    citations: list[Citation]
    warnings: list[str] = field(default_factory=list)


def _sentences(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        spans = split_sentences(line, 10_000)
        pieces = [line[a:b] for a, b in spans if line[a:b].strip()]
        # a citation mark right after a sentence end belongs to that sentence: "……87.7%。[1]"
        merged: list[str] = []
        for p in pieces:
            if merged and re.fullmatch(r"\s*(\[\d{1,2}\]\s*)+[。；，,]?\s*", p):
                merged[-1] += p
            else:
                merged.append(p)
        out.extend(merged or [""])
        out.append("\n")
    return out[:-1] if out else out


def best_quote(hit: Hit, claim: str) -> tuple[str, int]:
    """The sentence of the chunk sharing most characters with the claim, and its offset."""
    text = hit.chunk.text
    claim_chars = set(_MARK.sub("", claim))
    best, best_offset, best_score = text, 0, -1.0
    for offset, sentence in sentence_spans(text):
        score = len(claim_chars & set(sentence)) + CONFIG.quote_figure_weight * sum(
            1 for f in figures(claim) if any(f.same_value(g) for g in figures(sentence))
        )
        if score > best_score:
            best, best_offset, best_score = sentence, offset, score
    return best, best_offset


def check(answer: str, hits: list[Hit], documents: dict[str, DocumentRecord]) -> Checked:
    """The answer with ungrounded sentences removed and citations renumbered 1..m."""
    kept: list[str] = []
    warnings: list[str] = []
    order: dict[int, int] = {}  # source number given to the model -> citation number shown
    claims: dict[int, str] = {}
    for sentence in _sentences(answer):
        if sentence == "\n":
            kept.append(sentence)
            continue
        marks = [int(m) for m in _MARK.findall(sentence)]
        bad = [m for m in marks if not 1 <= m <= len(hits)]
        good = [m for m in dict.fromkeys(marks) if 1 <= m <= len(hits)]
        claim = _MARK.sub("", sentence).strip()
        if not _says_something(claim):  # bare marks, or a "资料来源：[1][2]" line: no claim to source
            continue
        if bad:
            warnings.append(f"引用了不存在的资料编号 {bad}，已删除该句：{claim}")
            continue
        stated = figures(claim)
        if stated:
            sources = [hits[m - 1].chunk.text for m in good]
            missing = ungrounded(claim, sources) if sources else [f.text for f in stated]
            if missing and good:
                # The figure stands in another source the model was given: the claim is sourced,
                # its citation was wrong. Point it at the source that states the figure, and say so.
                fixes = [
                    n
                    for n, h in enumerate(hits, 1)
                    if n not in good and not ungrounded(" ".join(missing), [h.chunk.text])
                ][:1]
                if fixes:
                    n = fixes[0]
                    warnings.append(
                        f"引用编号已更正为 [{n}]（数字 {'、'.join(missing)} 出自该处原文）：{claim}"
                    )
                    if not ungrounded(claim, [hits[n - 1].chunk.text]):  # it states them all
                        good, sentence = [n], _MARK.sub("", sentence).rstrip() + f"[{n}]"
                    else:
                        good, sentence = [*good, n], sentence.rstrip() + f"[{n}]"
                    missing = []
            if missing:
                why = "所引原文中没有" if good else "没有标注出处的"
                warnings.append(f"已删除未经核实的内容（{why}数字 {'、'.join(missing)}）：{claim}")
                continue
        if not good and claim and not _is_refusal(claim) and _is_claim(claim):
            warnings.append(f"已删除没有标注出处的内容：{claim}")
            continue
        for m in good:
            order.setdefault(m, len(order) + 1)
            claims.setdefault(m, claim)
        kept.append(_MARK.sub(lambda x: _renumber(x, order), sentence))
    text = "".join(kept).strip()
    citations = []
    for m, n in sorted(order.items(), key=lambda kv: kv[1]):
        hit = hits[m - 1]
        quote, offset = best_quote(hit, claims[m])
        citations.append(citation_for(n, hit, documents.get(hit.chunk.doc_id), quote, offset))
    return Checked(text, citations, warnings)


def _renumber(m: re.Match[str], order: dict[int, int]) -> str:
    n = int(m.group(1))
    return f"[{order[n]}]" if n in order else ""


_SOURCE_LINE = re.compile(r"(资料)?(来源|出处|参考(资料)?|依据)[：:]?")


def _says_something(claim: str) -> bool:
    """Whether a sentence holds words of its own, not just citation marks or a source label."""
    return len(IDEOGRAPH.findall(_SOURCE_LINE.sub("", claim))) >= CONFIG.min_ideographs or bool(
        figures(claim)
    )


def _is_refusal(claim: str) -> bool:
    return "未在已收录的报告中找到" in claim or "没有找到" in claim


def _is_claim(claim: str) -> bool:
    """A statement of fact, as opposed to a connecting phrase ("具体如下：")."""
    return len(claim) > CONFIG.min_claim_chars and not claim.endswith(("：", ":"))
