"""The words sent to a model: every template in prompts/ is rendered by `render`, and report text
goes in only through `fence`, as data a report cannot close."""

from __future__ import annotations

from functools import lru_cache
from string import Formatter

from core.settings import REPO_ROOT

PROMPTS = REPO_ROOT / "prompts"


@lru_cache(maxsize=16)
def template(name: str) -> str:
    """The text of prompts/<name>.md. FileNotFoundError names the missing file."""
    return (PROMPTS / f"{name}.md").read_text(encoding="utf-8")


def render(name: str, **fields: object) -> str:
    """prompts/<name>.md with its {fields} filled (str.format). KeyError when a field the template
    names is not given; a field given but not named is an error too, so templates and code agree."""
    text = template(name)
    named = {f for _, f, _, _ in Formatter().parse(text) if f}
    extra = set(fields) - named
    if extra:
        raise KeyError(f"prompts/{name}.md has no field {sorted(extra)}; it has {sorted(named)}")
    return text.format(**fields)


def fence(text: str) -> str:
    """Source text as data: the fence markers cannot be closed from inside a report."""
    return (
        text.replace("<<<", "‹‹‹")
        .replace(">>>", "›››")
        .replace("</资料>", "</ 资料>")
        .replace("<资料>", "< 资料>")
    )


def source(n: int, title: str, year: int | None, section: str, text: str) -> str:
    """Source [n] as prompts/source.md writes it: 《title》 year section, then the fenced text. The
    title and section come from the report too: they are fenced as well, on one line."""
    title, section = (fence(" ".join(x.split())) for x in (title, section))
    return render(
        "source", n=n, title=title, year=f"{year}年" if year else "", section=section, text=fence(text)
    )
