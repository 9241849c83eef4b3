"""Which facts and reports an answer from facts may use: the reports of the place (or level) a
question asks about, the values of one figure across years, and the comparison that shows an answer
by year in the 对比 tab."""

from __future__ import annotations

from facts.match import MIN_SCORE, aliases, core, indicator_score
from facts.model import PLAN, Fact
from facts.periods import PLACE_END, report_place, same_place
from facts.question import FactQuery
from facts.units import units_alike
from qa.types import CompareRequest
from store.records import DocumentRecord
from text.tokens import tokenize
from text.width import normalize_width


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
    another name of it, or it with an ending: 城镇新增就业人数), place, measure and kind of unit
    (facts.units.units_alike: 个 and 项 count alike); not a part
    of it (农村党员, 高速铁路营业里程), nor its new ones (发展新党员 of 党员)."""
    if a.measure != b.measure or not units_alike(a.unit, b.unit):
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


def of_another_indicator(asked: str, fact: Fact, sentence: str) -> bool:
    """Whether a fact is surely another indicator's than the one asked, though its sentence shares
    words with the question: the asked indicator is a term (two or three words of the dictionary,
    not a question's words read as one: "大学生要毕业找工作"), the fact's is not it
    (facts.match.indicator_score) but holds some of its words, and the others are nowhere in the
    sentence ("2016年国防预算" is not answered by "中央预算内投资安排5000亿元": 预算 shared, 国防 unsaid)."""
    if not asked or "的" in asked or indicator_score(asked, fact.indicator) >= MIN_SCORE:
        return False
    import jieba

    tokens = tokenize(core(asked))  # (jieba's dictionary is loaded by then)
    words = [w for w in tokens if not any(o != w and o in w for o in tokens)]  # 城镇新增就业: 城镇 新增 就业
    if not 2 <= len(words) <= 3 or any(len(w) < 2 or not jieba.dt.FREQ.get(w) for w in words):
        return False
    said, own = normalize_width(sentence), normalize_width(fact.indicator)
    return any(w in own for w in words) and any(w not in said and not _shortens(w, own) for w in words)


def _shortens(word: str, phrase: str) -> bool:
    """Whether a word may be the short form of the phrase's words, its characters in the phrase in
    order (科研 of 科学技术研究经费, 国防 not of 中央预算内投资)."""
    at = 0
    for ch in word:
        at = phrase.find(ch, at) + 1
        if at == 0:
            return False
    return True
