"""Load the library through a cache of parsed editions, so start-up does not re-parse.

The cache (a pickle in the user cache dir) maps each file's path to its size, mtime and
parsed Edition, plus the edition grouping for the current set of contents. A file whose
size or mtime changed is parsed again; a cache that cannot be read is ignored and rebuilt.
It only ever holds what we could recompute from the files, so losing it loses nothing.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trendreader.atomic import write_pickle
from trendreader.library.catalog import (
    Library,
    LoadProblem,
    assemble_library,
    convert,
    library_files,
    sidecar_warnings,
)
from trendreader.library.model import Edition
from trendreader.paths import AppPaths

CACHE_VERSION = 8  # bump when parsing changes what an Edition holds


@dataclass
class _CacheData:
    version: int = CACHE_VERSION
    files: dict[str, tuple[int, int, Edition]] = field(default_factory=dict)
    groups: dict[tuple[str, ...], list[list[str]]] = field(default_factory=dict)
    titles: dict[tuple[str, str], str] = field(default_factory=dict)  # (title, config) → converted


def _cache_file(paths: AppPaths) -> Path:
    return paths.cache_dir / "library.pickle"


def _read_cache(path: Path) -> _CacheData:
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)
        if isinstance(data, _CacheData) and data.version == CACHE_VERSION:
            return data
    except Exception:  # a stale, partial or foreign cache is simply rebuilt
        pass
    return _CacheData()


def _write_cache(path: Path, data: _CacheData) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written is rebuilt next time
        write_pickle(path, data)


def remember_editions(paths: AppPaths, parsed: Sequence[tuple[Path, Edition]]) -> None:
    """Put editions parsed elsewhere into the cache, as if loading had parsed them.

    ``add`` parses each file to validate it before copying it into the user library; with
    this, the reload that follows (and the next start) does not parse the copies again.
    """
    cache_path = _cache_file(paths)
    cache = _read_cache(cache_path)
    for path, edition in parsed:
        try:
            stat = path.stat()
        except OSError:
            continue  # gone already: the next load parses what is there
        cache.files[str(path)] = (stat.st_size, stat.st_mtime_ns, edition)
    _write_cache(cache_path, cache)


def load_cached_library(
    paths: AppPaths,
    folders: Sequence[Path],
    *,
    builtin: Sequence[Path] = (),
    hidden: Sequence[str] = (),
) -> Library:
    """Like ``catalog.load_library``, reusing parsed editions whose files did not change."""
    cache_path = _cache_file(paths)
    cache = _read_cache(cache_path)
    editions: list[Edition] = []
    problems: list[LoadProblem] = []
    fresh = _CacheData(groups=cache.groups, titles=cache.titles)
    changed = False
    found: list[tuple[Path, os.stat_result, Edition | None]] = []
    to_parse: list[tuple[Path, str, bool]] = []
    for path, key, is_builtin in library_files(folders, builtin=builtin, hidden=hidden):
        try:
            stat = path.stat()
        except OSError as error:  # removed or unreadable since it was listed
            problems.append(LoadProblem(path, f"{path.name}: cannot read ({error.strerror})"))
            continue
        entry = cache.files.get(str(path))
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            found.append((path, stat, entry[2]))
        else:
            found.append((path, stat, None))
            to_parse.append((path, key, is_builtin))
    parsed: Iterator[Edition | Exception] = iter(())
    if to_parse:
        from trendreader.library.parse import read_editions

        parsed = iter(read_editions(to_parse))  # in worker processes when there are many
        changed = True
    for path, stat, cached in found:
        edition = cached
        if edition is None:
            outcome = next(parsed)
            if isinstance(outcome, Exception):
                problems.append(LoadProblem(path, str(outcome)))
                continue
            edition = outcome
        editions.append(edition)
        problems.extend(sidecar_warnings(path))
        fresh.files[str(path)] = (stat.st_size, stat.st_mtime_ns, edition)
    fingerprint = tuple(sorted(e.content_hash for e in editions))
    groups = cache.groups.get(fingerprint)
    if groups is None:
        from trendreader.library.editions import group_editions

        groups = [[e.key for e in group] for group in group_editions(editions)]
        fresh.groups = {fingerprint: groups}
        changed = True
    titles_before = len(fresh.titles)

    def convert_title(title: str, config: str) -> str:
        # Building an OpenCC converter costs ~80 ms: remember shared titles across runs.
        if (title, config) not in fresh.titles:
            fresh.titles[(title, config)] = convert(title, config)
        return fresh.titles[(title, config)]

    by_key = {e.key: e for e in editions}
    library = assemble_library(
        [[by_key[k] for k in group] for group in groups], problems, convert_title
    )
    if changed or len(fresh.files) != len(cache.files) or len(fresh.titles) != titles_before:
        _write_cache(cache_path, fresh)
    return library
