"""The library without its passages, from the cache alone: what ``trendreader list`` shows,
and one edition whole from its one shard (``read``, the hits of ``search``).

The cache itself (``library.pickle``, the shards under ``library-shards/``, the shingle table) is
written and fully read by :mod:`trendreader.library.store`; this module reads only its index
(``listing``) and the shards it needs, and brings a few new, changed or removed files
(:data:`~trendreader.library.store.UPDATE_MAX`) into the listing without loading the library.
It calls the store's readers through the module (``store._load`` is what they all read with).
While every file is as it was, the library it made last time is read back whole instead
(:mod:`trendreader.library.snapshot`: no grouping, titling or sorting again).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from trendreader.atomic import write_pickle
from trendreader.library import store as cache
from trendreader.library.catalog import (
    Library,
    LoadProblem,
    Stamp,
    assemble_library,
    has_sidecar,
    library_names,
    report_stamp,
    sidecar_warnings,
)
from trendreader.library.model import Edition, file_path
from trendreader.library.snapshot import FileStamp, read_snapshot, write_snapshot
from trendreader.paths import AppPaths

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["load_cached_edition", "load_cached_listing"]


def load_cached_listing(
    paths: AppPaths,
    folders: Sequence[Path],
    *,
    builtin: Sequence[Path] = (),
    hidden: Sequence[str] = (),
    update: bool = False,
) -> tuple[Library, dict[str, int]] | None:
    """The library as ``load_cached_library`` gives it, but every edition without its
    passages, and each edition key's number of passages; read from ``library.pickle`` alone.

    For ``trendreader list``, which shows no passage: the shards, most of the cache, are not
    read. ``None`` when the cache does not describe every file exactly as it is now (a new,
    changed, unreadable or refused file): then load the library itself. With ``update``, up
    to ``store.UPDATE_MAX`` new, changed or removed files are brought in instead, reading only
    their shards (a file added to a large library is searchable without loading it all).
    """
    cache_path = cache._cache_file(paths)
    sidecars: set[str] = set()
    names = library_names(folders, builtin=builtin, hidden=hidden, sidecars=sidecars)
    kept = _kept_library(cache_path, names, sidecars)
    if kept is not None:
        return kept
    remembered = cache.remembered_now(cache_path)
    data = remembered.data if remembered is not None else cache._read_data(cache_path)
    if data is None or not data.listing:
        return None
    editions: list[Edition] = []
    counts: dict[str, int] = {}
    problems: list[LoadProblem] = []
    stale: list[tuple[Path, str, bool, Stamp]] = []
    warned: dict[Path, list[LoadProblem]] = {}
    stamps: list[FileStamp] = []
    files = [(file_path(name), key, is_builtin) for name, key, is_builtin in names]
    for path, key, is_builtin in files:
        entry = data.listing.get(str(path))
        try:
            stat = path.stat()
        except OSError:
            return None
        stamp = report_stamp(str(path), stat, sidecars)
        stamps.append((str(path), *stamp, is_builtin))
        if entry is None or entry[:2] != stamp:
            if len(stale) >= cache.UPDATE_MAX:
                return None
            stale.append((path, key, is_builtin, stamp))
            continue
        editions.append(entry[2])
        counts[entry[2].key] = entry[3]
        warned[path] = sidecar_warnings(path, sidecars)
        problems.extend(warned[path])
    if stale or len(editions) != len(data.listing):
        if not update:
            return None
        updated = _update_listing(paths, data, files, stale, warned)
        if updated is None:
            return None
        editions, counts, problems = updated
    groups = data.groups.get(tuple(sorted((e.key, e.content_hash) for e in editions)))
    if groups is None:
        return None

    convert_title = cache.title_converter(data.titles)
    by_key = {e.key: e for e in editions}
    if any(k not in by_key for group in groups for k in group):
        return None
    grouped = [[by_key[k] for k in group] for group in groups]
    library = assemble_library(grouped, problems, convert_title)
    write_snapshot(cache_path, cache.CACHE_VERSION, stamps, library.reports, counts, problems)
    return library, counts


def _kept_library(
    cache_path: Path, names: list[tuple[str, str, bool]], sidecars: set[str]
) -> tuple[Library, dict[str, int]] | None:
    """The library this made last time (:mod:`~trendreader.library.snapshot`) if it was made
    from the files ``names`` as they are now, with the warnings of their sidecars now (kept
    with it, or read again when they were kept in another language)."""
    kept = read_snapshot(cache_path, cache.CACHE_VERSION, names, sidecars)
    if kept is None:
        return None
    reports, counts, problems = kept
    if problems is None:
        problems = [
            problem
            for name, _key, _builtin in names
            if has_sidecar(name, sidecars)
            for problem in sidecar_warnings(file_path(name), sidecars)
        ]
    return Library(reports=reports, problems=problems), counts


def _update_listing(
    paths: AppPaths,
    data: cache._CacheData,
    files: list[tuple[Path, str, bool]],
    stale: list[tuple[Path, str, bool, Stamp]],
    warned: dict[Path, list[LoadProblem]],
) -> tuple[list[Edition], dict[str, int], list[LoadProblem]] | None:
    """Bring the listing up to date with a few new, changed or removed files, reading only
    their shards: parse them, regroup (the shingle table; a new pair's other edition from its
    shard), write their shards, the table and the index. The new editions come back whole.
    ``None`` if a file cannot be parsed (the full load reports it). ``warned``: the sidecar
    warnings of the files already looked at."""
    from dataclasses import replace

    from trendreader.library.editions import group_editions, sample_texts
    from trendreader.library.parse import read_editions

    cache_path = cache._cache_file(paths)
    fresh: dict[str, tuple[Stamp, Edition]] = {}
    shards: dict[int, dict[str, cache.Entry]] = {}  # the shards read, to be written back

    def shard(index: int) -> dict[str, cache.Entry]:
        if index not in shards:
            shards[index] = dict(cache._read_shard(cache_path, index))
        return shards[index]

    to_parse = []
    for path, key, is_builtin, stamp in stale:  # in its shard already (`add` put it there)?
        entry = shard(cache.shard_of(str(path))).get(str(path))
        if entry and entry[:2] == stamp:
            fresh[str(path)] = (stamp, entry[2])
        else:
            to_parse.append((path, key, is_builtin, stamp))
    outcomes = read_editions([(path, key, is_builtin) for path, key, is_builtin, _ in to_parse])
    for (path, _key, _builtin, stamp), outcome in zip(to_parse, outcomes, strict=True):
        if isinstance(outcome, Exception):
            return None
        fresh[str(path)] = (stamp, outcome)
    editions: list[Edition] = []
    counts: dict[str, int] = {}
    problems: list[LoadProblem] = []
    seen: set[str] = set()
    for path, _key, _builtin in files:
        name = str(path)
        seen.add(name)
        if name in fresh:
            edition = fresh[name][1]
            counts[edition.key] = len(edition.passages)
        elif name in data.listing:
            edition, counts[data.listing[name][2].key] = data.listing[name][2:]
        else:
            return None
        editions.append(edition)
        problems.extend(warned[path] if path in warned else sidecar_warnings(path))
    removed = [name for name in data.listing if name not in seen]
    table = cache.read_table(cache_path)
    if table is None:  # the full load builds it
        return None
    samples = {  # the new editions' samples, if `add` worked them out
        e.content_hash: entry[3]
        for name, (_stamp, e) in fresh.items()
        if (entry := shard(cache.shard_of(name)).get(name)) and entry[3] is not None
    }
    hashes = {e.content_hash for e in editions}
    verdicts = {p: v for p, v in data.verdicts.items() if p[0] in hashes and p[1] in hashes}

    def text_of(edition: Edition) -> str:
        whole = edition if edition.passages else load_cached_edition(paths, edition)
        return (whole or edition).full_text()

    grouped = group_editions(
        editions, samples, verdicts, text_of=text_of, table=table, sample_texts=sample_texts
    )
    fingerprint = tuple(sorted((e.key, e.content_hash) for e in editions))
    changed: set[int] = set()
    for name in [*fresh, *removed]:
        index = cache.shard_of(name)
        changed.add(index)
        if name in fresh:
            stamp, edition = fresh[name]
            sample = samples.get(edition.content_hash)
            shard(index)[name] = (*stamp, edition, sample)
            light = replace(edition, passages=())
            data.listing[name] = (*stamp, light, len(edition.passages))
        else:
            shard(index).pop(name, None)
            data.listing.pop(name, None)
    data.groups = {fingerprint: [[e.key for e in group] for group in grouped]}
    data.verdicts = verdicts
    with contextlib.suppress(OSError):  # a cache that cannot be written is rebuilt next time
        for index in sorted(changed):
            cache.write_shard(cache_path, index, shards[index])
        write_pickle(cache_path, data, durable=False)
    cache.forget_memory()  # the files changed under what this process remembers
    cache.write_table(cache_path, table)
    return editions, counts, problems


def load_cached_edition(paths: AppPaths, light: Edition) -> Edition | None:
    """The whole edition (its passages too) of an edition that ``load_cached_listing`` gave,
    read from its one shard; ``None`` if the cache no longer holds it as it was."""
    from dataclasses import replace

    # the entry is read alone from its shard and checked against the listing's content
    # hash below, so a shard rewritten since can only make this answer None, never stale
    entry = cache.read_entry(cache._cache_file(paths), str(light.path))
    if entry is None:
        return None
    edition = entry[2]
    if edition.key != light.key or edition.content_hash != light.content_hash:
        return None
    # the listing's edition carries what its report shares (a sibling's title or year)
    return edition if edition.meta == light.meta else replace(edition, meta=light.meta)
