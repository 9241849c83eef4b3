"""The line of a decline naming the reports that were searched (已检索：…)."""

from core.types import ReportMeta
from qa.types import searched_reports
from retriever.query import Filters
from store.records import DocumentRecord


def record(doc_id: str, title: str | None, year: int | None = None, issuer: str = "国务院") -> DocumentRecord:
    meta = ReportMeta(title=title, year=year, issuer=issuer)
    return DocumentRecord(doc_id, f"/r/{doc_id}.txt", "f" * 64, doc_id.ljust(64, "0"), meta, 3)


def test_the_first_three_reports_are_named_and_the_rest_counted():
    docs = {d: record(d, f"{y}年政府工作报告", y) for d, y in (("a", 2016), ("b", 2017), ("c", 2018))}
    assert (
        searched_reports(docs, None)
        == "《2016年政府工作报告》、《2017年政府工作报告》、《2018年政府工作报告》"
    )
    docs["d"] = record("d", "2019年政府工作报告", 2019)
    assert searched_reports(docs, None).endswith("《2018年政府工作报告》等 4 份报告")


def test_copies_of_one_report_are_named_once_and_one_title_of_several_years_by_its_years():
    docs = {
        "txt": record("txt", "开展三级联创活动的情况汇报", 2004, "玉台乡党委"),
        "scan": record("scan", "开展三级联创活动的情况汇报", 2004, "玉台乡党委"),
        "county19": record("county19", "政府工作报告", 2019, "东湖县人民政府"),
        "county20": record("county20", "政府工作报告", 2020, "东湖县人民政府"),
    }
    named = "《开展三级联创活动的情况汇报》、《政府工作报告》（2019年）、《政府工作报告》（2020年）"
    assert searched_reports(docs, None) == named + "等 4 份报告"
    two_copies = {d: docs[d] for d in ("txt", "scan")}
    assert searched_reports(two_copies, None) == "《开展三级联创活动的情况汇报》等 2 份报告"


def test_a_filter_that_leaves_no_report_says_so():
    docs = {"a": record("a", "2016年政府工作报告", 2016)}
    assert searched_reports(docs, Filters(year_from=2020)).startswith("没有符合筛选条件的报告")
    assert searched_reports({}, None) == "知识库中没有报告"
