"""Fixtures for driving the real app with Textual's pilot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trendreader.library.catalog import Library
from trendreader.paths import AppPaths, resolve_paths
from trendreader.script.variants import Variant
from trendreader.tui.app import TrendReaderApp


@pytest.fixture
def app_paths(isolated_home: Path) -> AppPaths:
    return resolve_paths(isolated_home)


@pytest.fixture
def make_app(seed_library: Library, app_paths: AppPaths) -> Callable[..., TrendReaderApp]:
    def make(
        open_key: str | None = None, variant: Variant = Variant.ORIGINAL, **kwargs: object
    ) -> TrendReaderApp:
        return TrendReaderApp(
            paths=app_paths, library=seed_library, variant=variant, open_key=open_key, **kwargs
        )

    return make


@pytest.fixture(autouse=True)
def unfrozen_after_each_test():
    """The app freezes what it made (start-up, and ``tui.rest_collector`` at rest): after a
    test, its objects go back to the collector, so that the suite does not keep every app."""
    yield
    import gc

    gc.unfreeze()


@pytest.fixture(autouse=True)
def english_after_each_test():
    """The catalog is process-wide: an app started with ``ui="zh"`` leaves Chinese behind."""
    yield
    from trendreader import i18n

    i18n.use("en")
