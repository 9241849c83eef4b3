"""Reciprocal rank fusion as a pure function: the paper's formula, weights, ties, sources."""

import pytest

from retriever.fuse import PAPER_K, RankedList, fuse_rrf


def test_scores_are_the_sum_of_weight_over_k_plus_rank():
    fused = fuse_rrf([RankedList("dense", ["a", "b", "c"]), RankedList("bm25", ["c", "a"], 0.5)], k=20)
    got = {f.chunk_id: f.score for f in fused}
    assert got["a"] == pytest.approx(1 / 21 + 0.5 / 22)
    assert got["b"] == pytest.approx(1 / 22)
    assert got["c"] == pytest.approx(1 / 23 + 0.5 / 21)
    assert [f.chunk_id for f in fused] == ["a", "c", "b"]
    assert {f.chunk_id: f.sources for f in fused} == {
        "a": ("dense", "bm25"),
        "b": ("dense",),
        "c": ("dense", "bm25"),
    }


def test_a_list_of_weight_zero_names_its_ids_without_scoring_them():
    fused = fuse_rrf([RankedList("dense", ["a"]), RankedList("bm25", ["b", "c"], 0.0)], k=PAPER_K)
    assert [(f.chunk_id, f.score) for f in fused] == [("a", pytest.approx(1 / 61)), ("b", 0.0), ("c", 0.0)]


def test_k_must_not_be_negative():
    with pytest.raises(ValueError, match="k"):
        fuse_rrf([], k=-1)
