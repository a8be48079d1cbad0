"""Key-to-screen latency of the real app in a real terminal (tmux), for every key in the README.

    python bench/keys.py                          # the seeds, index ready, 10 runs
    python bench/keys.py --library 2000           # 2,000 generated reports (+ the seeds)
    python bench/keys.py --library 2000 --indexing
    python bench/keys.py --keys j,k,t,/,escape --runs 20 --size 100x30

The app (``python -m trendreader --library DIR --data-dir HOME open 001…``) runs in a tmux
session on a private tmux server (``-L``; killed at the end, also on error). For each key: wait
until the screen has been still for 0.3 s, capture it, send the key (``send-keys``), then
capture the pane every ``--poll`` ms until it differs from before (moves and toggles), shows
the screen's marker (opening ``/``, ``B``, ``?``, a trend) or no longer shows it (``escape``).
Sends and captures go through one tmux control-mode client (``tmux -C``), so polling spawns no
process (``--no-control``: one ``tmux`` process per send and capture, as bench/startup.py).
The clock starts just before the key is sent, so each figure includes the harness's own cost
(printed as "harness floor") and up to one poll interval. Captures keep colours (``-e``): a
change of highlight alone counts. "1st chg" is until the screen first differed at all (for a
screen: often its first, partial frame).

Keys and how the state is restored between runs (nothing here is measured unless named):
``j`` then ``k`` back; ``space`` then ``g``; ``G`` then ``g``; ``]`` then ``g``; ``] ]`` then
``[`` then ``g``; ``t`` five times (the five scripts, back to the first); ``e`` twice (both
editions); ``/``, ``B``, ``?`` each then ``escape``; a trend: ``tab`` into the sidebar,
``shift+left`` ×3 (up to Reports, or Trends), ``shift+down`` (Trends), ``down`` (the first
trend), ``enter``, then ``escape`` and ``tab`` back to the reader. ``escape`` is measured
closing each screen. The report open is 001 (简体, with sections; its other edition, 000, has
none): when a run leaves 000 on the screen (``t`` to 繁體 does), ``e`` and ``g`` bring 001 back.

The library: ``seeds`` is the built-in one; ``N`` is N reports from bench/gen_library.py (made
once, kept under the temp dir) plus the five seeds and their trends.toml, so the same report
(001, two editions, several sections) is open in both. Index ready: the index is built with
``trendreader index`` before the app starts. ``--indexing``: every launch has a fresh
--data-dir, so the app parses and indexes from scratch; a run's samples count only if the
"Indexing" bar is on the reader's screen before and after it (a screen on top hides it), and
the app is started again (fresh dir) when the build ends before the runs are done. Trends
are listed in the sidebar only once the index is built, so the trend key cannot be measured
while it builds.

Prints figures (first, p50, p95, max per key and per group) and the targets of issue 14 with
PASS/MISS; asserts nothing.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOCKET = f"trendreader-keys-{os.getpid()}"  # a private tmux server: nothing else is touched
SESSION = "keys"
OPEN_KEY = "001_e66a1ed0cdcaae93"  # 简体, with sections; its 繁體 edition 000 has none
HOME_EDITION = "edition 2/2"  # 001 in the header; t and e can leave 000 on screen
CLEAN_ENV = ["env", "-u", "PYTHONDONTWRITEBYTECODE"]  # as bench/startup.py

# What is on the screen, as plain text (colours stripped).
MAIN_READY = re.compile(r"Quit")  # the footer's keys: the chrome is in
INDEXING = "Indexing"  # the footer-line progress bar while the index builds
SCREEN_MARKERS = {
    "/": re.compile(r"esc close"),  # the search screen's key hint
    "B": re.compile(r"Bookmarks · "),  # "Bookmarks · 0 · 原文"
    "?": re.compile(r"trendreader keys"),  # the help table's title
    "trend": re.compile(r"passages? in \d+ of \d+ reports"),  # the trend view's title
}
# the Trends heading, and not the "—" that stands for no trends (the index is not built)
TRENDS_LISTED = re.compile(r"▼ Trends[^\n]*\n(?!└ —)")
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")

MOVES = ["j", "k", "space", "g", "G", "[", "]", "t", "e"]
SCREENS = ["/", "B", "?", "trend"]
ALL_KEYS = [*MOVES, *SCREENS, "escape"]
MOVE_P95, SCREEN_P95, INDEXING_P95, INDEXING_MAX = 50.0, 100.0, 100.0, 300.0

STILL = 0.30  # seconds without a change before a key is sent
STILL_MAX = 20.0  # give up waiting for stillness after this long (and send anyway)
MAYBE_NOOP = 1.5  # a preparation key that may change nothing: wait this long for a change


# ---------------------------------------------------------------------------------- tmux
def tmux(*args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", SOCKET, "-f", "/dev/null", *args],
        capture_output=True,
        text=True,
        check=check,
    )


@dataclass
class Screen:
    """One capture: the raw lines (with colours) and the same lines as plain text."""

    raw: list[str]
    plain: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.plain)

    def view(self) -> tuple[str, ...]:
        """What a key is compared on: every line but the indexing bar's, which moves alone."""
        return tuple(r for r, p in zip(self.raw, self.plain, strict=False) if INDEXING not in p)

    @property
    def indexing(self) -> bool:
        return any(INDEXING in line for line in self.plain[-3:])


class Control:
    """One tmux control-mode client (``tmux -C``) for every capture and key: no process is
    spawned per poll, so polling costs the 2 shared cores little and the clock is tight."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def attach(self) -> None:
        self.close()
        self.process = subprocess.Popen(
            ["tmux", "-L", SOCKET, "-f", "/dev/null", "-C", "attach", "-t", SESSION],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        self._read_block()  # the attach command's own (empty) reply
        self.command("refresh-client -f no-output")  # no %output notifications

    def command(self, line: str) -> list[str]:
        """Run one tmux command; its output lines."""
        assert self.process is not None and self.process.stdin and self.process.stdout
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self._read_block(line)

    def _read_block(self, line: str = "attach") -> list[str]:
        assert self.process is not None and self.process.stdout
        out: list[str] = []
        inside = False
        while True:
            text = self.process.stdout.readline()
            if not text:
                raise RuntimeError("the tmux control client is gone (did the app exit?)")
            text = text.rstrip("\n")
            if not inside:
                inside = text.startswith("%begin")
                continue  # notifications between commands
            if text.startswith(("%end", "%error")):
                if text.startswith("%error"):
                    raise RuntimeError(f"tmux {line!r}: {out}")
                return out
            out.append(text)

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


CONTROL = Control()


def capture() -> Screen:
    if CONTROL.process is not None:
        raw = CONTROL.command(f"capture-pane -p -e -t {SESSION}")
    else:
        raw = tmux("capture-pane", "-p", "-e", "-t", SESSION).stdout.splitlines()
    return Screen(raw, [ANSI.sub("", line) for line in raw])


def send(key: str) -> None:
    """A tmux key name (Escape, Enter, Tab, S-Left, Down, Space) or one literal character."""
    literal = len(key) == 1
    if CONTROL.process is not None:
        quoted = "'" + key.replace("'", "'\\''") + "'" if literal else key
        CONTROL.command(f"send-keys -t {SESSION} {'-l ' if literal else ''}{quoted}")
    else:
        tmux("send-keys", "-t", SESSION, *(["-l", key] if literal else [key]), check=True)


def wait_still(poll: float, still: float = STILL) -> Screen:
    """Capture until the screen has not changed for ``still`` seconds."""
    screen = capture()
    since = time.perf_counter()
    started = since
    while True:
        time.sleep(max(poll, 0.01))
        now_screen = capture()
        now = time.perf_counter()
        if now_screen.view() != screen.view():
            screen, since = now_screen, now
        elif now - since >= still or now - started > STILL_MAX:
            return now_screen


def wait_for(test: Callable[[Screen], bool], timeout: float, poll: float) -> Screen:
    deadline = time.perf_counter() + timeout
    while True:
        screen = capture()
        if test(screen):
            return screen
        if time.perf_counter() > deadline:
            raise TimeoutError(screen.text)
        time.sleep(poll)


# ---------------------------------------------------------------------------------- steps
@dataclass(frozen=True)
class Step:
    """A key, what it should do, and the label it is measured under (None: not measured)."""

    key: str
    until: str  # "change" | "shows" | "gone" | "maybe" (may change nothing) | "require"
    label: str | None = None
    marker: re.Pattern[str] | None = None


@dataclass
class Sample:
    ms: float  # until the condition (the screen changed / the marker is in / it is gone)
    first_change_ms: float  # until the screen first differed at all
    sent_at: float = 0.0  # time.time() when the key was sent (--samples prints it)


class NoChange(Exception):
    """A key's expected effect never appeared on the screen."""

    def __init__(self, step: Step, screen: Screen) -> None:
        what = "not on the screen" if step.until == "require" else "nothing changed"
        super().__init__(f"{step.label or step.key or step.marker}: {what}")
        self.screen = screen


def run_step(step: Step, poll: float, timeout: float) -> tuple[Sample | None, Screen]:
    """Send the step's key on a still screen; the time until its effect is on screen."""
    before = wait_still(poll)
    if step.until == "require":  # no key: the screen must show the marker (soon)
        assert step.marker is not None
        marker = step.marker
        try:
            return None, wait_for(lambda s: marker.search(s.text) is not None, timeout, poll)
        except TimeoutError:
            raise NoChange(step, capture()) from None
    base = before.view()
    sent_at, started = time.time(), time.perf_counter()
    send(step.key)
    first_change: float | None = None
    limit = MAYBE_NOOP if step.until == "maybe" else timeout
    while True:
        screen = capture()
        elapsed = time.perf_counter() - started
        changed = screen.view() != base
        if changed and first_change is None:
            first_change = elapsed
        if step.until in ("change", "maybe"):
            done = changed
        elif step.until == "shows":
            assert step.marker is not None
            done = step.marker.search(screen.text) is not None
        else:
            assert step.marker is not None
            done = changed and step.marker.search(screen.text) is None
        if done:
            assert first_change is not None or step.until == "shows"
            sample = Sample(elapsed * 1000, (first_change or elapsed) * 1000, sent_at)
            return (sample if step.label else None), screen
        if elapsed > limit:
            if step.until == "maybe":
                return None, screen
            raise NoChange(step, screen)
        if poll:
            time.sleep(poll)


def restore(poll: float, timeout: float) -> None:
    """Back to 001 at its top, if a run left the other edition (``t`` can) on the screen."""
    screen = wait_still(poll)
    if HOME_EDITION not in screen.plain[0] and "edition " in screen.plain[0]:
        run_step(Step("e", "change"), poll, timeout)
        run_step(Step("g", "maybe"), poll, timeout)


def plan(key: str, measure_escape: bool, uncovered_screens: list[str]) -> list[Step]:
    """The steps of one run of ``key``, leaving the app as it found it."""
    esc = (lambda name: f"escape {name}") if measure_escape else (lambda name: None)
    steps = {
        "j": [Step("j", "change", "j"), Step("k", "change")],
        "k": [Step("j", "change"), Step("k", "change", "k")],
        "space": [Step("Space", "change", "space"), Step("g", "change")],
        "g": [Step("G", "change"), Step("g", "change", "g")],
        "G": [Step("G", "change", "G"), Step("g", "change")],
        "]": [Step("]", "change", "]"), Step("g", "change")],
        "[": [
            Step("]", "change"),
            Step("]", "change"),
            Step("[", "change", "["),
            Step("g", "maybe"),
        ],
        "t": [Step("t", "change", "t") for _ in range(5)],
        "e": [Step("e", "change", "e") for _ in range(2)],
    }
    if key in steps:
        return steps[key]
    if key in ("/", "B", "?"):
        marker = SCREEN_MARKERS[key]
        return [Step(key, "shows", key, marker), Step("Escape", "gone", esc(key), marker)]
    if key == "trend":
        marker = SCREEN_MARKERS["trend"]
        return [
            Step("Tab", "maybe"),  # focus: the sidebar (a change of colours only)
            *[Step("S-Left", "maybe") for _ in range(3)],  # up to Reports (or Trends)
            Step("S-Down", "maybe"),  # Trends
            Step("", "require", None, TRENDS_LISTED),  # (they come once the index is built)
            Step("Down", "change"),  # the first trend
            Step("Enter", "shows", "trend", marker),
            Step("Escape", "gone", esc("trend"), marker),
            Step("Tab", "maybe"),  # focus: the reader again
        ]
    if key == "escape":  # screens not measured themselves: open them, measure their escape
        out: list[Step] = []
        for name in uncovered_screens:
            for step in plan(name, True, []):
                opening = step.label is not None and not step.label.startswith("escape")
                out.append(Step(step.key, step.until, None, step.marker) if opening else step)
        return out
    raise ValueError(key)


# ---------------------------------------------------------------------------------- app
@dataclass
class Library:
    folder: Path
    label: str


def library_for(spec: str) -> Library:
    if spec == "seeds":
        return Library(ROOT / "seeds", "the seeds (5 reports)")
    count = int(spec)
    folder = Path(tempfile.gettempdir()) / f"trendreader-keys-library-{count}"
    have = len(list(folder.glob("gen*.txt"))) if folder.is_dir() else 0
    if have != count:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"generating {count} reports into {folder} …", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "gen_library.py"), str(count), str(folder)],
            check=True,
        )
    for seed in (ROOT / "seeds").iterdir():  # 000 to open, and the seeds' trends
        if seed.is_file():
            shutil.copy2(seed, folder / seed.name)
    return Library(folder, f"{count} generated reports + the 5 seeds")


def app_command(library: Library, home: Path) -> list[str]:
    python = sys.executable
    # --ui en: the markers below are the English interface's words (it follows the locale)
    folder = str(library.folder)
    return [python, "-m", "trendreader", "--ui", "en", "--library", folder, "--data-dir", str(home)]


@contextmanager
def tmux_server() -> Iterator[None]:
    # a second session keeps the server up while the app's is killed and made again
    tmux("new-session", "-d", "-s", "keepalive", "sleep", "86400", check=True)
    try:
        yield
    finally:
        CONTROL.close()
        tmux("kill-server")
        tmpdir = Path(os.environ.get("TMUX_TMPDIR") or "/tmp")
        (tmpdir / f"tmux-{os.getuid()}" / SOCKET).unlink(missing_ok=True)


def launch(
    library: Library, home: Path, size: tuple[int, int], indexing: bool, control: bool
) -> float:
    """Start the app; return once it is ready (seconds from launch)."""
    CONTROL.close()
    tmux("kill-session", "-t", SESSION)
    command = [*CLEAN_ENV, *app_command(library, home), "--script", "original", "open", OPEN_KEY]
    started = time.perf_counter()
    tmux(
        "new-session",
        "-d",
        "-s",
        SESSION,
        "-x",
        str(size[0]),
        "-y",
        str(size[1]),
        *command,
        check=True,
    )
    tmux("set-option", "-t", SESSION, "remain-on-exit", "on")  # a crash stays readable
    if control:
        CONTROL.attach()
        shown = tmux("display-message", "-p", "-t", SESSION, "#{pane_width}x#{pane_height}")
        if shown.stdout.strip() != f"{size[0]}x{size[1]}":
            print(f"warning: the pane is {shown.stdout.strip()}, not {size[0]}x{size[1]}")
    try:
        if indexing:
            wait_for(lambda s: MAIN_READY.search(s.text) is not None and s.indexing, 180, 0.02)
        else:
            wait_for(lambda s: MAIN_READY.search(s.text) is not None, 180, 0.02)
            time.sleep(1.5)  # the index check starts 0.5 s after mount; trend counts follow
            wait_for(lambda s: not s.indexing, 180, 0.05)
    except TimeoutError as error:
        raise SystemExit(f"the app never got ready; its screen:\n{error}") from None
    if not indexing:  # trend counts are made in a thread, off screen at 2,000 reports
        wait_idle(int(tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}").stdout))
    ready = time.perf_counter() - started
    wait_still(0.02, still=1.0)
    return ready


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, busy: float = 0.05, timeout: float = 600) -> None:
    """Until the app used under ``busy`` of a core for a whole second (its start-up work done:
    parsing, the index check, the sidebar's trend counts)."""
    deadline = time.perf_counter() + timeout
    try:
        before = cpu_seconds(pid)
        while time.perf_counter() < deadline:
            time.sleep(1.0)
            now = cpu_seconds(pid)
            if now - before < busy:
                return
            before = now
    except (OSError, ValueError, IndexError):
        return  # no /proc: the stillness of the screen has to do


# ---------------------------------------------------------------------------------- report
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank]  # nearest rank


def floor_ms(poll: float) -> tuple[float, float]:
    """Median cost of one send-keys (of a key the app ignores) and one capture-pane."""
    sends, captures = [], []
    for _ in range(15):
        started = time.perf_counter()
        send("F12")
        sends.append(time.perf_counter() - started)
        started = time.perf_counter()
        capture()
        captures.append(time.perf_counter() - started)
        time.sleep(poll)
    return statistics.median(sends) * 1000, statistics.median(captures) * 1000


@dataclass
class Results:
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    def add(self, label: str, sample: Sample) -> None:
        self.samples.setdefault(label, []).append(sample)


def row(name: str, samples: list[Sample], target: float | None, indexing: bool) -> str:
    ms = [s.ms for s in samples]
    p95, worst = percentile(ms, 95), max(ms)
    verdict = ""
    if indexing:
        ok = p95 <= INDEXING_P95 and worst <= INDEXING_MAX
        verdict = f"{'PASS' if ok else 'MISS'} (p95 ≤ {INDEXING_P95:g}, max ≤ {INDEXING_MAX:g})"
    elif target is not None:
        verdict = f"{'PASS' if p95 <= target else 'MISS'} (p95 ≤ {target:g})"
    first_change = statistics.median(s.first_change_ms for s in samples)
    return (
        f"  {name:<20} {len(ms):>4} {ms[0]:8.1f} {statistics.median(ms):8.1f} {p95:8.1f} "
        f"{worst:8.1f} {first_change:9.1f}   {verdict}"
    )


def print_report(results: Results, keys: list[str], indexing: bool) -> None:
    print(
        f"  {'key':<20} {'n':>4} {'first':>8} {'p50':>8} {'p95':>8} {'max':>8} "
        f"{'1st chg':>9}   target (ms)"
    )
    groups: dict[str, list[Sample]] = {"moves and toggles": [], "screens (open/close)": []}
    escapes: list[Sample] = []
    for label, samples in results.samples.items():
        is_move = label in MOVES
        target = MOVE_P95 if is_move else SCREEN_P95
        print(row(label, samples, target, indexing))
        groups["moves and toggles" if is_move else "screens (open/close)"] += samples
        if label.startswith("escape"):
            escapes += samples
    if len([k for k in results.samples if k.startswith("escape")]) > 1:
        print(row("escape (all)", escapes, SCREEN_P95, indexing))
    print("  groups:")
    for name, samples in groups.items():
        if samples:
            target = MOVE_P95 if name.startswith("moves") else SCREEN_P95
            print(row(name, samples, target, indexing))
    everything = [s for samples in results.samples.values() for s in samples]
    if indexing and everything:
        print(row("every key", everything, None, indexing))
    if escapes:
        delay = os.environ.get("ESCDELAY")
        wait = (
            f"ESCDELAY, here {delay} ms"
            if delay
            else "ESCDELAY unset: the reader's 25 ms (tui/escape_key.py; Textual's own 100-200 ms)"
        )
        print(f"  note: escape includes the wait for a lone ESC ({wait}) before the app has it")
    for label, why in results.failures.items():
        print(f"  not measured: {label}: {why}")
    missing = [k for k in keys if k != "escape" and k not in results.samples]
    for key in missing:
        if key not in results.failures:
            print(f"  not measured: {key}")


# ---------------------------------------------------------------------------------- main
def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--library", default="seeds", help="seeds, or N generated reports")
    parser.add_argument("--runs", type=int, default=10, help="runs of each key (t: ×5, e: ×2)")
    parser.add_argument("--indexing", action="store_true", help="measure while the index builds")
    parser.add_argument("--size", type=parse_size, default=(120, 40), help="WIDTHxHEIGHT")
    parser.add_argument("--keys", default=",".join(ALL_KEYS), help="comma-separated keys")
    parser.add_argument("--poll", type=float, default=3.0, help="ms between captures")
    parser.add_argument("--timeout", type=float, default=15.0, help="s to wait for one key")
    parser.add_argument(
        "--no-control",
        action="store_true",
        help="spawn tmux for every capture and key instead of one control-mode client",
    )
    parser.add_argument("--max-launches", type=int, default=12, help="with --indexing")
    parser.add_argument("--samples", action="store_true", help="also print every sample, in order")
    parser.add_argument(
        "--home", type=Path, help="the data dir kept between runs (index ready; default: temp)"
    )
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux is needed")
    if args.library != "seeds" and not args.library.isdigit():
        sys.exit("--library: seeds or a number of reports")
    keys = [k.strip() for k in args.keys.split(",") if k.strip()]
    unknown = [k for k in keys if k not in ALL_KEYS]
    if unknown:
        sys.exit(f"unknown keys {unknown}; known: {','.join(ALL_KEYS)}")
    poll = args.poll / 1000
    control = not args.no_control
    results = Results()
    if args.indexing and "trend" in keys:
        results.failures["trend"] = "trends are listed in the sidebar only once the index is built"
        keys = [k for k in keys if k != "trend"]
    measure_escape = "escape" in keys
    uncovered = [s for s in SCREENS if s not in keys]
    if args.indexing:
        uncovered = [s for s in uncovered if s != "trend"]
    plans = {key: plan(key, measure_escape, uncovered) for key in keys}

    library = library_for(args.library)
    homes: list[Path] = []

    def fresh_home() -> Path:
        homes.append(Path(tempfile.mkdtemp(prefix="trendreader-keys-home-")))
        return homes[-1]

    load = os.getloadavg()
    print(
        f"key to screen change, {library.label}, {args.size[0]}x{args.size[1]} tmux, "
        f"{'while the index builds' if args.indexing else 'index ready'}, {args.runs} runs, "
        f"poll {args.poll:g} ms{' (tmux per capture)' if args.no_control else ''}; "
        f"load average {load[0]:.2f} {load[1]:.2f} on "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    with tmux_server():
        try:
            if args.indexing:
                home = fresh_home()
            else:  # kept between runs: a 2,000-report index takes minutes to build
                home = args.home or (
                    Path(tempfile.gettempdir()) / f"trendreader-keys-home-{args.library}"
                )
                home.mkdir(parents=True, exist_ok=True)
                started = time.perf_counter()
                subprocess.run(
                    [*CLEAN_ENV, *app_command(library, home), "index"],
                    check=True,
                    capture_output=True,
                )
                took = time.perf_counter() - started
                print(f"index built or refreshed in {took:.1f} s ({home})", flush=True)
            ready = launch(library, home, args.size, args.indexing, control)
            print(f"app ready in {ready:.1f} s", flush=True)
            send_ms, capture_ms = floor_ms(poll)
            print(
                f"harness floor: send-keys {send_ms:.1f} ms, capture-pane {capture_ms:.1f} ms "
                "(in every figure: one send, at least one capture)",
                flush=True,
            )
            launches, exited = 1, False
            runs_done = dict.fromkeys(keys, 0)
            while any(n < args.runs and k not in results.failures for k, n in runs_done.items()):
                done = min(runs_done.values())
                print(f"  run {done + 1} of {args.runs} …", file=sys.stderr, flush=True)
                for key in keys:
                    if runs_done[key] >= args.runs or key in results.failures:
                        continue
                    if args.indexing and not capture().indexing:
                        break  # the index is built: start again on a fresh one
                    kept: list[tuple[str, Sample]] = []
                    try:
                        for step in plans[key]:
                            sample, _ = run_step(step, poll, args.timeout)
                            if sample is not None and step.label is not None:
                                kept.append((step.label, sample))
                    except NoChange as error:
                        results.failures[key] = f"{error} (its screen is printed above)"
                        print(f"\n{key}: {error}; the screen was:\n{error.screen.text}\n")
                        dead = tmux("display-message", "-p", "-t", SESSION, "#{pane_dead}")
                        if dead.stdout.strip() == "1":
                            print("the app has exited: stopping", flush=True)
                            exited = True
                            break
                        launches += 1  # a clean state again: the same index, or a fresh one
                        home = fresh_home() if args.indexing else home
                        ready = launch(library, home, args.size, args.indexing, control)
                        print(f"launch {launches} after that, ready in {ready:.1f} s", flush=True)
                        continue
                    if args.indexing and not wait_still(poll).indexing:
                        break  # the build ended during this run (the bar's line went): dropped
                    for label, sample in kept:
                        results.add(label, sample)
                    runs_done[key] += 1
                    restore(poll, args.timeout)
                else:
                    continue
                if exited:
                    break
                if launches >= args.max_launches:
                    print(f"stopped after {launches} launches", flush=True)
                    break
                launches += 1
                ready = launch(library, fresh_home(), args.size, args.indexing, control)
                print(f"index built; launch {launches} on a fresh data dir, ready in {ready:.1f} s")
        finally:
            for home in homes:
                shutil.rmtree(home, ignore_errors=True)
    print_report(results, keys, args.indexing)
    if args.samples:
        for label, samples in results.samples.items():
            print(f"  {label:<20} " + " ".join(f"{s.ms:.0f}" for s in samples))
        slow = sorted(
            (s.sent_at, label, s.ms)
            for label, kept in results.samples.items()
            for s in kept
            if s.ms > 60
        )
        for at, label, ms in slow:
            print(f"  slow: {label} {ms:.0f} ms, sent at {at:.3f}")


if __name__ == "__main__":
    main()
