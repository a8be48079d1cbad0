"""Editions and their metadata pickle as constructor arguments (the cache loads faster), and a
cache written before that, in the dataclasses' slots form, still loads the same objects."""

from __future__ import annotations

import copyreg
import io
import pickle
import pickletools
from datetime import datetime
from pathlib import Path

from trendreader.library import model
from trendreader.library.model import Edition, Metadata, Passage, PassageKind, file_path


def _edition(builtin: bool = False) -> Edition:
    meta = Metadata("标题", datetime(2024, 5, 6, 7, 8), 2024, "作者", "来源")
    passage = Passage("k", 0, PassageKind.PARAGRAPH, "一段文字。", emphasis=((0, 2),))
    return Edition("k", Path("/lib/k.md"), "simplified", "utf-8", meta, (passage,), "abc", builtin)


class _SlotsForm(pickle.Pickler):
    """Pickles editions and metadata as they were before ``__reduce__``: the slots' state."""

    def reducer_override(self, obj: object) -> object:
        if type(obj) in (Edition, Metadata):
            return (copyreg.__newobj__, (type(obj),), obj.__getstate__())  # type: ignore[attr-defined]
        return NotImplemented


def test_an_edition_round_trips_through_its_constructor() -> None:
    for edition in (
        _edition(),
        _edition(builtin=True),
        _edition(),
        Edition("e", Path("e.txt"), "traditional", "big5", Metadata(), (), "h"),
    ):
        blob = pickle.dumps(edition, protocol=pickle.HIGHEST_PROTOCOL)
        loaded = pickle.loads(blob)
        assert loaded == edition and type(loaded.path) is type(edition.path)
        assert loaded.meta == edition.meta
    assert Edition.__reduce__(_edition())[0] is model._edition
    assert Metadata.__reduce__(Metadata())[0] is Metadata


def test_a_cache_in_the_slots_form_still_loads() -> None:
    listing = {"/lib/k.md": (10, 20, _edition(), 1), "/lib/b.md": (1, 2, _edition(True), 0)}
    buffer = io.BytesIO()
    _SlotsForm(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(listing)
    old = buffer.getvalue()
    new = pickle.dumps(listing, protocol=pickle.HIGHEST_PROTOCOL)
    assert "BUILD" in _opcodes(old) and "BUILD" not in _opcodes(new)  # __setstate__ / __init__
    assert pickle.loads(old) == listing == pickle.loads(new)


def _opcodes(blob: bytes) -> set[str]:
    return {op.name for op, _arg, _pos in pickletools.genops(blob)}


def test_file_path_is_the_path_of_its_string() -> None:
    names = ["/lib/k.md", "k.md", "/k.md", "lib/a/b/第2期 c.md", "a//b.md", "a/./b.md", "./x.md"]
    names += ["a/../b.md", "a/..", "/", "", ".", "lib/", "/lib/sub/"]
    for name in names * 2:  # the second time from the folders made the first
        made = file_path(name)
        assert made == Path(name) and str(made) == str(Path(name)) and type(made) is type(Path())
        assert made.parts == Path(name).parts and made.name == Path(name).name


def test_an_edition_pickles_its_path_as_a_string() -> None:
    blob = pickle.dumps(_edition(), protocol=pickle.HIGHEST_PROTOCOL)
    assert "/lib/k.md" in {arg for _op, arg, _pos in pickletools.genops(blob)}
    assert pickle.loads(blob).path == Path("/lib/k.md")


def test_pickling_a_passage_leaves_its_text_as_small_as_it_was() -> None:
    """Pickle writes a string as UTF-8 and CPython keeps that form inside the string: a
    passage pickles a copy of its text, so writing the cache or piping the library to the
    index builder leaves the reader's texts as they were (52 MB at 10,000 reports)."""
    import sys

    text = "人形机器人走进工厂，一段文字。" * 20
    passage = Passage("k", 0, PassageKind.PARAGRAPH, text)
    size = sys.getsizeof(passage.text)
    loaded = pickle.loads(pickle.dumps(passage, protocol=pickle.HIGHEST_PROTOCOL))
    assert sys.getsizeof(passage.text) == size
    assert loaded == passage and loaded.text == text
    plain = text.join(("", ""))  # what pickling the string itself would have done
    pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)
    assert sys.getsizeof(plain) > size
    ascii_only = Passage("k", 1, PassageKind.PARAGRAPH, "plain ASCII text")
    assert model.pickled_text(ascii_only.text) is ascii_only.text  # nothing to keep: no copy
