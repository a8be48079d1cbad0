"""Keywords of a library: rjieba words and compounds over text folded to simplified, with
IDF over the library and its boilerplate left out (no Textual here).

Each report is read once, from the edition shown in simplified, in mainland wording
(人工智慧 → 人工智能), folded to simplified characters so 中國 and 中国 count once. Then:

1. **Boilerplate lines** — a line found in :data:`LINE_SHARE` of the reports or more (and in
   at least :data:`MIN_LINE_REPORTS`), such as a subscription footer, is dropped.
2. **Words** — rjieba (jieba-rs) cuts each line and tags each word. A word is a candidate when
   it is a noun-like word (n, nz, vn, nt, nr, ns, j, l, eng) of two or more characters, or a
   Latin name (AI, GPU, DeepSeek; not an all-lower-case word), and not a stop word
   (:data:`~trendreader.trends.stopwords.STOP_WORDS`: function words, generic words and the
   words of a newsletter's furniture such as 欢迎, 订阅, 本周, 封面图).
3. **Compounds** — two or three adjacent content words (人形 + 机器人, 固态 + 电池, 自动 + 驾驶)
   are one term when they hold together: the compound makes up :data:`COMPOUND_SHARE` or more
   of its rarer part's occurrences. A word (or a shorter compound) whose occurrences are mostly
   (:data:`FRAGMENT_SHARE`) inside such compounds is a fragment (自动, 机器 …) and gives way.
4. **Boilerplate terms** — in a library of :data:`MIN_REPORTS_FOR_SHARE` reports or more, a
   term found in more than :data:`MAX_REPORT_SHARE` of them is the library's furniture, not a
   topic (measured on a 418-issue newsletter: see ``bench/trends.py``).

What is left is the library's vocabulary: per term, the reports holding it and its count.
:meth:`TermIndex.keywords` ranks terms by IDF × repeated occurrences.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from trendreader.library.catalog import Library
from trendreader.library.model import PassageKind, Report, Script
from trendreader.reading import choose_edition
from trendreader.script.convert import convert_many
from trendreader.script.fold import fold_to_simplified
from trendreader.script.variants import Variant
from trendreader.trends.stopwords import STOP_WORDS

__all__ = [
    "COMPOUND_SHARE",
    "FRAGMENT_SHARE",
    "LINE_SHARE",
    "MAX_REPORT_SHARE",
    "Keyword",
    "PassageTerms",
    "TermIndex",
    "build_term_index",
    "folded_passage_terms",
    "passage_terms",
    "report_lines",
]

LINE_SHARE = 0.1  # of the reports: a line repeated in this many is boilerplate
MIN_LINE_REPORTS = 3
MAX_REPORT_SHARE = 0.7  # of the reports: a term in more of them is furniture
MIN_REPORTS_FOR_SHARE = 20
COMPOUND_SHARE = 0.3
FRAGMENT_SHARE = 0.5
MIN_REPORTS = 2
MIN_COUNT = 3
MAX_TERM_CHARS = 8
#: Past this many characters the reports are sampled evenly (keywords are statistics).
CHAR_BUDGET = 6_000_000
MAX_CHARS_PER_REPORT = 60_000

NOUNS = frozenset({"n", "nz", "vn", "nt", "nr", "nrt", "ns", "j", "l", "eng", "nrfg", "an"})
#: Parts of speech that never join a compound (function words, numbers, pronouns …).
NO_JOIN = frozenset(
    {"u", "uj", "ul", "uz", "ug", "uv", "ud", "p", "c", "r", "d", "m", "mq", "q", "y", "e", "o"}
    | {"x", "w", "t", "f", "zg", "ul", "rr", "rz", "k", "h"}
)
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+\.(?:com|org|net|io|cn)\S*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+#.-]*")


@dataclass(frozen=True, slots=True)
class Keyword:
    """A term of the library and what ranked it."""

    term: str  # folded to simplified
    reports: int
    count: int
    years: int
    score: float


@dataclass(slots=True)
class TermIndex:
    """The library's vocabulary: per term, the reports (indices into ``report_keys``) that
    hold it and its occurrences. Built by :func:`build_term_index`."""

    report_keys: tuple[str, ...]
    report_years: tuple[int | None, ...]
    where: dict[str, tuple[int, ...]]
    counts: dict[str, int]
    boilerplate_lines: frozenset[str] = frozenset()
    boilerplate_terms: frozenset[str] = frozenset()
    #: the topics the library's headings name (:func:`heading_topics`; None: not found)
    heading_topics: frozenset[str] | None = None
    _years: dict[int | None, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._years = dict(Counter(self.report_years))

    def __reduce__(self) -> tuple[Callable[..., TermIndex], tuple[object, ...]]:
        # ``where`` as arrays of report numbers: pickle writes an int each time it occurs
        # and reads it back as an object of its own (~415,000 of them, 11 MB, at 10,000
        # reports, where the index built here shares the ~3,000 it counts with)
        where = {term: array("I", reports) for term, reports in self.where.items()}
        fields = (self.report_keys, self.report_years, where, self.counts)
        rest = (self.boilerplate_lines, self.boilerplate_terms, self.heading_topics)
        return (_term_index, (*fields, *rest))

    @property
    def size(self) -> int:
        return len(self.report_keys)

    def reports_in_year(self, year: int | None) -> int:
        return self._years.get(year, 0)

    def idf(self, term: str) -> float:
        return math.log((1 + self.size) / (1 + len(self.where.get(term, ())))) + 1

    def years_of(self, term: str) -> Counter[int | None]:
        """Year → reports holding ``term``."""
        return Counter(self.report_years[i] for i in self.where.get(term, ()))

    def keywords(self, *, limit: int = 20, exclude: Iterable[str] = ()) -> list[Keyword]:
        """The top terms by IDF × the occurrences past the first in each report: a topic
        comes back within the reports that hold it (ChatGPT, 固态电池), a generic word is
        said once here and there (声音, 效率) and scores low."""
        excluded = {fold_to_simplified(e).casefold() for e in exclude}
        ranked = []
        for term, where in self.where.items():
            folded = term.casefold()  # out: a curated name, or a term holding one
            if folded in excluded or any(e in folded for e in excluded if len(e) > 1):
                continue
            count = self.counts[term]
            years = len({self.report_years[i] for i in where})
            score = (count - len(where) + 0.5) * self.idf(term)
            ranked.append(Keyword(term, len(where), count, years, score))
        ranked.sort(key=lambda k: (-k.score, k.term))
        return ranked[:limit]


def _term_index(
    report_keys: tuple[str, ...],
    report_years: tuple[int | None, ...],
    where: dict[str, array],
    counts: dict[str, int],
    boilerplate_lines: frozenset[str],
    boilerplate_terms: frozenset[str],
    headings: frozenset[str] | None = None,
) -> TermIndex:
    """A :class:`TermIndex` from its pickled form (:meth:`TermIndex.__reduce__`): each report
    number one int object, shared by every term that report holds."""
    numbers = list(range(len(report_keys)))
    shared = {term: tuple(map(numbers.__getitem__, reports)) for term, reports in where.items()}
    return TermIndex(
        report_keys, report_years, shared, counts, boilerplate_lines, boilerplate_terms, headings
    )


_RUN = re.compile(r"(?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[A-Za-z][A-Za-z0-9+]*)+")
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
        if 2 <= len(part) <= 8 and _RUN.fullmatch(part) and part not in STOP_WORDS:
            out.append(part)
    return out


def heading_topics(library: Library) -> frozenset[str]:
    """The topics the section headings of ``library`` name (:func:`_heading_segments` of
    each heading of each report's simplified edition, folded to simplified)."""
    topics: set[str] = set()
    for report in library.reports:
        edition = choose_edition(report, Variant.SIMPLIFIED)
        for passage in edition.passages:
            if passage.kind == PassageKind.HEADING:
                topics.update(_heading_segments(fold_to_simplified(passage.text)))
    return frozenset(topics)


def report_lines(report: Report) -> list[str]:
    """The lines of a report as keywords see them: the simplified edition in mainland
    wording, folded to simplified characters, URLs removed."""
    edition = choose_edition(report, Variant.SIMPLIFIED)
    texts = [p.text for p in edition.passages]
    if edition.script != Script.SIMPLIFIED:
        texts = convert_many(texts, "tw2sp")
    lines: list[str] = [fold_to_simplified(report.title)]
    used = 0
    for text in texts:
        used += len(text)
        if used > MAX_CHARS_PER_REPORT:
            break
        for line in fold_to_simplified(text).splitlines():
            line = (_URL.sub(" ", line) if "." in line or "@" in line else line).strip()
            if line:
                lines.append(line)
    return lines


def _line_key(line: str) -> str:
    return "".join(line.split())


def _boilerplate_lines(lines_of: Sequence[list[str]]) -> frozenset[str]:
    seen: Counter[str] = Counter()
    for lines in lines_of:
        seen.update({_line_key(line) for line in lines[1:]})  # a title is never boilerplate
    floor = max(MIN_LINE_REPORTS, math.ceil(LINE_SHARE * len(lines_of)))
    return frozenset(line for line, n in seen.items() if n >= floor and len(line) > 1)


_HAN_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_SINGLE_NOUNS = NOUNS - {"vn", "an"}
_STARTS = NOUNS | {"a", "b"}
ALONE, JOINS, LATIN, STOP = 1, 2, 4, 8  # what a (word, tag) may be, as flags


@lru_cache(maxsize=200_000)
def _kind(word: str, tag: str) -> int:
    """ALONE: a candidate on its own (a noun-like word of 2+ Han characters, or a Latin name
    such as AI or DeepSeek that is not all lower case); JOINS: may be a part of a compound
    (a stop word may: 机器 + 学习; a function word may not); LATIN; STOP."""
    han = bool(_HAN_WORD.fullmatch(word))
    latin = not han and bool(_LATIN.fullmatch(word))
    stop = word in STOP_WORDS
    flags = (LATIN if latin else 0) | (STOP if stop else 0)
    if not stop and (
        (latin and len(word) >= 2 and not word.islower())
        or (han and tag in _SINGLE_NOUNS and len(word) >= 2)
    ):
        flags |= ALONE
    if tag not in NO_JOIN and (han or latin):
        flags |= JOINS
    return flags


def segment(line: str, words: Counter[str] | None = None) -> list[tuple[str, ...]]:
    """The candidate terms of one line, in order: each a tuple of its words (one word, or
    the two or three words of a compound). ``words`` counts every word seen."""
    import rjieba

    tagged = [(w, t, _kind(w, t)) for w, t in rjieba.tag(line) if not w.isspace()]
    if words is not None:
        words.update(w for w, _t, _k in tagged)
    found: list[tuple[str, ...]] = []
    for i, (word, tag, kind) in enumerate(tagged):
        if kind & ALONE:
            found.append((word,))
        if not kind & JOINS or tag not in _STARTS:
            continue
        parts, size, kinds = [word], len(word), kind
        for next_word, next_tag, next_kind in tagged[i + 1 : i + 3]:
            if not next_kind & JOINS:
                break
            parts.append(next_word)
            size += len(next_word)
            if size > MAX_TERM_CHARS:
                break
            all_latin = kinds & next_kind & LATIN
            all_stop = kinds & next_kind & STOP
            kinds &= next_kind
            if size >= 3 and not all_latin and not all_stop and _ends_well(next_word, next_tag):
                found.append(tuple(parts))
            if next_tag == "v":  # no verb inside a compound
                break
    return found


def _ends_well(word: str, tag: str) -> bool:
    """A compound starts with a noun-like word or a modifier (人形, 大, 自动), has no verb
    inside, ends in a noun-like word or a verb of two characters (自动 + 驾驶, 量子 + 计算),
    and is neither all Latin nor all stop words (中国 + 市场). Not: 会出现, 药吃进去,
    看DAO报告 (and what is not cohesive, such as 进展值得, is dropped later)."""
    return tag in NOUNS or (tag == "v" and len(word) >= 2)


def _sample(reports: Sequence[Report]) -> list[Report]:
    total = sum(len(p.text) for r in reports for p in r.primary.passages[:200])
    if total <= CHAR_BUDGET:
        return list(reports)
    keep = max(MIN_REPORTS, int(len(reports) * CHAR_BUDGET / total))
    step = len(reports) / keep
    return [reports[int(i * step)] for i in range(keep)]


def build_term_index(library: Library) -> TermIndex:
    """Read ``library`` once (see the module docstring) into its :class:`TermIndex`."""
    reports = _sample(library.reports)
    lines_of = [report_lines(r) for r in reports]
    boiler = _boilerplate_lines(lines_of)
    where: dict[tuple[str, ...], list[int]] = {}
    counts: Counter[tuple[str, ...]] = Counter()
    words: Counter[str] = Counter()
    for n, lines in enumerate(lines_of):
        seen: set[tuple[str, ...]] = set()
        for line in lines:
            if _line_key(line) in boiler:
                continue
            for term in segment(line, words):
                counts[term] += 1
                if term not in seen:
                    seen.add(term)
                    where.setdefault(term, []).append(n)
    kept = _cohesive(counts, where, words)
    size = len(reports)
    furniture = frozenset(
        "".join(t)
        for t in kept
        if size >= MIN_REPORTS_FOR_SHARE and len(where[t]) > MAX_REPORT_SHARE * size
    )
    final_where: dict[str, tuple[int, ...]] = {}
    final_counts: dict[str, int] = {}
    for term in kept:
        joined = "".join(term)
        if joined in furniture or joined in STOP_WORDS:
            continue
        final_where[joined] = tuple(sorted(set(final_where.get(joined, ())) | set(where[term])))
        final_counts[joined] = final_counts.get(joined, 0) + counts[term]
    return TermIndex(
        tuple(r.key for r in reports),
        tuple(r.year for r in reports),
        final_where,
        final_counts,
        boiler,
        furniture,
        # read here, with every passage, and kept with the index: the reader reads its
        # index back from disk and holds its passages packed (`library.packed`)
        heading_topics(library),
    )


def _cohesive(
    counts: Counter[tuple[str, ...]],
    where: dict[tuple[str, ...], list[int]],
    words: Counter[str],
) -> list[tuple[str, ...]]:
    """Terms found often enough, compounds that hold together, fragments dropped."""
    frequent = {t: c for t, c in counts.items() if c >= MIN_COUNT and len(where[t]) >= MIN_REPORTS}
    compounds = {
        t: c
        for t, c in frequent.items()
        if len(t) > 1 and c >= COMPOUND_SHARE * min(words[p] for p in t)
    }
    inside: Counter[tuple[str, ...]] = Counter()  # occurrences inside compounds that hold
    for term, c in compounds.items():
        pieces = [(p,) for p in term] + ([term[:2], term[1:]] if len(term) == 3 else [])
        for piece in pieces:
            inside[piece] += c
    kept = []
    for term, c in frequent.items():
        if len(term) > 1 and term not in compounds:
            continue
        total = words[term[0]] if len(term) == 1 else c
        if inside[term] >= FRAGMENT_SHARE * max(total, 1):
            continue  # a fragment: 自动 inside 自动驾驶
        kept.append(term)
    return kept


def passage_terms(text: str, vocabulary: dict[str, tuple[int, ...]]) -> set[str]:
    """The library's terms (``TermIndex.where``) found in one passage (any script)."""
    return folded_passage_terms(fold_to_simplified(text), vocabulary)


def folded_passage_terms(folded: str, vocabulary: dict[str, tuple[int, ...]]) -> set[str]:
    """:func:`passage_terms` of a passage already folded to simplified."""
    return {"".join(t) for t in segment(_URL.sub(" ", folded))} & vocabulary.keys()


class PassageTerms:
    """:func:`passage_terms` over one :class:`TermIndex`, remembered by the passage's folded
    text (at most :attr:`LIMIT` texts, then forgotten at once). A trend's year table reads the
    same passages in every script: segmenting them took ~0.7 s a table at 2,000 reports, and
    the 繁體, 臺灣 and 香港 passages fold back to the same text but where regional words differ.
    Safe to call from several threads (two that miss at once both segment)."""

    LIMIT = 10_000

    def __init__(self, index: TermIndex) -> None:
        self.index = index
        self._found: dict[str, frozenset[str]] = {}

    def __call__(self, text: str) -> frozenset[str]:
        folded = fold_to_simplified(text)
        found = self._found.get(folded)
        if found is None:
            found = frozenset(folded_passage_terms(folded, self.index.where))
            if len(self._found) >= self.LIMIT:
                self._found = {}
            self._found[folded] = found
        return found
