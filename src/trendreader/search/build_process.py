"""Build the search index in a child process, so that the reader's interpreter stays free.

A build in a thread of the reader's process shares the interpreter's lock with the
interface: on two cores a key pressed during a build of 2,000 reports waited p95 ~100 ms,
`t` up to 110 ms, however small the build's steps (`IndexController.yield_to_reader`). Here
the build runs in ``python -m trendreader.search.build_process``: the reader sends it the
library's reports (pickled, a batch at a time), the child writes the index with
:meth:`PassageIndex.sync` as the reader would have, at a lower priority, and sends back its
progress and its :class:`SyncStatus`. The reader then adopts the index (its manifest says
what it holds).

A plain :mod:`subprocess` with pipes, not :mod:`multiprocessing`: a running Textual app
cannot start multiprocessing's resource tracker (its ``sys.stderr`` has no file number), and
the reader's threads must not be forked. Where the child cannot be started or dies before it
was handed the library, :meth:`BuildChild.run` returns None and the caller builds in its own
thread as before.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from trendreader.library.catalog import Library
from trendreader.library.model import Report

__all__ = ["BuildChild", "BuildFailed", "BuildStopped"]

#: Reports pickled per message to the child (~1,000 passages: a few ms of the reader's lock).
REPORTS_PER_BATCH = 40
#: The least time between two progress messages from the child.
PROGRESS_EVERY = 0.05

Progress = Callable[[int, int], None]


class BuildFailed(Exception):
    """The child could not build the index; one line (``IndexUnavailable`` is raised as
    itself)."""


class BuildStopped(Exception):
    """:meth:`BuildChild.stop` ended the child (the reader is closing): build nothing more."""


class BuildChild:
    """One build in a child process; :meth:`stop` ends it (the reader is closing)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped = threading.Event()

    def stop(self) -> None:
        """Kill the child if it runs: its half-built index is in a hidden folder that the
        next build removes (its process is gone)."""
        self._stopped.set()
        process = self._process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()

    def run(
        self,
        directory: Path,
        options: dict[str, Any],
        library: Library,
        *,
        rebuild: bool,
        progress: Progress | None,
    ) -> Any | None:
        """The child's :class:`SyncStatus`, or None when no child could be had (build here).

        Raises what :meth:`PassageIndex.sync` would (``IndexUnavailable``), or
        :class:`BuildFailed`; whatever ``progress`` raises stops the child and goes on up.
        """
        if self._stopped.is_set():
            raise BuildStopped
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_child_environment(),
            )
        except (OSError, ValueError):
            return None
        self._process = process
        try:
            assert process.stdin is not None and process.stdout is not None
            if not _send_library(process.stdin, directory, options, library, rebuild):
                if self._stopped.is_set():
                    raise BuildStopped
                return None  # the child is gone before it had the library: build here
            try:
                return _receive(process.stdout, progress)
            except BuildFailed:
                if self._stopped.is_set():
                    raise BuildStopped from None
                raise
        finally:
            if process.poll() is None:
                with contextlib.suppress(OSError):
                    process.kill()
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                process.wait(timeout=5)
            for stream in (process.stdin, process.stdout):
                with contextlib.suppress(OSError):
                    if stream is not None:
                        stream.close()


def _child_environment() -> dict[str, str]:
    """This process's environment, with its ``sys.path`` first on ``PYTHONPATH`` so the
    child imports the same trendreader (a checkout run with ``PYTHONPATH``, tests)."""
    environment = dict(os.environ)
    paths = [p for p in sys.path if p and Path(p).is_dir()]
    if environment.get("PYTHONPATH"):
        paths.append(environment["PYTHONPATH"])
    environment["PYTHONPATH"] = os.pathsep.join(paths)
    return environment


def _send_library(
    stream: IO[bytes],
    directory: Path,
    options: dict[str, Any],
    library: Library,
    rebuild: bool,
) -> bool:
    reports: Sequence[Report] = library.reports
    try:
        pickle.dump({"directory": str(directory), "options": options, "rebuild": rebuild}, stream)
        for start in range(0, len(reports), REPORTS_PER_BATCH):
            pickle.dump(list(reports[start : start + REPORTS_PER_BATCH]), stream, protocol=5)
        pickle.dump(None, stream)
        stream.flush()
        stream.close()
    except (OSError, ValueError):  # BrokenPipeError: the child ended
        return False
    return True


def _receive(stream: IO[bytes], progress: Progress | None) -> Any:
    from trendreader.i18n import _
    from trendreader.search.index import IndexUnavailable

    while True:
        try:
            message = pickle.load(stream)
        except (EOFError, OSError, pickle.UnpicklingError) as error:
            raise BuildFailed(_("the index builder stopped")) from error
        kind = message[0]
        if kind == "progress":
            if progress is not None:
                progress(message[1], message[2])
        elif kind == "done":
            return message[1]
        elif kind == "unavailable":
            raise IndexUnavailable(message[1])
        else:
            raise BuildFailed(message[1])


# --- the child ---------------------------------------------------------------------------


def _child_main() -> None:
    """Read the job from stdin, build, write the messages to stdout (nothing else may write
    there: ``print`` goes to stderr)."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr
    with contextlib.suppress(AttributeError, OSError):
        os.nice(10)  # the reader first
    source = sys.stdin.buffer
    job = pickle.load(source)
    reports: list[Report] = []
    while (batch := pickle.load(source)) is not None:
        reports.extend(batch)
    from trendreader.search.index import IndexUnavailable, PassageIndex, one_line

    last = [float("-inf")]

    def send(message: tuple[Any, ...]) -> None:
        pickle.dump(message, out)
        out.flush()

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY or done >= total:
            last[0] = now
            send(("progress", done, total))

    index = PassageIndex(Path(job["directory"]), **job["options"])
    try:
        status = index.sync(Library(reports=reports), progress=progress, rebuild=job["rebuild"])
    except IndexUnavailable as error:
        send(("unavailable", str(error)))
    except Exception as error:
        send(("failed", one_line(error)))
    else:
        send(("done", status))
    finally:
        index.close()
        out.close()


if __name__ == "__main__":
    _child_main()
