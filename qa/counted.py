"""What a figure of a sentence counts, for a count question (qa/question_parts.count_asked): the
measure word written after it and the thing it names ("辖25个自然村": 个, 自然村; "党员1022人": 人,
党员). "全乡有多少个村" is answered only by a figure counted in a matching measure word that names
a 村, never by "35.6平方公里" (tests/qa/test_trial_sentence_answers.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from facts.rules import figures_of, unit_and_qualifier
from qa.question_parts import (
    COUNT_WORDS,
    FIRMS,
    PEOPLE,
    CountAsked,
    count_asked,
    speaks_of_condition,
    states_threshold,
    thresholds,
)
from qa.types import Answer
from text.numbers import CHINESE_QUANTITY, Figure, figures_in
from text.tokens import tokenize
from text.width import normalize_width

_CLAUSE_MARK = re.compile(r"[，,；;：:。！？!?]")
# the thing named after a figure and its measure word: up to a mark, 的, or a word going on
_THING_AFTER = re.compile(r"^[\u4e00-\u9fff“”]{1,12}?(?=的|[，,；;。：:！？!?、（(）)]|$|\d)")
# what stands between the thing named before a figure and the figure ("农村党员794人", "市场主体达到")
_LINKING = re.compile(r"(达到|达|有|为|是|共有|共|累计|超过|突破|总计|合计|已|了|分别)+$")
_LEADING = re.compile(r"^(其中|同时|目前|现有|全年|(?:19|20)\d{2}年)+")
_NOT_NOUN = ("v", "d", "u", "p", "c", "m", "q", "f", "t", "r", "x")  # jieba's tags after a noun
_NOT_A_THING = re.compile(
    r"^(以上|以下|左右|之|多|余|次|年|以内|上下|比|较|同比|增长|下降|提高|达到|为|是|和|与|及)"
)


@dataclass(frozen=True)
class Counted:
    """A figure counted in a measure word: the word (个), the thing named with it (自然村; "" when
    the clause names none), and the figure as written with both ("25个自然村", "1022人")."""

    figure: Figure
    measure: str
    thing: str
    shown: str
    earlier: str = ""  # the clause before, when the figure's own names no noun ("平均每天新增1.5万户")


def counted(sentence: str, figure: Figure) -> Counted | None:
    """The count a figure states, or None when no measure word of a count follows it (35.6平方公里,
    2.81万, 87.7%)."""
    if figure.percent:
        return None
    norm = normalize_width(sentence)
    unit = unit_and_qualifier(norm[figure.end :], figure)
    if unit.unit not in COUNT_WORDS or not unit.written:
        return None
    end = figure.end + len(unit.written)
    qualifier = unit.qualifier if norm[end:].startswith(unit.qualifier) else ""
    end += len(qualifier)
    after = _thing_after(norm[end:])
    marks = [x.end() for x in _CLAUSE_MARK.finditer(norm, 0, figure.start)]
    before = _LINKING.sub("", _LEADING.sub("", norm[marks[-1] if marks else 0 : figure.start]))
    # "…入学政策，28个…", "新登记企业增长24.5%，平均每天新增1.5万户": the clause before names it
    earlier = ""
    if not after and not _names_noun(before) and marks:
        earlier = _LINKING.sub("", _LEADING.sub("", norm[marks[-2] if len(marks) > 1 else 0 : marks[-1] - 1]))
    thing = after or before or earlier
    return Counted(figure, unit.unit, thing, sentence[figure.start : end + len(after)], earlier)


def _names_noun(text: str) -> bool:
    """Whether a phrase holds a noun (jieba's tags): "农村党员", not "平均每天新增"."""
    import jieba.posseg

    return any(w.flag.startswith("n") or w.flag in ("j", "vn") for w in jieba.posseg.lcut(text))


def _thing_after(text: str) -> str:
    """The thing named right after a figure's measure word: up to 的 or a mark ("25个自然村,"),
    else its leading nouns ("28个省份实现了…": 省份); "" when the clause goes on otherwise."""
    if _NOT_A_THING.match(text):
        return ""
    m = _THING_AFTER.match(text)
    if m:
        return m.group(0).strip("“”")
    import jieba.posseg

    nouns = ""
    for w in jieba.posseg.lcut(text[:16]):
        if not (w.flag.startswith("n") or w.flag in ("j", "vn")):
            break
        nouns += w.word
    return nouns


def shown_as(asked: CountAsked, c: Counted) -> str:
    """The count as written, its thing cut after the thing asked: "9个行政村" of "9个行政村集体经营性…"."""
    at = c.shown.find(asked.thing, len(c.figure.text))
    if at < 0 or c.shown[at + len(asked.thing) :].startswith("等"):  # "416项行政审批等事项": a list's name
        return c.shown
    return c.shown[: at + len(asked.thing)]


def counts(asked: CountAsked, c: Counted) -> bool:
    """Whether a count answers the question: its measure word agrees (个 asks any; 名 is 人 and 位)
    and it names the thing asked (自然村 is a 村; 减少干部 is of 干部岗位: a word shared; 农村支部
    is no 村; 家 is 户)."""
    if asked.measure == "个" or c.measure == "个":
        agrees = True
    elif asked.measure in PEOPLE:
        agrees = c.measure in PEOPLE
    elif asked.measure in FIRMS:  # "多少家企业" is counted in 户 too ("平均每天新增1.5万户")
        agrees = c.measure in FIRMS
    else:
        agrees = c.measure == asked.measure
    return agrees and (names_thing(asked, c.thing) or (bool(c.earlier) and names_thing(asked, c.earlier)))


def closest_counts(question: str, sentence: str, found: list[Counted]) -> list[Counted]:
    """Of several counts of the thing asked in one sentence, those whose clause (with the thing it
    names) holds the most of the question's words: "平均每月新增多少家企业" is the 86户 of "平均每月
    新增86户", not the 9家 of "新增规模以上工业企业9家"; counts holding as many are all kept ("25个
    自然村、9个行政村")."""
    words = {w for w in tokenize(question) if len(w) >= 2}

    def held(c: Counted) -> int:
        text = normalize_width(clause_of(sentence, c.figure) + c.thing + c.earlier)
        return sum(w in text for w in words)

    most = max(map(held, found), default=0)
    return [c for c in found if held(c) == most]


def clause_of(sentence: str, figure: Figure) -> str:
    """The clause of a sentence a figure stands in, as written ("28个行政村")."""
    norm = normalize_width(sentence)
    marks = [m.end() for m in _CLAUSE_MARK.finditer(norm, 0, figure.start)]
    end = _CLAUSE_MARK.search(norm, figure.end)
    return sentence[marks[-1] if marks else 0 : end.start() if end else len(sentence)].strip()


def states_count(sentence: str, asked: CountAsked) -> bool:
    """Whether a sentence states a count of the thing asked (in figures)."""
    return any((c := counted(sentence, f)) is not None and counts(asked, c) for f in figures_of(sentence))


def names_thing(asked: CountAsked, thing: str) -> bool:
    """Whether the thing a figure is said of is the thing asked. A noun's head is its end: one ends
    with the other (自然村 is a 村), or the asked one stands in it (行政审批 in 行政审批等事项), or
    its head word, verbs after it aside, is a word of the asked one (减少干部 of 干部岗位; 农村支部 is
    no 村, 农村贫困人口减少 no 贫困县). A clause naming no noun ("在建、建成有7个") must share a
    word with what is asked of the thing (招商引资在建和建成的项目); one naming nothing does not
    disagree."""
    import jieba.posseg

    thing = normalize_width(thing)
    wanted = asked.thing
    if not thing:
        return True
    if "的" in thing and not _asked_of(thing.rpartition("的")[0], asked):
        return False  # "人均收入超过1万元的村": some of the 村, not what "多少个村" asks
    if (
        thing.endswith(wanted)
        or (len(thing) >= 2 and wanted.endswith(thing))
        or (len(wanted) >= 2 and wanted in thing)
    ):
        return True
    words = [w for w in jieba.posseg.lcut(thing) if w.word.strip("、，, ")]
    while words and (w := words[-1]).flag.startswith(_NOT_NOUN) and w.flag != "vn":
        words.pop()
    if not words:  # only verbs: what is counted is said before the figure's clause
        said = {w for w in tokenize(thing) if len(w) >= 2}
        return bool(said & {w for w in tokenize(f"{wanted} {asked.condition}") if len(w) >= 2})
    head = words[-1].word
    if len(head) >= 2 and wanted.endswith(head) and len(wanted) > len(head):
        return wanted[: -len(head)] in thing  # 基层支部 is no 农村支部
    return len(head) >= 2 and head in tokenize(wanted)


def _asked_of(modifier: str, asked: CountAsked) -> bool:
    """Whether the words narrowing a counted thing ("人均收入超过1万元" of …的村) are asked too:
    half of them or more stand in what the question asks of the thing."""
    words = [w for w in tokenize(modifier) if len(w) >= 2 and not re.search(r"\d", w)]
    wanted = normalize_width(f"{asked.thing} {asked.condition}")
    return not words or 2 * sum(w in wanted for w in words) >= len(words)


def counted_in_words(sentence: str, asked: CountAsked) -> bool:
    """Whether a sentence counts the thing asked in Chinese numerals ("建成三座水库")."""
    norm = normalize_width(sentence)
    for m in CHINESE_QUANTITY.finditer(norm):
        word = m.group(0)[-1]
        agrees = asked.measure == "个" or word == "个" or word == asked.measure
        agrees = agrees or (asked.measure in PEOPLE and word in PEOPLE)
        if agrees and word in COUNT_WORDS and asked.thing in norm[m.end() : m.end() + 12]:
            return True
    return False


def answers_parts(question: str, sentence: str, figure: Figure) -> bool:
    """Whether a figure of a sentence, however chosen (by the facts too), answers what the question
    adds to its indicator: a count of the thing asked, in a sentence stating its condition, and the
    thresholds asked ("超过一万元"), the figure not being one of them."""
    asked = count_asked(question)
    if asked is not None:
        c = counted(sentence, figure)
        if c is None or not counts(asked, c) or not speaks_of_condition(sentence, asked.condition):
            return False
    for bound in thresholds(question):
        if not states_threshold(sentence, bound) or (figure.low == bound.value and not figure.percent):
            return False
    return True


def fits_count_and_bounds(question: str, answer: Answer) -> bool:
    """Whether an answer's figure (the first of its first line, in its first quote) answers what the
    question adds to its indicator (`answers_parts`). The facts read the indicator only: "多少个村的
    村民人均收入超过一万元" is not answered by 1万元, nor "全乡有几个农村支部" by 41个基层支部."""
    if not answer.found or not answer.citations or not (count_asked(question) or thresholds(question)):
        return True
    found = figures_in(answer.answer.split("\n", 1)[0])
    quote = answer.citations[0].quote
    return any(
        answers_parts(question, quote, f) for f in figures_in(quote) if found and f.same_value(found[0])
    )
