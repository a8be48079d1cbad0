"""The trends store: built-in file read only, user file written atomically, errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from trendreader.library.sanitize import clean_line
from trendreader.resources import seeds_dir
from trendreader.trends.model import Trend, TrendFileError, TrendNameError, alias_query
from trendreader.trends.store import (
    TrendStore,
    dump_trends,
    save_search_as_trend,
    trend_from_query,
)

SECTIONS_001 = ["太空经济", "人形机器人", "推理芯片", "固态电池", "自动驾驶", "生物医药"]
SECTIONS_004 = ["空间计算", "具身智能", "AI助手", "基因编辑", "自动驾驶", "小模型", "AI短剧"]
ISSUE_SECTIONS = SECTIONS_001 + SECTIONS_004


def test_builtin_trends_cover_every_topic_section(store: TrendStore) -> None:
    names = {t.name for t in store.builtin_trends()}
    assert set(ISSUE_SECTIONS) <= names
    assert {"卡脖子", "硬科技"} <= names
    assert all(t.builtin and not t.user for t in store.builtin_trends())


def test_add_remove_roundtrip_and_builtin_file_untouched(store: TrendStore) -> None:
    builtin = seeds_dir() / "trends.toml"
    before = builtin.read_bytes()
    trend = store.add("低空经济", ["低空经济", "低空經濟", "eVTOL"])
    assert trend.user and trend.aliases == ("低空经济", "低空經濟", "eVTOL")
    assert store.find("低空經濟") == trend  # names compare across scripts
    assert [t.name for t in store.user_trends()] == ["低空经济"]
    assert store.add("低空经济", ["飞行汽车"]).aliases == ("飞行汽车",)  # replaces
    assert len(store.user_trends()) == 1
    assert store.remove("低空经济").name == "低空经济"
    assert store.user_trends() == []
    assert builtin.read_bytes() == before
    assert not list(store.user_file.parent.glob(".trends.toml.*"))  # no temp file left


def test_builtin_cannot_be_added_over_or_removed(store: TrendStore) -> None:
    with pytest.raises(TrendNameError, match="built-in"):
        store.remove("自动驾驶")
    with pytest.raises(TrendNameError, match="built-in"):
        store.add("自動駕駛", ["x"])
    with pytest.raises(TrendNameError, match="no trend of yours"):
        store.remove("nothing")
    with pytest.raises(TrendNameError):
        store.add("   ", ["x"])


NASTY = ['quote " backslash \\ tab \t newline \n', "ctl \x01\x7f", "閉「括」號 ]] [[trend]]", "#"]


def test_strings_are_escaped(store: TrendStore) -> None:
    name = 'a "b" \\ c'
    store.add(name, NASTY)
    data = tomllib.loads(store.user_file.read_text("utf-8"))
    assert data["trend"][0]["name"] == name
    # aliases are cleaned of control characters and whitespace runs, the rest kept
    assert data["trend"][0]["aliases"] == [
        'quote " backslash \\ tab newline',
        "ctl",
        "閉「括」號 ]] [[trend]]",
        "#",
    ]
    # written by tomli_w: whatever is left after cleaning loads back as it was
    for text in ['"', "\\", "a\x00\x1f\x7fb", "\u2028x", "中文", "'"]:
        dumped = dump_trends([Trend(text, (text,), user=True)])
        assert tomllib.loads(dumped)["trend"][0]["name"] == clean_line(text)


def test_corrupt_user_file_is_reported_and_never_overwritten(store: TrendStore) -> None:
    store.user_file.parent.mkdir(parents=True)
    store.user_file.write_text("[[trend]\nname = ", encoding="utf-8")
    with pytest.raises(TrendFileError) as caught:
        store.add("x", ["y"])
    message = str(caught.value)
    assert str(store.user_file) in message and "\n" not in message
    assert store.user_file.read_text("utf-8") == "[[trend]\nname = "
    with pytest.raises(TrendFileError):
        store.remove("x")
    # listing goes on with the built-in trends and reports the problem once
    assert len(store.curated()) == len(store.builtin_trends())
    assert store.problems == [message]


def test_wrong_shape_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "trends.toml"
    path.write_text('[[trend]]\nname = "x"\naliases = "not a list"\n', encoding="utf-8")
    with pytest.raises(TrendFileError, match="aliases must be a list"):
        TrendStore(path).user_trends()


def test_dump_is_valid_toml_that_loads_back(tmp_path: Path) -> None:
    trends = [
        Trend("一", ("甲", "乙"), user=True),
        Trend("二", ("丙",), user=True, saved_query="芯片 -美国"),
    ]
    path = tmp_path / "trends.toml"
    path.write_text(dump_trends(trends), encoding="utf-8")
    assert TrendStore(path).user_trends() == trends


def test_alias_query_quotes_each_alias() -> None:
    assert alias_query(["自动驾驶", "Vision Pro", 'a"b']) == '"自动驾驶" OR "Vision Pro" OR "a b"'
    assert Trend("x", ("芯片", "晶片")).query == '"芯片" OR "晶片"'


def test_saving_a_search() -> None:
    plain = trend_from_query("电池", '固态电池 OR "钠离子 电池"')
    assert plain.aliases == ("固态电池", "钠离子 电池") and plain.saved_query is None
    assert plain.user
    other = trend_from_query("芯片战", "芯片 美国 -手机")
    assert other.saved_query == "芯片 美国 -手机" and other.aliases == ("芯片", "美国")
    assert other.query == "芯片 美国 -手机"


def test_save_search_as_trend_writes_the_user_file(isolated_home: Path) -> None:
    trend = save_search_as_trend("我的芯片", "芯片 OR 晶片")
    assert trend.aliases == ("芯片", "晶片")
    assert "我的芯片" in (isolated_home / "trends.toml").read_text("utf-8")
    with pytest.raises(TrendNameError):
        save_search_as_trend("卡脖子", "卡脖子")
