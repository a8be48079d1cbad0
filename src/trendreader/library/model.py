"""The domain objects: a report is read as one or more editions, each a list of passages."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from trendreader.library.packed import packed, texts_of
from trendreader.script.fold import fold_to_simplified
from trendreader.script.kinds import Script  # domain model too; defined in the lower layer

REPORT_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".html", ".htm", ".epub")
"""File endings the library reads as reports (the last four: `trendreader.library.formats`)."""


class PassageKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST = "list"  # a list item: ``number`` (None for a bullet) and ``depth``
    CODE = "code"  # ``text`` is the lines verbatim; ``language`` from the fence's info string
    TABLE = "table"  # ``text`` is rows joined by "\n", cells by "\t"; the first row is the header
    IMAGE = "image"  # ``text`` is the alt text (may be empty)
    RULE = "rule"  # a thematic break; ``text`` is "―"


class SpanStyle(StrEnum):
    """Inline styles besides bold (bold stays in ``Passage.emphasis``)."""

    ITALIC = "italic"
    CODE = "code"
    STRIKE = "strike"


TABLE_CELL_SEPARATOR = "\t"
TABLE_ROW_SEPARATOR = "\n"


def table_rows(text: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a TABLE passage's text (first row = header); works on converted text too."""
    return tuple(tuple(row.split(TABLE_CELL_SEPARATOR)) for row in text.split(TABLE_ROW_SEPARATOR))


def table_text(rows: list[list[str]] | tuple[tuple[str, ...], ...]) -> str:
    """The text of a TABLE passage from its rows (cells must hold no tab or newline)."""
    return TABLE_ROW_SEPARATOR.join(TABLE_CELL_SEPARATOR.join(row) for row in rows)


def passage_anchor(text: str) -> str:
    """A stable id for a passage: a hash of its whitespace-folded, simplified text."""
    return _anchors_of_folded((fold_to_simplified(text),))[0]


def passage_anchors(texts: Sequence[str]) -> list[str]:
    """`passage_anchor` of each text, the texts folded as one (an edition's passages: one
    search of the folding table, not one a passage: a fifth less time a passage of the
    weekly files, 2.1–3.2 µs instead of 2.8–3.7 on this box)."""
    joined = "\0".join(texts)  # a control character, not in a cleaned passage's text
    folded = fold_to_simplified(joined).split("\0")
    if len(folded) != len(texts):  # some text holds one after all: each folded alone
        folded = [fold_to_simplified(text) for text in texts]
    return _anchors_of_folded(folded)


def _anchors_of_folded(folded: Iterable[str]) -> list[str]:
    import hashlib  # here: loading OpenSSL costs start-up time and anchors come from the cache

    blake2b = hashlib.blake2b
    return [
        blake2b("".join(text.split()).encode("utf-8"), digest_size=8).hexdigest() for text in folded
    ]


def pickled_text(text: str) -> str:
    """``text`` for pickling: a copy of it unless it is ASCII. Pickle writes a string as
    UTF-8 and CPython keeps that UTF-8 form inside the string object (``PyUnicode_AsUTF8``)
    until the string is freed: ~2.7 bytes more a CJK character, for good. Writing the
    library's cache (a first start) or piping it to the index builder pickled every passage
    and so left the reader's 19.6 million characters at 10,000 reports 52 MB larger; the
    copy (~50 ns) takes the UTF-8 form and is freed with the pickler's memo."""
    return text if text.isascii() else text.join(("", ""))


@dataclass(frozen=True, slots=True, init=False)
class Passage:
    """One paragraph, heading, quote or list item of an edition.

    ``text`` is clean plain text (no Markdown, no control characters); ``emphasis`` holds
    ``(start, end)`` character ranges of ``text`` that the author set in bold; ``spans`` holds
    ``(start, end, SpanStyle)`` for the other inline styles; ``links`` holds
    ``(start, end, url)`` for link texts. ``level`` is a heading's level; ``number`` an
    ordered list item's number; ``depth`` the nesting depth of a list item or quote (0 = top);
    ``language`` a code block's language; ``page`` the page of a paged source (PDF).
    """

    doc_key: str
    ordinal: int
    kind: PassageKind
    text: str
    emphasis: tuple[tuple[int, int], ...] = ()
    level: int = 0
    anchor: str = ""
    number: int | None = None
    depth: int = 0
    language: str = ""
    spans: tuple[tuple[int, int, str], ...] = ()
    links: tuple[tuple[int, int, str], ...] = ()
    page: int | None = None

    def __init__(
        self,
        doc_key: str,
        ordinal: int,
        kind: PassageKind,
        text: str,
        emphasis: tuple[tuple[int, int], ...] = (),
        level: int = 0,
        anchor: str = "",
        number: int | None = None,
        depth: int = 0,
        language: str = "",
        spans: tuple[tuple[int, int, str], ...] = (),
        links: tuple[tuple[int, int, str], ...] = (),
        page: int | None = None,
    ) -> None:
        # The generated __init__ of a frozen dataclass sets each field through
        # object.__setattr__: 3.5 µs a passage. The slots' own setters take 1.6 µs; a
        # library's first parse makes a passage for every paragraph (81,000 for 9 MB).
        _set_doc_key(self, doc_key)
        _set_ordinal(self, ordinal)
        _set_kind(self, kind)
        _set_text(self, text)
        _set_emphasis(self, emphasis)
        _set_level(self, level)
        _set_anchor(self, anchor or passage_anchor(text))
        _set_number(self, number)
        _set_depth(self, depth)
        _set_language(self, language)
        _set_spans(self, spans)
        _set_links(self, links)
        _set_page(self, page)

    @classmethod
    def packed_fields(
        cls, passages: Sequence[Passage]
    ) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
        """The texts of ``passages`` (as copies: `pickled_text`) and the rest of their
        fields as plain rows, for :mod:`trendreader.library.packed` (which reads the texts
        alone for a scan, and makes the passages again with :meth:`from_rows`)."""
        texts = tuple(pickled_text(p.text) for p in passages)
        rows = [
            (
                p.doc_key,
                p.ordinal,
                p.kind.value,
                p.emphasis,
                p.level,
                p.anchor,
                p.number,
                p.depth,
                p.language,
                p.spans,
                p.links,
                p.page,
            )
            for p in passages
        ]
        return texts, rows

    @classmethod
    def from_rows(cls, texts: Sequence[str], rows: Sequence[Sequence[Any]]) -> tuple[Passage, ...]:
        """The passages :meth:`packed_fields` gave ``texts`` and ``rows`` of."""
        kinds = _KINDS
        return tuple(
            cls(key, ordinal, kinds.get(kind) or PassageKind(kind), text, *rest)
            for text, (key, ordinal, kind, *rest) in zip(texts, rows, strict=True)
        )

    def __reduce__(self) -> tuple[type[Passage], tuple[object, ...]]:
        # Pickled as constructor arguments: loading the parsed-library cache then runs the
        # generated __init__, 3x faster than dataclasses' generic slots __setstate__.
        # The text goes as a copy (see `pickled_text`): pickle would leave its UTF-8 form
        # cached in the passage's own string for as long as the passage lives.
        return (
            Passage,
            (
                self.doc_key,
                self.ordinal,
                self.kind,
                pickled_text(self.text),
                self.emphasis,
                self.level,
                self.anchor,
                self.number,
                self.depth,
                self.language,
                self.spans,
                self.links,
                self.page,
            ),
        )


_KINDS = {kind.value: kind for kind in PassageKind}
(
    _set_doc_key,
    _set_ordinal,
    _set_kind,
    _set_text,
    _set_emphasis,
    _set_level,
    _set_anchor,
    _set_number,
    _set_depth,
    _set_language,
    _set_spans,
    _set_links,
    _set_page,
) = (
    getattr(Passage, name).__set__  # each slot's own setter (the class is frozen)
    for name in (
        "doc_key",
        "ordinal",
        "kind",
        "text",
        "emphasis",
        "level",
        "anchor",
        "number",
        "depth",
        "language",
        "spans",
        "links",
        "page",
    )
)


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str = ""
    date: datetime | None = None
    year: int | None = None
    author: str = ""
    source: str = ""

    def __reduce__(self) -> tuple[type[Metadata], tuple[object, ...]]:
        # As Passage: constructor arguments load faster than the slots' __setstate__ (what
        # caches written before this was added hold; that still loads, through it).
        # the strings as copies, as a passage's text (`pickled_text`): a title is often the
        # first passage's own string
        strings = (pickled_text(self.title), pickled_text(self.author), pickled_text(self.source))
        return (Metadata, (strings[0], self.date, self.year, *strings[1:]))


@dataclass(frozen=True, slots=True)
class Edition:
    """One file of the library: one article in one script.

    ``passages``: a tuple as parsed, or the same passages packed
    (:class:`~trendreader.library.packed.PackedPassages`, a sequence unpacked when read),
    as every edition is once it has been pickled; ``()`` for an edition listed without them.
    """

    key: str
    path: Path
    script: Script
    encoding: str
    meta: Metadata
    passages: Sequence[Passage]
    content_hash: str
    builtin: bool = False

    def __reduce__(self) -> tuple[Callable[..., Edition], tuple[object, ...]]:
        # As Passage: the cache's listing is ~2,000 of these (and their Metadata) to load;
        # the path as its string, made a Path again by file_path (a pickled Path is parsed
        # again, part by part: 40 of 60 ms). The passages go packed (one compressed pickle,
        # `library.packed`), and the edition keeps them packed from then on: a reader
        # holding its whole library holds each edition's passages as ~4 KB of bytes, not as
        # ~26 objects of ~12 KB, once the cache is written (or as it comes from the cache).
        passages = self.pack_passages()
        return (
            _edition,
            (
                self.key,
                str(self.path),
                self.script,
                self.encoding,
                self.meta,
                passages,
                self.content_hash,
                self.builtin,
            ),
        )

    def pack_passages(self) -> Sequence[Passage]:
        """This edition's passages packed (`library.packed`), in place: kept packed from
        now on, by this edition and by the copies made of it after."""
        passages = packed(self.passages)
        if passages is not self.passages:
            object.__setattr__(self, "passages", passages)
        return passages

    @property
    def title(self) -> str:
        return self.meta.title or self.key

    def full_text(self) -> str:
        """The passages' texts, a line each (packed passages give their texts alone, no
        passage made: the first edition of a second script samples every other, 2,000
        reports' texts 0.14 → 0.05 s of CPU)."""
        return "\n".join(texts_of(self.passages))


def _edition(key: str, path: str, *rest: Any) -> Edition:
    """An edition from its pickled form (:meth:`Edition.__reduce__`)."""
    return Edition(key, file_path(path), *rest)


_folders: dict[str, Path] = {}  # the folders of the files made Paths so far (a library's few)


def file_path(name: str) -> Path:
    """``Path(name)`` for the string of a file's path, each folder parsed once per process:
    the file is added to its folder's ``Path`` without parsing (pathlib's shortcut for what
    ``glob`` finds, where it has one). For the listing's thousands of files."""
    directory, base = os.path.split(name)
    if base in ("", ".", ".."):
        return Path(name)
    folder = _folders.get(directory)
    if folder is None:
        folder = _folders[directory] = Path(directory)
    return _child(folder, base)


def _child(folder: Path, name: str) -> Path:
    """``folder / name`` for a plain file name: through ``_make_child_relpath`` (CPython 3.11,
    3.12: no parsing, 4x faster) where ``folder`` has it, else the division."""
    make = getattr(folder, "_make_child_relpath", None)
    return make(name) if make is not None else folder / name


@dataclass(frozen=True, slots=True)
class Report:
    """What the reader lists: one article, in one or more editions (scripts)."""

    key: str
    editions: tuple[Edition, ...] = field(default_factory=tuple)

    def __reduce__(self) -> tuple[type[Report], tuple[object, ...]]:
        # As Passage: the library kept by library.snapshot is ~10,000 of these to load.
        return (Report, (self.key, self.editions))

    @property
    def primary(self) -> Edition:
        return self.editions[0]

    @property
    def title(self) -> str:
        for edition in self.editions:
            if edition.meta.title:
                return edition.meta.title
        return self.key

    @property
    def year(self) -> int | None:
        return next((e.meta.year for e in self.editions if e.meta.year), None)

    @property
    def date(self) -> datetime | None:
        return next((e.meta.date for e in self.editions if e.meta.date), None)

    def edition(self, key: str) -> Edition | None:
        return next((e for e in self.editions if e.key == key), None)

    def edition_for_script(self, script: Script) -> Edition:
        """The edition written in ``script``, else the primary one."""
        return next((e for e in self.editions if e.script == script), self.primary)
