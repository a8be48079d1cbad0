"""Read one report file into an Edition: decode, clean, split into passages, metadata."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from trendreader.i18n import _, current_locale
from trendreader.library.blocks import Block
from trendreader.library.encoding import UndecodableError, decode_bytes
from trendreader.library.formats import DOCUMENT_SUFFIXES
from trendreader.library.inline import strip_emphasis_markup
from trendreader.library.markdown import parse_markdown
from trendreader.library.metadata import guess_metadata, take_title_and_date
from trendreader.library.model import Edition, Passage, PassageKind, Script, passage_anchors
from trendreader.library.plaintext import parse_plaintext
from trendreader.library.sanitize import strip_controls
from trendreader.library.sidecar import apply_sidecar
from trendreader.library.wechat import is_wechat_export
from trendreader.library.workers import map_in_workers, worker_limit
from trendreader.script.detect import detect_script

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_MARKDOWN_SIGNS = re.compile(r"^#{1,6}\s|!\[[^\]]*\]\(|\]\([^)]*\)|^\*\*|^>\s", re.MULTILINE)


class ReportFileError(ValueError):
    """A file that cannot be read as a report; the message is one line, with the reason, in
    the catalog ``told_in`` (kept when pickled: a worker process's may not be the
    reader's, see `catalog.in_this_catalog`)."""

    def __init__(self, message: str, told_in: str | None = None) -> None:
        super().__init__(message)
        self.told_in = told_in or current_locale()

    def __reduce__(self) -> tuple[type[ReportFileError], tuple[str, str]]:
        return (type(self), (str(self), self.told_in))


def looks_like_markdown(path: Path, text: str) -> bool:
    """``.md`` files, and ``.txt`` files that are really Markdown exports."""
    if path.suffix.lower() in (".md", ".markdown"):
        return True
    return len(_MARKDOWN_SIGNS.findall(text[:200_000])) >= 5


def blocks_to_passages(key: str, blocks: list[Block]) -> tuple[Passage, ...]:
    """The passages of an article's blocks: empty blocks dropped, marked text unmarked."""
    kept: list[tuple[Block, str, tuple[tuple[int, int], ...]]] = []
    for block in blocks:
        if not block.marked:
            if block.text or block.kind == PassageKind.IMAGE:
                kept.append((block, block.text, block.emphasis))
            continue
        text, emphasis = strip_emphasis_markup(block.text)
        text = " ".join(text.split()) if "\n" in text else text
        if not text:
            continue
        if emphasis == ((0, len(text)),) and block.level:
            emphasis = ()  # a bold heading is styled as a heading
        kept.append((block, text, emphasis))
    # a block's own anchor (an image's), else its text's; marked text always its text's
    anchors = iter(passage_anchors([t for b, t, _e in kept if b.marked or not b.anchor]))
    passages = []
    for ordinal, (block, text, emphasis) in enumerate(kept):
        anchor = next(anchors) if block.marked or not block.anchor else block.anchor
        # a marked block (plain text's ``**``) gives its text, emphasis, level and number only
        rest = () if block.marked else (block.depth, block.language, block.spans, block.links)
        passages.append(
            Passage(
                key, ordinal, block.kind, text, emphasis, block.level, anchor, block.number, *rest
            )
        )
    return tuple(passages)


def parse_text(key: str, path: Path, text: str) -> tuple[tuple[Passage, ...], Script, object]:
    """Clean text → passages, detected script and guessed metadata."""
    text = strip_controls(text)
    front: dict[str, str] = {}
    if looks_like_markdown(path, text):
        parsed = parse_markdown(text, wechat=is_wechat_export(path.suffix, text))
        blocks, front = parsed.blocks, parsed.front_matter
    else:
        blocks, _credits = parse_plaintext(text)
    title, when = take_title_and_date(blocks, has_title=bool(front.get("title")))
    passages = blocks_to_passages(key, blocks)
    script = detect_script("".join(p.text for p in passages[:200]))
    return passages, script, guess_metadata(text, title, when, front=front, file_name=path.stem)


def read_edition(
    path: Path, *, key: str | None = None, builtin: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Edition:
    """Parse one file; raise ReportFileError (one line, with the reason) when it can't be."""
    key = key or path.stem
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReportFileError(
                _("{name}: over the size limit ({size:,} > {limit:,} bytes)").format(
                    name=path.name, size=size, limit=max_bytes
                )
            )
        data = path.read_bytes()
    except OSError as error:
        raise ReportFileError(
            _("{name}: cannot read ({reason})").format(
                name=path.name, reason=error.strerror or error
            )
        ) from error
    if path.suffix.lower() in DOCUMENT_SUFFIXES:  # PDF, web pages, EPUB: library/formats
        return _document_edition(path, key, data, builtin)
    try:
        decoded = decode_bytes(data)
    except UndecodableError as error:
        raise ReportFileError(f"{path.name}: {error}") from error
    passages, script, meta = parse_text(key, path, decoded.text)
    if not passages:
        raise ReportFileError(_("{name}: no readable text after cleaning").format(name=path.name))
    meta = apply_sidecar(meta, path)  # type: ignore[arg-type]  # bad values: guessed ones
    return Edition(
        key=key,
        path=path,
        script=script,
        encoding=decoded.encoding,
        meta=meta,  # type: ignore[arg-type]
        passages=passages,
        content_hash=hashlib.blake2b(data, digest_size=16).hexdigest(),
        builtin=builtin,
    )


def _document_edition(path: Path, key: str, data: bytes, builtin: bool) -> Edition:
    """An edition read by the importer of its format (trendreader.library.formats)."""
    from trendreader.library.formats import FormatError, read_document

    try:
        document = read_document(path, key, data)
    except FormatError as error:
        raise ReportFileError(f"{path.name}: {error}") from error
    if not document.passages:
        raise ReportFileError(_("{name}: no readable text after cleaning").format(name=path.name))
    return Edition(
        key=key,
        path=path,
        script=document.script,
        encoding=document.encoding,
        meta=apply_sidecar(document.meta, path),
        passages=document.passages,
        content_hash=hashlib.blake2b(data, digest_size=16).hexdigest(),
        builtin=builtin,
    )


# --- many files at once ---------------------------------------------------------------------

#: Below this many bytes to parse, one process does it (starting workers costs ~0.1–0.3 s).
PARALLEL_MIN_BYTES = 2_000_000

ParseJob = tuple[Path, str, bool]  # (path, key, builtin)


def _read_one(job: ParseJob) -> Edition | ReportFileError:
    path, key, builtin = job
    try:
        return read_edition(path, key=key, builtin=builtin)
    except ReportFileError as error:
        return error


def _read_chunk(jobs: list[ParseJob]) -> list[Edition | ReportFileError]:
    return [_read_one(job) for job in jobs]


def read_editions(
    jobs: Sequence[ParseJob], *, workers: int | None = None
) -> list[Edition | ReportFileError]:
    """``read_edition`` of every job, in order; each failure is returned, not raised.

    Past :data:`PARALLEL_MIN_BYTES` the files are parsed in worker processes
    (`trendreader.library.workers`). Their shingle samples are not worked out here: only a
    library of two scripts needs them (`editions.ShingleTable.sync`), which then samples
    them in workers too (`editions.sample_texts`)."""
    jobs = list(jobs)
    if workers is None:
        workers = worker_limit()
    sizes = []
    for path, _key, _builtin in jobs:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)
    if workers >= 2 and len(jobs) >= 2 and sum(sizes) >= PARALLEL_MIN_BYTES:
        outcomes = map_in_workers(_read_chunk, jobs, sizes, workers)
        if outcomes is not None:
            return outcomes
    return [_read_one(job) for job in jobs]
