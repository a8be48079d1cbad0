"""Load the library through a cache of parsed editions, so start-up does not re-parse.

The cache lives in the user cache dir. ``library.pickle`` holds the edition grouping for the
current set of contents, what grouping worked out (each pair of editions compared: one
article or not) and converted titles. The parsed editions are in :data:`SHARDS` files under
``library-shards/``, a file's edition in the shard its path hashes to, each with the file's
size and version (its mtime, with its sidecar's size, mtime and ctime if it has one:
`catalog.report_version`) and the shingle sample grouping uses. A file whose size or version
changed (a sidecar added, edited or removed too) is parsed again, and only the shards that
changed are written: adding one report to a library of 2,000 rewrites the ~31 editions of one
shard, not all of them; and a command that needs a few editions' passages (``read``, the
hits of ``search``) reads only their shards, and of each only its own entry (a shard file is
a table of its entries' names and sizes, then each entry pickled on its own: `_shard_bytes`).
A cache that cannot be read is ignored and rebuilt. It only ever holds what we could
recompute from the files, so losing it loses nothing. There are 64 shards: with 256, a cold
load of 418 files wrote 211 files, and creating a file costs ~0.3 ms of kernel time on the
machine we measure on (0.13 s of a 1 s load, against 0.06 s for 64).

``library-shingles.pickle`` keeps the postings of the editions' shingle samples and the
candidate pairs they give (:class:`~trendreader.library.editions.ShingleTable`): a regrouping
after a few files changed updates only their shingles, and
``load_cached_listing(update=True)`` regroups without the shards.

The listing half — the library without its passages, and one edition whole from its shard —
is :mod:`trendreader.library.listing`; a load that writes the cache also keeps the library it
made, for the listing to read back while no file changes (:mod:`trendreader.library.snapshot`).

Within one process, a load that finds the cache files as it last read or wrote them reuses
what it holds in memory instead of reading them again (a running reader's reload).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import threading
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trendreader.atomic import write_bytes, write_pickle
from trendreader.i18n import _
from trendreader.library.catalog import (
    Library,
    LoadProblem,
    Stamp,
    Version,
    assemble_library,
    convert,
    library_files,
    refused_problem,
    report_stamp,
    sidecar_warnings,
)
from trendreader.library.model import Edition, Metadata, pickled_text
from trendreader.library.packed import PackedPassages
from trendreader.library.snapshot import FileStamp, write_snapshot
from trendreader.paths import AppPaths

if TYPE_CHECKING:
    from trendreader.library.editions import ShingleTable
    from trendreader.library.parse import ReportFileError

CACHE_VERSION = 19  # bump when parsing changes what an Edition holds (or the files' form)
SHARDS = 64
#: At most this many new or changed files are brought into the listing without a full load.
UPDATE_MAX = 16
SHARD_DIR = "library-shards"
#: bump when ShingleTable changes what it holds (a table of another version is rebuilt)
TABLE_VERSION = 5

#: size, version (`catalog.report_version`: the mtime, and the sidecar's), the parsed
#: edition, its shingle sample (None: not computed yet)
Entry = tuple[int, Version, Edition, array | None]  # the sample: `editions.Sample`
#: a file parsed before the load (``load_cached_library(parsed=…)``): its size and version
#: then, the edition or why it was refused, its shingle sample (None: not computed)
Parsed = tuple[int, Version, Edition | Exception, array | None]


@dataclass
class _CacheData:
    version: int = CACHE_VERSION
    groups: dict[tuple[tuple[str, str], ...], list[list[str]]] = field(default_factory=dict)
    titles: dict[tuple[str, str], str] = field(default_factory=dict)  # (title, config) → converted
    #: (content hash, content hash) → one article or not (see editions.group_editions)
    verdicts: dict[tuple[str, str], bool] = field(default_factory=dict)
    #: path → size, mtime, the edition without its passages, how many passages it has:
    #: enough for ``trendreader list`` without reading the shards (load_cached_listing)
    listing: dict[str, tuple[int, Version, Edition, int]] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, object]:
        # the listing's editions as plain tuples: read back ~10x faster than pickle's generic
        # slots dataclasses (and a Path per edition), every `list`, `read` and `search` reads it
        state = dict(self.__dict__)
        # a title is the first passage's own string, often: pickled as a copy (see
        # `model.pickled_text`), as everywhere else
        state["titles"] = {
            (pickled_text(title), config): converted
            for (title, config), converted in self.titles.items()
        }
        state["listing"] = {
            path: (size, mtime, _light_fields(edition), count)
            for path, (size, mtime, edition, count) in self.listing.items()
        }
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        listing = state.get("listing")
        if isinstance(listing, dict):
            state["listing"] = {
                path: (size, mtime, _light_edition(fields), count)  # (or written before)
                for path, (size, mtime, fields, count) in listing.items()
            }
        self.__dict__.update(state)


def _light_fields(edition: Edition) -> tuple[object, ...]:
    """An edition without passages as plain values (see :func:`_light_edition`)."""
    meta, text = edition.meta, pickled_text
    return (
        edition.key,
        str(edition.path),
        edition.script,
        edition.encoding,
        # (copies of the strings, as a passage pickles its text: `model.pickled_text`)
        (text(meta.title), meta.date, meta.year, text(meta.author), text(meta.source)),
        edition.content_hash,
        edition.builtin,
    )


def _light_edition(fields: tuple[Any, ...] | Edition) -> Edition:
    if isinstance(fields, Edition):  # a cache written before the listing was plain values
        return fields
    key, path, script, encoding, meta, content_hash, builtin = fields
    return Edition(key, Path(path), script, encoding, Metadata(*meta), (), content_hash, builtin)


@dataclass
class _Cache:
    data: _CacheData = field(default_factory=_CacheData)
    shards: list[dict[str, Entry]] = field(default_factory=lambda: [{} for _ in range(SHARDS)])

    def entry(self, path: str) -> Entry | None:
        return self.shards[shard_of(path)].get(path)


#: cache file → (the stamps of its files as last read or written, what they hold)
_memory: dict[Path, tuple[tuple[tuple[int, int] | None, ...], _Cache]] = {}
_memory_lock = threading.Lock()


def stat_or_problem(path: Path, problems: list[LoadProblem]) -> os.stat_result | None:
    """``path``'s stat, or None with a one-line problem added (removed or unreadable since
    it was listed)."""
    try:
        return path.stat()
    except OSError as error:
        line = _("{name}: cannot read ({reason})").format(name=path.name, reason=error.strerror)
        problems.append(LoadProblem(path, line))
        return None


def title_converter(titles: Mapping[tuple[str, str], str]) -> Callable[[str, str], str]:
    """``convert(title, config)`` answered from the cache's converted ``titles`` first."""

    def convert_title(title: str, config: str) -> str:
        known = titles.get((title, config))
        return known if known is not None else convert(title, config)

    return convert_title


def shard_of(path: str) -> int:
    """The shard a file's edition is kept in (fixed by its path)."""
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % SHARDS


def _cache_file(paths: AppPaths) -> Path:
    return paths.cache_dir / "library.pickle"


def _shard_file(cache_path: Path, index: int) -> Path:
    return cache_path.parent / SHARD_DIR / f"{index:02d}.pickle"


def _remove_other_shards(cache_path: Path) -> None:
    """Remove the shard files no shard of this version is written to (an older cache's,
    of 256 shards: ``64.pickle`` to ``255.pickle``), when the cache is made anew."""
    folder = cache_path.parent / SHARD_DIR
    with contextlib.suppress(OSError):
        for file in folder.glob("*.pickle"):
            if not file.stem.isdigit() or int(file.stem) >= SHARDS:
                file.unlink(missing_ok=True)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def _stamps(cache_path: Path) -> tuple[tuple[int, int] | None, ...]:
    return (_stamp(cache_path), *(_stamp(_shard_file(cache_path, i)) for i in range(SHARDS)))


def _load(path: Path) -> object:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # a stale, partial or foreign file is simply rebuilt
        return None


def _read_file(path: Path) -> tuple[bytes, tuple[int, int, int]] | None:
    """The bytes of ``path`` and the stamp of the file they were read from (see
    :class:`ShardFile`); None if it cannot be read."""
    try:
        with path.open("rb") as handle:
            stamp = _file_stamp(os.fstat(handle.fileno()))
            return handle.read(), stamp
    except OSError:
        return None


def _remembered(path: Path, stamps: tuple[tuple[int, int] | None, ...]) -> _Cache | None:
    with _memory_lock:
        remembered = _memory.get(path)
    if remembered is not None and remembered[0] == stamps and stamps[0] is not None:
        return remembered[1]
    return None


def remembered_now(path: Path) -> _Cache | None:
    """What this process holds of the cache at ``path`` if its files are as it left them.
    A process holding nothing (every fresh command) does not stat the 65 files to know."""
    with _memory_lock:
        if path not in _memory:
            return None
    return _remembered(path, _stamps(path))


def _read_data(path: Path) -> _CacheData | None:
    data = _load(path)
    if not isinstance(data, _CacheData) or data.version != CACHE_VERSION:
        return None
    for name in ("groups", "titles", "verdicts", "listing"):  # written before a field was
        if not isinstance(getattr(data, name, None), dict):
            setattr(data, name, {})
    return data


def _shard_blobs(path: Path, index: int) -> dict[str, bytes]:
    """Shard ``index`` of the cache at ``path`` as it is on disk: each file's entry pickled
    on its own (path → bytes)."""
    read = _read_file(_shard_file(path, index))
    if read is None:
        return {}
    return _blobs(read[0], _layout(read[0]))


def _blobs(data: bytes, layout: Mapping[str, tuple[int, int]]) -> dict[str, bytes]:
    """Each entry's pickle, cut out of a shard file's ``data`` where ``layout`` says."""
    return {name: data[start : start + size] for name, (start, size) in layout.items()}


#: a shard file begins with the size of its table (see :func:`_shard_bytes`)
_TABLE_SIZE = struct.Struct("<Q")


def _shard_bytes(blobs: Mapping[str, bytes]) -> bytes:
    """A shard file: the size of its table, the table (``CACHE_VERSION`` and each entry's
    name and size, pickled), then the entries' pickles one after another. One entry is
    read without the others (:func:`read_entry_bytes`): at 10,000 reports a shard of 64 holds
    ~156 entries, 1.3 MB, where one entry is ~8 KB."""
    table = pickle.dumps(
        (CACHE_VERSION, [(name, len(blob)) for name, blob in blobs.items()]),
        pickle.HIGHEST_PROTOCOL,
    )
    return b"".join((_TABLE_SIZE.pack(len(table)), table, *blobs.values()))


def _table(head: bytes) -> tuple[list[tuple[str, int]], int] | None:
    """A shard file's table from its first bytes (``head``: the table whole) and where its
    entries begin; None for a file of another version or form."""
    try:
        (size,) = _TABLE_SIZE.unpack_from(head)
        start = _TABLE_SIZE.size + size
        if len(head) < start:
            return None
        version, sizes = pickle.loads(head[_TABLE_SIZE.size : start])
    except Exception:  # a stale, partial or foreign file is simply rebuilt
        return None
    if version != CACHE_VERSION or not isinstance(sizes, list):
        return None
    for row in sizes:
        if not (
            isinstance(row, tuple)
            and len(row) == 2
            and isinstance(row[0], str)
            and type(row[1]) is int
            and row[1] >= 0
        ):
            return None
    return sizes, start


def _layout(data: bytes) -> dict[str, tuple[int, int]]:
    """Where each entry's pickle lies in a shard file's ``data``: name → (start, size).
    Nothing for a file of another version or form, or one cut short."""
    found = _table(data)
    if found is None:
        return {}
    layout, end = _places(*found)
    return layout if end == len(data) else {}


def _places(sizes: list[tuple[str, int]], at: int) -> tuple[dict[str, tuple[int, int]], int]:
    """Each entry's (start, size) in a shard file whose entries begin ``at``, and where the
    last one ends."""
    layout = {}
    for name, size in sizes:
        layout[name] = (at, size)
        at += size
    return layout, at


def read_entry_bytes(file: Path, name: str) -> bytes | None:
    """The pickle of ``name``'s entry in the shard ``file``, read alone (its table, then its
    bytes); None if it is not there or the file cannot be read."""
    try:
        with file.open("rb") as handle:
            head = handle.read(_TABLE_SIZE.size)
            if len(head) < _TABLE_SIZE.size:
                return None
            size = _TABLE_SIZE.unpack(head)[0]
            if size > os.fstat(handle.fileno()).st_size - len(head):
                return None  # not a table's size: a file of another form (an older cache's)
            head += handle.read(size)
            found = _table(head)
            place = _places(*found)[0].get(name) if found is not None else None
            if place is None:
                return None
            start, size = place
            handle.seek(start)
            blob = handle.read(size)
    except OSError:
        return None
    return blob if len(blob) == size else None


class ShardFile:
    """One shard file as this process last read or wrote it: the packed passages of its
    entries are read back from it (:meth:`PackedPassages.place
    <trendreader.library.packed.PackedPassages.place>`) while it is the same file (its
    size, mtime and inode); once written again, each finds its entry anew."""

    __slots__ = ("cache_path", "file", "index", "stamp")

    def __init__(self, cache_path: Path, index: int, stamp: tuple[int, int, int]) -> None:
        self.cache_path, self.index, self.stamp = cache_path, index, stamp
        self.file = _shard_file(cache_path, index)

    def read_blob(self, offset: int, size: int) -> bytes | None:
        try:
            with self.file.open("rb") as handle:
                if _file_stamp(os.fstat(handle.fileno())) != self.stamp:
                    return None
                handle.seek(offset)  # (not os.pread: there is none on Windows)
                data = handle.read(size)
        except OSError:
            return None
        return data if len(data) == size else None

    def recover(self, name: str, key: str) -> tuple[bytes, int]:
        blob = read_entry_bytes(self.file, name)
        entry = _entry(blob) if blob is not None else None
        passages = entry[2].passages if entry is not None and entry[2].key == key else None
        if not isinstance(passages, PackedPassages) or passages.in_memory is None:
            from trendreader.library.parse import read_edition

            try:  # not in the cache any more: the file as it is now
                passages = PackedPassages.pack(read_edition(Path(name), key=key).passages)
            except Exception:  # gone or unreadable: nothing (a reload follows)
                return PackedPassages.pack(()).blob, 0
        return passages.blob, len(passages)


def _file_stamp(stat: os.stat_result) -> tuple[int, int, int]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _place(
    cache_path: Path,
    index: int,
    data: bytes,
    stamp: tuple[int, int, int],
    layout: Mapping[str, tuple[int, int]],
    entries: Mapping[str, Entry],
) -> None:
    """Let the packed passages of ``entries`` go from memory: they are in the shard file
    ``index`` (``data``, its bytes; ``layout``: where each entry's pickle lies in them),
    and each entry's pickle holds its passages' bytes whole."""
    source = ShardFile(cache_path, index, stamp)
    for name, (start, size) in layout.items():
        entry = entries.get(name)
        passages = entry[2].passages if entry is not None else None
        held = passages.in_memory if isinstance(passages, PackedPassages) else None
        if held is None:
            continue
        inner = _find_whole(data, held, start, start + size)
        if inner >= 0:
            passages.place(source, inner, name, entry[2].key)  # type: ignore[index]


def _find_whole(data: bytes, part: bytes, at: int, end: int) -> int:
    """Where ``part`` first lies whole in ``data[at:end]`` (-1: nowhere). Found by its
    first bytes, then compared in place: ``bytes.find`` of the whole part first reads all
    of it to build its search tables (a shard's entries: 23 ms of a cold load's writes)."""
    head = part[:_HEAD]
    last = end - len(part)
    start = data.find(head, at, end)
    while 0 <= start <= last and not data.startswith(part, start):
        start = data.find(head, start + 1, end)
    return start if 0 <= start <= last else -1


_HEAD = 64


def _entry(blob: object) -> Entry | None:
    """One entry of a shard from its pickle; None if it cannot be read."""
    try:
        entry = pickle.loads(blob)  # type: ignore[arg-type]
    except Exception:  # a stale, partial or foreign entry is simply parsed again
        return None
    return entry if isinstance(entry, tuple) and len(entry) == 4 else None


def _entries(blobs: Mapping[str, object]) -> dict[str, Entry]:
    """A shard's entries from their pickles (those that cannot be read left out)."""
    entries = {}
    for name, blob in blobs.items():
        entry = _entry(blob)
        if entry is not None:
            entries[name] = entry
    return entries


def write_shard(path: Path, index: int, entries: Mapping[str, Entry]) -> None:
    """Write shard ``index`` of the cache at ``path``: each entry pickled on its own. An
    entry held without its sample (this process keeps none, see :func:`_without_samples`)
    is written with the sample its file's entry has now, if that is of the same content."""
    given = entries
    for _size, _mtime, edition, _sample in given.values():
        if isinstance(edition.passages, PackedPassages):
            edition.passages.hold()  # read from this file: held while it is written again
    entries = _with_samples_from_file(path, index, entries)
    dumps, protocol = pickle.dumps, pickle.HIGHEST_PROTOCOL
    data = _shard_bytes({name: dumps(entry, protocol) for name, entry in entries.items()})
    file = _shard_file(path, index)
    write_bytes(file, data, durable=False)
    try:
        stamp = _file_stamp(file.stat())
    except OSError:
        return
    _place(path, index, data, stamp, _layout(data), given)


def _with_samples_from_file(
    path: Path, index: int, entries: Mapping[str, Entry]
) -> Mapping[str, Entry]:
    missing = [name for name, entry in entries.items() if entry[3] is None]
    if not missing:
        return entries
    blobs = _shard_blobs(path, index)
    out = dict(entries)
    for name in missing:
        blob = blobs.get(name)
        old = _entry(blob) if blob is not None else None
        size, mtime, edition, _none = entries[name]
        if old is not None and old[3] is not None and old[2].content_hash == edition.content_hash:
            out[name] = (size, mtime, edition, old[3])
    return out


def _without_samples(entries: dict[str, Entry]) -> dict[str, Entry]:
    """``entries`` (in place) without their shingle samples: a process does not keep them
    (at 10,000 reports 17.5 MB, ~1.7 KB an edition, for good). A regrouping needs only the
    samples of new editions (the shingle table holds the others' codes), and a shard
    written again takes its entries' samples from its file (:func:`write_shard`)."""
    for name, entry in entries.items():
        if entry[3] is not None:
            entries[name] = (entry[0], entry[1], entry[2], None)
    return entries


def read_entry(path: Path, name: str) -> Entry | None:
    """The entry of the file ``name`` in the cache at ``path``, read alone from its shard
    (:func:`read_entry_bytes`; the caller checks the entry against the listing's content hash, so
    a shard rewritten since can only make it None, never stale)."""
    index = shard_of(name)
    with _memory_lock:
        remembered = _memory.get(path)
    if remembered is not None:
        return remembered[1].shards[index].get(name)
    blob = read_entry_bytes(_shard_file(path, index), name)
    return _entry(blob) if blob is not None else None


def _read_shard(path: Path, index: int) -> dict[str, Entry]:
    with _memory_lock:
        remembered = _memory.get(path)
    if remembered is not None:  # checked by the caller against the listing's content hash
        return remembered[1].shards[index]
    return _entries(_shard_blobs(path, index))


def _read_cache(path: Path) -> _Cache:
    stamps = _stamps(path)
    remembered = _remembered(path, stamps)
    if remembered is not None:
        return remembered
    cache = _Cache()
    data = _read_data(path)
    if data is None:
        _remove_other_shards(path)
        return cache
    cache.data = data
    for index in range(SHARDS):
        if stamps[index + 1] is not None:
            cache.shards[index] = _read_placed(path, index)
    _share_listing(cache)
    _remember(path, stamps, cache)
    return cache


def _read_placed(path: Path, index: int) -> dict[str, Entry]:
    """Shard ``index``'s entries, without their samples, their packed passages left in the
    file (read back when needed: :class:`ShardFile`)."""
    read = _read_file(_shard_file(path, index))
    if read is None:
        return {}
    data, stamp = read
    layout = _layout(data)
    entries = _without_samples(_entries(_blobs(data, layout)))
    _place(path, index, data, stamp, layout, entries)
    return entries


def _share_listing(cache: _Cache) -> None:
    """The listing's editions made of the shards' (their strings, metadata and paths), where
    both describe the file as it is in both: read from ``library.pickle`` they were copies of
    every key, path, title and hash, ~9 MB at 10,000 reports kept for the process."""
    listing = cache.data.listing
    for name, (size, mtime, light, count) in listing.items():
        entry = cache.entry(name)
        if entry is None or entry[0] != size or entry[1] != mtime:
            continue
        edition = entry[2]
        if edition.content_hash != light.content_hash or edition.key != light.key:
            continue
        shared = Edition(
            edition.key,
            edition.path,
            edition.script,
            edition.encoding,
            edition.meta,
            (),
            edition.content_hash,
            edition.builtin,
        )
        listing[name] = (size, mtime, shared, count)


def _write_cache(path: Path, cache: _Cache, shards: Sequence[int] = range(SHARDS)) -> None:
    """Write the grouping and the ``shards`` that changed; remember what the files hold."""
    with contextlib.suppress(OSError):  # a cache that cannot be written is rebuilt next time
        for index in shards:
            write_shard(path, index, cache.shards[index])
        write_pickle(path, cache.data, durable=False)
    _remember(path, _stamps(path), cache)


def _remember(path: Path, stamps: tuple[tuple[int, int] | None, ...], cache: _Cache) -> None:
    for shard in cache.shards:
        _without_samples(shard)
    with _memory_lock:
        _memory.clear()  # one library cache a process: keep no other alive
        _memory[path] = (stamps, cache)


def forget_memory() -> None:
    """Drop what this process remembers of the cache files (the next load reads them)."""
    with _memory_lock:
        _memory.clear()


def remember_editions(paths: AppPaths, parsed: Sequence[tuple[Path, Edition]]) -> None:
    """Put editions parsed elsewhere into the cache, as if loading had parsed them.

    ``add`` parses each file to validate it before copying it into the user library; with
    this, the reload that follows (and the next start) does not parse the copies again.
    """
    cache_path = _cache_file(paths)
    cache = _read_cache(cache_path)
    changed: set[int] = set()
    for path, edition in parsed:
        try:
            stat = path.stat()
        except OSError:
            continue  # gone already: the next load parses what is there
        index = shard_of(str(path))
        cache.shards[index][str(path)] = (*report_stamp(str(path), stat), edition, None)
        changed.add(index)
    _write_cache(cache_path, cache, sorted(changed))


def load_cached_library(
    paths: AppPaths,
    folders: Sequence[Path],
    *,
    builtin: Sequence[Path] = (),
    hidden: Sequence[str] = (),
    parsed: Mapping[str, Parsed] | None = None,
) -> Library:
    """Like ``catalog.load_library``, reusing parsed editions whose files did not change.

    ``parsed``: files parsed already (path → :data:`Parsed`), as the reader's start-up and
    its background reading do: one whose size and mtime are still those is not parsed
    again (its sample, if given, spares shingling it for the grouping)."""
    cache_path = _cache_file(paths)
    cache = _read_cache(cache_path)
    editions: list[Edition] = []
    problems: list[LoadProblem] = []
    fresh = _Cache(_CacheData(groups=cache.data.groups, titles=cache.data.titles))
    found: list[tuple[Path, Stamp, Entry | Parsed | None]] = []
    to_parse: list[tuple[Path, str, bool]] = []
    file_stamps: list[FileStamp] = []  # the files as they were read, for the kept library
    sidecars: set[str] = set()
    files = library_files(folders, builtin=builtin, hidden=hidden, sidecars=sidecars)
    for path, key, is_builtin in files:
        stat = stat_or_problem(path, problems)
        if stat is None:
            continue
        stamp = report_stamp(str(path), stat, sidecars)
        file_stamps.append((str(path), *stamp, is_builtin))
        entry = cache.entry(str(path))
        before = parsed.get(str(path)) if parsed else None
        if entry and entry[:2] == stamp:
            found.append((path, stamp, entry))
        elif before and before[:2] == stamp:
            found.append((path, stamp, before))
        else:
            found.append((path, stamp, None))
            to_parse.append((path, key, is_builtin))
    outcomes: Iterator[Edition | ReportFileError] = iter(())
    if to_parse:
        from trendreader.library.parse import read_editions

        outcomes = iter(read_editions(to_parse))  # in worker processes when there are many
    for path, stamp, known in found:
        if known is None:
            known = (*stamp, next(outcomes), None)  # sampled by the grouping, if it must
        outcome = known[2]
        if isinstance(outcome, Exception):
            problems.append(refused_problem(path, outcome))
            continue
        cached: Entry = known  # type: ignore[assignment]  # its outcome is an edition
        # packed before the library is made of it: the library's copies of an edition (a
        # converted title) share its packed passages, let go once in their shard (_place)
        cached[2].pack_passages()
        editions.append(cached[2])
        problems.extend(sidecar_warnings(path, sidecars))
        fresh.shards[shard_of(str(path))][str(path)] = cached
    fingerprint = tuple(sorted((e.key, e.content_hash) for e in editions))
    groups = cache.data.groups.get(fingerprint)
    fresh.data.verdicts = cache.data.verdicts
    if groups is None:
        groups = _regroup(editions, fresh, cache.data.verdicts, cache_path)
        fresh.data.groups = {fingerprint: groups}
    titles_before = len(fresh.data.titles)

    def convert_title(title: str, config: str) -> str:
        # Building an OpenCC converter costs ~80 ms: remember shared titles across runs.
        titles = fresh.data.titles
        if (title, config) not in titles:
            titles[(title, config)] = convert(title, config)
        return titles[(title, config)]

    by_key = {e.key: e for e in editions}
    library = assemble_library(
        [[by_key[k] for k in group] for group in groups], problems, convert_title
    )
    changed = [i for i in range(SHARDS) if fresh.shards[i] != cache.shards[i]]
    fresh.data.listing = cache.data.listing
    if changed or fresh.data.listing.keys() != {str(e.path) for e in editions}:
        fresh.data.listing = _listing(fresh)
    if changed or groups is not cache.data.groups.get(fingerprint):
        _write_cache(cache_path, fresh, changed)
    elif len(fresh.data.titles) != titles_before or fresh.data.listing is not cache.data.listing:
        _write_cache(cache_path, fresh, ())
    else:
        return library
    if not any(problem.skipped for problem in problems):  # every file read: as the listing
        counts = {edition.key: len(edition.passages) for edition in editions}
        reports = library.reports
        write_snapshot(cache_path, CACHE_VERSION, file_stamps, reports, counts, library.problems)
    return library


def _listing(cache: _Cache) -> dict[str, tuple[int, Version, Edition, int]]:
    from dataclasses import replace

    return {
        path: (size, mtime, replace(edition, passages=()), len(edition.passages))
        for shard in cache.shards
        for path, (size, mtime, edition, _sample) in shard.items()
    }


def _table_file(cache_path: Path) -> Path:
    return cache_path.with_name("library-shingles.pickle")


def read_table(cache_path: Path) -> ShingleTable | None:
    """The :class:`~trendreader.library.editions.ShingleTable` kept beside the cache at
    ``cache_path``; ``None`` if there is none or it cannot be read. Read from the file each
    time (~80 ms at 10,000 reports, only when the library is grouped again), not kept in the
    process: at 10,000 reports it is ~26 MB of objects (~60 MB of memory while it is read),
    which a reader held for good after its first start."""
    from trendreader.library.editions import ShingleTable

    path = _table_file(cache_path)
    found = _load(path) if _stamp(path) is not None else None
    if (
        isinstance(found, tuple)
        and len(found) == 2
        and found[0] == (CACHE_VERSION, TABLE_VERSION)
        and isinstance(found[1], ShingleTable)
    ):
        return found[1]
    return None


def write_table(cache_path: Path, table: ShingleTable) -> None:
    """Keep ``table`` beside the cache at ``cache_path``."""
    path = _table_file(cache_path)
    with contextlib.suppress(OSError):  # a table that cannot be written is rebuilt next time
        write_pickle(path, ((CACHE_VERSION, TABLE_VERSION), table), durable=False)
        cache_path.with_name("library-samples.pickle").unlink(missing_ok=True)  # what came before


def _regroup(
    editions: list[Edition],
    fresh: _Cache,
    verdicts: dict[tuple[str, str], bool],
    cache_path: Path,
) -> list[list[str]]:
    """Group ``editions`` with the samples and verdicts of earlier loads; keep the new ones
    in ``fresh`` (samples in the entries, verdicts between editions still present)."""
    from trendreader.library.editions import ShingleTable, group_editions, sample_texts

    samples: dict[str, tuple[str, ...]] = {}
    for shard in fresh.shards:
        for _size, _mtime, edition, sample in shard.values():
            if sample is not None:
                samples[edition.content_hash] = sample
    hashes = {e.content_hash for e in editions}
    kept = {pair: v for pair, v in verdicts.items() if pair[0] in hashes and pair[1] in hashes}
    table = read_table(cache_path) or ShingleTable()
    grouped = group_editions(editions, samples, kept, table=table, sample_texts=sample_texts)
    fresh.data.verdicts = kept
    write_table(cache_path, table)  # what the next regrouping starts from
    for shard in fresh.shards:
        for path, (size, mtime, edition, sample) in list(shard.items()):
            if sample is None and edition.content_hash in samples:
                shard[path] = (size, mtime, edition, samples[edition.content_hash])
    return [[e.key for e in group] for group in grouped]
