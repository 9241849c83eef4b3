"""Summaries of a report written here (a township party committee's 情况汇报 with no targets), and
the map-reduce summary with a model behind a real local HTTP server (tests/openai_server.py)."""

import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from core.settings import get_settings
from ingest.pipeline import Ingestor
from qa.llm import chat_model
from qa.near_identical import fingerprint, near_identical
from qa.summarize import MODEL_SUMMARY_REJECTED, Summarizer
from store import ReportStore
from tests.conftest import BigramEmbeddings
from tests.openai_server import ChatServer

REPORT = """中共青石镇委员会2023年党建工作情况汇报
各位领导：
现将我镇2023年党建工作情况汇报如下。
一、强化理论武装
镇党委坚持每月集中学习1次，全年开展专题学习12次。一是组织党员集中轮训，全年培训党员860人次。二是建成村级党员活动室14个，覆盖率达到100%。三是开展“党员进网格”活动，结对帮扶困难群众230户。
镇党委坚持每月集中学习1次，全年共开展专题学习12次，学习制度坚持得好。
二、夯实基层基础
（一）村级组织建设
全镇调整充实村党支部书记5人，村“两委”交叉任职比例达到85%。
（二）党员队伍建设
全年发展新党员18名，其中35岁以下的占61%。
三、存在的问题
一是部分党员学习主动性不强。二是村级集体经济收入偏低。
四、下一步打算
继续抓好党员教育培训，力争村级集体经济收入全部达到10万元以上。
以上汇报，不当之处，请批评指正。
"""
DOC = "qingshi_2023"
LINE = re.compile(r"^\d+\. (?P<sentence>.+?)\[(?P<n>\d+)\]$")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    folder = tmp_path_factory.mktemp("own")
    path = folder / f"{DOC}.txt"
    path.write_text(REPORT, encoding="utf-8")
    store = ReportStore(folder / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest([path]).failed
    return store


def sentences(text: str) -> list[str]:
    return [m["sentence"] for m in map(LINE.match, text.splitlines()) if m]


def test_the_whole_report_gives_its_results_and_tasks_and_no_targets(store: ReportStore):
    summary = Summarizer(store).summarize(DOC, sentences=6)
    text = summary.summary
    assert text.startswith("主要成绩：") and "主要目标" not in text  # it states none: nothing invented
    assert "四、下一步打算" in text.split("主要任务：")[1]
    assert "85%" in text and "18名" in text  # results of both parts of the review, with figures
    assert "存在的问题" not in text and "主动性不强" not in text  # the problems are not results
    assert "汇报如下" not in text and "批评指正" not in text


def test_a_section_summary_takes_each_sub_section_and_each_item(store: ReportStore):
    two = Summarizer(store).summarize(DOC, "二", sentences=2)
    assert [c.section for c in two.citations] == [
        "二、夯实基层基础 > （一）村级组织建设",
        "二、夯实基层基础 > （二）党员队伍建设",
    ]
    one = Summarizer(store).summarize(DOC, "一", sentences=3)
    quoted = sentences(one.summary)
    assert len(quoted) == 3 and sum(s.startswith(("一是", "二是", "三是")) for s in quoted) >= 2


def test_a_sentence_restated_is_quoted_once_and_one_paragraph_is_one_card(store: ReportStore):
    summary = Summarizer(store).summarize(DOC, "一", sentences=5)
    quoted = sentences(summary.summary)
    assert sum("镇党委坚持每月集中学习1次" in s for s in quoted) == 1
    marks = [fingerprint(s) for s in quoted]
    assert not any(near_identical(a, b) for a, b in itertools.combinations(marks, 2))
    first = [c for c in summary.citations if "一是组织党员集中轮训" in c.quote]
    assert len(first) == 1 and first[0].quote.count("是") >= 3  # the items of one paragraph: one card
    assert summary.summary.count(f"[{first[0].n}]") >= 3


def test_the_closing_formula_of_the_last_section_is_never_quoted(store: ReportStore):
    summary = Summarizer(store).summarize(DOC, "四", sentences=3)
    assert sentences(summary.summary) == ["继续抓好党员教育培训，力争村级集体经济收入全部达到10万元以上。"]


def _reply_citing(needle: str) -> Callable[[dict[str, Any]], str]:
    """The scripted model: it cites the source that holds `needle`, with that source's figure."""

    def reply(request: dict[str, Any]) -> str:
        user = request["messages"][-1]["content"]
        n = next(m[1] for m in re.finditer(r"\[(\d+)\][^\n]*\n<<<\n([^>]*)", user) if needle in m[2])
        return f"两委成员交叉任职达到{needle}[{n}]。"

    return reply


def test_the_model_summary_is_map_reduce_and_checked(sample_db: Path, monkeypatch: pytest.MonkeyPatch):
    with ChatServer(_reply_citing("87.7%")) as server:
        monkeypatch.setenv("POLICYQA_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("POLICYQA_LLM_MODEL", "qwen-test")
        get_settings.cache_clear()
        store = ReportStore(sample_db, BigramEmbeddings())
        summary = Summarizer(store, chat_model()).summarize("yutai_xiang_sanji_lianchuang", "六", 3)
    assert summary.backend == "openai" and not summary.warnings
    assert summary.summary == "两委成员交叉任职达到87.7%[1]。"
    [cite] = summary.citations
    assert "87.7%" in cite.quote and cite.section.startswith("六、夯实基础")
    [request] = server.requests
    assert "六、夯实基础" in request["messages"][-1]["content"]
    with pytest.raises(ValueError, match="摘要长度"):
        Summarizer(store, chat_model()).summarize("yutai_xiang_sanji_lianchuang", "六", 0)


def test_a_model_summary_nothing_of_which_stands_is_the_quoted_one_marked(
    store: ReportStore, monkeypatch: pytest.MonkeyPatch
):
    """A model whose every summary sentence fails the check (no citation, a figure its source does
    not hold) left an empty summary; the report's own sentences are given instead, and the user is
    told why."""
    with ChatServer("青石镇全年培训党员9000人次。村级集体经济收入翻了一番[1]，达到120万元[1]。") as server:
        monkeypatch.setenv("POLICYQA_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("POLICYQA_LLM_MODEL", "qwen-test")
        get_settings.cache_clear()
        summary = Summarizer(store, chat_model()).summarize(DOC, "一", sentences=3)
    assert server.requests and summary.backend == "extractive"
    assert summary.summary == Summarizer(store).summarize(DOC, "一", sentences=3).summary
    assert summary.warnings[0] == MODEL_SUMMARY_REJECTED
    assert any("9000" in w for w in summary.warnings) and "9000" not in summary.summary
