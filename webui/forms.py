"""What every tab shares: reading form fields (years, filters, chat messages) into the service's
terms, and the lists of reports and issuers the pickers offer. A bad field is a gr.Error that says
how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from core.errors import UserError
from retriever.query import Filters
from store.records import DocumentRecord
from webui.service import AppService

ALL_ISSUERS = "（全部）"
TRACK = gr.Progress()  # the default that tells Gradio a handler reports progress


def year_field(value: Any, label: str) -> int | None:
    """The year a form's number box holds; None when it is left empty. Gradio's number box shows
    and sends 0 for an empty box once its panel is opened, so 0 is empty too, not a bad year."""
    if value in (None, "", 0):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise UserError(f"{label}应为年份数字，例如 2016") from None
    if not 1900 <= year <= 2100:
        raise UserError(f"{label}应在 1900 到 2100 之间，收到 {year}")
    return year


def filters_from(
    doc_ids: list[str] | None, issuer: str | None, year_from: Any, year_to: Any
) -> Filters | None:
    lo, hi = year_field(year_from, "起始年份"), year_field(year_to, "结束年份")
    if lo and hi and lo > hi:
        raise UserError(f"年份范围无效：起始年份 {lo} 晚于结束年份 {hi}，请调换")
    filters = Filters(
        doc_ids=frozenset(doc_ids) if doc_ids else None,
        issuer=None if issuer in (None, "", ALL_ISSUERS) else issuer,
        year_from=lo,
        year_to=hi,
    )
    return None if filters.empty else filters


def message_text(message: dict[str, Any]) -> str:
    """A chat message's text; Gradio sends content as a string or as a list of typed parts."""
    content = message.get("content")
    if isinstance(content, list):
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


def doc_label(r: DocumentRecord) -> str:
    year = f"{r.meta.year}年 " if r.meta.year else ""
    return f"{year}{r.meta.title or r.doc_id}（{r.doc_id}）"


@dataclass
class Pickers:
    """The dropdowns of reports and of issuers across the tabs, refreshed when the store changes."""

    service: AppService
    reports: list[gr.Dropdown] = field(default_factory=list)
    issuers: list[gr.Dropdown] = field(default_factory=list)

    def report_choices(self) -> list[tuple[str, str]]:
        return [(doc_label(r), r.doc_id) for r in self.service.documents()]

    def issuer_choices(self) -> list[str]:
        return [ALL_ISSUERS, *self.service.issuers()]

    def report(self, **kwargs: Any) -> gr.Dropdown:
        picker = gr.Dropdown(self.report_choices(), **kwargs)
        self.reports.append(picker)
        return picker

    def issuer(self, **kwargs: Any) -> gr.Dropdown:
        picker = gr.Dropdown(self.issuer_choices(), value=ALL_ISSUERS, label="发布机关", **kwargs)
        self.issuers.append(picker)
        return picker

    @property
    def all(self) -> list[gr.Dropdown]:
        return [*self.reports, *self.issuers]

    def updates(self) -> list[Any]:
        """Every picker with the store's reports and issuers as choices. A report picker's choice is
        cleared: it may name a report just deleted, which Gradio would refuse on every later event
        (in English); an issuer picker goes back to all issuers for the same reason."""
        reports, issuers = self.report_choices(), self.issuer_choices()
        return [
            gr.update(choices=reports, value=[] if picker.multiselect else None) for picker in self.reports
        ] + [gr.update(choices=issuers, value=ALL_ISSUERS) for _ in self.issuers]
