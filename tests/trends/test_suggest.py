"""Suggested trends: real topics on the seeds (without trends.toml) and a generated library."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from trendreader.library.catalog import Library, load_library
from trendreader.resources import seeds_dir
from trendreader.trends import keywords, suggest
from trendreader.trends.keywords import build_term_index, heading_topics
from trendreader.trends.model import Trend
from trendreader.trends.suggest import (
    STOP_PHRASES,
    _heading_segments,
    suggest_terms,
    suggest_trends,
)

BENCH = Path(__file__).resolve().parents[2] / "bench"
#: Must be among the top 20 on the seeds without curated trends.
SEED_TOPICS = {"机器人", "自动驾驶", "芯片", "基因编辑", "人形机器人", "卡脖子", "空间计算"}
#: Fragments and function words that must never be suggested.
NOT_TOPICS = {"自动", "驾驶", "工智能", "人工智", "形机器人", "我们", "一个", "这个", "可以"}


@pytest.fixture(scope="module")
def bare_seeds(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("seeds")
    for path in seeds_dir().glob("*.txt"):
        shutil.copy(path, folder)
    assert not (folder / "trends.toml").exists()
    return load_library([folder])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("gen")
    done = subprocess.run(
        [sys.executable, str(BENCH / "gen_library.py"), "120", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return load_library([folder])


def _check(terms: list[str]) -> None:
    assert len(terms) == 20 and len(set(terms)) == 20
    assert not set(terms) & NOT_TOPICS
    assert not set(terms) & STOP_PHRASES
    assert all(len(t) >= 2 for t in terms)


def test_seed_suggestions_are_topics(bare_seeds: Library) -> None:
    found = suggest_terms(bare_seeds)
    terms = [s.term for s in found]
    _check(terms)
    assert set(terms) >= SEED_TOPICS
    assert all(s.reports >= 2 for s in found)
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)


def test_generated_library_suggestions_are_topics(generated: Library) -> None:
    index = build_term_index(generated)
    terms = [s.term for s in suggest_terms(generated, index=index)]
    _check(terms)
    assert {"卡脖子", "大模型", "固态电池", "空间计算"} <= set(terms)
    # every generated report draws on the same five seeds: what more than 70% of them
    # mention is this library's furniture, not a topic that tells reports apart
    assert {"自动驾驶", "人形机器人"} <= index.boilerplate_terms


def test_curated_trends_are_not_suggested_again(bare_seeds: Library) -> None:
    curated = [Trend("自动驾驶", ("自动驾驶", "自動駕駛")), Trend("机器人", ("機器人",))]
    names = [t.name for t in suggest_trends(bare_seeds, curated)]
    assert "自动驾驶" not in names and "机器人" not in names
    assert all(t.suggested and not t.user for t in suggest_trends(bare_seeds, curated))


def test_heading_segments() -> None:
    assert _heading_segments("太空经济：航天平民化，太空资源先到先得") == ["太空经济"]
    assert _heading_segments("具身智能") == ["具身智能"]
    assert "卡脖子" in _heading_segments("固态电池：不想被中国“卡脖子”，就得找别的出路")
    assert _heading_segments("大國崛起的歷史邏輯而且很長的標題") == []
    assert _heading_segments("结语") == []


def test_the_term_index_keeps_the_heading_topics_so_suggesting_reads_no_passage(
    bare_seeds: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader reads its term index back from disk and holds its passages packed:
    suggesting from it must not go through every passage again for the headings."""
    index = pickle.loads(pickle.dumps(build_term_index(bare_seeds)))  # as saved, read back
    assert index.heading_topics == heading_topics(bare_seeds)
    assert {"卡脖子", "太空经济"} <= index.heading_topics
    want = suggest_terms(bare_seeds, index=index)
    monkeypatch.setattr(keywords, "heading_topics", _no_passages)
    monkeypatch.setattr(suggest, "heading_topics", _no_passages)
    assert suggest_terms(bare_seeds, index=index) == want
    made_without = replace(index, heading_topics=None)  # an index made before: found again
    monkeypatch.undo()
    assert suggest_terms(bare_seeds, index=made_without) == want


def _no_passages(library: Library) -> frozenset[str]:
    raise AssertionError("the headings were read again")


def test_an_empty_library_suggests_nothing() -> None:
    assert suggest_terms(Library(reports=[])) == []
