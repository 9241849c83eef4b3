"""Everyday words and the report's terms for them (retriever/colloquial.txt)."""

from retriever.boosts import official_coverage
from retriever.query import colloquial_groups, official_terms, parse_question, related_words


def test_everyday_words_bring_the_reports_terms():
    q = parse_question("去名胜游玩的入场费会下调吗")
    assert q.everyday == ("名胜", "游玩", "入场费", "下调")
    assert {"景区", "门票", "降低"} <= set(q.official)
    assert q.with_official.startswith("去名胜游玩的入场费会下调吗（") and "门票" in q.with_official


def test_a_word_inside_a_longer_listed_word_does_not_count():
    everyday, official = official_terms("买电动车免税的优惠还能延续几年")
    assert everyday == ("电动车",) and official == ("新能源汽车",)  # not 动车 -> 铁路


def test_questions_in_the_reports_words_are_left_alone():
    q = parse_question("两委交叉任职比例是多少")
    assert q.everyday == () and q.official == () and q.with_official == q.text
    # terms the question already uses are not added again
    assert "生育" not in official_terms("生育二孩有什么政策")[1]


def test_the_file_is_well_formed():
    groups = colloquial_groups()
    assert len(groups) > 100
    assert all(official and words for official, words in groups)
    assert {"孩子", "儿童"} <= related_words("娃娃")


def test_one_sentence_speaking_of_every_everyday_word_covers_the_question():
    q = parse_question("去名胜游玩的入场费会下调吗")
    assert official_coverage(q, "创建全域旅游示范区，降低重点国有景区门票价格。") == 1.0
    assert official_coverage(q, "门票价格不变。景区很多。") == 0.25
    assert official_coverage(parse_question("两委交叉任职比例"), "任何文字") == 0.0
