"""The interface catalogs: in step with the code, complete in every language, right script."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from trendreader import i18n
from trendreader.script.detect import script_counts

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = ROOT / "src" / "trendreader" / "i18n" / "messages"


def _tool():
    spec = importlib.util.spec_from_file_location(
        "compile_messages", ROOT / "tools" / "compile_messages.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["compile_messages"] = module
    spec.loader.exec_module(module)
    return module


def _catalog(locale: str):
    with (MESSAGES / f"{locale}.po").open("rb") as stream:
        return read_po(stream, locale=locale)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, (tuple, list)) else [message.id]


def test_catalogs_are_in_step_with_the_code() -> None:
    tool = _tool()
    stale = [
        str(path.relative_to(ROOT))
        for path, data in tool.build().items()
        if not path.exists() or path.read_bytes() != data
    ]
    assert not stale, f"run python tools/compile_messages.py: {stale}"


def test_the_code_marks_messages() -> None:
    tool = _tool()
    assert len(tool.extracted()) >= 50


@pytest.mark.parametrize("locale", i18n.CHINESE_LOCALES)
def test_no_message_is_missing_in_any_language(locale: str) -> None:
    missing = [
        _ids(m)[0] for m in _catalog(locale) if m.id and not all(s.strip() for s in _strings(m))
    ]
    assert not missing, f"{locale}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("locale", i18n.CHINESE_LOCALES)
def test_placeholders_survive_translation(locale: str) -> None:
    field = re.compile(r"\{[a-z_]*(?:![rsa])?(?::[^{}]*)?\}")
    for message in _catalog(locale):
        if not message.id:
            continue
        wanted = sorted(field.findall(_ids(message)[-1]))
        for string in _strings(message):
            assert sorted(field.findall(string)) == wanted, (locale, message.id, string)


@pytest.mark.parametrize(
    ("locale", "wrong"),
    [
        ("zh_Hans", "traditional"),
        ("zh_Hant", "simplified"),
        ("zh_TW", "simplified"),
        ("zh_HK", "simplified"),
    ],
)
def test_each_catalog_is_in_its_own_script(locale: str, wrong: str) -> None:
    for message in _catalog(locale):
        for string in _strings(message) if message.id else []:
            assert getattr(script_counts(string), wrong) == 0, (locale, message.id, string)


def test_gettext_reads_the_compiled_catalogs() -> None:
    try:
        i18n.use("zh_TW")
        assert i18n.current_locale() == "zh_TW"
        assert i18n._("Bookmarks") == "書籤"
        i18n.use("zh_Hans")
        assert i18n._("Bookmarks") == "书签"
        i18n.use("en")
        assert i18n._("Bookmarks") == "Bookmarks"
        i18n.use("klingon")
        assert i18n.current_locale() == "en"
    finally:
        i18n.use("en")


@pytest.mark.parametrize(
    ("setting", "env", "expected"),
    [
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        ("zh", {"LANG": "en_US.UTF-8"}, "zh"),
        (None, {"LANG": "zh_TW.UTF-8"}, "zh"),
        (None, {"LANG": "en_GB.UTF-8"}, "en"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "zh"),
        (None, {}, "zh"),
        (None, {"LANGUAGE": "en:zh", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"LC_ALL": "zh_HK.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ("auto", {"LANG": "fr_FR"}, "en"),
        (None, {"TRENDREADER_UI": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ("zh", {"TRENDREADER_UI": "en"}, "zh"),
        (None, {"TRENDREADER_UI": "xx", "LANG": "zh_CN.UTF-8"}, "zh"),
    ],
)
def test_resolve_language(setting, env, expected) -> None:
    assert i18n.resolve_language(setting, env) == expected


@pytest.mark.parametrize(
    ("variant", "script", "region", "expected"),
    [
        ("simplified", None, None, "zh_Hans"),
        ("traditional", None, None, "zh_Hant"),
        ("taiwan", "simplified", None, "zh_TW"),
        ("hongkong", None, None, "zh_HK"),
        ("original", "traditional", "tw", "zh_TW"),
        ("original", "traditional", "hk", "zh_HK"),
        ("original", "traditional", "cn", "zh_Hant"),
        ("original", "simplified", None, "zh_Hans"),
        ("original", None, None, "zh_Hans"),
    ],
)
def test_locale_follows_the_reading_script(variant, script, region, expected) -> None:
    assert i18n.locale_for("zh", variant, script, region) == expected
    assert i18n.locale_for("en", variant, script, region) == "en"
