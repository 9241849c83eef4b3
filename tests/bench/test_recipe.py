"""The plain LangChain recipe the benchmarks compare us with: it splits with overlap and finds a
distinctive sentence again."""

from __future__ import annotations

import itertools
from pathlib import Path

from bench.recipe import CHUNK_SIZE, recipe_ingest, recipe_search
from tests.conftest import BigramEmbeddings

TOPICS = ["乡村振兴", "生态保护", "财政预算", "教育公平", "医疗改革", "交通建设", "就业服务", "科技创新"]
NEEDLE = "大熊猫保护基地今年新建三座竹林育种温室。"


def test_recipe_chunks_overlap_and_search_finds_the_sentence(tmp_path: Path):
    sentences = [
        f"第{i}项任务是持续推进{TOPICS[i % len(TOPICS)]}工作并按季度通报进展情况。" for i in range(60)
    ]
    sentences.insert(30, NEEDLE)
    report = tmp_path / "report.txt"
    report.write_text("".join(sentences) + "\n", encoding="utf-8")

    store, chunks = recipe_ingest([report], BigramEmbeddings(), tmp_path / "recipe")

    assert len(chunks) >= 3
    assert all(len(c.page_content) <= CHUNK_SIZE for c in chunks)
    for a, b in itertools.pairwise(chunks):
        start_a, start_b = a.metadata["start_index"], b.metadata["start_index"]
        assert start_a < start_b < start_a + len(a.page_content)  # b begins inside a
        assert a.page_content.endswith(b.page_content[: start_a + len(a.page_content) - start_b])
    hits = recipe_search(store, "大熊猫竹林育种温室", k=5)
    assert len(hits) == min(5, len(chunks))
    assert NEEDLE.rstrip("。") in hits[0].page_content
