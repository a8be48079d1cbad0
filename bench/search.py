"""Search figures: build time and throughput, index size, query latency, cold start, memory.

    python bench/search.py                       # the seeds
    python bench/search.py --reports 1000        # a generated library (bench/gen_library.py)
    python bench/search.py --reports 1000 --compare   # + procs=2, stored text, report docs
    python bench/search.py --reports 1000 --reuse     # query figures on the last run's index

Prints figures, asserts nothing. Latency is SearchService.search (parse, expand, search,
dedupe, snippets and highlights in the variant), limit 20, warm, in-process, over QUERIES.
"Cold" runs one refresh (nothing changed), one query and one phrase in a fresh process (the
library whole, as the reader holds it; ``bench/cli_speed.py --library`` measures the CLI, which
holds the listing and checks phrases on the index's passage column).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

QUERIES = [
    "芯片",
    "晶片",
    "互联网",
    "網際網路",
    "機器人",
    "机器人",
    "固態電池",
    "固态电池",
    "自动驾驶",
    "自動駕駛",
    "人工智能",
    "人工智慧",
    "AI",
    "DeepSeek",
    "GPU",
    "2024",
    "芯",
    "人",
    "推理芯片",
    "人形机器人",
    "卡脖子",
    "商业航天",
    "低空经济",
    "新能源",
    "生物医药",
    "基因编辑",
    "量子计算",
    "卫星互联网",
    "大模型",
    "算力",
    "光刻机",
    "芯片 美国",
    "芯片 OR 电池",
    "机器人 -特斯拉",
    '"固态电池"',
    "AI芯片",
    "马斯克",
    "宁德时代",
    "比亚迪",
    "华为",
    "硬科技",
    "创新",
    "资本",
    "数据",
    "資料",
    "软件",
    "芯片 year:2024",
    "(机器人 OR 芯片) 中国",
    "不存在的词语",
    "供应链",
]
assert len(QUERIES) == 50

COLD = """
import json, resource, sys, time
t0 = time.perf_counter()
from pathlib import Path
from trendreader.library.catalog import load_library
from trendreader.search.service import SearchService
from trendreader.script.variants import Variant
library = load_library([Path(sys.argv[1])])
t1 = time.perf_counter()
service = SearchService(Path(sys.argv[2]))
status = service.ensure_index(library)
t2 = time.perf_counter()
results = service.search("芯片", variant=Variant.SIMPLIFIED)
t3 = time.perf_counter()
phrase = service.search("机器人", variant=Variant.SIMPLIFIED)
t4 = time.perf_counter()
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec
hwm = [int(line.split()[1]) / 1024
       for line in open("/proc/self/status") if line.startswith("VmHWM:")]
print(json.dumps({"load": t1 - t0, "refresh": t2 - t1, "first": t3 - t2, "phrase": t4 - t3,
  "writer": status.writer_opened, "hits": results.total,
  "rss": hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def rss_now() -> float:
    """Resident set size now, MB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def column_mb(index_dir: Path) -> float:
    """The size of the index's passage column (the passage texts phrases are checked on)."""
    from trendreader.search.index import open_index
    from trendreader.search.passage_column import column_of

    searcher = open_index(index_dir).searcher()
    try:
        columns = [column_of(leaf.reader()) for leaf, _offset in searcher.leaf_searchers()]
        return sum(column._length for column in columns if column is not None) / 1e6
    finally:
        searcher.close()


def library_for(reports: int | None, work: Path) -> Path:
    if reports is None:
        return ROOT / "seeds"
    folder = work / f"lib{reports}"
    if not folder.is_dir():
        from gen_library import generate

        generate(reports, folder)
    return folder


def latency(service, variant, cache: bool = True) -> tuple[float, float, float, float, float]:  # type: ignore[no-untyped-def]
    """p50, p95 and max ms, then the CPU p50 and p95 (steadier on a shared box);
    ``cache=False``: every query reads its postings again."""
    from trendreader.search import engine

    saved = engine.CACHE_POSTINGS
    engine.CACHE_POSTINGS = saved if cache else 0
    service._engine = None  # a new engine: a new (or no) leaf cache
    try:
        for q in QUERIES:  # warm: converters built, editions converted
            service.search(q, variant=variant)
        times, cpu = [], []
        for _ in range(3):
            for q in QUERIES:
                started = time.process_time()
                times.append(service.search(q, variant=variant).elapsed_ms)
                cpu.append((time.process_time() - started) * 1000)
    finally:
        engine.CACHE_POSTINGS = saved
    times.sort()
    cpu.sort()
    p95 = int(len(times) * 0.95) - 1
    return statistics.median(times), times[p95], times[-1], statistics.median(cpu), cpu[p95]


def build(library, index_dir: Path, reuse: bool = False, **options):  # type: ignore[no-untyped-def]
    from trendreader.search.service import SearchService

    if not reuse:
        shutil.rmtree(index_dir, ignore_errors=True)
    service = SearchService(index_dir, **options)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu = time.perf_counter(), time.process_time()
    status = service.ensure_index(library)
    service.build_cpu = time.process_time() - cpu  # steadier than wall time on a shared box
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # writer processes (procs > 1)
    service.build_cpu += after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    return service, time.perf_counter() - started, status


def report_docs(library, index_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """One document per edition (whole text): build time, size, raw query latency."""
    from whoosh import index as windex
    from whoosh.fields import ID, NUMERIC, TEXT, Schema

    from trendreader.search.analyzer import CJKAnalyzer
    from trendreader.search.query import parse_query

    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    schema = Schema(
        key=ID(stored=True),
        report=ID,
        year=NUMERIC(int, bits=32, signed=False),
        text=TEXT(analyzer=CJKAnalyzer(), phrase=True),
    )
    ix = windex.create_in(index_dir, schema)
    started = time.perf_counter()
    writer = ix.writer(limitmb=128)
    for report in library.reports:
        for edition in report.editions:
            year = {"year": report.year} if report.year else {}
            writer.add_document(
                key=edition.key, report=report.key, text=edition.full_text(), **year
            )
    writer.commit()
    built = time.perf_counter() - started
    searcher = ix.searcher()
    times = []
    for _ in range(2):
        for q in QUERIES:
            parsed = parse_query(q)
            if parsed.query is None:
                continue
            t = time.perf_counter()
            [hit["key"] for hit in searcher.search(parsed.query, limit=20)]
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"  report docs: build {built:.1f} s, {dir_mb(index_dir):.1f} MB, "
        f"raw query p50 {statistics.median(times):.1f} ms p95 {p95:.1f} ms (no snippets)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, help="generated library size (default: seeds)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tr-bench")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument(
        "--procs",
        type=int,
        default=None,
        help="writer processes for the build (default: the service's choice, build_processes)",
    )
    parser.add_argument(
        "--limitmb", type=int, default=None, help="Whoosh's sort pool per writer (default: ours)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep an index built by an earlier run (no build)"
    )
    args = parser.parse_args()

    from trendreader.library.catalog import load_library
    from trendreader.script.variants import Variant

    args.work.mkdir(parents=True, exist_ok=True)
    folder = library_for(args.reports, args.work)
    started = time.perf_counter()
    library = load_library([folder])
    load_s = time.perf_counter() - started
    editions = list(library.editions())
    mb = sum(len(e.full_text().encode("utf-8")) for e in editions) / 1e6
    passages = sum(len(e.passages) for e in editions)
    print(
        f"{folder.name}: {len(library.reports)} reports, {len(editions)} editions, "
        f"{passages:,} passages, {mb:.1f} MB text; library parse {load_s:.1f} s"
    )
    rss_library = rss_now()
    index_dir = args.work / f"index-{folder.name}"
    options = {"limitmb": args.limitmb} if args.limitmb else {}
    service, secs, status = build(library, index_dir, reuse=args.reuse, procs=args.procs, **options)
    if status.rebuilt or status.writer_opened:
        from trendreader.search.index import build_processes

        procs = args.procs or build_processes(passages)
        print(
            f"  build ({procs} process(es), limitmb {service.index.limitmb}): "
            f"{secs:.1f} s ({service.build_cpu:.1f} s CPU), {mb / secs:.2f} MB/s, "
            f"index {dir_mb(index_dir):.1f} MB (passage column {column_mb(index_dir):.1f} MB)"
        )
    else:
        print(f"  reused the index ({dir_mb(index_dir):.1f} MB), refreshed in {secs:.2f} s")
    started = time.perf_counter()
    service.ensure_index(library)
    print(f"  refresh, nothing changed: {(time.perf_counter() - started) * 1000:.1f} ms")
    for variant in (Variant.ORIGINAL, Variant.SIMPLIFIED, Variant.TAIWAN):
        p50, p95, worst, _cpu50, _cpu95 = latency(service, variant)
        print(f"  query {variant.value:<10} p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f}")
    p50, p95, worst, cpu50, cpu95 = latency(service, Variant.SIMPLIFIED, cache=False)
    print(
        f"  query simplified, leaf cache off: p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f}"
        f"  (CPU p50 {cpu50:.1f} p95 {cpu95:.1f})"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS (library parse + build + queries, this process): {rss:.0f} MB")
    print(
        f"  RSS after the library loaded {rss_library:.0f} MB, after the queries {rss_now():.0f} MB"
    )
    service.close()
    cold = subprocess.run(
        [sys.executable, "-c", COLD, str(folder), str(index_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    c = json.loads(cold.stdout)
    print(
        f"  cold process: library {c['load'] * 1000:.0f} ms, refresh {c['refresh'] * 1000:.0f} ms"
        f" (writer opened: {c['writer']}), first query {c['first'] * 1000:.0f} ms, "
        f"then 机器人 {c['phrase'] * 1000:.0f} ms, "
        f"peak RSS {c['rss']:.0f} MB"
    )
    if args.compare:
        _s, secs2, _ = build(library, args.work / "index-procs2", procs=2)
        print(f"  build procs=2 multisegment: {secs2:.1f} s, {mb / secs2:.2f} MB/s")
        stored, secs3, _ = build(library, args.work / "index-stored", stored_text=True)
        print(
            f"  build with stored text: {secs3:.1f} s, "
            f"index {dir_mb(args.work / 'index-stored'):.1f} MB"
        )
        stored.close()
        report_docs(library, args.work / "index-reports")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
