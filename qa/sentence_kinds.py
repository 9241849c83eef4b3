"""What kind of sentence a report sentence is, by rule, for choosing what a summary quotes.

A summary should quote what a report says of its work (figures, targets, decisions), not its
formulas: the speaker addressing the audience about the report itself ("各位代表", "现在，我代表…
向大会报告…，请予审议", "现将…汇报如下", "不当之处请指正"), the closing call ("让我们…而努力奋斗！"),
or a sentence that frames without saying anything checkable (no figure, no indicator, no action).
The rules read the kind of sentence (an address, an exclamation, a frame), never one report's words.
"""

from __future__ import annotations

import re

from facts.model import Fact
from text.numbers import states_quantity
from text.width import normalize_width

# The speaker turning to the audience: a vocative, or the act of reporting itself named.
_VOCATIVE = re.compile(r"^(各位|同志们|代表们|委员们|朋友们|女士们|先生们)")
_REPORTING_ACT = re.compile(
    r"我代表.{1,20}(报告|汇报|作)"
    r"|请予审议|提出意见[。！]?$|(汇报|报告)如[下上]|不当之处|请.{0,6}(批评)?指正|^谢谢"
)
# A call to the audience: "让我们…", "…而努力奋斗！", or a sentence ending in ！ with no figure.
_CALL_OPENING = re.compile(r"^让我们")
_CALL_ENDING = re.compile(r"而(努力|不懈|团结|共同)?奋斗[!！]*$")
# A frame: the leadership or guidance a sentence is placed under, said without a figure.
_FRAME = re.compile(r"领导下|为指导|为指引|伟大旗帜|精神为|贯彻落实.{0,20}精神|重要思想|总书记")
# Verbs of action and decision: what a government or party committee did or will do.
_ACTION = re.compile(
    r"实施|推进|推动|加快|加强|加大|完善|深化|建立|健全|出台|取消|下放|设立|启动|开展|扩大|提高|降低|"
    r"减少|安排|制定|落实|部署|决定|新建|改造|改扩建|建成|完成|实现|支持|鼓励|培育|整治|淘汰|化解|"
    r"引导|保障|提升|增加|优化|调整|成立|组建|明确|规范|严格|整改|惩治|查处"
)


def addresses_audience(sentence: str) -> bool:
    """The speaker speaking to the audience about the report itself: "各位代表：", "现在，我代表国务院，
    向大会报告政府工作，请予审议…", "现将有关情况汇报如下", "简要汇报如上，不当之处请指正！"."""
    text = normalize_width(sentence).strip()
    return bool(_VOCATIVE.match(text) or _REPORTING_ACT.search(text))


def is_call(sentence: str) -> bool:
    """A closing call or exclamation with nothing checkable in it: "让我们…，为…而努力奋斗！",
    "对我国发展取得的成就，全国各族人民倍感振奋和自豪！" (no figure)."""
    text = normalize_width(sentence).strip()
    if _CALL_OPENING.match(text) or _CALL_ENDING.search(text):
        return True
    return text.endswith(("!", "！")) and not states_quantity(text)


# A pointer to another place of the report ("全县主要经济指标完成情况见下表。"): it says nothing itself.
_POINTER = re.compile(r"(见|如)(下|上|附)表|见附件|详见")


def is_formula(sentence: str) -> bool:
    """A formula a summary never quotes: an address to the audience, a closing call, a pointer to
    another place of the report ("…见下表。")."""
    return addresses_audience(sentence) or is_call(sentence) or bool(_POINTER.search(sentence))


def is_frame(sentence: str) -> bool:
    """A sentence placing the work under its leadership or guidance, with no figure in it
    ("在以…为核心的党中央坚强领导下，全国各族人民…"): said of every report, so it summarises none."""
    return bool(_FRAME.search(sentence)) and not states_quantity(sentence)


def states_action(sentence: str) -> bool:
    """Whether a sentence says something is done or decided (实施、取消、新建、完成…)."""
    return bool(_ACTION.search(sentence))


def is_empty(sentence: str, facts: list[Fact]) -> bool:
    """A sentence with no figure, no indicator a fact ties to it and no action: it says nothing a
    reader could check ("成绩来之不易。", "这些成绩，是在极为复杂严峻的国际环境中取得的。")."""
    return not facts and not states_quantity(sentence) and not states_action(sentence)


# Words of a shortcoming: what a review names as its problems, not its results.
_PROBLEM = re.compile(r"问题|不足|困难|差距|薄弱|短板|滞后|不够|不强|不高|偏大|偏低|没有得到|未能|有待")


def states_problem(sentence: str) -> bool:
    """A sentence naming a shortcoming ("有的政策在一些基层没有得到认真落实。", "专业人才不足。")."""
    return bool(_PROBLEM.search(sentence))
