"""The words that shape a question rather than name what it asks about."""

from qa.relevance import question_words


def test_words_that_ask_are_not_taken_for_a_subject():
    words = question_words()
    assert {"几年", "打算", "是不是", "以后"} <= words
    assert "上海市" not in words and "比特币" not in words


def test_a_word_the_segmenter_cut_is_named_as_the_question_writes_it():
    from qa.relevance import as_written

    assert as_written("比特币价格是多少", "比特") == "比特币"  # the trial's: 比特|币|价格
    assert as_written("元宇宙产业规模多大", "宇宙") == "元宇宙"
    assert as_written("比特币的价格", "比特") == "比特币"  # 的 is a word of its own
    assert as_written("数字人民币试点城市有几个", "人民币") == "人民币"  # whole words stay
