"""The same report in another form: a web copy with a few more lines, the Word file of a PDF.

Exact copies share a content hash; near copies do not. Each report's text gets a MinHash signature
(Broder, "On the resemblance and containment of documents", 1997; datasketch's implementation)
over its character 5-grams, widths and characters folded and spaces dropped, so that the same
report read from .txt, .pdf and .html compares alike. Two signatures agreeing in a share s of
their 128 slots estimate the Jaccard similarity of the two 5-gram sets as s.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from store.records import DocumentRecord
from text.width import normalize_width

NUM_PERM = 128
SHINGLE = 5
SEED = 7
# Reports at or above this estimated similarity are the same report. Different years of one
# issuer's report measure far below (about 0.05-0.15 on the State Council reports).
THRESHOLD = 0.8
POLICIES = ("skip", "keep", "replace")
POLICY_LABELS = {"skip": "跳过", "keep": "同时保留", "replace": "替换已收录的"}


def signature(text: str) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a text's character 5-grams, read a window
    at a time so that a 50 MB file does not hold all its shingles at once (a repeated shingle
    changes nothing)."""
    folded = "".join(normalize_width(text).split())
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    last = max(1, len(folded) - SHINGLE + 1)
    for start in range(0, last, _WINDOW):
        window = {folded[i : i + SHINGLE] for i in range(start, min(start + _WINDOW, last))}
        m.update_batch([s.encode("utf-8") for s in window])
    return np.asarray(m.hashvalues, dtype=np.uint32)


_WINDOW = 200_000  # shingles hashed at a time


def encode(sig: np.ndarray) -> str:
    """A signature as text, for the store's registry."""
    return base64.b64encode(np.asarray(sig, dtype=np.uint32).tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray | None:
    """A signature read back; None when the text is not one of this size."""
    try:
        raw = base64.b64decode(text)
    except ValueError:
        return None
    return np.frombuffer(raw, dtype=np.uint32) if len(raw) == 4 * NUM_PERM else None


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of the two texts (0..1)."""
    return float(np.mean(a == b))


@dataclass(frozen=True)
class NearDuplicate:
    """A stored report a new text resembles, and how much (0..1)."""

    record: DocumentRecord
    similarity: float

    def message(self) -> str:
        title = self.record.meta.title or self.record.doc_id
        return f"与已收录的《{title}》（{self.record.doc_id}）内容相似（约 {self.similarity:.0%}）"


def nearest_duplicate(
    sig: np.ndarray, stored: Iterable[tuple[DocumentRecord, np.ndarray]], threshold: float = THRESHOLD
) -> NearDuplicate | None:
    """The stored report most like the signature, when it reaches the threshold."""
    best: NearDuplicate | None = None
    for record, other in stored:
        s = similarity(sig, other)
        if s >= threshold and (best is None or s > best.similarity):
            best = NearDuplicate(record, s)
    return best


def check_policy(policy: str) -> str:
    """The policy for a near-duplicate, checked: skip (default), keep both, or replace."""
    if policy not in POLICIES:
        raise ValueError(f"相似文档的处理方式无效：{policy}。可用：{'、'.join(POLICIES)}")
    return policy
