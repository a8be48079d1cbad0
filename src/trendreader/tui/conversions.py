"""Conversions saved by an earlier run (cache dir): a start that shows a report in another
script needs no OpenCC for what it converted before. One job: look up, restore, save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trendreader.library.model import Edition
from trendreader.script.variants import Variant


class SavedConversions:
    """``use(edition, variant)`` before showing; it restores a saved conversion, or asks
    ``schedule_save`` to call :meth:`save` a little later (once the conversion is made)."""

    def __init__(self, folder: Path, schedule_save: Callable[[Edition, Variant], None]) -> None:
        self.folder = folder
        self._schedule_save = schedule_save
        self._checked: set[tuple[str, Variant]] = set()

    def path(self, edition: Edition, variant: Variant) -> Path:
        from trendreader.script.saved import saved_path

        return saved_path(self.folder, edition.content_hash, variant.value)

    def use(self, edition: Edition, variant: Variant) -> None:
        if variant == Variant.ORIGINAL:
            return
        key = (edition.content_hash, variant)
        if key in self._checked:
            return
        self._checked.add(key)
        from trendreader.reading import restore_conversion
        from trendreader.script.saved import load_saved

        saved = load_saved(self.path(edition, variant))
        if saved is not None and len(saved.texts) >= len(edition.passages):
            restore_conversion(edition, saved)
        else:  # once this edition is shown converted, keep the result for the next start
            self._schedule_save(edition, variant)

    def save(self, edition: Edition, variant: Variant) -> None:
        """Save what is converted so far (on a worker thread)."""
        from trendreader.reading import conversion_to_save
        from trendreader.script.saved import save

        saved = conversion_to_save(edition, variant)
        if saved is not None and len(saved.texts) >= len(edition.passages):
            save(self.path(edition, variant), saved)
        else:  # not converted yet (a long report in its worker): look again next time
            self._checked.discard((edition.content_hash, variant))
