"""An edition's passages held packed read as the tuple they stand for, are unpacked once
while read, and an edition packs them when it is pickled (the cache, the index builder);
once in the cache's shard files they are read back from there, and found again when a
file was written again or is gone."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from trendreader.library import packed as packed_module
from trendreader.library import store
from trendreader.library.catalog import Library, load_library
from trendreader.library.model import Edition, Metadata, Passage, PassageKind
from trendreader.library.packed import PackedPassages, held_as_objects, packed, texts_of
from trendreader.library.store import load_cached_library
from trendreader.paths import AppPaths
from trendreader.search.service import SearchService

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _passages(n: int = 5, key: str = "k") -> tuple[Passage, ...]:
    kinds = [PassageKind.HEADING, PassageKind.PARAGRAPH, PassageKind.QUOTE]
    return tuple(
        Passage(key, i, kinds[i % 3], f"第{i}段：芯片与機器人。", emphasis=((0, 2),), level=i % 2)
        for i in range(n)
    )


def _edition(passages: tuple[Passage, ...], key: str = "k") -> Edition:
    meta = Metadata("标题", None, 2024, "作者", "")
    return Edition(key, Path(f"/lib/{key}.md"), "simplified", "utf-8", meta, passages, "h")


@pytest.fixture(autouse=True)
def _nothing_kept() -> None:
    packed_module.forget_unpacked()


def test_packed_passages_read_as_their_tuple() -> None:
    passages = _passages()
    held = PackedPassages.pack(passages)
    assert len(held) == 5 and held and not held_as_objects(held)
    assert list(held) == list(passages)
    assert held[0] == passages[0] and held[-1] == passages[-1]
    assert held[1:3] == passages[1:3] and held[:200] == passages
    assert list(reversed(held)) == list(reversed(passages))
    assert passages[2] in held and _passages(1, "other")[0] not in held
    assert held == passages and passages == held and held == PackedPassages.pack(passages)
    assert held != _passages(4) and _passages(4) != held
    assert hash(held) == hash(passages)
    assert held.index(passages[3]) == 3 and held.count(passages[3]) == 1
    with pytest.raises(IndexError):
        held[5]
    assert len(held.blob) < len(pickle.dumps(passages))  # fields, not objects
    texts = tuple(p.text for p in passages)
    assert held.texts() == texts and texts_of(held) == texts == tuple(texts_of(passages))
    assert not packed_module._unpacked or id(held) in packed_module._unpacked
    packed_module.forget_unpacked()
    assert held.texts() == texts and not packed_module._unpacked  # read alone, none made


def test_packing_leaves_empty_or_packed_passages_as_they_are() -> None:
    assert packed(()) == () and not held_as_objects(())
    held = PackedPassages.pack(_passages())
    assert packed(held) is held
    assert held_as_objects(_passages())


def test_the_unpacked_tuple_is_kept_for_the_last_editions_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(packed_module, "KEEP_UNPACKED", 3)
    held = [PackedPassages.pack(_passages(3, f"k{n}")) for n in range(5)]
    first = held[0].unpacked()
    assert held[0].unpacked() is first  # kept: the same objects
    for other in held[1:]:
        other.unpacked()
    again = held[0].unpacked()
    assert again is not first and again == first  # forgotten, then unpacked anew, the same
    assert len(packed_module._unpacked) == 3


def test_a_pickled_edition_packs_its_passages_and_keeps_them_packed() -> None:
    passages = _passages(40)
    edition = _edition(passages)
    blob = pickle.dumps(edition, pickle.HIGHEST_PROTOCOL)
    assert isinstance(edition.passages, PackedPassages)  # the same edition, packed now
    assert edition.passages == passages
    loaded = pickle.loads(blob)
    assert isinstance(loaded.passages, PackedPassages)
    assert loaded == edition and loaded.passages == passages
    assert loaded.full_text() == "\n".join(p.text for p in passages)
    assert pickle.dumps(edition, pickle.HIGHEST_PROTOCOL) == blob  # packed once
    light = _edition(())
    assert pickle.loads(pickle.dumps(light)).passages == ()


def test_a_search_unpacks_each_edition_of_its_hits_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hits come in score order from every report; made edition by edition, each packed
    edition is unpacked once, however few are kept unpacked."""
    library = pickle.loads(pickle.dumps(load_library([SEEDS])))  # packed, as from the cache
    assert all(isinstance(e.passages, PackedPassages) for e in library.editions())
    service = SearchService(tmp_path / "index")
    service.ensure_index(library)
    monkeypatch.setattr(packed_module, "KEEP_UNPACKED", 1)
    packed_module.forget_unpacked()
    unpacked: list[int] = []
    real = PackedPassages.unpacked

    def counting(self: PackedPassages) -> tuple[Passage, ...]:
        if id(self) not in packed_module._unpacked:
            unpacked.append(id(self))
        return real(self)

    monkeypatch.setattr(PackedPassages, "unpacked", counting)
    results = service.search("的", limit=10_000)
    editions = {hit.edition_key for hit in results.hits}
    assert len(editions) >= 2 and len(results.hits) > 5 * len(editions)
    assert len(unpacked) == len(set(unpacked)) <= len(editions) + 1
    by_score = [hit.score for hit in results.hits]
    assert by_score == sorted(by_score, reverse=True)  # still in the page's order
    service.close()


# --- packed passages left in the cache's shard files ------------------------------------


def _texts(library: Library) -> dict[str, list[str]]:
    texts = {e.key: [p.text for p in e.passages] for e in library.editions()}
    packed_module.forget_unpacked()
    assert texts == {e.key: list(texts_of(e.passages)) for e in library.editions()}
    return texts


def _placed(library: Library) -> list[bool]:
    return [
        isinstance(e.passages, PackedPassages) and e.passages.in_memory is None
        for e in library.editions()
    ]


def test_a_loaded_library_leaves_its_passages_in_the_cache_files(
    folder: Path, paths: AppPaths
) -> None:
    want = _texts(load_library([folder]))
    first = load_cached_library(paths, [folder])  # parsed, the cache written
    assert all(_placed(first)) and _texts(first) == want
    store.forget_memory()
    again = load_cached_library(paths, [folder])  # read from the cache files
    assert all(_placed(again)) and _texts(again) == want
    packed_module.forget_unpacked()
    assert _texts(again) == want  # read back from the files


def test_a_shard_written_again_elsewhere_is_read_anew(folder: Path, paths: AppPaths) -> None:
    """Another process (``trendreader add``) writes the shard files again: each edition
    finds its entry in the new file (the bytes' places moved)."""
    library = load_cached_library(paths, [folder])
    want = _texts(library)
    for shard in (paths.cache_dir / "library-shards").iterdir():
        data = shard.read_bytes()
        blobs = {name: data[at : at + size] for name, (at, size) in store._layout(data).items()}
        assert blobs
        moved = {"padding": b"x" * 777, **blobs}  # every entry further on in the file
        shard.write_bytes(store._shard_bytes(moved))
    packed_module.forget_unpacked()
    assert _texts(library) == want
    assert not any(_placed(library))  # found again, held from then on


def test_passages_gone_from_the_cache_are_parsed_again_from_their_file(
    folder: Path, paths: AppPaths
) -> None:
    library = load_cached_library(paths, [folder])
    want = _texts(library)
    shutil.rmtree(paths.cache_dir / "library-shards")
    packed_module.forget_unpacked()
    assert _texts(library) == want
    lost = load_cached_library(paths, [folder])  # (the shards written anew)
    for path in folder.iterdir():
        path.unlink()
    shutil.rmtree(paths.cache_dir / "library-shards")
    packed_module.forget_unpacked()
    assert all(list(e.passages) == [] == [*e.passages[:3]] for e in lost.editions())


def test_a_shard_written_again_here_keeps_the_others_in_it_placed(
    folder: Path, paths: AppPaths
) -> None:
    library = load_cached_library(paths, [folder])
    want = _texts(library)
    for shard in range(store.SHARDS):
        entries = store._memory[store._cache_file(paths)][1].shards[shard]
        if entries:
            store.write_shard(store._cache_file(paths), shard, entries)
    packed_module.forget_unpacked()
    assert all(_placed(library)) and _texts(library) == want


def test_passages_packed_at_another_level_read_back_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written when packing compressed (level 1) reads as one written now (level 0:
    the same zlib stream, stored)."""
    passages = _passages()
    now = PackedPassages.pack(passages)
    monkeypatch.setattr(packed_module, "LEVEL", 1)
    before = PackedPassages.pack(passages)
    assert before.blob != now.blob and len(before.blob) < len(now.blob)
    assert tuple(before) == tuple(now) == passages
    assert before.texts() == now.texts() == tuple(p.text for p in passages)
