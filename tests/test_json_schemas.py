"""Issue 19, item 5: every ``--json`` output matches its versioned schema in docs/schemas/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from trendreader.library.catalog import Library
from trendreader.resources import seeds_dir

SEEDS = seeds_dir()
SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "schemas"

MARKDOWN = """# 标题

第一段，有[一个链接](https://example.invalid/a)。

## 小节

1. 第一项
2. 第二项
   - 嵌套的一项

> 引用的话

```python
print("代码")
```

| 名称 | 数量 |
| --- | --- |
| 芯片 | 3 |

![图片说明](pic.png)

---

最后一段。
"""


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.v1.json").read_text("utf-8"))


def validate(name: str, data: Any) -> None:
    Draft202012Validator(schema(name)).validate(data)


def run_json(home: Path, *args: str, library: Path = SEEDS) -> Any:
    env = {**os.environ, "TRENDREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "trendreader", "--library", str(library), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One home for the module: the search index is built once."""
    return tmp_path_factory.mktemp("schemas-home")


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.json")), ids=lambda p: p.name)
def test_every_schema_is_valid_and_versioned(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    Draft202012Validator.check_schema(data)
    version = data["version"]
    assert isinstance(version, int) and version >= 1
    name = path.name.removesuffix(f".v{version}.json")
    assert data["$id"] == f"https://trendreader.invalid/schemas/{name}/{version}.json"


def test_list(home: Path, seed_library: Library) -> None:
    data = run_json(home, "list", "--json")
    assert len(data) == len(seed_library.reports)
    validate("list", data)


def test_read_of_every_seed(home: Path, seed_library: Library) -> None:
    for report in seed_library.reports:
        validate("read", run_json(home, "read", report.key, "--json"))


def test_read_of_every_passage_kind(home: Path, tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "kinds.md").write_text(MARKDOWN, "utf-8")
    data = run_json(home, "read", "kinds", "--json", library=library)
    kinds = {p["kind"] for p in data["passages"]}
    assert {"heading", "paragraph", "list", "quote", "code", "table", "image", "rule"} <= kinds
    assert any("links" in p for p in data["passages"])
    validate("read", data)


def test_search(home: Path) -> None:
    data = run_json(home, "search", "芯片", "--json", "--limit", "5")
    assert data
    validate("search", data)


def test_bookmarks_list_and_export(home: Path, seed_library: Library) -> None:
    key = seed_library.reports[0].key
    env = {**os.environ, "TRENDREADER_HOME": str(home)}
    for ordinal, extra in ((2, ["--note", "要点\n第二行", "--tag", "芯片"]), (5, [])):
        command = ["--library", str(SEEDS), "bookmarks", "add", key, str(ordinal), *extra]
        subprocess.run(
            [sys.executable, "-m", "trendreader", *command],
            check=True,
            capture_output=True,
            env=env,
            timeout=120,
        )
    listed = run_json(home, "bookmarks", "list", "--json")
    assert len(listed) == 2
    validate("bookmarks", listed)
    validate("bookmarks", run_json(home, "bookmarks", "export", "--format", "json"))


@pytest.mark.parametrize("args", [["trends", "--json"], ["trends", "list", "--json"]])
def test_trends(home: Path, args: list[str]) -> None:
    data = run_json(home, *args)
    assert data
    validate("trends", data)


def test_trends_in_another_script(home: Path) -> None:
    data = run_json(home, "trends", "--json", "--script", "traditional")
    assert all("shown_name" in t for t in data)
    validate("trends", data)


def test_trends_compare_and_new(home: Path, seed_library: Library) -> None:
    trends = run_json(home, "trends", "--json")
    name = trends[0]["name"]
    validate("trends-compare", run_json(home, "trends", "compare", name, "--json"))
    years = sorted({r.year for r in seed_library.reports if r.year is not None})
    first, last = str(years[0]), str(years[-1])
    both = run_json(home, "trends", "compare", name, "--years", first, last, "--json")
    assert len(both["years"]) == (1 if first == last else 2)
    validate("trends-compare", both)
    validate("trends-new", run_json(home, "trends", "new", last, "--json"))


def test_a_changed_shape_fails_its_schema(home: Path) -> None:
    """The schemas are closed: a field added or renamed is a new version, not a silent pass."""
    from jsonschema import ValidationError

    report = run_json(home, "list", "--json")[0]
    for changed in ({**report, "extra": 1}, {k: v for k, v in report.items() if k != "year"}):
        with pytest.raises(ValidationError):
            validate("list", [changed])


def run_lines(home: Path, *args: str) -> list[Any]:
    """``--jsonl`` output: one JSON object per line, each parsed alone."""
    env = {**os.environ, "TRENDREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "trendreader", "--library", str(SEEDS), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n")
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("list", ["list"]),
        ("search", ["search", "芯片", "--limit", "7"]),
        ("search", ["search", "晶片", "--script", "tw", "--limit", "3"]),
        ("bookmarks", ["bookmarks", "list"]),
    ],
)
def test_jsonl_is_one_item_of_the_schema_per_line(
    home: Path, name: str, args: list[str], seed_library: Library
) -> None:
    if name == "bookmarks":  # two bookmarks, one with a note of two lines
        key = seed_library.reports[0].key
        env = {**os.environ, "TRENDREADER_HOME": str(home)}
        for ordinal, extra in ((3, ["--note", "一行\n两行"]), (4, [])):
            command = ["--library", str(SEEDS), "bookmarks", "add", key, str(ordinal), *extra]
            subprocess.run(
                [sys.executable, "-m", "trendreader", *command],
                check=True,
                capture_output=True,
                env=env,
                timeout=120,
            )
    lines = run_lines(home, *args, "--jsonl")
    assert lines
    for item in lines:
        validate(name, [item])  # the array schema of one item: its `items` schema
    whole = run_json(home, *args, "--json")
    assert lines == whole  # the same objects as --json, in the same order


def test_json_and_jsonl_exclude_each_other(home: Path) -> None:
    env = {**os.environ, "TRENDREADER_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "trendreader", "list", "--json", "--jsonl"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2 and "--json" in done.stderr
