"""Export bookmarks as Obsidian notes: one Markdown file per report, in a folder (a vault).

Each note starts with YAML front matter written by PyYAML (``title``, ``author``, ``date``,
``source``, ``year``, ``key`` and ``exported-by: trendreader``, by which a note of ours is
told from the user's own files), then the report's title and, per bookmark:

- the passage as a ``>`` quote, followed (after a blank line, as Obsidian wants for a quote)
  by its block id ``^tr-`` + 10 hex digits, made from the edition key, the passage's anchor
  and the bookmark's creation time, so it stays the same across exports, after
  ``bookmarks import`` on another machine and after ``repair`` (``[[Note#^tr-…]]`` links
  made in the vault keep working);
- its page (``p. N``) when the source is paged, and the way back to the passage: the command
  ``trendreader open KEY --at N`` (a code span, ready to paste in a terminal; a
  ``trendreader://`` link would need a URL handler registered with the desktop, which we do
  not install);
- its note, and its tags as Obsidian ``#tags``.

Exporting again gives byte-identical files, and a file whose bytes would not change is not
written (its time stays: sync tools see nothing). A note keeps its file name across exports
(it is found again by the ``key`` of its front matter, even after the report's title
changed). A file of the folder that is not one of our notes is never written: a new note
whose name is taken gets ``(KEY)`` after the title instead. A new note is named after the
report's title in the export's script. Our notes are rewritten whole:
thoughts of one's own belong in other notes, linking to the block ids.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trendreader.atomic import write_text
from trendreader.bookmarks.errors import BookmarkError
from trendreader.bookmarks.exchange import page_label, quoted_passage
from trendreader.bookmarks.grouping import Catalog, ReportBookmarks, group_by_report_of
from trendreader.bookmarks.model import Bookmark
from trendreader.library.model import Report
from trendreader.library.sanitize import clean_line, clean_text

MARKER = "trendreader"
#: How much of a Markdown file is read to find its front matter.
HEAD_BYTES = 64 * 1024
#: A file name's stem at most this many UTF-8 bytes (file systems allow 255).
NAME_BYTES = 150
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|#^\[\]`%\x00-\x1f\x7f]+')
_WINDOWS_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$")
_NOT_IN_TAGS = re.compile(r"[^\w/-]+")


@dataclass(slots=True)
class ObsidianResult:
    """What :func:`export_obsidian` did: notes written, and notes left as they were."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def block_id(bookmark: Bookmark) -> str:
    """The bookmark's Obsidian block id (without the ``^``): stable across exports."""
    seed = f"{bookmark.edition_key}\0{bookmark.anchor}\0{bookmark.created}"
    return "tr-" + hashlib.blake2b(seed.encode("utf-8"), digest_size=5).hexdigest()


def obsidian_tag(tag: str) -> str:
    """A tag as an Obsidian ``#tag``: spaces become ``-``, what a tag cannot hold goes; a tag
    of digits only gets a leading ``_`` (Obsidian needs one character that is not a digit).
    Empty when nothing is left."""
    text = _NOT_IN_TAGS.sub("", "-".join(clean_line(tag).split())).strip("-/")
    if not text:
        return ""
    return f"#_{text}" if text.isdigit() else f"#{text}"


def note_stem(title: str) -> str:
    """A file name stem for a note from an (untrusted) title: no path separator, nothing
    Obsidian cannot link to, no leading dot, at most :data:`NAME_BYTES` bytes."""
    text = " ".join(_NOT_IN_NAMES.sub(" ", clean_line(title)).split()).strip(". ")
    while len(text.encode("utf-8")) > NAME_BYTES:
        text = text[:-1]
    text = text.rstrip(". ")
    if not text:
        return "report"
    return f"{text}_" if _WINDOWS_RESERVED.match(text) else text


def link_back(bookmark: Bookmark) -> str:
    """The command that opens the passage: a Markdown code span."""
    command = f"trendreader open {shlex.quote(clean_line(bookmark.edition_key))} "
    command += f"--at {bookmark.ordinal}"
    fence = "``" if "`" in command else "`"
    return f"{fence}{command}{fence}" if fence == "`" else f"{fence} {command} {fence}"


def front_matter(group: ReportBookmarks, convert: Callable[[str], str]) -> dict[str, Any]:
    """The note's properties, in order; what the report does not say is null."""
    report = group.report
    meta = _report_meta(report) if report is not None else {}
    date = meta.get("date")
    return {
        "title": convert(group.title),
        "author": convert(meta["author"]) if meta.get("author") else None,
        "date": date.date().isoformat() if date is not None else None,
        "source": convert(meta["source"]) if meta.get("source") else None,
        "year": meta.get("year"),
        "key": clean_line(group.key),
        "exported-by": MARKER,
    }


def _report_meta(report: Report) -> dict[str, Any]:
    """Each field from the first edition that has it."""
    found: dict[str, Any] = {}
    for edition in report.editions:
        meta = edition.meta
        for name, value in (
            ("author", clean_line(meta.author)),
            ("source", clean_line(meta.source)),
            ("date", meta.date),
            ("year", meta.year),
        ):
            if value and name not in found:
                found[name] = value
    return found


def render_note(
    group: ReportBookmarks,
    passage_text: Callable[[Bookmark], str | None] | None = None,
    convert: Callable[[str], str] = str,
) -> str:
    """The text of one report's note (the same input gives the same text)."""
    import yaml  # here: only the Obsidian export needs it

    properties = yaml.safe_dump(
        front_matter(group, convert),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**16,
    )
    out = ["---", properties.rstrip("\n"), "---", "", f"# {convert(group.title)}", ""]
    for bookmark in group.bookmarks:
        out += [*quoted_passage(bookmark, passage_text, convert), "", f"^{block_id(bookmark)}", ""]
        where = page_label(bookmark.page)
        out += [f"{where} · {link_back(bookmark)}" if where else link_back(bookmark), ""]
        note = clean_text(bookmark.note).strip("\n")
        if note:
            out += [note, ""]
        tags = [t for t in (obsidian_tag(tag) for tag in bookmark.tags) if t]
        if tags:
            out += [" ".join(dict.fromkeys(tags)), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def note_key(path: Path) -> str | None:
    """The report key of a note we wrote (by its front matter), None for any other file."""
    import yaml

    if path.is_symlink() or not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    if not head.startswith("---\n"):
        return None
    end = head.find("\n---\n", 3)
    if end < 0:
        return None
    try:
        data = yaml.safe_load(head[4:end])
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or data.get("exported-by") != MARKER:
        return None
    key = data.get("key")
    return key if isinstance(key, str) and key else None


def _our_notes(folder: Path) -> dict[str, Path]:
    """Report key → its note among the folder's Markdown files (the first by name)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md")):
        key = note_key(path)
        if key is not None:
            found.setdefault(key, path)
    return found


def _free_name(folder: Path, title: str, group: ReportBookmarks, taken: set[str]) -> Path:
    stem = note_stem(title)
    key = note_stem(group.key)
    names = [f"{stem}.md", f"{stem} ({key}).md"]
    names += (f"{stem} ({key}) {n}.md" for n in range(2, 10_000))
    for name in names:
        path = folder / name
        if name.casefold() in taken or path.exists() or path.is_symlink():
            continue
        return path
    raise BookmarkError(f"{folder}: no free file name for the note of {clean_line(group.key)}")


def export_obsidian(
    bookmarks: Iterable[Bookmark],
    folder: Path,
    *,
    library: Catalog | None = None,
    passage_text: Callable[[Bookmark], str | None] | None = None,
    convert: Callable[[str], str] = str,
) -> ObsidianResult:
    """Write one note per report into ``folder`` (created if needed); see the module's
    docstring. Raises :class:`BookmarkError` with one line when the folder cannot be used."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BookmarkError(f"{folder}: cannot make the folder ({' '.join(str(e).split())})") from e
    if not folder.is_dir():
        raise BookmarkError(f"{folder}: not a folder")
    groups = group_by_report_of(bookmarks, library)
    ours = _our_notes(folder)
    targets: dict[str, Path] = {g.key: ours[g.key] for g in groups if g.key in ours}
    taken = {path.name.casefold() for path in ours.values()}
    for group in groups:
        if group.key not in targets:
            targets[group.key] = path = _free_name(folder, convert(group.title), group, taken)
            taken.add(path.name.casefold())
    result = ObsidianResult()
    for group in groups:
        path = targets[group.key]
        text = render_note(group, passage_text, convert)
        try:
            same = path.read_bytes() == text.encode("utf-8")
        except OSError:
            same = False
        if same:
            result.unchanged.append(path)
            continue
        try:
            write_text(path, text)
        except OSError as e:
            reason = " ".join(str(e).split())
            raise BookmarkError(f"{path}: cannot write the note ({reason})") from e
        result.written.append(path)
    return result
