"""What the loader tests share: the bundled data and how to read a report's lines."""

from __future__ import annotations

import re
from pathlib import Path

from core.types import Block

DATA = Path(__file__).parents[2] / "data"
REPORTS = DATA / "reports"
SAMPLES = DATA / "samples"
CJK_SPACE_CJK = re.compile(r"[\u4e00-\u9fff，。、；：“”]\s+[\u4e00-\u9fff，。、；：“”]")


def report_lines(name: str) -> list[str]:
    text = (REPORTS / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]
