"""Answers that are not figures (qa/phrase.py, and the notice rules of qa/sentence_scoring.py)."""

import pytest

from ingest.pipeline import Ingestor
from qa.extractive import ExtractiveAnswerer, ExtractiveConfig
from qa.phrase import (
    AMOUNT,
    DATE,
    DATE_SPAN,
    PHONE,
    answer_span,
    asked_kind,
    asks_deadline,
    value_of_kind,
    whole_list,
)
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import BigramEmbeddings
from text.sentences import is_question


@pytest.mark.parametrize(
    "question, kind",
    [
        ("办理中遇到问题打哪个电话", PHONE),
        ("咨询热线是多少", PHONE),
        ("最晚哪天之前要交材料", DATE),
        ("什么时候截止", DATE),
        ("集中缴费期从哪天到哪天", DATE_SPAN),
        ("每人每年要交多少钱", AMOUNT),
        ("需要准备哪些材料", None),
    ],
)
def test_the_kind_of_value_asked(question, kind):
    assert asked_kind(question) == kind


def test_the_value_of_the_kind_asked_not_another_number_of_the_sentence():
    sentence = "本年度申请受理截止到2025年11月30日，咨询请拨打0731-8826315，补助标准每人200元。"
    assert value_of_kind(sentence, PHONE) == "0731-8826315"
    assert value_of_kind(sentence, DATE) == "2025年11月30日"
    assert value_of_kind(sentence, AMOUNT) == "200元"
    assert value_of_kind("缴费期为2024年9月1日至2025年2月28日。", DATE_SPAN) == "2024年9月1日至2025年2月28日"


def test_the_answering_span_of_a_sentence():
    assert answer_span("第二类对象包括：低保对象、特困供养人员。") == "低保对象、特困供养人员"
    assert answer_span("具体为：身份证、户口簿和申请表。") == "身份证、户口簿和申请表"
    assert answer_span("答：申请人可到乡镇便民服务中心办理。") is None  # "答：" introduces it all


def test_a_notice_question_is_a_question_and_an_authors_question_is_not():
    assert is_question("问：补贴标准是多少？")
    assert is_question("三、哪些人可以申请？")
    assert not is_question("（四）促进农业现代化和农村改革发展。?")  # no asking word
    assert not is_question("为什么要这样做？", whole_line=False)  # inside a paragraph


NOTICE = """安平县2025年技能培训补贴申领问答
安平县人力资源和社会保障局
2025年3月1日

为方便群众申领技能培训补贴，现将有关问题解答如下。

问：哪些人可以申领技能培训补贴？
答：关于哪些人可以申领补贴，这里统一说明。具有本县户籍、年满16周岁的城乡劳动者均可申领，其中脱贫劳动力优先。

问：申领需要提交哪些材料？
答：申领需要提交的材料各乡镇一致。具体为：本人身份证、职业资格证书或培训合格证书、银行账户信息。

问：什么时候截止申领？
答：申领时间是大家关心的问题。本年度申领截止到2025年10月31日，逾期不再受理。

问：办理时要带哪些证件？
答：办理时请携带以下证件：
（一）本人居民身份证原件；
（二）户口簿首页及本人页复印件；
（三）培训合格证书原件。

问：有问题打哪个电话？
答：可在工作日拨打县就业服务中心电话0736-5512238咨询，也可拨打12333热线。
"""


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory) -> ExtractiveAnswerer:
    tmp = tmp_path_factory.mktemp("notice")
    path = tmp / "anping_notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    store = ReportStore(tmp / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest([path]).failed
    # the fake embedder's similarities are low: the thresholds are not what is tested here
    return ExtractiveAnswerer(HybridRetriever(store), ExtractiveConfig(min_score=0, min_similarity_unknown=0))


def test_a_notice_answer_quotes_the_answer_not_the_question_nor_its_restatement(notice):
    got = notice.answer("申领技能培训补贴需要提交哪些材料？")
    assert got.found and got.answer.startswith("本人身份证、职业资格证书或培训合格证书、银行账户信息")
    assert "问：" not in got.answer and "材料各乡镇一致" not in got.answer


def test_a_hotline_and_a_date_asked_are_stated_first(notice):
    assert notice.answer("技能培训补贴有问题打哪个电话咨询？").answer.startswith("0736-5512238")
    assert notice.answer("技能培训补贴最晚什么时候截止申领？").answer.startswith("2025年10月31日")


def test_a_question_is_kept_in_one_chunk_with_its_answer(notice):
    for chunk in notice.retriever.store.chunks_of("anping_notice"):
        lines = chunk.text.split("\n")
        assert not lines[-1].startswith("问：")  # no chunk ends on a question without its answer


def test_a_list_is_found_whole_from_any_of_its_items():
    text = "答：须满足下列条件：一是本县户籍；二是年满十六周岁；三是未享受同类补贴。其余情形另行规定。"
    first = text.index("答")
    for item in ("答", "二是", "三是"):
        start, end, items = whole_list(text, text.index(item))
        assert (start, text[end - 1]) == (first, "。")
        assert items == "一是本县户籍；二是年满十六周岁；三是未享受同类补贴"
    assert whole_list(text, text.index("其余")) is None  # not an item
    assert whole_list("（二）单独一项；后文。", 0) is None  # a list of one is no list


def test_a_group_asked_is_answered_with_the_whole_list_on_its_lines(notice):
    got = notice.answer("办理技能培训补贴要带哪些证件？")
    assert got.found
    assert got.answer.startswith(
        "（一）本人居民身份证原件；\n（二）户口簿首页及本人页复印件；\n（三）培训合格证书原件"
    )
    assert "以下证件" in got.citations[0].quote and "培训合格证书原件" in got.citations[0].quote


def test_a_deadline_is_the_date_a_span_ends_on_and_a_start_its_first():
    sentence = "本年度受理时间为2025年3月1日至2025年5月20日，逾期不再受理。"
    assert value_of_kind(sentence, DATE, asks_deadline("最晚哪天前要交")) == "2025年5月20日"
    assert value_of_kind(sentence, DATE, asks_deadline("从什么时候开始受理")) == "2025年3月1日"


def test_a_telephone_number_or_a_time_of_day_is_no_fact():
    from facts.rules import figures_of

    assert figures_of("咨询电话0736-5512238，服务时间8:30至17:30，也可拨打12333。") == []
    assert [f.text for f in figures_of("补贴标准为每人每月300元，热线12345")] == ["300"]
