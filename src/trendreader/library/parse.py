"""Read one report file into an Edition: decode, clean, split into passages, metadata."""

from __future__ import annotations

import hashlib
import os
import re
from array import array
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from trendreader.i18n import _
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
from trendreader.script.detect import detect_script

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_MARKDOWN_SIGNS = re.compile(r"^#{1,6}\s|!\[[^\]]*\]\(|\]\([^)]*\)|^\*\*|^>\s", re.MULTILINE)


class ReportFileError(ValueError):
    """A file that cannot be read as a report; the message is one line, with the reason."""


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


#: an outcome and its shingle sample (`editions.Sample`), or ``None``
ParseOutcome = tuple[Edition | ReportFileError, array | None]


def _read_sampled(job: ParseJob, sampled: bool) -> ParseOutcome:
    """An outcome and, with ``sampled``, the edition's shingle sample (for its grouping)."""
    outcome = _read_one(job)
    if not sampled or isinstance(outcome, ReportFileError):
        return outcome, None
    from trendreader.library.editions import sample_shingles

    return outcome, sample_shingles(outcome.full_text())


def _read_chunk(jobs: list[ParseJob], sampled: bool = False) -> list[ParseOutcome]:
    return [_read_sampled(job, sampled) for job in jobs]


def read_editions(
    jobs: Sequence[ParseJob], *, workers: int | None = None
) -> list[Edition | ReportFileError]:
    """``read_edition`` of every job, in order; each failure is returned, not raised
    (in worker processes past :data:`PARALLEL_MIN_BYTES`: see `read_sampled_editions`)."""
    return [outcome for outcome, _sample in _read_all(jobs, workers, sampled=False)]


def read_sampled_editions(
    jobs: Sequence[ParseJob], *, workers: int | None = None
) -> list[ParseOutcome]:
    """``read_edition`` of every job, in order, each with its edition's shingle sample
    (`editions.sample_shingles`) where the files were parsed in worker processes, else
    ``None`` (the grouping samples it then): sampling 9 MB of text costs about a third as
    much as parsing it, and in the workers it runs on every core (see `_read_all`)."""
    return _read_all(jobs, workers, sampled=True)


def _read_all(
    jobs: Sequence[ParseJob], workers: int | None, *, sampled: bool
) -> list[ParseOutcome]:
    """Each job's outcome and its sample (``sampled`` and parsed in a worker process).

    Parsing is mostly Python (our walk over pulldown-cmark's events, or markdown-it-py),
    so a cold load of many files is CPU-bound: past :data:`PARALLEL_MIN_BYTES` the files
    are parsed in worker processes (one per core, at most 4), in chunks of similar size.
    Workers are forked when this process runs no other thread (cheapest: they share the
    imported parser), else started by a fork server.
    """
    jobs = list(jobs)
    if workers is None:
        workers = min(4, os.cpu_count() or 1)
    sizes = []
    for path, _key, _builtin in jobs:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)
    if workers < 2 or len(jobs) < 2 or sum(sizes) < PARALLEL_MIN_BYTES:
        return [(_read_one(job), None) for job in jobs]
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # Chunks of ~1 MB, biggest first to balance; results put back in the jobs' order.
    order = sorted(range(len(jobs)), key=lambda i: -sizes[i])
    chunks: list[list[int]] = []
    budget = max(500_000, sum(sizes) // (workers * 4))
    current: list[int] = []
    filled = 0
    for i in order:
        current.append(i)
        filled += sizes[i]
        if filled >= budget:
            chunks.append(current)
            current, filled = [], 0
    if current:
        chunks.append(current)
    method = "fork" if threading.active_count() == 1 else "forkserver"
    results: list[ParseOutcome | None] = [None] * len(jobs)
    try:
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            read_chunk = partial(_read_chunk, sampled=sampled)
            done = pool.map(read_chunk, [[jobs[i] for i in chunk] for chunk in chunks])
            for chunk, outcomes in zip(chunks, done, strict=True):
                for i, outcome in zip(chunk, outcomes, strict=True):
                    results[i] = outcome
    # no processes here: parse in this one (ValueError: inside a running Textual app, whose
    # sys.stderr has no file descriptor, multiprocessing's resource tracker cannot start)
    except (OSError, RuntimeError, ImportError, ValueError):
        return [(_read_one(job), None) for job in jobs]
    return [r if r is not None else (_read_one(jobs[i]), None) for i, r in enumerate(results)]
