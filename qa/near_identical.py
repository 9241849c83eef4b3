"""Whether two sentences say the same thing in nearly the same words.

The resemblance of two sentences is the Jaccard similarity of their sets of character pairs
(Broder 1997, the measure ingest's MinHash estimates for whole reports: ingest/near_duplicates.py),
read exactly here since a sentence has only tens of pairs; widths are folded and blanks dropped
first. Containment (the share of the shorter sentence's pairs the longer one holds) catches a
sentence restated inside a longer one. Reports write parallel sentences ("农业总产值…增长3.3%" /
"工业总产值…增长8.3%"): two sentences stating different figures (neither's figures all among the
other's) are near-identical only at a much higher resemblance.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.fact_index import pairs
from text.numbers import figures
from text.width import normalize_width

# Measured over every pair of sentences within one top-level part of the 22 shared State Council
# reports (1.35 million pairs): all but 0.02% resemble below 0.25; parallel sentences ("推进金融体制改革。" /
# "推进财税体制改革。") reach 0.45-0.53; a point restated ("生态环境保护和建设力度加大。" / "一是加大生态环境
# 保护和建设力度。") 0.56-0.65.
RESEMBLANCE = 0.55
CONTAINMENT = 0.8
CONTAINMENT_FLOOR = 0.25  # resemblance below which containment is a phrase a long sentence holds
RESEMBLANCE_OTHER_FIGURES = 0.8


@dataclass(frozen=True)
class Fingerprint:
    """What near_identical compares of a sentence: its character pairs and its figures' values."""

    pairs: frozenset[str]
    values: frozenset[tuple[float, float, bool]]


def fingerprint(sentence: str) -> Fingerprint:
    """A sentence's character pairs (widths folded, blanks dropped) and figure values (low, high, %)."""
    folded = "".join(normalize_width(sentence).split())
    values = frozenset((round(f.low, 6), round(f.high, 6), f.percent) for f in figures(folded))
    return Fingerprint(frozenset(pairs(folded)), values)


def resemblance(a: Fingerprint, b: Fingerprint) -> float:
    """Jaccard similarity |a ∩ b| / |a ∪ b| of the two sentences' pair sets (0..1)."""
    union = len(a.pairs | b.pairs)
    return len(a.pairs & b.pairs) / union if union else 0.0


def near_identical(a: Fingerprint, b: Fingerprint) -> bool:
    """Two sentences a summary should not quote both of: resemblance of at least RESEMBLANCE, or
    the shorter's pairs CONTAINMENT within the longer's (at a resemblance of CONTAINMENT_FLOOR or
    more); RESEMBLANCE_OTHER_FIGURES when they state different figures."""
    if not a.pairs or not b.pairs:
        return False
    shared = len(a.pairs & b.pairs)
    jaccard = shared / len(a.pairs | b.pairs)
    if a.values and b.values and not (a.values <= b.values or b.values <= a.values):
        return jaccard >= RESEMBLANCE_OTHER_FIGURES
    contained = shared / min(len(a.pairs), len(b.pairs))
    return jaccard >= RESEMBLANCE or (jaccard >= CONTAINMENT_FLOOR and contained >= CONTAINMENT)
