"""OpenCC converters, built once per process and shared.

Only the plain ``opencc.OpenCC(config).convert(text)`` API is used, so the official binding
(``opencc``) and ``opencc-python-reimplemented`` are interchangeable.

The official binding (1.4.2) stops at the first NUL character for some configs
(``s2tw("a\\x00b为") == "a"``), so :func:`convert` converts around NULs itself.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal, Protocol

Implementation = Literal["official", "reimplemented", "unknown"]

#: Every OpenCC config the application uses: display (s2tw, s2twp, s2hk, t2s, tw2s, hk2s,
#: t2tw, t2hk) and the search layer's query expansion (tw2sp).
USED_CONFIGS: tuple[str, ...] = (
    "s2tw",
    "s2twp",
    "s2hk",
    "t2s",
    "tw2s",
    "hk2s",
    "tw2sp",
    "t2tw",
    "t2hk",
)


class Converter(Protocol):
    def convert(self, text: str) -> str: ...


_lock = threading.Lock()


@cache
def get_converter(config: str) -> Converter:
    """The shared converter for an OpenCC config name such as ``"s2tw"`` or ``"t2s"``."""
    import opencc

    with _lock:
        try:
            return opencc.OpenCC(config)
        except Exception:  # the reimplementation wants the bare name, some builds the .json
            return opencc.OpenCC(config + ".json")


def convert(text: str, config: str) -> str:
    """Convert ``text`` with the OpenCC ``config``."""
    converter = get_converter(config)
    if "\x00" in text:
        return "\x00".join(converter.convert(part) for part in text.split("\x00"))
    return converter.convert(text)


def convert_many(texts: Sequence[str], config: str) -> list[str]:
    """Convert each of ``texts`` with ``config``, in as few OpenCC calls as possible.

    Texts without a newline go through one call, joined with ``"\n"`` and split back: OpenCC
    has no phrase that spans a newline, so this equals converting them one by one, and the
    per-call overhead is paid once. A text that holds a newline itself is converted alone, and
    if the pieces ever fail to come back one for one, every text is converted alone.
    """
    out = list(texts)
    batch = [i for i, text in enumerate(texts) if text and "\n" not in text]
    for i, text in enumerate(texts):
        if text and "\n" in text:
            out[i] = convert(text, config)
    if len(batch) == 1:
        out[batch[0]] = convert(texts[batch[0]], config)
    elif batch:
        pieces = convert("\n".join(texts[i] for i in batch), config).split("\n")
        if len(pieces) != len(batch):
            pieces = [convert(texts[i], config) for i in batch]
        for i, piece in zip(batch, pieces, strict=True):
            out[i] = piece
    return out


@cache
def implementation() -> Implementation:
    """Which ``opencc`` package is installed.

    The official binding carries ``__version__`` and a compiled ``clib``; the pure-Python
    ``opencc-python-reimplemented`` has neither, and ships a ``dictionary`` folder of text files.
    """
    import opencc

    package = Path(opencc.__file__).parent
    if hasattr(opencc, "__version__") or (package / "clib").is_dir():
        return "official"
    if (package / "dictionary").is_dir():
        return "reimplemented"
    return "unknown"
