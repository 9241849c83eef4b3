"""Chinese keyword tokens for BM25: jieba search-mode words with a dictionary of policy terms.

Numbers stay whole with their unit sign (87.7%, 6.5%), full-width forms count as half-width, and
function words and punctuation are dropped, so "两委交叉任职比例是多少" gives 两委 交叉 任职 交叉任职 比例.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import jieba

from text.width import IDEOGRAPH, normalize_width

# jieba's start-up lines ("Building prefix dict…") are not for users, whichever module (jieba.posseg
# in the facts layer) starts it first.
jieba.setLogLevel(logging.WARNING)

TERMS_FILE = Path(__file__).with_name("policy_terms.txt")
# Bumped when tokenisation changes: a keyword index built with another version is rebuilt.
TOKENIZER_VERSION = "2"  # 2: traditional characters read as simplified

_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "是",
        "在",
        "对",
        "把",
        "被",
        "将",
        "为",
        "以",
        "于",
        "从",
        "等",
        "并",
        "也",
        "都",
        "而",
        "又",
        "就",
        "这",
        "那",
        "其",
        "之",
        "中",
        "上",
        "下",
        "个",
        "年",
        "多少",
        "什么",
        "怎么",
        "怎样",
        "如何",
        "哪些",
        "哪个",
        "几",
        "是否",
        "有没有",
        "吗",
        "呢",
        "啊",
        "请问",
        "请",
        "问",
        "一下",
        "我们",
        "我",
        "你",
        "他",
        "它",
        "提出",
        "有关",
        "关于",
        "方面",
        "进行",
        "问题",
    ]
)
_TOKEN_OK = re.compile(r"[\w%.+\-]")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?%?$")

_lock = threading.Lock()
_ready = False


def _init() -> None:
    global _ready
    with _lock:
        if _ready:
            return
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        jieba.load_userdict(str(TERMS_FILE))
        _ready = True


def warm() -> None:
    """Load the tokenizer's dictionaries now (a worker process's first task would wait for it)."""
    _init()


def tokenize_all(texts: list[str]) -> list[list[str]]:
    """The tokens of each text (a batch of a large report's chunks, in a worker process)."""
    return [tokenize(t) for t in texts]


def tokenize(text: str) -> list[str]:
    """Keyword tokens of a text, in order, repeats kept (BM25 counts them)."""
    if not _ready:
        _init()
    out: list[str] = []
    for tok in jieba.cut_for_search(normalize_width(text).lower()):
        tok = tok.strip()
        if not tok or tok in _STOPWORDS or not _TOKEN_OK.search(tok):
            continue
        if len(tok) == 1 and not _NUMBER.match(tok) and not IDEOGRAPH.match(tok):
            continue
        out.append(tok)
        if tok.endswith("%") and _NUMBER.match(tok):
            out.append(tok[:-1])  # "87.7%" also matches a question that writes 87.7
    return out
