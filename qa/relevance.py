"""Whether the reports speak of what a question names at all: the question's words no report uses,
and the specific words a sentence stating a figure must hold to be about the question's subject."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

import jieba

from facts.periods import PLACE_END
from retriever.query import ParsedQuestion, related_words, same_thing, synonym_groups
from store.keywords import KeywordIndex
from text.numbers import Figure, figures_in
from text.tokens import tokenize
from text.width import IDEOGRAPH, normalize_width

QUESTION_WORDS_FILE = Path(__file__).with_name("question_words.txt")


class _Said(Protocol):
    sentence: str


_S = TypeVar("_S", bound=_Said)


def unknown_words(keywords: KeywordIndex, parsed: ParsedQuestion) -> list[str]:
    """Words of the question (two characters or more, not figures) that no stored report uses,
    longest first, leaving out the parts of a longer unknown word. Not counted: words that ask
    rather than name (几年, 打算, 是不是: question_words.txt), everyday words whose report terms
    the reports use (二孩 -> 生育: retriever/colloquial.txt), and words the segmenter made up
    from characters its dictionary does not join ("这个乡住了" -> 乡住): they name nothing."""
    words = [t for t in tokenize(parsed.text) if len(t) >= 2 and not figures_in(t)]
    words = [w for w in words if w not in question_words() and jieba.get_FREQ(w)]
    expanded = [t for w in parsed.expansions for t in tokenize(w)]
    # a user's word expanded to several report words (GDP -> 国内生产总值, 地区生产总值) is known
    # when the reports use any of them
    if len(keywords.unknown(expanded)) == len(expanded):
        words += expanded
    unknown = keywords.unknown(words)
    if parsed.expansions:  # "GDP" is known through 国内生产总值
        unknown = [w for w in unknown if w.lower() not in _expanded_aliases(parsed)]
    if parsed.official and not keywords.unknown([t for w in parsed.official for t in tokenize(w)]):
        unknown = [w for w in unknown if not any(w in e or e in w for e in parsed.everyday)]
    unknown.sort(key=len, reverse=True)
    kept: list[str] = []
    for w in unknown:
        if not any(w in k for k in kept):
            kept.append(w)
    return list(dict.fromkeys(as_written(parsed.text, w) for w in kept))


# characters that stand alone as words of their own: never the cut-off end of a longer word
_FUNCTION_CHARS = frozenset(
    "的地得了着过是在和与及或也都就还又吗呢吧啊呀么之其这那哪谁几多少有无不没被把给对向从到为以于比每各该本年月日"
)


def as_written(question: str, word: str) -> str:
    """An unknown word as the question writes it: with the single characters beside it that the
    segmenter cut off ("比特币价格" is cut 比特|币|价格: 比特 -> 比特币; "元宇宙" -> 元|宇宙), so a
    decline names the word the user wrote. The word itself when the question holds it whole."""
    words = jieba.lcut(normalize_width(question).lower())
    if word not in words:
        return word
    i = words.index(word)
    lo, hi = i, i + 1
    while lo > 0 and _cut_off(words[lo - 1]):
        lo -= 1
    while hi < len(words) and _cut_off(words[hi]):
        hi += 1
    return "".join(words[lo:hi])


def _cut_off(word: str) -> bool:
    return len(word) == 1 and bool(IDEOGRAPH.match(word)) and word not in _FUNCTION_CHARS


def missing_subject(keywords: KeywordIndex, parsed: ParsedQuestion, sentence: str, n: int = 2) -> list[str]:
    """For a question asking for a figure: its most specific words (the `n` rarest
    in the reports, of those the reports use) when the sentence stating the figure holds none
    of them, the figure then being of something else ("2017年载人登月工程的预算是多少亿元" ->
    "中央预算内投资安排5076亿元"); [] otherwise. Words asking rather than naming and everyday
    words are left out; the report's terms for those and synonyms.txt expansions count, and a word
    is said when a word synonyms.txt groups with it is ("棚改" for "棚户区改造")."""
    rarest = subject_words(keywords, parsed, n)
    missing = unsaid(rarest, sentence)
    return missing if len(missing) == len(rarest) else []


def without_place(parsed: ParsedQuestion, place: str | None) -> ParsedQuestion:
    """The question without the place its search is filtered to ("地区取自问题"): the reports of
    白水县 seldom name 白水县 in the sentence stating a figure, so the place is no subject word."""
    if not place:
        return parsed
    text = parsed.text.replace(place, " ")
    short = PLACE_END.sub("", place)
    return replace(parsed, text=text.replace(short, " ") if len(short) >= 2 else text)


def subject_words(keywords: KeywordIndex, parsed: ParsedQuestion, n: int = 2) -> list[str]:
    """A question's `n` most specific words (missing_subject): the rarest in the reports of those
    the reports use, leaving out words that ask and everyday words (their report terms count)."""
    everyday = {t for w in parsed.everyday for t in tokenize(w)}
    words = [
        t
        for t in tokenize(parsed.text)
        if len(t) >= 2 and not figures_in(t) and t not in question_words() and t not in everyday
    ]
    words += [t for w in (*parsed.expansions, *parsed.official) for t in tokenize(w) if len(t) >= 2]
    unknown = set(keywords.unknown(words))
    known = [w for w in dict.fromkeys(words) if w not in unknown]
    return sorted(known, key=lambda w: -keywords.ideal_score([w]))[:n]


def unsaid(words: list[str], sentence: str) -> list[str]:
    """The words the sentence holds neither as written nor as a word synonyms.txt groups with them."""
    said = normalize_width(sentence).lower()
    return [w for w in words if not any(e in said for e in same_thing(w))]


def first_naming(
    keywords: KeywordIndex, parsed: ParsedQuestion, candidates: Iterable[_S], n: int = 2
) -> _S | None:
    """The first of `candidates` (scored sentences, best first, each with a `.sentence`) that holds
    every one of the question's `n` rarest words (subject_words); None when none does."""
    rarest = subject_words(keywords, parsed, n)
    return next((x for x in candidates if not unsaid(rarest, x.sentence)), None)


def figure_sources(
    keywords: KeywordIndex, parsed: ParsedQuestion, scored: list[_S], best: _S, n: int, similar: float
) -> list[_S]:
    """The scored sentences (best first) a figure may be taken from: `best`, which passed the
    subject check, then the others that pass it too, naming one of the question's `n` rarest words
    or at least `similar` to it (the check `best` passed). A figure of a lower sentence had been
    taken unchecked: "2018年国防支出增长多少" -> "中央对地方一般性转移支付增长10.9%"."""
    if not parsed.wants_number:
        return scored
    rarest = subject_words(keywords, parsed, n)  # (once: the same for every sentence)
    return [best] + [
        x
        for x in scored
        if x is not best
        and (x.similarity >= similar or not rarest or len(unsaid(rarest, x.sentence)) < len(rarest))
    ]


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Words that shape a question rather than name its subject (question_words.txt)."""
    lines = QUESTION_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


def _expanded_aliases(parsed: ParsedQuestion) -> set[str]:
    """The user's words that synonyms.txt maps to a report word the question was expanded with."""
    out: set[str] = set()
    for canonical, others in synonym_groups():
        if canonical in parsed.expansions:
            out.update(o.lower() for o in others)
    return out


_LIMITS = (
    (
        re.compile(r"最多|最高|上限|最大|封顶"),
        re.compile(r"最多|最高|上限|最大|封顶|不超过|不高于|以内"),
    ),
    (re.compile(r"最少|最低|下限|至少"), re.compile(r"最少|最低|下限|至少|不低于|不少于|以上")),
)
_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+[档级类批期项条款]")
_CLAUSE_MARK = re.compile(r"[，,；;：:。！？!?]")


def naming_words(parsed: ParsedQuestion) -> set[str]:
    """The words of a question that name its subject (lower case): its tokens of two characters or
    more that do not ask (question_words.txt), the report's words its everyday words stand for, and
    its synonym expansions."""
    words = {t for t in tokenize(parsed.text) if len(t) >= 2 and not figures_in(t)}
    words -= question_words()
    words |= {w for e in parsed.everyday for w in related_words(e) if len(w) >= 2}
    words |= {t for w in (*parsed.expansions, *parsed.official) for t in tokenize(w) if len(t) >= 2}
    return {w.lower() for w in words}


def figure_subject(sentence: str, figure: Figure) -> str:
    """The words a figure of a sentence is said of: its clause, before the figure and after it
    ("解决6000万农村人口的饮水"), and the clause before when its own says nothing but a verb before
    the figure ("国内生产总值达到63.6万亿元，增长7.4%")."""
    norm = normalize_width(sentence)
    marks = [m.end() for m in _CLAUSE_MARK.finditer(norm, 0, figure.start)]
    start = marks[-1] if marks else 0
    if len(norm[start : figure.start].strip()) <= 3 and len(marks) >= 2:
        start = marks[-2]
    end = _CLAUSE_MARK.search(norm, figure.end)
    return norm[start : end.start() if end else len(norm)].lower()


def stated_about(parsed: ParsedQuestion, sentence: str, figure: Figure) -> bool:
    """Whether a figure of the sentence is said of what the question names: its clause holds one
    of the question's naming words. "这个乡住了多少人" is not answered by "党员1022人"."""
    subject = figure_subject(sentence, figure)
    asked = {m.group(0) for m in _ORDINAL.finditer(normalize_width(parsed.text))}
    said = {m.group(0) for m in _ORDINAL.finditer(subject)}
    if asked and said and not asked & said:  # "第三档…补贴多少" is not answered by 第一档's
        return False
    for asks, says in _LIMITS:  # "最多能申请多少" is answered by a limit: 最高可申请400万元
        if asks.search(parsed.text) and not says.search(subject):
            return False
    return any(w in subject for w in naming_words(parsed))
