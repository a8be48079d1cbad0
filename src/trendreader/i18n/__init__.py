"""The interface's words: English, or Chinese in the reader's script and region.

Messages are written in English in the code, marked with :func:`_` (translated where they are
used) or :func:`N_` (marked at import time, translated where they are shown: bindings, argparse
help). The translations are standard gettext catalogs in ``messages/``: ``zh_Hans.po`` is
written by hand; ``zh_Hant.po``, ``zh_TW.po`` and ``zh_HK.po`` are made from it by
``tools/compile_messages.py`` (OpenCC s2t / s2twp / s2hk and the project's corrections; an entry
a person corrected keeps its ``# hand`` comment and is never regenerated), which also compiles
the ``.mo`` files that :mod:`gettext` reads here. ``tests/test_messages.py`` fails on a message
missing in any catalog.

Which catalog: :func:`resolve_language` picks Chinese or English (``--ui``, the ``ui`` setting,
else the locale environment); :func:`locale_for` picks the Chinese catalog that matches the
reading script (简体 → zh_Hans, 繁體 → zh_Hant, 臺灣正體 → zh_TW, 香港繁體 → zh_HK; 原文 → the
open report's own script and region).

This module sits at the bottom of the layers (no trendreader imports): every layer may speak.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "CHINESE_LOCALES",
    "LANGUAGES",
    "LOCALES",
    "N_",
    "_",
    "current_locale",
    "locale_for",
    "ngettext",
    "resolve_language",
    "use",
]

MESSAGES_DIR = Path(__file__).with_name("messages")
DOMAIN = "trendreader"
UI_ENV = "TRENDREADER_UI"

#: Interface languages a user chooses between (``--ui``, the ``ui`` setting).
LANGUAGES: tuple[str, ...] = ("zh", "en")
#: Catalogs: English is the messages themselves.
CHINESE_LOCALES: tuple[str, ...] = ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK")
LOCALES: tuple[str, ...] = ("en", *CHINESE_LOCALES)

_VARIANT_LOCALES = {
    "simplified": "zh_Hans",
    "traditional": "zh_Hant",
    "taiwan": "zh_TW",
    "hongkong": "zh_HK",
}

_loaded: dict[str, _gettext.NullTranslations] = {}
_current: list[tuple[str, _gettext.NullTranslations]] = [("en", _gettext.NullTranslations())]


def _catalog(locale: str) -> _gettext.NullTranslations:
    if locale == "en":
        return _gettext.NullTranslations()
    found = _loaded.get(locale)
    if found is None:
        path = MESSAGES_DIR / f"{locale}.mo"
        try:
            with path.open("rb") as stream:
                found = _gettext.GNUTranslations(stream)
        except OSError:
            # A catalog missing from a broken install: English rather than a crash.
            found = _gettext.NullTranslations()
        _loaded[locale] = found
    return found


def use(locale: str) -> None:
    """Speak ``locale`` (one of :data:`LOCALES`) from now on; unknown names mean English."""
    name = locale if locale in LOCALES else "en"
    _current[0] = (name, _catalog(name))


def current_locale() -> str:
    """The catalog in use: ``en``, ``zh_Hans``, ``zh_Hant``, ``zh_TW`` or ``zh_HK``."""
    return _current[0][0]


def _(message: str) -> str:
    """``message`` in the interface's language (the English text when it has no translation)."""
    return _current[0][1].gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is shown; returns it unchanged."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count`` (Chinese has one form)."""
    return _current[0][1].ngettext(singular, plural, count)


def resolve_language(setting: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``zh`` or ``en``: ``setting`` (``--ui`` or the ``ui`` setting) when it is one of them,
    else ``$TRENDREADER_UI`` when it is one of them, else the locale environment
    (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set): English when it
    names English or another language, Chinese when it names Chinese or no language at all
    (unset, ``C``, ``POSIX``): a reader of Chinese reports whose machine says nothing gets the
    interface in the language of what they read."""
    if setting in LANGUAGES:
        return setting
    env = os.environ if environ is None else environ
    if env.get(UI_ENV) in LANGUAGES:
        return env[UI_ENV]
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(name) or "").strip()
        if not value:
            continue
        first = value.split(":")[0].split(".")[0].split("@")[0].lower()
        if first in ("", "c", "posix"):
            return "zh"
        return "zh" if first.startswith("zh") else "en"
    return "zh"


def locale_for(
    language: str,
    variant: str,
    source_script: str | None = None,
    source_region: str | None = None,
) -> str:
    """The catalog for ``language`` read in ``variant`` (a ``Variant`` value such as
    ``"taiwan"``). For ``original`` the open report's ``source_script`` (``"simplified"`` /
    ``"traditional"``) and ``source_region`` (``"tw"``, ``"hk"``, ``"cn"``) decide; with no
    report, 简体."""
    if language != "zh":
        return "en"
    if variant in _VARIANT_LOCALES:
        return _VARIANT_LOCALES[variant]
    if source_script == "traditional":
        return {"tw": "zh_TW", "hk": "zh_HK"}.get(source_region or "", "zh_Hant")
    return "zh_Hans"
