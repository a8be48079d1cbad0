"""Make untrusted document text safe to show: no terminal control sequences."""

from __future__ import annotations

import re

# ESC-introduced sequences (CSI, OSC, DCS, two-byte escapes), then any other C0/C1 control
# except tab and newline. Also the 8-bit CSI (U+009B) form.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI … final
  | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)? # OSC … BEL or ST
  | \x1b[PX^_][^\x1b]*(?:\x1b\\)?      # DCS/SOS/PM/APC … ST
  | \x1b[@-Z\\-_]                      # two-byte escapes
  | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters; keep tabs as spaces and newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    return text.replace("\t", "    ")
