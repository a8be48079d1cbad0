"""Import Whoosh without the modules it loads and never uses here.

``whoosh.compat`` imports ``urllib.request`` (and with it ``http.client`` and ``email``) for
``urlretrieve``, which nothing in Whoosh's search or indexing calls, and ``whoosh.reading``
takes ``cached_property`` from the ``cached_property`` package, which imports ``asyncio``
for coroutine support Whoosh does not use. Together they are ~40% of Whoosh's import
(~140 ms of ~300 ms in a fresh ``trendreader search``). ``whoosh.query.terms`` imports
``whoosh.lang.morph_en`` (English word variations, ~35 ms of regular expressions) for the
``Variations`` query, which we never build. Opening an index needs neither the English
stemmer and metaphone (``whoosh.analysis``: ~4 ms), ``tempfile`` (``whoosh.filedb.filestore``,
for a temporary storage; with it ``shutil``, ``bz2``, ``lzma``), ``calendar`` (and ``locale``:
``whoosh.util.times``, for date ranges), ``shutil`` (``whoosh.filedb.compound``, to copy a
file into a compound one when writing), ``queue`` (multi-process writers) nor ``html``
(``whoosh.compat``, for highlights we do not format): ~15 ms of a ``trendreader search``.

:func:`load_whoosh` imports those Whoosh modules with stand-ins in ``sys.modules`` for
the time of the import only: ``cached_property`` is ``functools.cached_property`` (the same
per-instance cache); a name Whoosh takes with ``from … import`` (``urlretrieve``,
``variations``, ``stem``, ``double_metaphone``, ``escape``, ``copyfileobj``) imports the
real module when called; any other attribute of a stand-in (``tempfile.gettempdir``,
``calendar.monthrange``) is the real module's, imported then. The stand-ins are removed
afterwards, so a later ``import urllib.request`` (or ``tempfile``, ``cached_property``)
anywhere gets the real module.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

#: module → the functions Whoosh takes from it by name at import (``from X import f``)
_STANDINS: dict[str, tuple[str, ...]] = {
    "cached_property": (),
    "urllib.request": ("urlretrieve",),
    "whoosh.lang.morph_en": ("variations",),
    "whoosh.lang.porter": ("stem",),
    "whoosh.lang.dmetaphone": ("double_metaphone",),
    "tempfile": (),
    "shutil": ("copyfileobj",),
    "calendar": (),
    "queue": (),
    "html": ("escape",),
}


def _deferred(module: str, name: str) -> Callable[..., Any]:
    """A function that imports ``module`` when first called and calls its ``name``."""
    real: list[Callable[..., Any]] = []

    def call(*args: Any, **kwargs: Any) -> Any:
        if not real:
            real.append(_real_attribute(module, name))
        return real[0](*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{module}.{name}, imported on the first call"
    return call


def _real_attribute(name: str, attribute: str) -> Any:
    """``attribute`` of the real module ``name``: anything but what Whoosh takes from a
    stand-in (another thread importing ``urllib.request`` during Whoosh's import, say)
    takes the stand-in out of the way and gets the real module."""
    if attribute.startswith("__"):  # the import system asks for __path__, __spec__, …
        raise AttributeError(attribute)
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__trendreader_standin__", False):
        del sys.modules[name]
    return getattr(importlib.import_module(name), attribute)


def _standin(name: str) -> types.ModuleType:
    module = types.ModuleType(name, "a stand-in for the time of Whoosh's import")
    module.__trendreader_standin__ = True  # type: ignore[attr-defined]
    module.__getattr__ = functools.partial(_real_attribute, name)  # type: ignore[attr-defined]
    if name == "cached_property":
        module.cached_property = functools.cached_property  # type: ignore[attr-defined]
    for function in _STANDINS[name]:
        setattr(module, function, _deferred(name, function))
    return module


@contextlib.contextmanager
def standins_in_place() -> Iterator[None]:
    """The stand-ins in ``sys.modules`` (and ``urllib.request`` as the package's attribute)
    for the time of the block; whatever asks a stand-in for anything else gets the real
    module (another thread importing ``urllib.request`` meanwhile, say)."""
    placed = {name: _standin(name) for name in _STANDINS if name not in sys.modules}
    sys.modules.update(placed)
    import urllib

    bound = "urllib.request" in placed and not hasattr(urllib, "request")
    if bound:
        urllib.request = placed["urllib.request"]  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        if bound and getattr(urllib, "request", None) is placed["urllib.request"]:
            del urllib.request


def load_whoosh() -> None:
    """Import ``whoosh.compat``, ``whoosh.reading`` and ``whoosh.query`` (once) without
    their unused imports."""
    if "whoosh.query" in sys.modules:
        return
    with standins_in_place():
        import whoosh.compat
        import whoosh.filedb.compound  # every index's files (``from shutil import copyfileobj``)
        import whoosh.lang  # the real package: only its submodules morph_en, porter and
        import whoosh.query  # dmetaphone stand in
        import whoosh.reading  # noqa: F401
