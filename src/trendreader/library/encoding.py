"""Turn a file's bytes into text: UTF-8 (with or without BOM), GB18030/GBK, Big5.

charset-normalizer tells GB18030 from Big5 far better than a hand-written guess; we only
ask it after strict UTF-8 fails, and we constrain it to the encodings a Chinese report
plausibly uses.
"""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass

from trendreader.i18n import _

CANDIDATE_ENCODINGS = ("gb18030", "big5", "utf_16", "big5hkscs")


class UndecodableError(ValueError):
    """The bytes are not text in an encoding we know (or are binary, or empty)."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many C0 control bytes mean the file is not a text document."""
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C
    return len(sample) > 0 and controls / len(sample) > 0.10


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a report file; raise UndecodableError with a one-line reason."""
    if not data.strip():
        raise UndecodableError(_("empty file"))
    if data.startswith(b"\xef\xbb\xbf"):
        return _marked(data[3:], "utf-8", "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _marked(data, "utf-16", "utf-16")
    if looks_binary(data):
        raise UndecodableError(_("binary file, not text"))
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = _guess_cjk_encoding(data)
    if best is None:
        raise UndecodableError(_("not text in a known encoding (UTF-8, GB18030, Big5)"))
    return best


#: Of a file with a byte order mark, more than one character in this many that does not
#: decode (U+FFFD) means it is not text in that encoding (a stray bad byte is replaced).
REPLACED_ONE_IN = 100


def _marked(data: bytes, codec: str, encoding: str) -> DecodedText:
    """The text of a file with a byte order mark, unless its bytes mostly are not text in
    that ``codec`` (a binary file that happens to begin with ``FF FE``). Only what does not
    decode counts: a U+FFFD the text itself holds is text."""
    try:
        return DecodedText(data.decode(codec), encoding)
    except UnicodeDecodeError:
        pass
    _replaced.count = 0
    text = data.decode(codec, errors=_COUNTED)
    bad = _replaced.count
    if bad > max(1, len(text) // REPLACED_ONE_IN):
        raise UndecodableError(
            _("not text: {bad:,} of {total:,} characters are not {encoding}").format(
                bad=bad, total=len(text), encoding=codec.upper()
            )
        )
    return DecodedText(text, encoding)


_COUNTED = "trendreader-counted-replace"
_replaced = threading.local()  # how many replacements this thread's last decode made


def _count_replacement(error: UnicodeError) -> tuple[str, int]:
    """``errors="replace"`` that counts (per thread: the reader decodes in several)."""
    _replaced.count = getattr(_replaced, "count", 0) + 1
    return "\ufffd", error.end  # type: ignore[attr-defined]  # a decode error's end


codecs.register_error(_COUNTED, _count_replacement)


def _guess_cjk_encoding(data: bytes) -> DecodedText | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is not None:
        encoding = {"gb2312": "gb18030", "gbk": "gb18030"}.get(best.encoding, best.encoding)
        return DecodedText(str(best), encoding.replace("_", "-"))
    for encoding in ("gb18030", "big5"):
        try:
            return DecodedText(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return None
