"""OpenCC converters, built once per process and shared.

Only the plain ``opencc.OpenCC(config).convert(text)`` API is used, so the official binding
(``opencc``) and ``opencc-python-reimplemented`` are interchangeable.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Protocol


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
    return get_converter(config).convert(text)
