"""A hostile corpus: every kind of untrusted input the reader takes in, written by us.

Each string is one an attacker (or a broken export) could put in a report, a file name, a
sidecar, an imported note or a trend name. `write_hostile_library` lays them out as files;
`assert_terminal_safe` checks what came out on a terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

OSC52 = "T\x1b]52;c;SGVsbG8=\x1b\\\x1b]2;pwned\x1b\\"  # writes the clipboard, sets the title
CLEAR = "\x1b[2J\x1b[H"  # clears the screen
OSC8 = "\x1b]8;;https://evil.example\x07点这里\x1b]8;;\x07"  # a terminal hyperlink
C1 = "\x9b31m\x9d0;t\x9c"  # 8-bit CSI and OSC
BIDI = "\u202eevil\u2066x\u2069"  # right-to-left override, isolate
MARKUP_CLOSE = "[/]"
MARKUP_CLICK = "[@click=app.quit]点我退出[/]"
MARKUP_LINK = "[link=https://evil.example]链接[/link]"
MARKUP_STYLE = "[bold red]红字[/bold red]"

HOSTILE_STRINGS = (OSC52, CLEAR, OSC8, C1, BIDI, MARKUP_CLOSE, MARKUP_CLICK, MARKUP_LINK)

# What must be shown literally (markup is text, not style)
LITERAL_MARKUP = ("[/]", "[@click=app.quit]", "[link=https://evil.example]")

# What Rich itself writes on a terminal: colours and bold, and for a progress bar (`add`,
# `index`) hiding the cursor, erasing the line and moving up to redraw it. No OSC, no DCS,
# no screen clearing: those could only come from the input.
_SGR = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[\?25[lh]|\x1b\[2K|\x1b\[[0-9]*[AG]")
_C1 = re.compile("[\x80-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def toml_string(text: str) -> str:
    """A TOML basic string holding ``text`` exactly (controls as \\u escapes)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def write_hostile_library(folder: Path) -> dict[str, str]:
    """Write the hostile reports into ``folder``; returns {file stem: what it attacks}."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "title_markup": (
            f"# 标题 {MARKUP_CLOSE} 闭合\n\n"
            "2024-03-05\n\n"
            "第一段讲推理芯片的进展，芯片很重要。\n\n"
            f"## {MARKUP_CLICK}\n\n"
            f"{MARKUP_LINK} 这一段也提到芯片{CLEAR}，还有{OSC8}。\n\n"
            f"{MARKUP_STYLE}在正文里{C1}也讲芯片。\n"
        ),
        f"name{OSC52}": "# 普通标题\n\n名字里有转义序列的文件，也讲芯片。\n",
        "[bold red]x": "没有标题的文件，正文讲芯片和电池。\n",
        f"bidi{BIDI}": f"# 双向{BIDI}标题\n\n正文讲芯片。\n",
        "line\nbreak": "# 换行文件名\n\n文件名里有换行，正文讲芯片。\n",
        "sidecar": "# 会被覆盖的标题\n\n有附带元数据文件的报告，讲芯片。\n",
    }
    for stem, text in files.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    (folder / "sidecar.meta.toml").write_text(
        f"title = {toml_string(OSC52 + MARKUP_CLOSE + '附带标题')}\n"
        f"author = {toml_string(CLEAR + '作者')}\n"
        f"source = {toml_string(MARKUP_CLICK)}\n",
        encoding="utf-8",
    )
    return {stem: stem for stem in files}


def unsafe_bytes(output: str) -> list[str]:
    """Everything in terminal output that is not Rich's own SGR styling and could act."""
    rest = _SGR.sub("", output)
    found = []
    if "\x1b" in rest:
        at = rest.index("\x1b")
        found.append(f"ESC at {at}: {rest[max(0, at - 20) : at + 20]!r}")
    found += [f"C1 {m.group(0)!r}" for m in _C1.finditer(rest)]
    found += [f"bidi {m.group(0)!r}" for m in _BIDI.finditer(rest)]
    return found


def assert_terminal_safe(output: str) -> None:
    problems = unsafe_bytes(output)
    assert not problems, problems[:5]
    assert "Traceback" not in output, output[-2000:]
