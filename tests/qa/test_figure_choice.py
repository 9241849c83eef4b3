"""FigureChooser and pick_figure (qa/figure_choice.py): the figure stated is the one said of what
the question names, of the kind, year and place asked; else the decline names the closest fact."""

from pathlib import Path

from ingest.pipeline import Ingestor
from qa.extractive import ExtractiveAnswerer, ExtractiveConfig
from qa.figure_choice import pick_figure
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import BigramEmbeddings


def test_the_figure_asked_for_is_the_one_after_the_question_words():
    sentence = "目前全乡村支部书记村主任一人兼的比例达到了92%,两委成员交叉任职达到87.7%,减少干部56人。"
    assert pick_figure("两委交叉任职比例是多少", sentence)[0] == "87.7%"
    assert pick_figure("一人兼的比例是多少", sentence)[0] == "92%"


def _answerer(tmp_path: Path, text: str) -> ExtractiveAnswerer:
    path = tmp_path / "桐溪镇2024年工作总结.txt"
    path.write_text(text, encoding="utf-8")
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest([path]).failed
    # the fake embedder's similarities are low: the thresholds are not what is tested here
    return ExtractiveAnswerer(HybridRetriever(store), ExtractiveConfig(min_score=0, min_similarity_unknown=0))


def test_raised_to_how_much_is_the_new_value_not_the_starting_one(tmp_path: Path):
    a = _answerer(
        tmp_path,
        "桐溪镇2024年工作总结\n一、民生保障\n高龄津贴标准由每人每月100元提高到150元，惠及老人860名。",
    )
    got = a.answer("桐溪镇高龄津贴标准提高到了多少？")
    assert got.found and got.answer.startswith("150元")


def test_a_rate_asked_where_only_an_amount_is_stated_is_declined_naming_the_amount(tmp_path: Path):
    a = _answerer(
        tmp_path,
        "桐溪镇2024年工作总结\n一、集体经济\n全镇村级集体经济收入达到1260万元，比上年增加180万元。",
    )
    got = a.answer("桐溪镇村级集体经济收入增长率是多少？")
    assert not got.found and "1260万元" in got.answer and "%" not in got.answer.split("。")[0]
