"""Titles of a series, shown by what differs: ``科技爱好者周刊（第 179 期）：AR 技术`` among
many ``科技爱好者周刊…`` reads ``第 179 期：AR 技术 · 科技爱好者周刊``. No Textual."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

MIN_SERIES = 3
"""Titles that must share a stem before it is moved to the end."""

MIN_STEM = 4
"""Shortest stem (characters) worth moving."""

_STEM_END = re.compile(r"[（(：:\-—|·｜【\[]|\d")
_LEAD = "：:-—|·｜ 　"
_PAIRS = {"（": "）", "(": ")", "【": "】", "[": "]"}


def series_stem(title: str) -> str:
    """The part of ``title`` before its first bracket, colon, dash or digit ("" when that is
    shorter than :data:`MIN_STEM` characters)."""
    match = _STEM_END.search(title)
    stem = title[: match.start()].rstrip() if match else ""
    stem = stem.removesuffix("第").rstrip()  # 每周分享第 1 期: 第 belongs with the number
    return stem if len(stem) >= MIN_STEM else ""


def distinct_tail(title: str, stem: str) -> str:
    """``title`` without ``stem``: leading separators dropped and an opening bracket's pair
    unwrapped (``（第 179 期）：AR`` → ``第 179 期：AR``)."""
    tail = title[len(stem) :].lstrip(_LEAD)
    if tail[:1] in _PAIRS:
        closing = tail.find(_PAIRS[tail[0]])
        if closing > 0:
            tail = tail[1:closing] + tail[closing + 1 :]
    return tail.strip() or title


def series_labels(titles: Sequence[str]) -> list[str]:
    """Each title as a sidebar shows it: a title whose stem at least :data:`MIN_SERIES`
    titles share reads ``tail · stem``; every other title is unchanged."""
    stems = [series_stem(title) for title in titles]
    shared = Counter(stem for stem in stems if stem)
    labels = []
    for title, stem in zip(titles, stems, strict=True):
        if stem and shared[stem] >= MIN_SERIES and len(title) > len(stem):
            labels.append(f"{distinct_tail(title, stem)} · {stem}")
        else:
            labels.append(title)
    return labels
