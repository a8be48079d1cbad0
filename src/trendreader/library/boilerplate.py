"""WeChat-export and mirror-site noise: lines to drop and lines that end the article.

These patterns were written from the seed library (two mirrors of 刘润's 公众号, 虎嗅 and
秦朔朋友圈 reposts). They match whole cleaned lines, in either script.
"""

from __future__ import annotations

import re

_DROP_LINE = [
    r"返回列表[页頁]",
    r"公[众眾][号號]【.*?】[备備]份.*",
    r".*自[动動][备備]份[，,]?[仅僅]供查[阅閱]学[习習]",
    r"[这這]是\s*.*公[众眾][号號].*第\s*\d+\s*篇.*原[创創]文章",
    r"文章已[获獲][授权權]+",
    r".*(品牌推[广廣]|培[训訓]合作|商[业業]咨[询詢]).*\|.*",
    r"[请請]在公[众眾][号號]后台回[复復].*",
    r"(No\.\s*\d+\s*)?原[创創]首[发發]文章.*",
    r"[开開]白名[单單].*",
    r"[欢歡]迎[点點][看击擊].*",
    r"相[关關]文章",
    r".*-\s*\S{1,6}\s*-",  # a mirror's trailing signature, e.g. "…都在虎嗅!-虎嗅-"
]
_CREDIT_LINE = re.compile(
    r"^(?:[观觀]点|主[笔筆]|[编編]辑|[编編]輯|[责責][编編]|版面|作者|[来來]源)\s*[/:：]"
)
_TAIL_START = [
    r"推[荐薦][阅閱][读讀].*",
    r"往期推[荐薦].*",
    r"/+\s*END\s*/+",
    r"[点點][击擊]阅读原文.*",
]
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")

_DROP_RE = re.compile("|".join(f"(?:{p})" for p in _DROP_LINE))
_TAIL_RE = re.compile("|".join(f"(?:{p})" for p in _TAIL_START))


def is_noise_line(line: str) -> bool:
    """A line of boilerplate that carries nothing of the article."""
    text = line.strip()
    return bool(_DROP_RE.fullmatch(text) or _BARE_URL.match(text))


def is_credit_line(line: str) -> bool:
    """An author/editor/source credit: metadata, not prose."""
    return bool(_CREDIT_LINE.match(line.strip()))


def starts_tail(line: str) -> bool:
    """The promotion tail ("推荐阅读", "/// END ///"…) starts here: drop it and all after it."""
    return bool(_TAIL_RE.fullmatch(line.strip()))
