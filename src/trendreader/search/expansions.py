"""The regional forms of the words already searched, kept on disk between processes.

Expanding a word (:func:`trendreader.search.query.expand`) needs four OpenCC converters, and
building them costs 150–500 ms in a fresh process (s2tw and s2twp each merge OpenCC's large
phrase dictionaries), more than the rest of a search. The forms of a word depend only on the
word, OpenCC and our own code, so they are kept in ``expansions.json`` beside the index: a
word searched before, in any process, is expanded without building a converter.

The file is stamped with a fingerprint of everything the forms depend on (the installed
OpenCC, the modules that compute them, the corrections table): when any of it changes, the
file is ignored and written anew. It holds at most :data:`MAX_WORDS` words, the most recently
used. A file that cannot be read, or does not hold what it should, is ignored.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

FILE_NAME = "expansions.json"
#: Bump when the format or the meaning of the stored forms changes.
FORMAT = 1
MAX_WORDS = 4096
#: A word longer than this is not stored (queries are short; a pasted paragraph is not).
MAX_WORD_CHARS = 64
#: Save after this many new words even if the store is never closed (a long TUI session).
SAVE_EVERY = 32

_SOURCES = (
    "trendreader.search.query",
    "trendreader.search.analyzer",
    "trendreader.script.convert",
    "trendreader.script.corrections",
    "opencc",
)


def fingerprint() -> str:
    """What the stored forms depend on: each source module's path, size and mtime."""
    from trendreader.script.corrections import VERSION

    parts = [f"format={FORMAT}", f"corrections={VERSION}"]
    for name in _SOURCES:
        try:
            spec = find_spec(name)
            origin = spec.origin if spec is not None else None
            stat = Path(origin).stat() if origin else None
        except (ImportError, ValueError, OSError):
            stat, origin = None, None
        parts.append(f"{name}={origin}:{stat.st_size}:{stat.st_mtime_ns}" if stat else name)
    return "|".join(parts)


class ExpansionStore:
    """Word → its forms, in memory, loaded from and saved to ``path`` (None: memory only)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._forms: dict[str, tuple[str, ...]] = {}
        self._loaded = path is None
        self._unsaved = 0
        self._stamp: str | None = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        self._loaded = True
        if self.path is None:
            return
        try:
            raw = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(raw, dict) or raw.get("fingerprint") != self._fingerprint():
            return
        words = raw.get("words")
        if not isinstance(words, dict):
            return
        for word, forms in words.items():
            if (
                isinstance(word, str)
                and isinstance(forms, list)
                and forms
                and all(isinstance(f, str) and f for f in forms)
            ):
                self._forms[word] = tuple(forms)

    def _fingerprint(self) -> str:
        if self._stamp is None:
            self._stamp = fingerprint()
        return self._stamp

    def forms(self, word: str, compute: Callable[[str], list[str]]) -> list[str]:
        """The forms of ``word``: stored, or computed by ``compute`` and stored."""
        with self._lock:
            if not self._loaded:
                self._load()
            cached = self._forms.pop(word, None)
            if cached is not None:
                self._forms[word] = cached  # now the most recently used
                return list(cached)
        forms = compute(word)
        if len(word) > MAX_WORD_CHARS or not forms:
            return forms
        with self._lock:
            self._forms[word] = tuple(forms)
            while len(self._forms) > MAX_WORDS:
                del self._forms[next(iter(self._forms))]
            self._unsaved += 1
            due = self._unsaved >= SAVE_EVERY
        if due:
            self.save()
        return forms

    def save(self) -> None:
        """Write the new words to the file (atomically); an unwritable file is left alone."""
        with self._lock:
            if self.path is None or not self._unsaved:
                return
            data = {"fingerprint": self._fingerprint(), "words": dict(self._forms)}
            self._unsaved = 0
        from trendreader.atomic import write_text

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text(self.path, json.dumps(data, ensure_ascii=False))
        except OSError:
            pass  # a cache: the next process computes the forms again

    def __len__(self) -> int:
        return len(self._forms)


_store = ExpansionStore()


def store() -> ExpansionStore:
    """The process's store (memory only until :func:`use_file` names a file)."""
    return _store


def use_file(path: Path) -> ExpansionStore:
    """Keep the forms in ``path`` from now on (the words known so far are kept)."""
    global _store
    if _store.path == path:
        return _store
    _store.save()
    known = dict(_store._forms)
    _store = ExpansionStore(path)
    with _store._lock:
        _store._load()
        for word, forms in known.items():
            if word not in _store._forms:
                _store._forms[word] = forms
                _store._unsaved += 1  # known before the file was named: saved with it
    return _store
