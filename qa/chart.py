"""The comparison chart: values by the year they describe, one line per series (目标, 实际), a range
(6.5%-7%) drawn as a band, each point labelled with its value and the unit on the axis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qa.compare import Comparison, Row
from text.width import normalize_width

_ENGLISH = {"目标": "target", "实际": "actual"}  # the default chart font has no CJK glyphs


def chart(comparison: Comparison, path: Path | None = None) -> Any:
    """A line chart of the numeric values by the year they describe, a line per series; saved as
    PNG when a path is given. Returns the matplotlib Figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 3.8), dpi=110)
    series: dict[str, list[Row]] = {}
    for r in comparison.rows:
        if r.low is not None and (r.described or r.year):
            series.setdefault(r.series or "", []).append(r)
    for name, rows in series.items():
        rows.sort(key=lambda r: r.described or r.year or 0)
        years = [int(r.described or r.year or 0) for r in rows]
        lows = [float(r.low or 0.0) for r in rows]
        highs = [float(r.high if r.high is not None else lo) for r, lo in zip(rows, lows, strict=True)]
        mids = [(lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True)]
        ax.plot(years, mids, marker="o", label=_ENGLISH.get(name, name) or None)
        ax.fill_between(years, lows, highs, alpha=0.2)
        for r, x, y in zip(rows, years, mids, strict=True):
            ax.annotate(
                _ascii(r.value), (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8
            )
    if series:
        all_years = sorted({int(r.described or r.year or 0) for rows in series.values() for r in rows})
        ax.set_xticks(all_years)
        first = next(iter(series.values()))[0]
        ax.set_ylabel("%" if first.percent else _ascii(first.unit))
        if len(series) > 1:
            ax.legend(loc="best", fontsize=8)
    missing = [r.year for r in comparison.rows if r.year is not None and r.low is None]
    if missing:
        ax.set_xlabel("not stated: " + ", ".join(map(str, sorted(set(missing)))))
    ax.grid(alpha=0.3)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path)
    plt.close(fig)
    return fig


def _ascii(value: str) -> str:
    """The value's figure without Chinese qualifiers (the default chart font has no CJK glyphs)."""
    return "".join(c for c in normalize_width(value) if ord(c) < 128)
