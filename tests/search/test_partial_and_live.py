"""Search is usable at once (partial answers while the index builds) and stays live (changes
made by this process or another one are found). Behaviour only: nothing here is timed."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from trendreader.library.catalog import Library, load_library
from trendreader.search import index as index_module
from trendreader.search.service import SearchService

from .conftest import write_report


def keys(service: SearchService, query: str, **options: object) -> set[str]:
    return {h.report_key for h in service.search(query, limit=100, **options).hits}  # type: ignore[arg-type]


def test_a_search_during_a_build_returns_the_scanned_results_and_says_so(
    folder: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    started = threading.Event()
    real_update = index_module.PassageIndex._update

    def held_update(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        assert release.wait(30)
        return real_update(self, *args, **kwargs)

    monkeypatch.setattr(index_module.PassageIndex, "_update", held_update)
    service = SearchService(index_dir)
    status = service.ensure_index(load_library([folder]), background=True)
    assert not status.changed  # returned at once, nothing built yet
    assert started.wait(30) and service.building

    results = service.search("芯片")
    assert {h.report_key for h in results.hits} == {"r1", "r2"}  # 晶片 found through 芯片
    assert results.total == 3  # r1's title and paragraph, r2's 晶片
    assert results.partial == (0, 3)
    assert results.partial_notice() == "indexing 0 / 3 — results may be incomplete"
    assert keys(service, "机器人") == {"r2"}
    assert keys(service, "芯片", year=2021) == {"r1"}
    # the query's own field filters hold for the scanned part too
    assert keys(service, "芯片 year:2022") == {"r2"}
    assert keys(service, "year:2021-2022 芯片") == {"r1", "r2"}
    assert keys(service, "芯片 year:2023") == set()
    assert keys(service, "芯片 report:r2") == {"r2"}
    assert keys(service, "芯片 report:r1 year:2022") == set()
    assert keys(service, "芯片 -推理 -报告") == {"r2"}  # passage by passage
    hit = next(h for h in results.hits if h.report_key == "r1")
    assert hit.text[slice(*hit.highlights[0])] == "芯片"

    assert service._folded._folded  # the scanned editions' texts, folded once
    release.set()
    assert service.wait(60)
    done = service.search("芯片")
    assert done.partial is None and done.partial_notice() is None
    assert {h.report_key for h in done.hits} == {"r1", "r2"}
    assert not service._folded._folded  # nothing is scanned any more: not kept
    service.close()


def test_a_scan_keeps_a_passage_its_folding_leaves_as_it_is_as_its_own_string() -> None:
    from trendreader.library.model import Edition, Metadata, Passage, PassageKind
    from trendreader.search.analyzer import normalize
    from trendreader.search.scan import NormalizedTexts

    texts = ["简体的一段话", "繁體的一段話", "Upper Case ＡＢＣ", ""]
    passages = tuple(Passage("e", n, PassageKind.PARAGRAPH, t) for n, t in enumerate(texts))
    edition = Edition("e", Path("e.md"), "mixed", "utf-8", Metadata(), passages, "h")
    folded = NormalizedTexts().of(edition)
    assert folded == [normalize(t) for t in texts]
    assert folded[0] is passages[0].text  # unchanged: the passage's own string
    assert folded[1] is not passages[1].text and folded[1] != passages[1].text


def test_without_building_the_indexed_part_answers_and_the_rest_is_scanned(
    folder: Path, index_dir: Path
) -> None:
    SearchService(index_dir).ensure_index(load_library([folder]))
    write_report(folder, "r4", "新报告", "2024-01-01", ["车规级芯片的供应。"])
    service = SearchService(index_dir)  # e.g. the CLI while a detached process indexes
    status = service.ensure_index(load_library([folder]), build=False)
    assert not status.writer_opened
    results = service.search("芯片")
    assert {h.report_key for h in results.hits} == {"r1", "r2", "r4"}
    assert results.partial == (3, 4)
    assert keys(service, "互联网") == {"r3"}  # from the index


def test_one_changed_report_is_updated_alone(folder: Path, index_dir: Path) -> None:
    service = SearchService(index_dir)
    service.ensure_index(load_library([folder]))
    write_report(folder, "r3", "互联网", "2023-01-02", ["卫星互联网与芯片。"])
    status = service.update(load_library([folder]))
    assert status.added == 1 and status.removed == 1 and not status.rebuilt
    assert keys(service, "芯片") == {"r1", "r2", "r3"}


ADD_IN_ANOTHER_PROCESS = """
import sys
from pathlib import Path
from trendreader.library.catalog import load_library
from trendreader.search.service import SearchService
service = SearchService(Path(sys.argv[2]))
service.ensure_index(load_library([Path(sys.argv[1])]))
service.close()
"""


def _library_after_another_process_added(folder: Path, index_dir: Path) -> Library:
    write_report(folder, "r4", "新报告", "2024-01-01", ["车规级芯片的供应。"])
    subprocess.run(
        [sys.executable, "-c", ADD_IN_ANOTHER_PROCESS, str(folder), str(index_dir)],
        check=True,
        timeout=120,
    )
    return load_library([folder])


def test_a_report_added_by_another_process_is_found_by_a_running_search(
    folder: Path, index_dir: Path
) -> None:
    running = SearchService(index_dir)
    running.ensure_index(load_library([folder]))
    assert keys(running, "芯片") == {"r1", "r2"}  # its searcher is open

    reloaded = _library_after_another_process_added(folder, index_dir)
    status = running.ensure_index(reloaded)  # what the app does when the library changes
    assert not status.writer_opened  # the other process indexed it already
    assert keys(running, "芯片") == {"r1", "r2", "r4"}
    assert running.search("芯片").partial is None


def test_a_search_reopens_the_searcher_when_another_process_committed(
    folder: Path, index_dir: Path
) -> None:
    running = SearchService(index_dir)
    running.ensure_index(load_library([folder]))
    assert keys(running, "芯片") == {"r1", "r2"}
    reloaded = _library_after_another_process_added(folder, index_dir)
    running.library = reloaded  # the library object changed, no refresh called
    assert keys(running, "芯片") == {"r1", "r2", "r4"}
