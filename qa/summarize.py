"""Summaries of a report or one of its sections, every sentence cited.

Extractive (no model). A section's summary quotes sentences from each of its sub-parts in turn
((一)（二）…, 一是 二是…, else its paragraphs), in document order, preferring those that carry the
section's figures, targets and decisions, never two near-identical ones nor a formula (an address
to the audience, a closing call): qa/summary_sentences.py, qa/summary_pick.py. A whole report's
summary is in labelled parts (qa/report_parts.py): 主要成绩, the review's results with their
figures; 主要目标, the targets paragraph; 主要任务, the headings of the plan. A part the report lacks
is left out; a report with none of them gets a section's kind of summary of all its parts.
Sentences quoted from one paragraph share its one citation (qa/summary_cite.py).

With an LLM backend each top-level part's key sentences are summarised by the model (map) and the
parts joined under their headings (reduce); every part passes the grounding check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from core.types import Chunk, Hit
from facts.extract import facts_of_report
from facts.model import ACTUAL
from qa.report_parts import report_parts
from qa.sections import Section, SectionNotFound, find_section, outline, sections_of
from qa.summary_cite import cited_text
from qa.summary_pick import distinct, pick_in_turn, textrank
from qa.summary_sentences import ReportSentence, report_sentences, sub_parts
from qa.types import Citation
from store import ReportStore, StoreError
from store.records import DocumentRecord

__all__ = ["Section", "SectionNotFound", "Summarizer", "Summary", "find_section", "outline", "textrank"]

MIN_SENTENCES, MAX_SENTENCES = 1, 20
RESULTS, TARGETS, TASKS = "主要成绩", "主要目标", "主要任务"
TASKS_MIN = 3  # task headings listed even in the shortest summary; a longer one lists up to its length


def check_length(sentences: int) -> int:
    """The summary length asked for (a number of sentences), or ValueError in Chinese."""
    if isinstance(sentences, bool) or not isinstance(sentences, int):
        raise ValueError(f"摘要长度应为整数句数（{MIN_SENTENCES}–{MAX_SENTENCES}），收到：{sentences!r}")
    if not MIN_SENTENCES <= sentences <= MAX_SENTENCES:
        raise ValueError(f"摘要长度应为 {MIN_SENTENCES} 到 {MAX_SENTENCES} 句，收到 {sentences} 句")
    return sentences


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


@dataclass
class _Report:
    """What a summary reads of one stored report."""

    record: DocumentRecord
    chunks: list[Chunk]
    sections: list[Section]
    text: str
    sentences: list[ReportSentence]


def in_section(sentences: list[ReportSentence], section: Section) -> list[ReportSentence]:
    """The sentences of a section and of its sub-sections."""
    return [s for s in sentences if s.path[: section.level] == section.path]


MODEL_SUMMARY_REJECTED = "模型写出的摘要没有一句通过核对，以上改为抽取式摘要（句子直接摘自报告原文）"


class Summarizer:
    def __init__(self, store: ReportStore, model: Any = None) -> None:
        self.store = store
        self.model = model  # a langchain chat model for map-reduce summaries; None: extractive

    def summarize(self, doc_id: str, section: str | None = None, sentences: int = 6) -> Summary:
        """The summary of a stored report (`section` None) or of one section (by number or heading
        words), in about `sentences` quoted sentences (1–20; a whole report's task headings are
        listed besides). StoreError for an unknown report, SectionNotFound for an unknown section,
        ValueError for a length out of bounds."""
        check_length(sentences)
        if self.model is not None:
            return self._map_reduce(doc_id, section, sentences)
        return self._extractive(doc_id, section, sentences)

    def _extractive(self, doc_id: str, section: str | None, sentences: int) -> Summary:
        report = self._read(doc_id)
        chosen = find_section(report.sections, section) if section else None
        if chosen is not None:
            parts = [("", pick_in_turn(sub_parts(in_section(report.sentences, chosen)), sentences))]
        else:
            parts = self._whole(report, sentences)
        text, citations = cited_text(parts, report.record, report.text)
        return Summary(doc_id, report.record.meta.title, chosen.heading if chosen else "", text, citations)

    def _read(self, doc_id: str) -> _Report:
        record = self.store.get_document(doc_id)
        if record is None:
            raise StoreError(f"知识库中没有文档 {doc_id}。可用 python -m ingest --list 查看已收录的文档")
        chunks = self.store.chunks_of(doc_id)
        # the stored facts; read again from the chunks when the index does not hold them (yet)
        facts = self.store.facts.facts_of(doc_id) or list(facts_of_report(chunks, record.meta))
        text = self.store.document_text(doc_id)
        return _Report(record, chunks, sections_of(chunks), text, report_sentences(text, chunks, facts))

    def _whole(self, report: _Report, n: int) -> list[tuple[str, list[ReportSentence]]]:
        """主要成绩 / 主要目标 / 主要任务, each when the report has it; else its parts in turn."""
        year = report.record.meta.year
        parts = report_parts(report.sentences, report.sections, report.chunks, report.text, year)
        if not (parts.review or parts.targets):
            body = [s for s in report.sentences if s.path] or report.sentences
            return [("", pick_in_turn(sub_parts(body), n)), (TASKS, parts.tasks[: max(TASKS_MIN, n)])]
        # the targets take one sentence of a short summary, two of a longer one; all when no review
        wanted = n if not parts.review else 0 if n == 1 else 1 if n < 5 else 2
        targets = distinct(parts.targets, wanted)
        results = pick_in_turn(sub_parts(parts.review), n - len(targets), ACTUAL, taken=targets)
        return [(RESULTS, results), (TARGETS, targets), (TASKS, parts.tasks[: max(TASKS_MIN, n)])]

    def _pick(
        self, doc_id: str, section: str | None, k: int
    ) -> tuple[DocumentRecord, Section | None, list[ReportSentence]]:
        report = self._read(doc_id)
        chosen = find_section(report.sections, section) if section else None
        pool = in_section(report.sentences, chosen) if chosen else report.sentences
        return report.record, chosen, pick_in_turn(sub_parts(pool), k)

    def _map_reduce(self, doc_id: str, section: str | None, sentences: int) -> Summary:
        """Map: each part's key sentences summarised by the model, checked; reduce: the parts joined
        under their headings, citations renumbered across the whole."""
        from langchain_core.messages import HumanMessage, SystemMessage

        from qa.grounding import check
        from qa.llm import invoke_text
        from qa.prompts import render, source

        record, chosen, picked = self._pick(doc_id, section, max(sentences * 3, 8))
        depth = (chosen.level if chosen else 0) + 1
        parts: dict[tuple[str, ...], list[ReportSentence]] = {}
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
        if not lines:  # nothing the model wrote stands in its sources: the report's own sentences
            quoted = self._extractive(doc_id, section, sentences)
            return replace(quoted, warnings=[MODEL_SUMMARY_REJECTED, *warnings])
        heading = chosen.heading if chosen else ""
        return Summary(doc_id, record.meta.title, heading, "\n".join(lines), citations, "openai", warnings)


def _shift_marks(text: str, offset: int) -> str:
    """[1][2] -> [4][5] for offset 3."""
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", text)
