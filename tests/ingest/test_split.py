import re

import pytest

from core.types import Block
from ingest.clean import clean_blocks
from ingest.outline import section_paths
from ingest.split import SplitConfig, split_report
from tests.conftest import SAMPLES

_ENDS = re.compile(r"[。！？；!?;…”’\"）)》」』]$")


def prepared(name: str) -> tuple[list[str], list[tuple[str, ...]]]:
    lines = (SAMPLES / name).read_text(encoding="utf-8").splitlines()
    paras = [b.text for b in clean_blocks([Block(line) for line in lines if line.strip()])]
    return paras, section_paths(paras)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_chunks_quote_the_text_exactly_and_never_cut_a_sentence(name: str):
    paras, paths = prepared(name)
    text = "\n".join(paras)
    cfg = SplitConfig(target=300, max=600)
    chunks = split_report("doc", paras, paths, cfg=cfg)
    assert chunks
    for c in chunks:
        assert text[c.char_start : c.char_end] == c.text
        assert len(c.text) <= cfg.max
        end_of_paragraph = c.char_end == len(text) or text[c.char_end] == "\n"
        assert end_of_paragraph or _ENDS.search(c.text), c.text[-20:]
        assert c.section_path == paths[c.paragraph_index]
    # Every character of the document is in some chunk.
    covered = set()
    for c in chunks:
        covered.update(range(c.char_start, c.char_end))
    assert all(i in covered for i, ch in enumerate(text) if ch != "\n")


def test_ids_are_stable_and_change_with_content():
    paras, paths = prepared("yutai_xiang_sanji_lianchuang.txt")
    a = [c.id for c in split_report("doc", paras, paths)]
    b = [c.id for c in split_report("doc", paras, paths)]
    changed = [c.id for c in split_report("doc", [*paras[:-1], paras[-1] + "补充。"], paths)]
    assert a == b
    assert len(set(a)) == len(a)
    assert not set(a) & set(changed)


def test_answer_chunk_carries_section_six():
    paras, paths = prepared("yutai_xiang_sanji_lianchuang.txt")
    hit = [c for c in split_report("yutai", paras, paths) if "87.7%" in c.text]
    assert len(hit) >= 1
    assert hit[0].section == "六、夯实基础,建设农村基层组织堡垒"
    assert "两委" in hit[0].text or "交叉任职" in hit[0].text
