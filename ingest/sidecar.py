"""Metadata a user gives beside a report (`报告.pdf.meta.json` / `报告.meta.json`) or on the command
line, checked: every bad field is named in Chinese with the values it may take."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from core.types import LEVELS, ReportMeta
from text.width import normalize_width

SIDECAR_FIELDS = ("title", "issuer", "year", "level", "report_type", "date", "place")
# The words users write for a level (国家级, 省, 乡镇…).
LEVEL_WORDS = {
    "国家": "national",
    "国家级": "national",
    "全国": "national",
    "中央": "national",
    "省": "provincial",
    "省级": "provincial",
    "市": "city",
    "市级": "city",
    "地市级": "city",
    "县": "county",
    "县级": "county",
    "区县": "county",
    "乡": "township",
    "镇": "township",
    "乡镇": "township",
    "乡镇级": "township",
    "乡级": "township",
}


def sidecar_path(path: Path) -> Path | None:
    """`report.pdf.meta.json` or `report.meta.json` beside the file, if there is one."""
    for candidate in (path.with_name(path.name + ".meta.json"), path.with_suffix(".meta.json")):
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> ReportMeta | None:
    """Metadata a user wrote beside a report; raises ValueError (in Chinese) for a bad file."""
    side = sidecar_path(path)
    if side is None:
        return None
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"元数据文件 {side.name} 无法读取：{e}。它应是 UTF-8 编码的 JSON 对象") from e
    if not isinstance(data, dict):
        raise ValueError(f'元数据文件 {side.name} 应是 JSON 对象，例如 {{"year": 2018, "level": "national"}}')
    return parse_meta(data, side.name)


def parse_meta(data: dict[str, Any], where: str = "元数据") -> ReportMeta:
    """A ReportMeta from user-given fields, checked; ValueError names the bad field and valid values."""
    if "type" in data and "report_type" not in data:
        data = {**data, "report_type": data["type"]}
        del data["type"]
    unknown = sorted(set(data) - set(SIDECAR_FIELDS))
    if unknown:
        raise ValueError(
            f"{where} 中有不认识的字段：{'、'.join(unknown)}。可用字段：{'、'.join(SIDECAR_FIELDS)}"
        )
    fields: dict[str, Any] = {}
    for key in ("title", "issuer", "report_type", "place"):
        value = data.get(key)
        if value is not None:
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{where} 中的 {key} 应是非空文字")
            fields[key] = value.strip()
    if data.get("year") is not None:
        fields["year"] = parse_year(data["year"], where)
    if data.get("level") is not None:
        fields["level"] = parse_level(data["level"], where)
    if data.get("date") is not None:
        try:
            fields["date"] = date.fromisoformat(str(data["date"])).isoformat()
        except ValueError as e:
            raise ValueError(f"{where} 中的 date 应是 YYYY-MM-DD 格式的日期，收到：{data['date']}") from e
    return ReportMeta(**fields)


def parse_year(value: Any, where: str = "元数据") -> int:
    text = normalize_width(str(value)).strip().removesuffix("年")
    if isinstance(value, bool) or not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise ValueError(f"{where} 中的 year 应是 1900 到 2100 之间的年份，收到：{value}")
    return int(text)


def parse_level(value: Any, where: str = "元数据") -> str:
    text = str(value).strip()
    if text in LEVELS:
        return text
    if text in LEVEL_WORDS:
        return LEVEL_WORDS[text]
    raise ValueError(
        f"{where} 中的 level 无效：{value}。可用值：{'、'.join(LEVELS)}"
        "（也可写 国家级、省级、市级、县级、乡镇级）"
    )
