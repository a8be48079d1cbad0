"""OpenCC's own test cases, run through our converter layer for every config we use.

The official binding passes them all. ``opencc-python-reimplemented`` (the drop-in we stay
compatible with) fails some; those are listed per config in
``tests/data/opencc-cases/reimplemented_xfail.json`` and marked ``xfail(strict=True)``, so a
fix upstream (an unexpected pass) is noticed too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trendreader.script.convert import USED_CONFIGS, convert, implementation

CASES_DIR = Path(__file__).resolve().parents[1] / "data" / "opencc-cases"


def load_opencc_cases() -> list[dict[str, str]]:
    with (CASES_DIR / "opencc_testcases.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


IMPLEMENTATION = implementation()
REIMPLEMENTED = json.loads((CASES_DIR / "reimplemented_xfail.json").read_text("utf-8"))


def _expected_failures() -> tuple[dict[str, set[str]], dict[str, str]]:
    if IMPLEMENTATION != "reimplemented":
        return {}, {}
    xfail = {config: set(ids) for config, ids in REIMPLEMENTED["xfail"].items()}
    return xfail, dict(REIMPLEMENTED["missing_configs"])


XFAIL, MISSING = _expected_failures()


def _params() -> list[object]:
    params = []
    for case in load_opencc_cases():
        config = case["config"]
        if config not in USED_CONFIGS:
            continue
        marks: list[pytest.MarkDecorator] = []
        if config in MISSING:
            marks.append(pytest.mark.skip(reason=f"{IMPLEMENTATION} opencc: {MISSING[config]}"))
        elif case["id"] in XFAIL.get(config, ()):
            marks.append(
                pytest.mark.xfail(strict=True, reason="known opencc-python-reimplemented gap")
            )
        params.append(
            pytest.param(
                config, case["input"], case["expected"], id=f"{config}-{case['id']}", marks=marks
            )
        )
    return params


def test_every_used_config_has_cases() -> None:
    configs = {case["config"] for case in load_opencc_cases()}
    assert set(USED_CONFIGS) <= configs


def test_implementation_is_detected() -> None:
    assert IMPLEMENTATION in ("official", "reimplemented")


def test_xfail_list_names_real_cases() -> None:
    known = {(c["config"], c["id"]) for c in load_opencc_cases()}
    for config, ids in REIMPLEMENTED["xfail"].items():
        assert config in USED_CONFIGS
        for case_id in ids:
            assert (config, case_id) in known


@pytest.mark.parametrize(("config", "text", "expected"), _params())
def test_opencc_case(config: str, text: str, expected: str) -> None:
    assert convert(text, config) == expected
