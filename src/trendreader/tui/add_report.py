"""The palette's "Add file or URL…": the dialog asks for a path or a URL, then
:func:`add_target` adds it with the code the CLI's ``add`` uses (`library.formats.url.fetch`
for a URL, `library.importing.add_files`), in a thread worker. One line says how it went; the
library is read again, so the sidebar shows the new report, which is opened."""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trendreader.i18n import _
from trendreader.library.sanitize import clean_line

if TYPE_CHECKING:
    from trendreader.library.catalog import Library
    from trendreader.library.model import Edition
    from trendreader.paths import AppPaths
    from trendreader.tui.host import ReaderHost


@dataclass(frozen=True, slots=True)
class AddResult:
    """What adding one path or URL gave: the line to show and the editions added."""

    message: str
    added: tuple[Edition, ...] = ()


def add_target(target: str, library: Library, paths: AppPaths) -> AddResult:
    """Add the file, folder or ``http(s)://`` URL ``target`` to the user library (no Textual:
    call it off the UI thread; it reads and may fetch)."""
    from trendreader.library.formats import FormatError
    from trendreader.library.formats.url import fetch, is_url
    from trendreader.library.importing import AddUsageError, add_files, display_path
    from trendreader.library.parse import DEFAULT_MAX_BYTES
    from trendreader.paths import describe_os_error

    target = target.strip()
    if not target:
        return AddResult(_("Nothing added: type a file's path or a URL."))
    shown = clean_line(target)
    with tempfile.TemporaryDirectory(prefix="trendreader-url-") as folder:
        if is_url(target):
            try:
                path = fetch(target, Path(folder), max_bytes=DEFAULT_MAX_BYTES)
            except FormatError as error:
                return AddResult(
                    _("Not added {target}: {reason}").format(target=shown, reason=error)
                )
        else:
            path = Path(target).expanduser()
            shown = clean_line(display_path(path))
        try:
            outcomes = list(add_files([path], library, paths.user_library))
        except AddUsageError as error:
            return AddResult(_("Not added {target}: {reason}").format(target=shown, reason=error))
        except OSError as error:  # the user library cannot be written
            return AddResult(
                _("Not added {target}: {reason}").format(
                    target=shown, reason=describe_os_error(error)
                )
            )
    added = tuple(o.edition for o in outcomes if o.added and o.edition is not None)
    refused = [o for o in outcomes if not o.added]
    if not added:
        reason = refused[0].reason if refused else _("no report file there")
        return AddResult(_("Not added {target}: {reason}").format(target=shown, reason=reason))
    _remember(paths, added)
    more = _(" (and {n} more)").format(n=len(added) - 1) if len(added) > 1 else ""
    skipped = _("; {n} not added").format(n=len(refused)) if refused else ""
    message = _("Added {key}: {title}{more}{skipped}").format(
        key=added[0].key, title=added[0].title, more=more, skipped=skipped
    )
    return AddResult(message, added)


def _remember(paths: AppPaths, added: tuple[Edition, ...]) -> None:
    """Into the library cache, as the CLI does: the reload that follows parses nothing again."""
    from trendreader.library.store import remember_editions
    from trendreader.paths import StateError

    with contextlib.suppress(StateError):  # only a cache: the reload parses the copies instead
        remember_editions(paths, [(edition.path, edition) for edition in added])


def ask_and_add(app: ReaderHost) -> None:
    """The dialog, then :func:`add_in_worker` with what was typed."""
    from trendreader.tui.screens.add_dialog import AddDialog

    def chosen(target: str | None) -> None:
        if target:
            add_in_worker(app, target)

    app.push_screen(AddDialog(), chosen)


def add_in_worker(app: ReaderHost, target: str) -> None:
    library, paths = app.library, app.paths

    def work() -> None:
        result = add_target(target, library, paths)
        app.call_from_thread(added, app, result)

    app.run_worker(work, thread=True, group="add-report", name="add-report")


def shown_message(app: ReaderHost, message: str) -> str:
    """A message that carries a report's title, in the reader's script (not one that names a
    file: a path is shown as it is on disk)."""
    from trendreader.script.display import show_user_text

    return show_user_text(clean_line(message), app.variant)


def added(app: ReaderHost, result: AddResult) -> None:
    """Back on the UI thread: the line, then the library again with the new report open."""
    if not result.added:
        app.notify(clean_line(result.message), severity="warning")  # a path: as it is
        return
    app.notify(shown_message(app, result.message))
    app.reload_library(open_key=result.added[0].key, announce=False)
