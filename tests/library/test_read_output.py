"""What ``trendreader read`` prints: JSON fields per kind, and the plain rendering."""

from __future__ import annotations

import json
from pathlib import Path

from rich.cells import cell_len

from tests.test_cli import run
from trendreader.library.parse import parse_text
from trendreader.library.plain_render import passage_json, render_text

SOURCE = """# 读法测试

正文有[一个链接](https://example.com/a)和[另一个](https://example.com/b)。

3. 第三项
   - 子项

| 名称 | 数量 |
|---|---|
| 人形机器人 | 12 |
| AI | 3 |

```sh
echo "a * b"
  缩进
```

![芯片照片](https://example.com/c.png)

![](https://example.com/d.png)

> 引用一段。
"""


def passages() -> tuple:
    return parse_text("k", Path("k.md"), SOURCE)[0]


def test_json_fields_per_kind() -> None:
    data = [passage_json(p, p.text) for p in passages()]
    assert data[0] == {"ordinal": 0, "kind": "heading", "text": "读法测试", "level": 1}
    assert data[1]["links"] == [
        {"text": "一个链接", "url": "https://example.com/a"},
        {"text": "另一个", "url": "https://example.com/b"},
    ]
    assert (data[2]["number"], data[2]["depth"]) == (3, 0)
    assert (data[3]["number"], data[3]["depth"]) == (None, 1)
    assert data[4]["rows"] == [["名称", "数量"], ["人形机器人", "12"], ["AI", "3"]]
    assert data[5]["language"] == "sh" and data[5]["text"] == 'echo "a * b"\n  缩进'
    assert [d["kind"] for d in data[6:]] == ["image", "image", "quote"]
    assert "level" not in data[1] and "rows" not in data[0]


def test_plain_rendering() -> None:
    out = render_text(passages(), [p.text for p in passages()])
    blocks = out.split("\n\n")
    assert blocks[0] == "读法测试"
    assert blocks[1] == (
        "正文有一个链接[1]和另一个[2]。\n[1] https://example.com/a\n[2] https://example.com/b"
    )
    assert blocks[2] == "3. 第三项"
    assert blocks[3] == "  • 子项"
    table = blocks[4].split("\n")
    assert set(table[1]) <= {"-", " "}  # the rule under the header
    # the second column starts at the same terminal cell on every row (人形机器人 is 10 wide)
    columns = {
        cell_len(line[: line.index(cell)])
        for line, cell in zip((table[0], table[2], table[3]), ("数量", "12", "3"), strict=True)
    }
    assert columns == {cell_len("人形机器人") + 2}
    assert blocks[5] == 'echo "a * b"\n  缩进'
    assert blocks[6:9] == ["[图：芯片照片]", "[图]", "> 引用一段。"]


def test_read_command_json_and_plain(tmp_path: Path, isolated_home: Path) -> None:
    report = tmp_path / "read-test.md"
    report.write_text(SOURCE, "utf-8")
    run("add", str(report), home=isolated_home)
    data = json.loads(run("read", "read-test", "--json", home=isolated_home).stdout)
    kinds = [p["kind"] for p in data["passages"]]
    expected = ["heading", "paragraph", "list", "list", "table", "code", "image", "image", "quote"]
    assert kinds == expected
    assert data["passages"][4]["rows"][1] == ["人形机器人", "12"]
    plain = run("read", "read-test", home=isolated_home).stdout
    assert "[1] https://example.com/a" in plain and "[图：芯片照片]" in plain
    assert 'echo "a * b"\n  缩进' in plain
