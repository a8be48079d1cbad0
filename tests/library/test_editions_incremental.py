"""The shingle table kept between loads groups editions as a fresh full grouping does.

Libraries are generated here: simplified reports, some with a traditional edition (the same
text with traditional characters), a boilerplate paragraph in enough reports that its
shingles' postings pass the 64-edition limit and fall back under it when reports go.
"""

from __future__ import annotations

import pickle
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest

from trendreader.library import editions as grouping
from trendreader.library.editions import ShingleTable, group_editions, sample_shingles
from trendreader.library.model import Edition, Metadata, Passage, PassageKind
from trendreader.script.kinds import Script

SIMPLE = "这个国为说时会发经电车书见长门问东们来对"
TRADITIONAL = "這個國為說時會發經電車書見長門問東們來對"
NEUTRAL = "的一是在人大中上下天山水火木金土日月年心手口目田"
TO_TRADITIONAL = str.maketrans(SIMPLE, TRADITIONAL)
BOILERPLATE = "本报告由研究团队整理发布转载请注明出处欢迎订阅每周的趋势观察与行业分析"


def paragraph(rnd: random.Random, length: int) -> str:
    return "".join(rnd.choice(SIMPLE + NEUTRAL) for _ in range(length))


def edition(key: str, text: str, script: Script) -> Edition:
    passages = tuple(
        Passage(key, i, PassageKind.PARAGRAPH, line) for i, line in enumerate(text.split("\n"))
    )
    return Edition(
        key=key,
        path=Path(f"/reports/{key}.md"),
        script=script,
        encoding="utf-8",
        meta=Metadata(title=key),
        passages=passages,
        content_hash=f"{hash(text) & 0xFFFFFFFF:08x}{len(text)}",
    )


def generated_library(seed: int, reports: int) -> list[Edition]:
    """``reports`` simplified reports; one in four has a traditional edition; about 70 of
    them end with the same boilerplate; a few share whole paragraphs with another."""
    rnd = random.Random(seed)
    shared = [paragraph(rnd, 120) for _ in range(6)]
    out: list[Edition] = []
    for number in range(reports):
        lines = [paragraph(rnd, rnd.randint(80, 300)) for _ in range(rnd.randint(1, 4))]
        if rnd.random() < 0.3:
            lines.append(rnd.choice(shared))
        if number % 3 == 0 or number < 70:
            lines.append(BOILERPLATE)
        text = "\n".join(lines)
        out.append(edition(f"r{number:04d}", text, Script.SIMPLIFIED))
        if number % 4 == 1:
            twin = text.translate(TO_TRADITIONAL)
            if rnd.random() < 0.3:  # an edition that is not quite the same text
                twin = twin[: len(twin) * 2 // 3]
            out.append(edition(f"r{number:04d}_tw", twin, Script.TRADITIONAL))
    return sorted(out, key=lambda e: e.key)


def reference_groups(found: Sequence[Edition]) -> list[list[str]]:
    """The full grouping as it was before the table: postings rebuilt from every sample."""
    postings: dict[str, list[int]] = {}
    counts = []
    for index, e in enumerate(found):
        sample = sample_shingles(e.full_text())
        for shingle in sample:
            postings.setdefault(shingle, []).append(index)
        counts.append(len(sample))
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if 2 <= len(members) <= 64:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if found[a].script != found[b].script:
                        shared[(a, b)] += 1
    parent = list(range(len(found)))
    scripts = [{e.script} for e in found]

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for (a, b), count in sorted(shared.items()):
        if count < 4 or count / max(1, min(counts[a], counts[b])) < 0.4:
            continue
        whole_a = grouping.shingles(found[a].full_text())
        whole_b = grouping.shingles(found[b].full_text())
        if grouping.containment(whole_a, whole_b) >= grouping.EDITION_CONTAINMENT:
            ra, rb = root(a), root(b)
            if found[b].script not in scripts[ra]:
                low, high = min(ra, rb), max(ra, rb)
                parent[high] = low
                if high != low:
                    scripts[low] |= scripts[high]
    groups: dict[int, list[str]] = defaultdict(list)
    for index, e in enumerate(found):
        groups[root(index)].append(e.key)
    return sorted(sorted(group) for group in groups.values())


def keys(groups: list[list[Edition]]) -> list[list[str]]:
    return sorted(sorted(e.key for e in group) for group in groups)


def fresh_table(found: Sequence[Edition]) -> ShingleTable:
    table = ShingleTable()
    group_editions(found, table=table)
    return table


def by_keys(table: ShingleTable) -> set[tuple[tuple[str, str], tuple[str, str], int]]:
    """The table's candidate pairs named by edition (slots differ between tables)."""
    ident = {slot: key for key, slot in table.slot_of.items()}
    return {(*sorted((ident[a], ident[b])), n) for (a, b), n in table.candidates.items()}


def test_the_generated_library_exercises_what_it_should() -> None:
    found = generated_library(7, 160)
    groups = reference_groups(found)
    assert sum(len(g) == 2 for g in groups) >= 20  # two-edition reports
    table = fresh_table(found)
    sizes = defaultdict(int)
    for code in table.codes:
        sizes[code] += 1
    assert max(sizes.values()) > 64  # the boilerplate's postings are over the limit
    assert table.candidates  # and pairs to compare


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_fresh_table_groups_as_the_full_grouping(seed: int) -> None:
    found = generated_library(seed, 150)
    assert keys(group_editions(found)) == reference_groups(found)


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_added_removed_and_changed_editions_regroup_as_a_fresh_grouping(seed: int) -> None:
    rnd = random.Random(seed)
    everything = generated_library(seed, 170)
    present = [e for e in everything if rnd.random() < 0.8]
    table = fresh_table(present)
    samples: dict[str, tuple[str, ...]] = {}
    verdicts: dict[tuple[str, str], bool] = {}
    for step in range(8):
        names = {e.key for e in present}
        absent = [e for e in everything if e.key not in names]
        removed = set(rnd.sample(sorted(names), rnd.randint(0, 5)))
        if step % 3 == 0:  # boilerplate postings back under the limit: they count again
            removed |= {e.key for e in present if BOILERPLATE in e.full_text()}
            removed = set(sorted(removed)[: len(removed) // 2 + 3])
        added = rnd.sample(absent, min(len(absent), rnd.randint(0, 5)))
        present = sorted([e for e in present if e.key not in removed] + added, key=lambda e: e.key)
        if present and step % 2:  # a file changed: same key, other content
            k = rnd.randrange(len(present))
            old = present[k]
            present[k] = edition(old.key, old.full_text() + "\n" + paragraph(rnd, 90), old.script)
        table = pickle.loads(pickle.dumps(table))  # as the cache keeps it between processes
        got = keys(group_editions(present, samples, verdicts, table=table))
        assert got == reference_groups(present)
        assert by_keys(table) == by_keys(fresh_table(present))
        assert set(table.slot_of) == {(e.key, e.content_hash) for e in present}
        assert len(table.codes) == len(table.slots) == sum(len(c) for c in table.codes_of.values())


def test_a_removed_edition_takes_its_pair_with_it() -> None:
    found = generated_library(9, 120)
    table = fresh_table(found)
    twin = next(e for e in found if e.key.endswith("_tw"))
    assert any(twin in group and len(group) == 2 for group in group_editions(found, table=table))
    rest = [e for e in found if e.key != twin.key]
    groups = group_editions(rest, table=table)
    assert keys(groups) == reference_groups(rest)
    assert all(len(group) == 1 for group in groups if twin.key[:-3] in {e.key for e in group})


def test_a_sample_that_fails_leaves_the_table_as_it_was() -> None:
    found = generated_library(10, 60)
    table = fresh_table(found)
    before = pickle.dumps(table)
    newcomer = edition("zz_new", paragraph(random.Random(1), 200), Script.SIMPLIFIED)

    def failing(e: Edition) -> tuple[str, ...]:
        raise OSError("gone")

    with pytest.raises(OSError):
        table.sync([*found, newcomer], failing)
    assert pickle.dumps(table) == before


def test_shingle_codes_tell_shingles_apart_beyond_the_bmp() -> None:
    assert grouping.shingle_code("芯片研究") != grouping.shingle_code("芯片研穷")
    far = ["𠀀𠀁𠀂𠀃", "𠀀𠀁𠀂𠀄", "a𠀀bc"]
    codes = {grouping.shingle_code(s) for s in far}
    assert len(codes) == 3
    assert all(code >> 48 == 0xD800 for code in codes)  # never a BMP shingle's number
    assert list(grouping.sample_codes(["工作报告", "人工智能"])) == sorted(
        grouping.shingle_code(s) for s in ["工作报告", "人工智能"]
    )


def sampled(shingle: str) -> bool:
    return grouping.is_sampled(grouping.shingle_code(shingle))


@pytest.mark.parametrize(
    "text",
    [
        "人工智能芯片的工作报告：2025年，機器人與電池。Robot AI_chips ２０２５",
        "𠀀𠀁人工智能𠀂芯片，工作报告𡃁𡃁𡃁与电池",  # characters beyond the BMP
        "短",
        "",
        "芯片" * 50,
    ],
)
def test_a_sample_is_every_shingle_whose_code_is_sampled(text: str) -> None:
    """Read off the UTF-16 bytes in four windows, the sample is the shingles one at a time
    would give: each distinct shingle whose code `is_sampled`, in code order."""
    every = {grouping.shingle_code(s) for s in grouping.shingles(text)}
    assert list(sample_shingles(text)) == sorted(c for c in every if grouping.is_sampled(c))


def test_about_one_shingle_in_eight_is_sampled() -> None:
    codes = {
        grouping.shingle_code(s)
        for e in generated_library(3, 40)
        for s in grouping.shingles(e.full_text())
    }
    share = sum(map(grouping.is_sampled, codes)) / len(codes)
    assert 0.10 < share < 0.15 and len(codes) > 5_000


def test_a_sample_is_kept_as_codes_and_a_sample_kept_as_strings_groups_the_same() -> None:
    """The cache and the reader keep every edition's sample: as 8-byte codes (as a tuple of
    4-character strings they were ~180 MB at 10,000 reports); a cache written before, with
    strings, groups the same."""
    import sys
    from array import array

    found = generated_library(11, 60)
    text = found[0].full_text()
    sample = sample_shingles(text)
    assert isinstance(sample, array) and sample.typecode == "Q" and len(sample) > 10
    as_strings = sorted(s for s in grouping.shingles(text) if sampled(s))
    assert list(sample) == list(grouping.sample_codes(as_strings))
    held_as_strings = sys.getsizeof(tuple(as_strings)) + sum(map(sys.getsizeof, as_strings))
    assert sys.getsizeof(sample) * 5 < held_as_strings  # in memory: ~10x smaller
    codes = {e.content_hash: sample_shingles(e.full_text()) for e in found}
    strings = {
        e.content_hash: tuple(sorted(s for s in grouping.shingles(e.full_text()) if sampled(s)))
        for e in found
    }
    with_codes = keys(group_editions(found, dict(codes), {}))
    assert keys(group_editions(found, dict(strings), {})) == with_codes
    assert with_codes == reference_groups(found)
    assert any(len(group) > 1 for group in with_codes)  # some editions do group


@pytest.mark.parametrize("seed", [8, 9])
def test_a_first_build_makes_the_table_that_adding_one_edition_at_a_time_makes(seed: int) -> None:
    """An empty table is filled in one sort (`_first_postings`); the same editions brought
    in one by one go through the posting-by-posting rewrite: same postings, same pairs."""
    found = generated_library(seed, 120)
    at_once = fresh_table(found)
    one_by_one = ShingleTable()
    for count in range(1, len(found) + 1):
        group_editions(found[:count], table=one_by_one)
    assert by_keys(at_once) == by_keys(one_by_one) and at_once.candidates
    ident = {slot: key for key, slot in at_once.slot_of.items()}
    same = {slot: one_by_one.slot_of[key] for slot, key in ident.items()}
    assert at_once.codes == one_by_one.codes
    assert [same[s] for s in at_once.slots] == one_by_one.slots.tolist()
    postings = list(zip(at_once.codes, at_once.slots, strict=True))
    assert postings == sorted(postings)  # by code, then slot


@pytest.mark.parametrize("seed", [11, 12])
def test_a_library_of_one_script_counts_no_pair_and_groups_its_twins_once_they_come(
    seed: int,
) -> None:
    """A pair is only ever a candidate across scripts, so a table of simplified editions
    alone holds no pair and no postings; traditional twins brought in later (and taken out
    again) are grouped as a fresh table groups them."""
    everything = generated_library(seed, 150)
    simplified = [e for e in everything if e.script == Script.SIMPLIFIED]
    sampled: list[str] = []

    def counted(edition: Edition) -> list[str]:
        sampled.append(edition.key)
        return sample_shingles(edition.full_text())  # type: ignore[return-value]

    table = ShingleTable()
    table.sync(simplified, counted)
    assert not table.candidates and not table.codes  # no pair, so no postings to find one
    assert sampled == [] and not table.codes_of  # nor any sample: one script has no pair
    assert table.unsampled == set(table.slot_of.values())
    assert keys(group_editions(simplified, table=table)) == [[e.key] for e in simplified]
    table = pickle.loads(pickle.dumps(table))
    table.sync(everything, counted)  # a second script: every edition is sampled now
    assert sorted(sampled) == sorted(e.key for e in everything)
    assert not table.unsampled and len(table.codes_of) == len(everything)
    got = keys(group_editions(everything, table=table))
    assert got == reference_groups(everything)
    assert any(len(group) == 2 for group in got)
    assert by_keys(table) == by_keys(fresh_table(everything)) != set()
    assert table.codes == fresh_table(everything).codes
    back = keys(group_editions(simplified, table=table))  # the twins gone again
    assert back == [[e.key] for e in simplified] and not table.candidates


def test_editions_added_while_one_script_remains_are_sampled_once_a_second_comes() -> None:
    """Two scripts, then one (the twins gone) while new simplified editions come unsampled,
    then two again: the table groups as a fresh one, and the texts are sampled in one call
    of ``sample_texts`` (the cache's loads do it in worker processes)."""
    everything = generated_library(13, 160)
    simplified = [e for e in everything if e.script == Script.SIMPLIFIED]
    twins = [e for e in everything if e.script != Script.SIMPLIFIED]
    first, later = simplified[:100], simplified[100:]
    calls: list[int] = []

    def sample_texts(texts: list[str]) -> list[grouping.Sample]:
        calls.append(len(texts))
        return [sample_shingles(text) for text in texts]

    table = ShingleTable()
    group_editions([*first, *twins], table=table, sample_texts=sample_texts)
    assert calls == [len(first) + len(twins)]
    group_editions(first, table=table, sample_texts=sample_texts)  # one script again
    group_editions([*first, *later], table=table, sample_texts=sample_texts)
    assert calls == [len(first) + len(twins)] and len(table.unsampled) == len(later)
    got = keys(group_editions(everything, table=table, sample_texts=sample_texts))
    assert calls[1:] == [len(later) + len(twins)]  # the waiting ones and the new twins
    assert got == reference_groups(everything) == keys(group_editions(everything))
    assert by_keys(table) == by_keys(fresh_table(everything))
    assert table.codes == fresh_table(everything).codes


def test_sample_texts_in_workers_gives_each_text_its_sample(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [e.full_text() for e in generated_library(14, 40)]
    monkeypatch.setattr(grouping, "PARALLEL_MIN_CHARS", 1_000)
    assert grouping.sample_texts(texts, workers=2) == [sample_shingles(t) for t in texts]


def test_code_ranges_cover_every_code_once_and_split_the_codes_evenly() -> None:
    """`_first_postings` sorts a range of codes at a time: the ranges meet end to end from
    0 to 2**64, and real codes (a shingle's UTF-16 bytes: top bits far from even) fall
    about evenly into them."""
    import itertools
    from array import array

    from trendreader.library.editions import CODE_RANGES, _code_ranges

    assert _code_ranges([]) == [(0, 1 << 64)] == _code_ranges([array("Q")])
    samples = [sample_shingles(e.full_text()) for e in generated_library(3, 200)]
    ranges = _code_ranges(samples)
    assert ranges[0][0] == 0 and ranges[-1][1] == 1 << 64
    assert all(high == low for (_a, high), (low, _b) in itertools.pairwise(ranges))
    counts = [0] * len(ranges)
    for sample in samples:
        for code in sample:
            counts[next(i for i, (low, high) in enumerate(ranges) if low <= code < high)] += 1
    assert len(ranges) > CODE_RANGES // 2
    assert max(counts) < 3 * sum(counts) / len(ranges)  # none holds much more than its share
