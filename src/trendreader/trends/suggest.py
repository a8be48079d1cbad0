"""Suggested trends: the topics a library's reports share, found without a curated list.

Candidates are section headings (the part before a colon: 太空经济：航天平民化… → 太空经济)
and terms: runs of 2–6 units (a unit is a Han character or a Latin word such as AI) in the
text folded to simplified characters. A candidate must occur in two or more reports. Dropped:
stop-phrases and generic words (我们, 一个, 发展, 问题 …), terms that begin or end with a
function character (的, 了, 是 …), and fragments — a term that nearly always occurs inside
the same longer term (自动驾 inside 自动驾驶, 形机器人 inside 人形机器人) gives way to it, as
does a term contained in a higher-ranked one found in the same reports. What is left is ranked
by the number of reports, then of years, it spans; terms that are also headings come first
among equals, then the more frequent.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trendreader.library.catalog import Library
from trendreader.library.model import PassageKind, Report, Script
from trendreader.reading import choose_edition
from trendreader.script.convert import convert_many
from trendreader.script.fold import fold_to_simplified
from trendreader.script.variants import Variant
from trendreader.trends.model import Trend

__all__ = ["STOP_PHRASES", "Suggestion", "suggest_terms", "suggest_trends"]

MIN_REPORTS = 2
MIN_COUNT = 3  # occurrences in the whole library
MAX_UNITS = 5  # longest term, in units
FRAGMENT_SHARE = 0.5  # of a term's occurrences inside one longer term: a fragment of it
MIN_PMI = 2.5  # cohesion of a term's parts (natural log)
MIN_FREEDOM = 1.0  # entropy of the units before and after a term (natural log)
#: Reading every passage of a very large library costs seconds; past this many characters
#: the reports are sampled evenly (suggestions are statistics, the sample keeps them).
CHAR_BUDGET = 800_000
MAX_CHARS_PER_REPORT = 60_000

_UNIT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[A-Za-z][A-Za-z0-9+]*")
_RUN = re.compile(r"(?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[A-Za-z][A-Za-z0-9+]*)+")
_HEADING_SPLIT = re.compile(r"[\s:：,，、。.！!？?；;“”\"'「」『』《》()（）【】\[\]|/—–-]+")

#: Function characters a term may not begin with / end with.
BAD_FIRST = set(
    "用的了着过吗呢吧啊呀么们是在和与也都就而及把被让给这那很最更又还我你他她它其之所并但却或即便若因如该此每各些哪谁啥个于对从向比使得地"
)
BAD_LAST = set(
    "的了着过吗呢吧啊呀么们是在和与也都就而及把被让给这那很最更又还我你他她它其之所并但却或即若因如该此每各些哪谁啥个于对从向比将会能要可把到说着得地上下中里"
)

#: Stop-phrases (function words) and words too general to be a topic of their own.
_STOP_TEXT = """
我们 你们 他们 她们 它们 咱们 自己 大家 别人 人们 一个 一些 一种 一样
一起 一定 一直 一下 一切 一次 一方面 这个 那个 这些 那些 这样 那样 这种
那种 这里 那里 这是 这就 这也 什么 怎么 怎样 为什么 可以 可能 因为 所以
如果 虽然 但是 然后 而且 并且 或者 还是 以及 没有 不是 已经 就是 还有
只是 只有 不会 不能 需要 应该 能够 必须 可是 其实 当然 甚至 非常 特别
比较 越来越 现在 今天 明天 昨天 今年 去年 明年 时候 时间 时代 之后 之前
以后 以前 以上 以下 之一 之间 之中 当时 目前 未来 过去 最后 开始 一年
两年 十年 每年 每个 每天 几乎 同时 其中 另外 此外 例如 比如 包括 通过
进行 成为 出现 发现 认为 觉得 知道 看到 告诉 希望 问题 方面 方式 情况
事情 东西 地方 部分 程度 结果 原因 意义 作用 能力 关系 基础 条件 过程
阶段 水平 机会 可能性 重要 主要 不同 相关 实际 真正 真的 不断 继续
一直在 很多 许多 更多 更加 不少 所有 各种 这么 那么 多少 怎么样 如何
为了 对于 关于 根据 由于 按照 来说 而言 的话 一点 有点 有些 有的 还要
也是 都是 就会 就能 会有 没有了 不过 而是 只要 只能 不要 也就是 也不
不再 并不 并非 同样 甚至是 国家 社会 世界 经济 发展 企业 公司 市场 产业
行业 技术 科技 产品 用户 中国 全球 美国 国际 研究 创新 领域 团队 项目
资金 投资 成本 价格 数据 内容 平台 服务 模式 机构 政府 政策 人类 一家
两个 三个 几个 第一 第二 第三 第四 第五 百分之 左右 以来 之所以 左二
右侧 主笔 编辑 责编 版面 来源 原创 授权 文章 公众号 返回 列表 查阅 学习
备份 转载 作者 图片 视频 点击 阅读 结语 前言 引言 总结 目录 附录 参考
说明 简介 概述 背景 小结 本文 我的 你的 他的 出来 起来 下来 上来 进去
回来 过来 句话 后来 不管 具体 共同 大量 迅速 构成 适应 背后 理解 创造
一方面 另一方面 不仅 而已 罢了 得到 做到 达到 带来 提供 实现 推动 提高
提升 形成 具有 拥有 存在 产生 面对 面临 发生 变成 做出 采用 使用 利用
选择 解决 改变 支持 帮助 影响 加快 加大 保持 打造 建立 建设 进入 走向
完成 获得 取得 增加 减少 超过 进一步 大规模
"""
STOP_PHRASES = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A term the reports share, with what ranked it."""

    term: str  # folded to simplified
    reports: int
    years: int
    count: int
    heading: bool

    def trend(self) -> Trend:
        return Trend(name=self.term, aliases=(self.term,), suggested=True)


def _report_texts(report: Report) -> tuple[list[str], list[str]]:
    """(body passages, headings) of a report, folded to simplified, from the edition shown
    in simplified (so a report in both scripts is read once)."""
    edition = choose_edition(report, Variant.SIMPLIFIED)
    body: list[str] = []
    headings: list[str] = [fold_to_simplified(report.title)]
    used = 0
    texts = [p.text for p in edition.passages]
    if edition.script != Script.SIMPLIFIED:  # the mainland wording: 人工智慧 → 人工智能
        texts = convert_many(texts, "tw2sp")
    for passage, shown in zip(edition.passages, texts, strict=True):
        text = fold_to_simplified(shown)
        if passage.kind == PassageKind.HEADING:
            headings.append(text)
        used += len(text)
        if used > MAX_CHARS_PER_REPORT:
            break
        body.append(text)
    return body, headings


def _sample(reports: Sequence[Report]) -> list[Report]:
    total = sum(len(r.primary.passages) for r in reports) * 120  # ~chars a passage
    if total <= CHAR_BUDGET:
        return list(reports)
    keep = max(MIN_REPORTS, int(len(reports) * CHAR_BUDGET / total))
    step = len(reports) / keep
    return [reports[int(i * step)] for i in range(keep)]


def _units(text: str) -> list[list[str]]:
    return [_UNIT.findall(run) for run in _RUN.findall(text)]


def _is_latin(unit: str) -> bool:
    return unit[0].isascii()


def _acceptable(units: tuple[str, ...]) -> bool:
    if len(units) == 1:
        word = units[0]  # only Latin words stand alone (AI, GPU, DeepSeek)
        return _is_latin(word) and len(word) >= 2 and not word.islower()
    if all(_is_latin(u) for u in units):
        return False
    first, last = units[0], units[-1]
    if first in BAD_FIRST or last in BAD_LAST or (len(units) == 2 and first == "一"):
        return False
    term = "".join(units)
    if term[0] in "几十百千万亿" or "美元" in term or term[-1] in "万亿":
        return False  # amounts: 几十万, 亿美元
    return term not in STOP_PHRASES and not any(
        term[i:j] in STOP_PHRASES and (i == 0 or j == len(term))
        for i in range(len(term))
        for j in range(i + 2, len(term) + 1)
        if (i, j) != (0, len(term)) and (j - i) >= max(2, len(term) - 1)
    )


_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,8})[”\"」』]")
_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")


def _heading_segments(heading: str) -> list[str]:
    """The topics a heading names: what it puts in quotes (“卡脖子”), the part before a
    colon (太空经济：航天平民化… → 太空经济), or the whole of a short heading (具身智能)."""
    text = _BRACKETED.sub(" ", heading).strip()
    found = _QUOTED.findall(text)
    pieces = re.split(r"[:：]", text, maxsplit=1)
    found.append(pieces[0] if len(pieces) > 1 else text)
    out = []
    for part in found:
        part = part.strip(" \"'“”「」『』")
        if 2 <= len(part) <= 8 and _RUN.fullmatch(part) and part not in STOP_PHRASES:
            out.append(part)
    return out


class _Encoder:
    """Units as single characters: a Latin word becomes a private-use character, so every
    term is a plain substring of its run (fast to slice, count and hash)."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}
        self.words: dict[str, str] = {}

    def run(self, units: list[str]) -> str:
        return "".join(u if len(u) == 1 and not u.isascii() else self._code(u) for u in units)

    def _code(self, word: str) -> str:
        code = self.codes.get(word)
        if code is None:
            code = self.codes[word] = chr(0xF0000 + len(self.codes))
            self.words[code] = word
        return code

    def units(self, gram: str) -> tuple[str, ...]:
        return tuple(self.words.get(c, c) for c in gram)


def suggest_terms(
    library: Library, *, limit: int = 20, exclude: Iterable[str] = ()
) -> list[Suggestion]:
    """The top ``limit`` shared terms of ``library`` (see the module docstring); terms in
    ``exclude`` (folded; e.g. the curated trends' names and aliases) are left out."""
    reports = _sample(library.reports)
    excluded = {fold_to_simplified(e).casefold() for e in exclude}
    encoder = _Encoder()
    counts: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    heading_terms: set[str] = set()
    runs_of: list[list[str]] = []
    for report in reports:
        body, headings = _report_texts(report)
        for heading in headings:
            heading_terms.update(_heading_segments(heading))
        runs = [encoder.run(units) for passage in body for units in _units(passage)]
        runs_of.append(runs)
        grams = [
            run[i : i + n]
            for run in runs
            for n in range(1, MAX_UNITS + 1)
            for i in range(len(run) - n + 1)
        ]
        counts.update(grams)
        spread.update(set(grams))
    total = sum(c for g, c in counts.items() if len(g) == 1) or 1
    candidates: dict[str, int] = {}
    for gram, count in counts.items():
        if count < MIN_COUNT or spread[gram] < MIN_REPORTS:
            continue
        units = encoder.units(gram)
        if not _acceptable(units) or "".join(units).casefold() in excluded:
            continue
        if _cohesion(gram, counts, total) >= MIN_PMI:
            candidates[gram] = count
    # a fragment: most of its occurrences are inside one longer term (自动 in 自动驾驶)
    inside: Counter[str] = Counter()
    for gram, count in counts.items():
        if len(gram) > 1:
            for part in (gram[1:], gram[:-1]):
                if part in candidates and count > inside[part]:
                    inside[part] = count
    candidates = {g: c for g, c in candidates.items() if inside[g] < FRAGMENT_SHARE * c}
    # boundary freedom: how varied the units around a term are (low: a fragment); years
    left: dict[str, Counter[str]] = {g: Counter() for g in candidates}
    right: dict[str, Counter[str]] = {g: Counter() for g in candidates}
    years: dict[str, set[int | None]] = {g: set() for g in candidates}
    edge = 0
    for report, runs in zip(reports, runs_of, strict=True):
        for run in runs:
            size = len(run)
            for n in range(1, MAX_UNITS + 1):
                for i in range(size - n + 1):
                    gram = run[i : i + n]
                    if gram not in candidates:
                        continue
                    edge += 1
                    left[gram][run[i - 1] if i > 0 else f"^{edge}"] += 1
                    right[gram][run[i + n] if i + n < size else f"${edge}"] += 1
                    years[gram].add(report.year)
    ranked: list[tuple[Suggestion, float]] = []
    for gram, count in candidates.items():
        freedom = min(_entropy(left[gram]), _entropy(right[gram]))
        if freedom < MIN_FREEDOM:
            continue
        term = "".join(encoder.units(gram))
        is_heading = any(term in segment for segment in heading_terms)
        suggestion = Suggestion(term, spread[gram], len(years[gram]), count, is_heading)
        ranked.append((suggestion, freedom))
    ranked.sort(key=lambda item: _rank(item[0], item[1]))
    chosen: list[Suggestion] = []
    for candidate, _freedom in ranked:
        if any(
            candidate.term in better.term and candidate.reports == better.reports
            for better in chosen
        ):
            continue
        chosen.append(candidate)
        if len(chosen) >= limit:
            break
    return chosen


def _cohesion(gram: str, counts: Counter[str], total: int) -> float:
    """The weakest pointwise mutual information over the term's split points (high: the
    parts belong together; low: two words that merely meet)."""
    if len(gram) == 1:
        return math.inf
    whole = counts[gram] / total
    return min(
        math.log(whole / ((counts[gram[:i]] / total) * (counts[gram[i:]] / total)))
        for i in range(1, len(gram))
    )


def _entropy(neighbours: Counter[str]) -> float:
    total = sum(neighbours.values())
    return -sum(c / total * math.log(c / total) for c in neighbours.values()) if total else 0.0


def _tier(s: Suggestion) -> int:
    """0: a heading's topic; 1: a compound (3+ Han characters) or a Latin name; 2: a word."""
    if s.heading:
        return 0
    return 1 if len(s.term) > 2 or s.term.isascii() else 2


def _rank(s: Suggestion, freedom: float) -> tuple[float | int | str, ...]:
    quality = freedom * math.log(1 + s.count)
    return (_tier(s), -s.reports, -s.years, -quality, s.term)


def suggest_trends(
    library: Library, curated: Sequence[Trend] = (), *, limit: int = 20
) -> list[Trend]:
    """Suggested trends for ``library`` (below the curated ones, marked ``suggested``),
    leaving out what a curated trend already names."""
    exclude = [t.name for t in curated] + [a for t in curated for a in t.aliases]
    return [s.trend() for s in suggest_terms(library, limit=limit, exclude=exclude)]
