"""The comparison chart: values by the year they describe, one line per series (目标, 实际), a range
(6.5%-7%) drawn as a bar from its low to its high end, each point marked and labelled with its value,
the unit on the axis, the indicator as the title, a legend, and the years no report states named
under the axis. Chinese words are drawn with a CJK font when the machine has one (Noto CJK,
WenQuanYi, SimHei, PingFang…); without one the labels fall back to ASCII (target/actual, figures
only), so the chart never shows empty boxes."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from qa.compare import Comparison, Row
from text.width import normalize_width

_ENGLISH = {"目标": "target", "实际": "actual"}
_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Serif CJK SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)

_CJK_FILE_HINTS = ("cjk", "wqy", "simhei", "msyh", "pingfang", "sourcehan", "notosanssc")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The first installed font family of _CJK_FAMILIES that matplotlib can use, or None."""
    from matplotlib import font_manager

    manager = font_manager.fontManager

    def found() -> str | None:
        installed = {f.name for f in manager.ttflist}
        return next((name for name in _CJK_FAMILIES if name in installed), None)

    if found() is None:  # matplotlib's font list is cached: fonts installed after it was made are missing
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower() for hint in _CJK_FILE_HINTS):
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
    return found()


def chart(comparison: Comparison, path: Path | None = None) -> Any:
    """A line chart of the numeric values by the year they describe, a line per series; saved as
    PNG when a path is given. Returns the matplotlib Figure (closed: save or draw it, do not show)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = cjk_font()
    label = (lambda s: s) if font else _ascii
    with plt.rc_context({"font.sans-serif": [font, "DejaVu Sans"] if font else ["DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(8, 4.2), dpi=160)
        series = _series(comparison)
        for i, (name, rows) in enumerate(series.items()):
            # a second line's labels go under its points, so two values of one year do not collide
            _draw_series(ax, name or comparison.indicator, rows, label, above=i % 2 == 0)
        if series:
            years = sorted({_year(r) for rows in series.values() for r in rows})
            ax.set_xticks(years)
            first = next(iter(series.values()))[0]
            ax.set_ylabel("%" if first.percent else label(first.unit))
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
            ax.margins(y=0.25)
        missing = sorted({r.year for r in comparison.rows if r.year is not None and r.low is None})
        years_text = "、".join(map(str, missing))
        if font:
            ax.set_xlabel("数值所述年份" + (f"（未提及：{years_text}）" if missing else ""))
        elif missing:
            ax.set_xlabel(f"not stated: {years_text}")
        if font:
            ax.set_title(comparison.indicator, fontsize=11)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        if path is not None:
            fig.savefig(path)
    plt.close(fig)
    return fig


def _series(comparison: Comparison) -> dict[str, list[Row]]:
    """The chart's lines: rows with a number and a year, by series, each sorted by year; by place
    too when the rows are of several ("青山县目标", "白水县目标": not one line from a county's value
    to another's, nor to the country's)."""
    series: dict[str, list[Row]] = {}
    numeric = [r for r in comparison.rows if r.low is not None and (r.described or r.year)]
    several = len({r.place for r in numeric}) > 1
    for r in numeric:
        series.setdefault((r.place if several else "") + (r.series or ""), []).append(r)
    for rows in series.values():
        rows.sort(key=_year)
    return series


def _draw_series(ax: Any, name: str, rows: list[Row], label: Any, above: bool = True) -> None:
    years = [_year(r) for r in rows]
    lows = [float(r.low or 0.0) for r in rows]
    highs = [float(r.high if r.high is not None else lo) for r, lo in zip(rows, lows, strict=True)]
    mids = [(lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True)]
    legend = label(name) if label(name) else _ENGLISH.get(name, name)
    ax.plot(years, mids, marker="o", markersize=5, label=legend or None)
    color = ax.get_lines()[-1].get_color()
    for x, lo, hi in zip(years, lows, highs, strict=True):
        if hi != lo:  # a range (6.5%-7%): a bar from its low to its high end
            ax.vlines(x, lo, hi, colors=color, linewidth=6, alpha=0.3)
    for r, x, y in zip(rows, years, mids, strict=True):
        text = label(r.value)
        offset, align = ((0, 7), "bottom") if above else ((0, -9), "top")
        ax.annotate(text, (x, y), textcoords="offset points", xytext=offset, ha="center", va=align, size=8)


def _year(row: Row) -> int:
    return int(row.described or row.year or 0)


def _ascii(value: str) -> str:
    """The value's figure without Chinese qualifiers (for a machine with no CJK font)."""
    return "".join(c for c in normalize_width(value) if ord(c) < 128)
