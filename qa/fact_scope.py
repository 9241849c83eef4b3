"""Which facts and reports an answer from facts may use: the reports of the place (or level) a
question asks about, the values of one figure across years, and the comparison that shows an answer
by year in the 对比 tab."""

from __future__ import annotations

from facts.match import aliases, core
from facts.model import PLAN, Fact
from facts.periods import PLACE_END, report_place, same_place
from facts.question import FactQuery
from qa.types import CompareRequest
from store.records import DocumentRecord


def of_asked_place(query: FactQuery, record: DocumentRecord) -> bool:
    """Whether a report is of the place the question names, or of the level its scope word
    points at. A report whose place is unknown is of a named place only when its title or issuer
    names it (a question about 美国 or 北京市 is not answered from "中共××乡委员会"'s report)."""
    places = query.places or ((query.place,) if query.place else ())
    meta = record.meta
    if places:
        own = meta.place or report_place(meta)
        if own:
            return any(same_place(p, own) for p in places)
        named = f"{meta.title or ''}{meta.issuer or ''}"
        return any(p in named or PLACE_END.sub("", p) in named for p in places)
    return query.level is None or meta.level in (None, query.level)


def same_figure(a: Fact, b: Fact) -> bool:
    """Whether two facts are values of one figure in different years: the same indicator (or
    another name of it, or it with an ending: 城镇新增就业人数), place, measure and unit; not a part
    of it (农村党员, 高速铁路营业里程), nor its new ones (发展新党员 of 党员)."""
    if (a.measure, a.unit) != (b.measure, b.unit):
        return False
    if a.place != b.place and not (a.place and b.place and same_place(a.place, b.place)):
        return False
    ca, cb = core(a.indicator), core(b.indicator)
    if ca == cb or cb in {core(x) for x in aliases(ca)} or ca in {core(x) for x in aliases(cb)}:
        return True
    short, long = sorted((ca, cb), key=len)
    return long.startswith(short) and len(short) >= 2 * len(long) / 3


def compare_request(indicator: str, values: list[Fact], report_years: list[int | None]) -> CompareRequest:
    """The comparison that shows the same values in the 对比 tab: the indicator with 目标 when the
    values are targets, over the years of the reports that state them (a result is stated in the
    next year's report, a target in its own)."""
    years = sorted({y for y in report_years if y is not None})
    name = indicator + ("目标" if values and all(f.basis == PLAN for f in values) else "")
    return CompareRequest(name, years[0] if years else None, years[-1] if years else None)
