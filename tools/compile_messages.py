"""Keep the interface catalogs in step with the code, and compile them.

    python tools/compile_messages.py          # update the .po files, write the .mo files
    python tools/compile_messages.py --check  # exit 1 (and say what) if anything is out of date
    python tools/compile_messages.py --add zh.json  # merge {"English": "简体中文"} translations

1. Every message marked in ``src/trendreader`` (``_("…")``, ``N_("…")``, ``ngettext``) is
   extracted with Babel.
2. ``zh_Hans.po`` — written by hand — gets the new messages (empty: a translator fills them) and
   loses the ones the code no longer has.
3. ``zh_Hant.po``, ``zh_TW.po``, ``zh_HK.po`` are made from ``zh_Hans.po`` with the reader's own
   conversion (OpenCC s2t / s2twp / s2hk plus ``trendreader.script.corrections``), so the
   interface says 搜尋 and 書籤 in 臺灣正體 exactly as the reading pane would. An entry a person
   corrected carries the translator comment ``hand`` and is kept as it is.
4. Every ``.po`` is compiled to the ``.mo`` that ``trendreader.i18n`` reads with :mod:`gettext`.

Babel (BSD-3, pure Python) is a development tool here (the ``test`` extra): the installed reader
reads ``.mo`` files with the standard library alone.
"""

from __future__ import annotations

import argparse
import fcntl
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "trendreader"
MESSAGES = SOURCE / "i18n" / "messages"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
HAND = "hand"
# A fixed date in every header, so that compiling twice gives the same bytes.
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
DERIVED = {"zh_Hant": "traditional", "zh_TW": "taiwan", "zh_HK": "hongkong"}


def extracted() -> list[tuple[str | tuple[str, str], list[tuple[str, int]]]]:
    """Every marked message in the source, with where it is used, in a stable order."""
    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SOURCE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=(),
        strip_comment_tags=True,
    ):
        key: str | tuple[str, str] = message if isinstance(message, str) else tuple(message[:2])
        if not key or (isinstance(key, tuple) and not all(key)):
            continue
        found.setdefault(key, []).append((f"src/trendreader/{filename}", lineno))
    return sorted(
        found.items(),
        key=lambda item: (item[1][0], item[0] if isinstance(item[0], str) else item[0][0]),
    )


def _read(path: Path, locale: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, domain="trendreader")
    with path.open("rb") as stream:
        return read_po(stream, locale=locale)


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, no_location=False, sort_output=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


class _StableCatalog(Catalog):
    """A catalog whose header does not name the Babel version (the same bytes everywhere)."""

    mime_headers = property(
        lambda self: [h for h in Catalog.mime_headers.fget(self) if h[0] != "Generated-By"],
        Catalog.mime_headers.fset,
    )


def _new_catalog(locale: str) -> Catalog:
    catalog = _StableCatalog(
        locale=locale,
        domain="trendreader",
        project="trendreader",
        version="",
        copyright_holder="the trendreader authors",
        fuzzy=False,
    )
    catalog.revision_date = catalog.creation_date = _EPOCH
    return catalog


def _source_catalog(messages: list, old: Catalog) -> Catalog:
    catalog = _new_catalog("zh_Hans")
    for key, locations in messages:
        before = old.get(key if isinstance(key, str) else key[0])
        string = before.string if before is not None else ("" if isinstance(key, str) else ("",))
        catalog.add(
            key,
            string,
            locations=locations,
            user_comments=list(before.user_comments) if before else [],
        )
    return catalog


def _derived_catalog(locale: str, source: Catalog, old: Catalog, convert) -> Catalog:
    catalog = _new_catalog(locale)
    for message in source:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        before = old.get(key)
        if before is not None and HAND in before.user_comments and before.string:
            string = before.string
            comments = list(before.user_comments)
        elif isinstance(message.string, (tuple, list)):
            string = tuple(convert(s) if s else "" for s in message.string)
            comments = []
        else:
            string = convert(message.string) if message.string else ""
            comments = []
        catalog.add(message.id, string, locations=message.locations, user_comments=comments)
    return catalog


def _converter(variant_name: str):
    sys.path.insert(0, str(ROOT / "src"))
    from trendreader.script.display import to_variant
    from trendreader.script.kinds import Script
    from trendreader.script.variants import Variant

    variant = Variant(variant_name)
    return lambda text: to_variant(text, Script.SIMPLIFIED, variant)


def build(additions: dict[str, str | list[str]] | None = None) -> dict[Path, bytes]:
    """Every catalog file as it should be, by path; ``additions`` (English → 简体, a list for
    a plural) are taken into ``zh_Hans.po``."""
    messages = extracted()
    old = _read(MESSAGES / "zh_Hans.po", "zh_Hans")
    for key, string in (additions or {}).items():
        message = old.get(key)
        if message is None:
            old.add(key, string)
        else:
            message.string = tuple(string) if isinstance(string, list) else string
    source = _source_catalog(messages, old)
    files: dict[Path, bytes] = {MESSAGES / "zh_Hans.po": _po_bytes(source)}
    catalogs = {"zh_Hans": source}
    for locale, variant in DERIVED.items():
        old = _read(MESSAGES / f"{locale}.po", locale)
        catalogs[locale] = _derived_catalog(locale, source, old, _converter(variant))
        files[MESSAGES / f"{locale}.po"] = _po_bytes(catalogs[locale])
    for locale, catalog in catalogs.items():
        files[MESSAGES / f"{locale}.mo"] = _mo_bytes(catalog)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument("--add", action="append", default=[], help="JSON {English: 简体} to merge")
    args = parser.parse_args(argv)
    MESSAGES.mkdir(parents=True, exist_ok=True)
    with (MESSAGES / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # several people adding at once: one at a time
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    additions: dict[str, str | list[str]] = {}
    for name in args.add:
        additions.update(json.loads(Path(name).read_text(encoding="utf-8")))
    files = build(additions)
    stale = [path for path, data in files.items() if not path.exists() or path.read_bytes() != data]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run python tools/compile_messages.py)")
        return 1 if stale else 0
    for path in stale:
        path.write_bytes(files[path])
        print(f"wrote {path.relative_to(ROOT)}")
    untranslated = sum(
        1 for m in _read(MESSAGES / "zh_Hans.po", "zh_Hans") if m.id and not m.string
    )
    if untranslated:
        print(f"{untranslated} messages have no 简体 translation yet (zh_Hans.po)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
