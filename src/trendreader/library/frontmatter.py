"""Front matter of a Markdown report: YAML (``---``) or TOML (``+++``) at the very top.

Only a few keys matter to the reader (title, date, author, source, tags), so YAML is read
with a small line parser of our own — ``key: value``, quoted values, ``[a, b]`` and ``- a``
lists — rather than adding PyYAML: the values we use are scalars, and a full YAML loader is
a large dependency (and a large attack surface) for five keys. TOML uses the stdlib's
``tomllib``. Every value goes through `clean_line`.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime

from trendreader.library.sanitize import clean_line

KEYS = ("title", "date", "author", "source", "tags")
_ALIASES = {"authors": "author", "published": "date", "pubdate": "date", "categories": "tags"}
_TOML_BLOCK = re.compile(r"\A\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_YAML_ITEM = re.compile(r"^\s+-\s+(.*)$|^-\s+(.*)$")
_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)


def split_toml(text: str) -> tuple[dict[str, str], str]:
    """TOML front matter (``+++``) and the text after it; ``({}, text)`` when there is none."""
    if not text.startswith("+++"):
        return {}, text
    match = _TOML_BLOCK.match(text)
    if not match:
        return {}, text
    try:
        data = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError:
        data = {}
    return _pick(data), text[match.end() :]


def split_yaml(text: str) -> tuple[str | None, str]:
    """YAML front matter (between ``---`` lines) and the text after it; ``None`` without one.

    The same block as mdit-py-plugins' ``front_matter`` rule finds: the first line starts
    with three or more dashes; it ends at a line of at least as many dashes (indented at most
    three columns) or at ``...`` in the first column, trailing spaces allowed. Unclosed, it
    is not front matter.
    """
    if not text.startswith("---"):
        return None, text
    lines = text.split("\n")
    first = lines[0]
    count = len(first) - len(first.lstrip("-"))
    for index in range(1, len(lines)):
        line = lines[index]
        stripped = line.lstrip(" \t")
        if stripped is line and line.startswith("...") and not line[3:].strip(" \t"):
            break
        if not stripped.startswith("-") or _columns(line[: len(line) - len(stripped)]) >= 4:
            continue
        dashes = len(stripped) - len(stripped.lstrip("-"))
        if dashes >= count and not stripped[dashes:].strip(" \t"):
            break
    else:
        return None, text
    return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])


def _columns(indent: str) -> int:
    column = 0
    for char in indent:
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return column


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """TOML (``+++``) then YAML (``---``) front matter's values, and the text after them."""
    front, text = split_toml(text)
    yaml, text = split_yaml(text)
    return (parse_yaml(yaml) if yaml is not None else front), text


def parse_yaml(source: str) -> dict[str, str]:
    """The keys we use from simple YAML: scalars, flow lists and block lists."""
    data: dict[str, object] = {}
    current: str | None = None
    for line in source.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if current and (item := _YAML_ITEM.match(line)):
            value = _unquote(item.group(1) or item.group(2) or "")
            existing = data.get(current)
            data[current] = [*existing, value] if isinstance(existing, list) else [value]
            continue
        match = _YAML_KEY.match(line)
        if not match:
            current = None
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        current = key
        if value.startswith("[") and value.endswith("]"):
            data[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        elif value and value not in ("|", ">", "|-", ">-"):
            data[key] = _unquote(value)
    return _pick(data)


def front_date(value: str) -> datetime | None:
    """A front-matter date such as ``2024-03-05``, ``2024-03-05T10:00:00+08:00``."""
    match = _DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _unquote(value: str) -> str:
    value = value.strip()
    if " #" in value and not value.startswith(("'", '"')):
        value = value.split(" #", 1)[0].rstrip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value


def _pick(data: dict[str, object]) -> dict[str, str]:
    """The keys we use, as clean one-line strings (lists joined by ", ")."""
    out: dict[str, str] = {}
    for raw_key, value in data.items():
        key = _ALIASES.get(str(raw_key).lower(), str(raw_key).lower())
        if key not in KEYS or key in out:
            continue
        if isinstance(value, list):
            text = ", ".join(clean_line(_scalar(v)).strip() for v in value)
        else:
            text = clean_line(_scalar(value)).strip()
        if text:
            out[key] = text
    return out


def _scalar(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return str(value.get("name", ""))
    return str(value)
