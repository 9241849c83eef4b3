"""Outlines and summaries of a report or one of its sections.

The outline is the section tree ingest found (一、/（一）/1./第X章…). A section is chosen by its
number ("六", "第六部分", "6") or by words of its heading ("夯实基础"). The extractive summary
ranks the section's sentences by centrality (TextRank over jieba-token overlap), keeps them
diverse (MMR), spreads them over the sub-sections and gives them back in document order, each with
its citation. With an LLM backend each top-level section's key sentences are summarised by the
model (map) and the parts joined under their headings (reduce); every part passes the grounding
check.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from core.types import Chunk, Hit
from qa.types import Citation, citation_for
from store import ReportStore, StoreError
from store.records import DocumentRecord
from text.sentences import names_a_topic, sentence_spans
from text.tokens import tokenize
from text.width import normalize_width

_CN_DIGITS = "零一二三四五六七八九十"
_ENDS = re.compile(r"[。！？；!?;]")


@dataclass(frozen=True)
class Section:
    path: tuple[str, ...]
    chunks: int
    char_start: int

    @property
    def heading(self) -> str:
        return self.path[-1]

    @property
    def level(self) -> int:
        return len(self.path)

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "level": self.level, "path": list(self.path), "chunks": self.chunks}


@dataclass
class Summary:
    doc_id: str
    title: str | None
    section: str  # the chosen section's heading, "" for the whole report
    summary: str
    citations: list[Citation] = field(default_factory=list)
    backend: str = "extractive"
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "doc_id": self.doc_id,
            "section": self.section,
            "summary": self.summary,
            "citations": [c.to_dict() for c in self.citations],
        }
        if self.warnings:
            out["warnings"] = self.warnings
        return out


class SectionNotFound(StoreError):
    pass


def outline(store: ReportStore, doc_id: str) -> list[Section]:
    """Every section of a stored report, in document order."""
    if store.get_document(doc_id) is None:
        raise StoreError(f"知识库中没有文档 {doc_id}。可用 python -m ingest --list 查看已收录的文档")
    seen: dict[tuple[str, ...], list[Chunk]] = {}
    for c in store.chunks_of(doc_id):
        for depth in range(1, len(c.section_path) + 1):
            seen.setdefault(c.section_path[:depth], []).append(c)
    return [Section(p, len(cs), cs[0].char_start) for p, cs in seen.items()]


def _to_chinese(n: int) -> str:
    if n <= 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")


def find_section(sections: list[Section], wanted: str) -> Section:
    """A section by number ("六", "第六部分", "6", "（二）") or by words of its heading."""
    text = normalize_width(wanted).strip()
    m = re.fullmatch(r"第?\s*([0-9]+|[一二三四五六七八九十]+)\s*(?:部分|章|节|条|、)?", text)
    if m:
        number = m.group(1)
        numeral = _to_chinese(int(number)) if number.isdigit() else number
        for s in sections:
            head = normalize_width(s.heading)
            if s.level == 1 and (head.startswith(numeral + "、") or head.startswith(f"第{numeral}")):
                return s
    matches = [s for s in sections if text in normalize_width(s.heading)]
    if not matches:
        # words of the heading, in any order
        words = [w for w in tokenize(text) if len(w) >= 2]
        scored = [(sum(w in s.heading for w in words), -s.level, s) for s in sections]
        scored = [x for x in scored if x[0] and x[0] >= max(1, len(words) // 2)]
        if scored:
            return max(scored, key=lambda x: (x[0], x[1]))[2]
        heads = "、".join(s.heading[:12] for s in sections if s.level == 1)
        raise SectionNotFound(f"找不到章节“{wanted}”。这篇报告的一级章节有：{heads}")
    return min(matches, key=lambda s: s.level)


@dataclass
class _Sentence:
    chunk: Chunk
    text: str
    offset: int  # in the chunk text
    tokens: set[str]


def _sentences(chunks: list[Chunk]) -> list[_Sentence]:
    out = [
        _Sentence(c, text, offset, set(tokenize(text)))
        for c in chunks
        for offset, text in sentence_spans(c.text)
        if len(text) >= 8 and not names_a_topic(text, c) and _ENDS.search(text)
    ]
    # chunks overlap by a sentence: keep each sentence once
    unique: dict[tuple[int, str], _Sentence] = {}
    for s in out:
        unique.setdefault((s.chunk.char_start + s.offset, s.text), s)
    return sorted(unique.values(), key=lambda s: s.chunk.char_start + s.offset)


def textrank(sentences: list[_Sentence], damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """Centrality of each sentence in the graph of shared words (Mihalcea & Tarau 2004)."""
    n = len(sentences)
    if n == 0:
        return np.zeros(0)
    w = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            shared = len(sentences[i].tokens & sentences[j].tokens)
            if shared:
                norm = math.log(len(sentences[i].tokens) + 1) + math.log(len(sentences[j].tokens) + 1)
                w[i, j] = w[j, i] = shared / norm
    out = w.sum(axis=1)
    out[out == 0] = 1.0
    m = w / out[:, None]
    score = np.ones(n) / n
    for _ in range(iterations):
        score = (1 - damping) / n + damping * m.T @ score
    return score


def key_sentences(sentences: list[_Sentence], k: int, diversity: float = 0.3) -> list[_Sentence]:
    """k central sentences that do not repeat each other (MMR), in document order."""
    if len(sentences) <= k:
        return sentences
    rank = textrank(sentences)
    rank = rank / (rank.max() or 1.0)
    chosen: list[int] = []
    while len(chosen) < k:
        best, best_score = -1, -1e9
        for i, s in enumerate(sentences):
            if i in chosen:
                continue
            overlap = max(
                (
                    len(s.tokens & sentences[j].tokens) / (len(s.tokens | sentences[j].tokens) or 1)
                    for j in chosen
                ),
                default=0.0,
            )
            score = (1 - diversity) * rank[i] - diversity * overlap
            if score > best_score:
                best, best_score = i, score
        chosen.append(best)
    return [sentences[i] for i in sorted(chosen)]


class Summarizer:
    def __init__(self, store: ReportStore, model: Any = None) -> None:
        self.store = store
        self.model = model  # a langchain chat model for map-reduce summaries; None: extractive

    def summarize(self, doc_id: str, section: str | None = None, sentences: int = 6) -> Summary:
        if self.model is not None:
            return self._map_reduce(doc_id, section, sentences)
        record, chosen, picked = self._pick(doc_id, section, sentences)
        citations = [
            citation_for(n, Hit(s.chunk, 0.0), record, s.text, s.offset) for n, s in enumerate(picked, 1)
        ]
        text = "\n".join(f"{c.n}. {c.quote}[{c.n}]" for c in citations)
        return Summary(doc_id, record.meta.title, chosen.heading if chosen else "", text, citations)

    def _pick(
        self, doc_id: str, section: str | None, k: int
    ) -> tuple[DocumentRecord, Section | None, list[_Sentence]]:
        record = self.store.get_document(doc_id)
        if record is None:
            raise StoreError(f"知识库中没有文档 {doc_id}。可用 python -m ingest --list 查看已收录的文档")
        if k < 1:
            raise ValueError("摘要长度至少为 1 句")
        chunks = self.store.chunks_of(doc_id)
        chosen = find_section(outline(self.store, doc_id), section) if section else None
        if chosen:
            chunks = [c for c in chunks if c.section_path[: chosen.level] == chosen.path]
        # spread the sentences over the parts one level below, in proportion to their length
        depth = (chosen.level if chosen else 0) + 1
        parts: dict[tuple[str, ...], list[_Sentence]] = {}
        for s in _sentences(chunks):
            parts.setdefault(s.chunk.section_path[:depth], []).append(s)
        total = sum(len(v) for v in parts.values()) or 1
        picked: list[_Sentence] = []
        quotas = {p: max(1, round(k * len(v) / total)) for p, v in parts.items()}
        while sum(quotas.values()) > k and any(q > 1 for q in quotas.values()):
            biggest = max(quotas, key=lambda p: quotas[p])
            quotas[biggest] -= 1
        if sum(quotas.values()) > k:  # more parts than sentences: the longest parts
            keep = sorted(parts, key=lambda p: -len(parts[p]))[:k]
            quotas = {p: 1 for p in keep}
        for p, q in quotas.items():
            picked += key_sentences(parts[p], q)
        picked.sort(key=lambda s: s.chunk.char_start + s.offset)
        return record, chosen, picked

    def _map_reduce(self, doc_id: str, section: str | None, sentences: int) -> Summary:
        """Map: each part's key sentences summarised by the model, checked; reduce: the parts joined
        under their headings, citations renumbered across the whole."""
        from langchain_core.messages import HumanMessage, SystemMessage

        from qa.grounding import check
        from qa.llm import invoke_text
        from qa.prompts import render, source

        record, chosen, picked = self._pick(doc_id, section, max(sentences * 3, 8))
        depth = (chosen.level if chosen else 0) + 1
        parts: dict[tuple[str, ...], list[_Sentence]] = {}
        for s in picked:
            parts.setdefault(s.chunk.section_path[:depth], []).append(s)
        title = record.meta.title or doc_id
        lines: list[str] = []
        citations: list[Citation] = []
        warnings: list[str] = []
        for path, group in parts.items():
            hits = [Hit(s.chunk, 0.0) for s in group]
            sources = "\n".join(
                source(n, title, record.meta.year, s.chunk.section, s.text) for n, s in enumerate(group, 1)
            )
            heading = path[-1] if path else "开头部分"
            fields = {"sentences": max(1, sentences // len(parts)), "title": title, "section": heading}
            prompt = [
                SystemMessage(render("summarize_system")),
                HumanMessage(render("summarize_user", sources=sources, **fields)),
            ]
            checked = check(invoke_text(self.model, prompt, "摘要"), hits, {doc_id: record})
            warnings += checked.warnings
            offset = len(citations)
            citations += [replace(c, n=c.n + offset) for c in checked.citations]
            text = _shift_marks(checked.text, offset)
            if text:
                lines.append(f"{heading}：{text}" if len(parts) > 1 else text)
        heading = chosen.heading if chosen else ""
        return Summary(doc_id, record.meta.title, heading, "\n".join(lines), citations, "openai", warnings)


def _shift_marks(text: str, offset: int) -> str:
    """[1][2] -> [4][5] for offset 3."""
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", text)
