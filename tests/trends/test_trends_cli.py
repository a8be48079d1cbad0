"""``trendreader trends`` in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_on_seeds

from .conftest import R2023, R2024, R2025

run = run_on_seeds


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("clihome")
    assert run(home, "index").returncode == 0
    return home


def test_json_lists_builtin_then_suggested_with_mentions(home: Path) -> None:
    done = run(home, "trends", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert all(set(r) >= {"name", "aliases", "suggested", "mentions"} for r in rows)
    by_name = {r["name"]: r for r in rows}
    assert set(by_name["自动驾驶"]["mentions"]) >= {R2024, R2025}
    assert set(by_name["卡脖子"]["mentions"]) >= {R2023, R2025}
    kinds = [r["suggested"] for r in rows]
    assert kinds == sorted(kinds)  # curated first
    assert 0 < kinds.count(True) <= 20


def test_piped_output_is_plain(home: Path) -> None:
    done = run(home, "trends")
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout
    line = next(x for x in done.stdout.splitlines() if x.startswith("自动驾驶\t"))
    _name, kind, reports, passages, years = line.split("\t")
    assert kind == "built-in" and int(reports) == 3 and int(passages) > 0
    assert "2024:" in years and "2025:" in years


def test_add_list_remove(home: Path) -> None:
    done = run(home, "trends", "add", "低空经济", "低空经济", "飞行汽车")
    assert done.returncode == 0, done.stderr
    rows = json.loads(run(home, "trends", "list", "--json").stdout)
    mine = next(r for r in rows if r["name"] == "低空经济")
    assert mine["user"] and mine["aliases"] == ["低空经济", "飞行汽车"]
    assert run(home, "trends", "remove", "低空经济").returncode == 0
    rows = json.loads(run(home, "trends", "--json").stdout)
    assert "低空经济" not in {r["name"] for r in rows}


def test_removing_a_builtin_is_a_one_line_error(home: Path) -> None:
    done = run(home, "trends", "remove", "自动驾驶")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "built-in" in done.stderr


def test_corrupt_user_file_is_named_and_kept(tmp_path: Path) -> None:
    (tmp_path / "trends.toml").write_text("not = [toml", encoding="utf-8")
    done = run(tmp_path, "trends", "add", "x", "y")
    assert done.returncode == 2
    assert str(tmp_path / "trends.toml") in done.stderr and done.stderr.count("\n") == 1
    assert (tmp_path / "trends.toml").read_text("utf-8") == "not = [toml"


def test_json_has_every_year_with_counts_and_shares(home: Path) -> None:
    rows = json.loads(run(home, "trends", "--json").stdout)
    robots = next(r for r in rows if r["name"] == "人形机器人")
    assert list(robots["years"]) == ["2023", "2024", "2025", "—"]
    zero = robots["years"]["2023"]
    assert zero["mentions"] == 0 and zero["share"] == 0 and zero["reports"] == 1
    year = robots["years"]["2024"]
    assert year["mentioning_reports"] == 1 and year["mentions"] > 0
    assert year["share"] == round(year["mentions"] / year["passages"], 6)
    assert sum(y["mentions"] for y in robots["years"].values()) == sum(robots["mentions"].values())


def test_compare_two_years(home: Path) -> None:
    done = run(home, "trends", "compare", "自动驾驶", "--years", "2023", "2025", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert list(out["years"]) == ["2023", "2025"]
    assert out["years"]["2023"]["mentions"] == 0 and out["years"]["2025"]["mentions"] > 0
    piped = run(home, "trends", "compare", "自動駕駛", "--script", "traditional")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.splitlines()[0].startswith("自動駕駛\t2023\t")
    missing = run(home, "trends", "compare", "自动驾驶", "--years", "2019", "2025")
    assert missing.returncode == 2 and "2019" in missing.stderr
    unknown = run(home, "trends", "compare", "没有这个趋势")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1


def test_new_in_a_year(home: Path) -> None:
    done = run(home, "trends", "new", "2025", "--json", "--limit", "5")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["year"] == 2025 and 0 < len(out["rising"]) <= 5
    assert all(c["share"] > c["before"] for c in out["rising"])
    assert all(c["share"] < c["before"] for c in out["falling"])
    assert run(home, "trends", "new", "1999").returncode == 2
