"""Pieces of the extractive answerer's rules that need no store: quantities and question words."""

from qa.extractive import question_words
from text.numbers import states_quantity


def test_quantities_in_figures_or_chinese_numerals():
    assert states_quantity("两委成员交叉任职达到87.7%")
    assert states_quantity("将新能源汽车车辆购置税优惠政策再延长三年")
    assert states_quantity("成熟一家，批准一家，不设限额")
    assert not states_quantity("一是加强学习，十三五规划")
    assert not states_quantity("2016年要抓好以下工作")  # a bare year is no quantity


def test_words_that_ask_are_not_taken_for_a_subject():
    words = question_words()
    assert {"几年", "打算", "是不是", "以后"} <= words
    assert "上海市" not in words and "比特币" not in words
