"""Write a file so that a reader never sees half of it: the one atomic write of trendreader.

:func:`write_bytes` (and :func:`write_text`, :func:`write_pickle`, :func:`copy_file` on top of
it) creates the
folder, writes to a temporary file in that folder (``.NAME.RANDOM.tmp``: hidden, so the library
and the index skip it), flushes and fsyncs it, then ``os.replace``-s it onto ``path``. After a
crash or a full disk ``path`` holds the old content or the new, never a mix; the temporary
file is removed on any error (``BaseException`` too: Ctrl-C). ``OSError`` propagates: callers
decide whether a failed write is an error (settings, trends) or nothing (caches).

The folder itself is not fsynced after the rename: a power cut may keep the old file, which
is what any of our writers can live with. Caches, which are rebuilt from the reports, pass
``durable=False``: no fsync (a cold load wrote ~210 cache files; their fsyncs took ~0.2 s
of a cold ``list``). After a power cut such a file may be empty or hold the old content; a
cache reader takes anything it cannot unpickle for missing and parses the report again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_with(path: Path, fill: Callable[[BinaryIO], object], *, durable: bool = True) -> None:
    """Replace ``path`` with what ``fill(handle)`` writes to the binary ``handle``,
    atomically (see the module's docstring); fsynced first unless not ``durable`` (a
    cache). The other writers are this one."""
    import tempfile  # here: it pulls in shutil and random, which start-up does not need

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (``durable``: see `write_with`)."""
    write_with(path, lambda handle: handle.write(data), durable=durable)


def write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically, written as given (``\n`` stays ``\n``)."""
    write_bytes(path, text.encode(encoding))


def copy_file(source: Path, target: Path) -> None:
    """Replace ``target`` with a copy of ``source`` atomically, keeping its permission bits
    and times (as ``shutil.copy2``): a full disk never leaves half a file at ``target``."""
    import shutil
    import stat

    with source.open("rb") as original:
        info = os.fstat(original.fileno())

        def fill(handle: BinaryIO) -> None:
            shutil.copyfileobj(original, handle)
            handle.flush()  # before the times are set: a later write would move them
            os.chmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            os.utime(handle.fileno(), ns=(info.st_atime_ns, info.st_mtime_ns))

        write_with(target, fill)


def write_pickle(path: Path, value: object, *, durable: bool = True) -> None:
    """Pickle ``value`` (highest protocol) to ``path`` atomically, streamed to the file
    (``durable``: see `write_with`)."""
    import pickle

    def fill(handle: BinaryIO) -> None:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)

    write_with(path, fill, durable=durable)


__all__ = ["copy_file", "write_bytes", "write_pickle", "write_text", "write_with"]
