"""The words that shape a question rather than name what it asks about."""

from qa.relevance import question_words


def test_words_that_ask_are_not_taken_for_a_subject():
    words = question_words()
    assert {"几年", "打算", "是不是", "以后"} <= words
    assert "上海市" not in words and "比特币" not in words
