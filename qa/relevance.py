"""Whether the reports speak of what a question names at all: the question's words no report uses,
and the specific words a sentence stating a figure must hold to be about the question's subject."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jieba

from retriever.query import ParsedQuestion, synonym_groups
from store.keywords import KeywordIndex
from text.numbers import figures_in
from text.tokens import tokenize
from text.width import normalize_width

QUESTION_WORDS_FILE = Path(__file__).with_name("question_words.txt")


def unknown_words(keywords: KeywordIndex, parsed: ParsedQuestion) -> list[str]:
    """Words of the question (two characters or more, not figures) that no stored report uses,
    longest first, leaving out the parts of a longer unknown word. Not counted: words that ask
    rather than name (几年, 打算, 是不是: question_words.txt), everyday words whose report terms
    the reports use (二孩 -> 生育: retriever/colloquial.txt), and words the segmenter made up
    from characters its dictionary does not join ("这个乡住了" -> 乡住): they name nothing."""
    words = [t for t in tokenize(parsed.text) if len(t) >= 2 and not figures_in(t)]
    words = [w for w in words if w not in question_words() and jieba.get_FREQ(w)]
    words += [t for w in parsed.expansions for t in tokenize(w)]
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
    return kept


def missing_subject(keywords: KeywordIndex, parsed: ParsedQuestion, sentence: str, n: int = 2) -> list[str]:
    """For a question asking for a figure: its most specific words (the `n` rarest
    in the reports, of those the reports use) when the sentence stating the figure holds none
    of them, the figure then being of something else ("2017年载人登月工程的预算是多少亿元" ->
    "中央预算内投资安排5076亿元"); [] otherwise. Words asking rather than naming and everyday
    words are left out; the report's terms for those and synonyms.txt expansions count."""
    everyday = {t for w in parsed.everyday for t in tokenize(w)}
    words = [
        t
        for t in tokenize(parsed.text)
        if len(t) >= 2 and not figures_in(t) and t not in question_words() and t not in everyday
    ]
    words += [t for w in (*parsed.expansions, *parsed.official) for t in tokenize(w) if len(t) >= 2]
    unknown = set(keywords.unknown(words))
    known = [w for w in dict.fromkeys(words) if w not in unknown]
    if not known:
        return []
    rarest = sorted(known, key=lambda w: -keywords.ideal_score([w]))[:n]
    said = normalize_width(sentence).lower()
    return [] if any(w in said for w in rarest) else rarest


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
