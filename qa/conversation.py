"""Follow-up questions read in the light of the conversation.

After "2016年GDP增长目标是多少", "那2017年呢？" means "2017年GDP增长目标是多少"; after it, "那就业目标呢"
means "2016年就业目标是多少"; after "青山县2024年城镇新增就业目标", "那白水县呢" means "白水县2024年
城镇新增就业目标". A follow-up with no question before it is refused with a message saying so. The
rewriting is done by rule, so that it works without a language model and can be shown to the user
("按“2017年GDP增长目标是多少”检索").
"""

from __future__ import annotations

import re

from facts.lexicon import PLACE
from retriever.query import parse_question
from text.width import normalize_width

_LEAD = re.compile(r"^(那么|那|还有|另外|再问一下|再问)[，,]?")
_TAIL = re.compile(r"(呢|的呢|怎么样|如何)?[？?。！!\s]*$")
_YEARS = re.compile(r"(?:(?:19|20)\d{2}\s*年?\s*(?:到|至|—|–|-|~|～)\s*)?(?:19|20)\d{2}\s*年")
_ASKS = re.compile(r"(是多少|有多少|多少|是什么|什么|怎么|如何|哪些|几)")


def is_follow_up(question: str) -> bool:
    q = normalize_width(question).strip()
    return bool(_LEAD.match(q)) or (len(q) <= 12 and bool(re.search(r"呢[？?]?$", q)))


def rewrite(question: str, history: list[str]) -> str:
    """The question to search: a follow-up completed from the last question asked, else itself.
    `history` holds the earlier questions as searched (already rewritten), oldest first."""
    if not is_follow_up(question):
        return question
    years, topic = _years_and_topic(question)
    if not history:
        return question
    previous = normalize_width(history[-1]).strip()
    prev_years = _YEARS.findall(previous)
    if topic and PLACE.fullmatch(topic):  # "那白水县呢" -> the previous question of that place
        named = PLACE.search(_YEARS.sub(" ", previous))
        asked = previous.replace(named.group(1), topic, 1) if named else topic + previous
        return _YEARS.sub(years[0].replace("\\", r"\\"), asked, count=1) if years and prev_years else asked
    if years and not topic:  # "那2017年呢" -> the previous question for 2017
        if prev_years:
            return _YEARS.sub(years[0].replace("\\", r"\\"), previous, count=1)
        return years[0] + previous
    if topic:  # "那就业目标呢" -> the new topic, in the previous question's years
        span = years[0] if years else (prev_years[0] if prev_years else "")
        asks = "" if _ASKS.search(topic) else _asks_of(previous)
        return f"{span}{topic}{asks}"
    return question


def _asks_of(question: str) -> str:
    """How the previous question asked: "是多少" of "2016年GDP增长目标是多少"."""
    m = re.search(r"(是多少|有多少|多少|是什么|有哪些|怎么样|如何)[？?]?$", question)
    if m:
        return m.group(1)
    return "是多少" if parse_question(question).wants_number else ""


def unfollowed(question: str, history: list[str]) -> str:
    """What to tell the user of a follow-up with no question before it ("那2017年呢？" opening a
    conversation): it names no subject to search; "" for any other question."""
    if history or not is_follow_up(question):
        return ""
    _, topic = _years_and_topic(question)
    if topic and not PLACE.fullmatch(topic):
        return ""
    return (
        f"“{question.strip()}”是接着上一个问题的追问，但还没有上一个问题：请把问题问完整，"
        "例如“2017年GDP增长目标是多少”。"
    )


def _years_and_topic(question: str) -> tuple[list[str], str]:
    """What a follow-up names: its years as written ("2017年") and the rest ("就业目标", "白水县",
    "" for "那2017年呢"), without its lead and tail words."""
    rest = _TAIL.sub("", _LEAD.sub("", normalize_width(question).strip()))
    return _YEARS.findall(rest), _YEARS.sub("", rest).strip("的 ，,")
