"""The boosts of a fused hit, as pure functions of the question and the chunk."""

from core.types import Chunk
from retriever.boosts import boosted, overlaps_years, shared_run
from retriever.config import RetrieverConfig
from retriever.query import parse_question


def chunk(text: str, path: tuple[str, ...] = ("三、2016年重点工作",)) -> Chunk:
    return Chunk("d:v:00000", "d", 0, text, path, 0, 0, len(text))


def test_a_figure_question_lifts_chunks_that_state_a_figure():
    c = RetrieverConfig(year_bonus=0.0, phrase_bonus=0.0, official_bonus=0.0)
    q = parse_question("城镇新增就业目标是多少")
    assert boosted(1.0, q, chunk("城镇新增就业1000万人以上。"), 2016, c) == 1 + c.number_bonus
    assert boosted(1.0, q, chunk("稳定和扩大就业。"), 2016, c) == 1.0


def test_the_year_named_lifts_the_chunks_that_speak_of_it():
    assert overlaps_years((2015, 2015), 2016, ("一、2015年工作回顾",))  # the review looks back
    assert not overlaps_years((2015, 2015), 2016, ("三、2016年重点工作",))
    assert overlaps_years((2016, 2016), 2016, ("三、2016年重点工作",))
    assert not overlaps_years((2016, 2016), None, ())


def test_a_long_run_of_the_questions_own_words():
    assert shared_run("双随机、一公开是什么", "推行“双随机、一公开”监管") == len("双随机、一公开")
    c = RetrieverConfig(number_bonus=0.0, year_bonus=0.0, official_bonus=0.0)
    q = parse_question("双随机、一公开是什么")
    run = len("双随机、一公开")
    expected = 1 + c.phrase_bonus * (run - c.phrase_min + 1)
    assert boosted(1.0, q, chunk("推行“双随机、一公开”监管。"), 2016, c) == expected
