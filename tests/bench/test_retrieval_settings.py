"""bench.retrieval --set: one retriever setting changed from the command line."""

import pytest

from bench.retrieval import config_with
from retriever.config import RetrieverConfig


def test_settings_are_read_as_their_fields_types():
    config = config_with(["sentence_candidates=0", "chunk_weight=1.5", "official_keywords=false"])
    assert config.sentence_candidates == 0
    assert config.chunk_weight == 1.5
    assert config.official_keywords is False
    assert config.rrf_k == RetrieverConfig().rrf_k


@pytest.mark.parametrize("change", ["no_such=1", "sentence_candidates=many", "official_keywords=0"])
def test_an_unknown_setting_or_a_bad_value_is_refused_by_name(change: str):
    with pytest.raises(SystemExit, match=change.split("=")[0]):
        config_with([change])
