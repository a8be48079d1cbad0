"""The parsed-library cache: same library as a fresh parse, re-parses only what changed."""

from __future__ import annotations

import os
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import seed_path
from tests.library.conftest import cache_reads
from trendreader.library import editions, model, store
from trendreader.library import listing as listing_half
from trendreader.library.catalog import Library, load_library
from trendreader.library.model import Passage, PassageKind
from trendreader.library.store import load_cached_library
from trendreader.paths import AppPaths


def snapshot(library: Library) -> list[tuple[str, list[tuple[str, ...]]]]:
    return [
        (edition.key, [(p.kind, p.text, p.anchor, str(p.emphasis)) for p in edition.passages])
        for edition in library.editions()
    ]


def test_cached_library_equals_a_fresh_parse(folder: Path, paths: AppPaths) -> None:
    fresh = load_library([folder])
    first = load_cached_library(paths, [folder])
    second = load_cached_library(paths, [folder])  # from the cache
    assert snapshot(first) == snapshot(fresh) == snapshot(second)
    assert [r.key for r in second.reports] == [r.key for r in fresh.reports]
    assert len(second.reports) == 2  # 000 and 001 are one report with two editions


def test_second_load_parses_nothing_and_a_changed_file_is_parsed_again(
    folder: Path, paths: AppPaths, parsed_files: list[Path]
) -> None:
    load_cached_library(paths, [folder])
    parsed_files.clear()
    parsed = parsed_files
    load_cached_library(paths, [folder])
    assert parsed == []
    changed = next(folder.glob("004_*"))
    text = changed.read_text("utf-8")
    lines = text.splitlines()
    k = next(k for k, line in enumerate(lines) if len(line) > 40)
    lines[k] = "新增的一段：固态电池。" + lines[k]
    changed.write_text("\n".join(lines), "utf-8")
    library = load_cached_library(paths, [folder])
    assert parsed == [changed]
    assert any("新增的一段" in p.text for e in library.editions() for p in e.passages)


def test_a_corrupt_cache_is_rebuilt_quietly(folder: Path, paths: AppPaths) -> None:
    expected = snapshot(load_cached_library(paths, [folder]))
    cache_file = paths.cache_dir / "library.pickle"
    assert cache_file.is_file()
    cache_file.write_bytes(b"\x80\x04not a pickle at all")
    assert snapshot(load_cached_library(paths, [folder])) == expected
    assert pickle.loads(cache_file.read_bytes())  # written again, readable


def test_the_cache_is_written_without_fsync_and_empty_files_are_parsed_again(
    folder: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is rebuilt from the reports, so it is not fsynced; what a power cut may
    then leave (files renamed into place but empty) reads as no cache."""
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    expected = snapshot(load_cached_library(paths, [folder]))
    assert synced == []
    written = [f for f in paths.cache_dir.rglob("*") if f.is_file()]
    assert len(written) > 3
    for file in written:
        file.write_bytes(b"")
    assert snapshot(load_cached_library(paths, [folder])) == expected
    assert snapshot(load_cached_library(paths, [folder])) == expected


def test_a_pickled_passage_keeps_its_anchor_without_hashing_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passage = Passage("k", 3, PassageKind.QUOTE, "芯片與晶片", ((0, 2),), level=0)
    data = pickle.dumps(passage, protocol=pickle.HIGHEST_PROTOCOL)

    def no_hashing(text: str) -> str:
        raise AssertionError("the anchor was computed again")

    monkeypatch.setattr(model, "passage_anchor", no_hashing)
    loaded = pickle.loads(data)
    assert loaded == passage
    assert loaded.anchor == passage.anchor != ""
    assert loaded.kind is PassageKind.QUOTE


def test_cache_location_is_under_the_cache_dir(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])
    assert sorted(os.listdir(paths.cache_dir)) == [
        "library-reports.pickle",
        "library-shards",
        "library-shingles.pickle",
        "library.pickle",
    ]
    shards = os.listdir(paths.cache_dir / "library-shards")
    assert shards and all(name.endswith(".pickle") for name in shards)


def _shard_stamps(paths: AppPaths) -> dict[str, int]:
    folder = paths.cache_dir / "library-shards"
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_a_new_file_rewrites_only_its_shard_and_regroups_only_itself(
    folder: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_cached_library(paths, [folder])
    before = _shard_stamps(paths)
    sampled: list[str] = []
    original = editions.sample_shingles

    def counting(text: str) -> tuple[str, ...]:
        sampled.append(text)
        return original(text)

    monkeypatch.setattr(editions, "sample_shingles", counting)
    new = folder / "zz_new.md"
    new.write_text("# 固态电池的新报告\n\n2025-01-02\n\n固态电池的研究进展很快。\n", "utf-8")
    library = load_cached_library(paths, [folder])
    assert len(sampled) == 1 and "固态电池的研究进展很快" in sampled[0]
    assert library.find("zz_new") is not None
    after = _shard_stamps(paths)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {f"{store.shard_of(str(new)):02d}.pickle"}
    # the same grouping as a fresh parse of the folder, the two-edition report included
    fresh = load_library([folder])
    assert [[e.key for e in r.editions] for r in library.reports] == [
        [e.key for e in r.editions] for r in fresh.reports
    ]


def test_a_reload_in_the_same_process_reads_no_cache_file_again(
    folder: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_cached_library(paths, [folder])
    read = cache_reads(monkeypatch)
    second = load_cached_library(paths, [folder])
    assert read == []
    assert snapshot(second) == snapshot(first)
    store.forget_memory()  # as another process would: everything is read from the files
    third = load_cached_library(paths, [folder])
    assert len(read) == 1 + len(os.listdir(paths.cache_dir / "library-shards"))
    assert snapshot(third) == snapshot(first)


def test_a_cache_file_changed_by_another_process_is_read_again(
    folder: Path, paths: AppPaths
) -> None:
    expected = snapshot(load_cached_library(paths, [folder]))
    (paths.cache_dir / "library.pickle").write_bytes(b"\x80\x04not a pickle at all")
    assert snapshot(load_cached_library(paths, [folder])) == expected


def test_grouping_with_what_an_earlier_call_kept_gives_the_same_groups(folder: Path) -> None:
    found = list(load_library([folder]).editions())
    samples: dict[str, tuple[str, ...]] = {}
    verdicts: dict[tuple[str, str], bool] = {}
    plain = [[e.key for e in g] for g in editions.group_editions(found)]
    first = [[e.key for e in g] for g in editions.group_editions(found, samples, verdicts)]
    assert len(samples) == len(found) and True in verdicts.values()
    again = [[e.key for e in g] for g in editions.group_editions(found, samples, verdicts)]
    assert plain == first == again
    assert any(len(group) == 2 for group in plain)  # 000 and 001


def test_the_listing_is_the_library_without_passages_until_a_file_changes(
    folder: Path, paths: AppPaths
) -> None:
    library = load_cached_library(paths, [folder])
    found = listing_half.load_cached_listing(paths, [folder])
    assert found is not None
    listing, counts = found
    assert [[e.key for e in r.editions] for r in listing.reports] == [
        [e.key for e in r.editions] for r in library.reports
    ]
    assert [r.title for r in listing.reports] == [r.title for r in library.reports]
    assert all(not e.passages for e in listing.editions())
    assert counts == {e.key: len(e.passages) for e in library.editions()}
    for light in listing.editions():  # each edition whole again from its one shard
        whole = listing_half.load_cached_edition(paths, light)
        assert whole == library.find_edition(light.key)
    changed = next(folder.glob("004_*"))
    changed.write_text(changed.read_text("utf-8") + "\n新的一段。\n", "utf-8")
    assert listing_half.load_cached_listing(paths, [folder]) is None  # load the library itself
    load_cached_library(paths, [folder])
    assert listing_half.load_cached_listing(paths, [folder]) is not None


def test_a_new_file_is_not_in_the_listing(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])
    (folder / "zz_new.md").write_text("# 新报告\n\n一段。\n", "utf-8")
    assert listing_half.load_cached_listing(paths, [folder]) is None


def test_a_few_new_files_update_the_listing_as_a_full_load_would(
    tmp_path: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for prefix in ("000", "004"):
        shutil.copy(seed_path(prefix), folder)
    load_cached_library(paths, [folder])
    shutil.copy(seed_path("001"), folder)  # the other edition of 000: they must group
    (folder / "zz_new.md").write_text("# 固态电池\n\n固态电池的新报告。\n", "utf-8")
    removed = next(folder.glob("004_*"))
    removed.unlink()
    original = store._load
    loaded = cache_reads(monkeypatch)
    store.forget_memory()
    found = listing_half.load_cached_listing(paths, [folder], update=True)
    assert found is not None
    listing, counts = found
    shards = [p for p in loaded if p.parent.name == "library-shards" and p.stem.isdigit()]
    assert len(shards) <= 4  # the shards of the files that changed (and 000's, to compare)
    store.forget_memory()
    monkeypatch.setattr(store, "_load", original)
    full = load_cached_library(paths, [folder])
    assert [[e.key for e in r.editions] for r in listing.reports] == [
        [e.key for e in r.editions] for r in full.reports
    ]
    assert any(len(r.editions) == 2 for r in listing.reports)
    assert [r.title for r in listing.reports] == [r.title for r in full.reports]
    assert counts == {e.key: len(e.passages) for e in full.editions()}
    assert snapshot(full) == snapshot(load_library([folder]))
    again = listing_half.load_cached_listing(paths, [folder])  # current now, without updating
    assert again is not None and [r.key for r in again[0].reports] == [r.key for r in full.reports]


def test_a_library_that_wrote_the_cache_keeps_its_texts_as_small_as_read(
    folder: Path, paths: AppPaths
) -> None:
    """The first load writes every shard (each passage pickled): the library it returns holds
    no UTF-8 copy of its texts (the same size as a fresh copy of each)."""
    import sys

    library = load_cached_library(paths, [folder])
    texts = [p.text for e in library.editions() for p in e.passages if not p.text.isascii()]
    assert texts
    assert all(sys.getsizeof(t) == sys.getsizeof(t.join(("", ""))) for t in texts)


def test_the_shingle_table_is_read_from_its_file_each_time(folder: Path, paths: AppPaths) -> None:
    """Not kept in the process (~26 MB at 10,000 reports, for good after a first start): a
    regrouping reads it back (~80 ms), the same table."""
    load_cached_library(paths, [folder])
    cache_path = paths.cache_dir / "library.pickle"
    first, second = store.read_table(cache_path), store.read_table(cache_path)
    assert first is not None and second is not None
    assert first is not second and first == second
    assert not hasattr(store, "_tables")


def test_the_process_keeps_no_sample_and_a_shard_written_again_keeps_its_samples(
    folder: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shingle samples stay in the shard files, not in the process (17.5 MB at 10,000
    reports): a file added beside others of its shard rewrites that shard with every other
    entry's sample as it was, and a regrouping shingles only the new file."""
    cache_path = paths.cache_dir / "library.pickle"
    load_cached_library(paths, [folder])
    on_disk = {
        name: entry[3]
        for index in range(store.SHARDS)
        for name, entry in store._entries(store._shard_blobs(cache_path, index)).items()
    }
    assert on_disk and all(sample is not None for sample in on_disk.values())
    remembered = store.remembered_now(cache_path)
    assert remembered is not None
    assert all(entry[3] is None for shard in remembered.shards for entry in shard.values())
    # a new file in the shard of one already there
    index = store.shard_of(next(iter(on_disk)))
    new = next(
        folder / f"zz_{n}.md"
        for n in range(10_000)
        if store.shard_of(str(folder / f"zz_{n}.md")) == index
    )
    sampled: list[str] = []
    original = editions.sample_shingles
    monkeypatch.setattr(editions, "sample_shingles", lambda t: sampled.append(t) or original(t))
    new.write_text("# 固态电池的新报告\n\n固态电池的研究进展很快。\n", "utf-8")
    library = load_cached_library(paths, [folder])
    assert len(sampled) == 1 and library.find(new.stem) is not None
    rewritten = store._entries(store._shard_blobs(cache_path, index))
    assert str(new) in rewritten and all(entry[3] is not None for entry in rewritten.values())
    for name, entry in rewritten.items():
        if name in on_disk:
            assert entry[3] == on_disk[name]


def test_the_listing_kept_in_the_process_shares_the_library_editions_strings(
    folder: Path, paths: AppPaths
) -> None:
    """Read from the files, the cache's listing is made of the shards' editions (their key,
    path, metadata), not copies of them; it lists the same editions without passages."""
    cache_path = paths.cache_dir / "library.pickle"
    load_cached_library(paths, [folder])
    store.forget_memory()  # as a fresh process: everything read from the files
    library = load_cached_library(paths, [folder])
    remembered = store.remembered_now(cache_path)
    assert remembered is not None
    on_disk = store._read_data(cache_path)
    assert on_disk is not None and on_disk.listing.keys() == remembered.data.listing.keys()
    for edition in library.editions():
        name = str(edition.path)
        light, entry = remembered.data.listing[name][2], remembered.entry(name)
        assert entry is not None and entry[2].passages
        assert light == on_disk.listing[name][2] == replace(entry[2], passages=())
        assert light.key is entry[2].key and light.meta is entry[2].meta


def test_a_part_is_found_whole_where_bytes_find_finds_it() -> None:
    """`_place` finds each entry's bytes in its shard by their first bytes, then compares
    them in place: where the whole part lies is where ``bytes.find`` says, also when its
    first bytes come earlier without the rest."""
    import random

    from trendreader.library.store import _HEAD, _find_whole

    rng = random.Random(5)
    for _ in range(2_000):
        data = bytes(rng.choice(b"ab") for _ in range(rng.randint(0, 300)))
        part = bytes(rng.choice(b"ab") for _ in range(rng.randint(1, 2 * _HEAD)))
        at = rng.randint(0, len(data))
        end = rng.randint(at, len(data))
        assert _find_whole(data, part, at, end) == data.find(part, at, end)
    part = b"x" * _HEAD + b"whole"
    data = b"x" * _HEAD + b"other" + part
    assert _find_whole(data, part, 0, len(data)) == data.find(part) == _HEAD + 5
    assert _find_whole(data, part, 0, len(data) - 1) == -1  # not whole before the end


def test_one_entry_is_read_from_its_shard_alone(tmp_path: Path) -> None:
    """A shard file is a table of names and sizes, then the entries' pickles: one entry's
    bytes come back without the others, and a file cut short or of another form gives
    nothing (it is parsed again)."""
    blobs = {"/r/a.md": b"first" * 100, "/r/b.md": b"second", "/r/c.md": b"third" * 7}
    data = store._shard_bytes(blobs)
    shard = tmp_path / "07.pickle"
    shard.write_bytes(data)
    assert {name: store.read_entry_bytes(shard, name) for name in blobs} == blobs
    assert store.read_entry_bytes(shard, "/r/missing.md") is None
    layout = store._layout(data)
    assert {name: data[at : at + size] for name, (at, size) in layout.items()} == blobs
    shard.write_bytes(data[:-1])  # the last entry cut short
    assert store.read_entry_bytes(shard, "/r/c.md") is None
    assert store._layout(data[:-1]) == {}
    shard.write_bytes(pickle.dumps((store.CACHE_VERSION, blobs)))  # the form before
    assert store.read_entry_bytes(shard, "/r/a.md") is None
    assert store._layout(shard.read_bytes()) == {}
    assert store.read_entry_bytes(tmp_path / "gone.pickle", "/r/a.md") is None


def test_a_shard_of_another_version_gives_nothing(tmp_path: Path) -> None:
    table = pickle.dumps((store.CACHE_VERSION - 1, [("/r/a.md", 3)]))
    data = store._TABLE_SIZE.pack(len(table)) + table + b"abc"
    shard = tmp_path / "01.pickle"
    shard.write_bytes(data)
    assert store._layout(data) == {}
    assert store.read_entry_bytes(shard, "/r/a.md") is None


@pytest.mark.parametrize(
    "data",
    [
        b"\xff" * 8 + b"rest",  # a table size past any file
        b"\x80\x05\x95" + b"\xff" * 5 + b"x" * 100,  # a pickle's first bytes (the form before)
        (40).to_bytes(8, "little") + pickle.dumps((store.CACHE_VERSION, [("/r/a.md", -1)])),
        (30).to_bytes(8, "little") + pickle.dumps((store.CACHE_VERSION, "not rows")),
    ],
)
def test_a_shard_of_another_form_is_read_as_nothing_without_raising(
    tmp_path: Path, data: bytes
) -> None:
    shard = tmp_path / "03.pickle"
    shard.write_bytes(data)
    assert store.read_entry_bytes(shard, "/r/a.md") is None
    assert store._layout(data) == {}


def test_a_cache_made_anew_removes_the_shard_files_of_an_older_layout(
    folder: Path, paths: AppPaths
) -> None:
    shards = paths.cache_dir / "library-shards"
    shards.mkdir(parents=True)
    for index in (5, 64, 200, 255):  # an older cache of 256 shards
        (shards / f"{index:02d}.pickle").write_bytes(pickle.dumps((16, {})))
    library = load_cached_library(paths, [folder])
    names = sorted(int(p.stem) for p in shards.glob("*.pickle"))
    assert names and max(names) < store.SHARDS
    store.forget_memory()
    assert snapshot(load_cached_library(paths, [folder])) == snapshot(library)
