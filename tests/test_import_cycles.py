"""No import cycles in ``src/``: not between files, not between packages.

Every module's imports are read with :mod:`ast` (nothing is imported): module-level ones and
those inside functions alike, since an import deferred for start-up time is still a dependency.
Imports under ``if TYPE_CHECKING:`` are left out: they never run, so they cannot make an import
cycle, and pointing up a layer for an annotation only is allowed (import-linter's contracts in
``pyproject.toml`` do count them). Importing ``a.b.c`` is an edge to ``a.b.c`` only, not to the
packages ``a`` and ``a.b`` whose ``__init__`` Python also runs: a package importing its own
submodules is not a cycle.

Package cycles are found among siblings: an edge ``trendreader.library.parse`` →
``trendreader.script.detect`` is an edge ``library`` → ``script`` in ``trendreader``;
``tui.screens.search`` → ``tui.widgets.sidebar`` is ``screens`` → ``widgets`` in ``tui``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import trendreader

PACKAGE = Path(trendreader.__file__).parent
ROOT = "trendreader"

Graph = dict[str, set[str]]

# Cycles between files that are known and owned by work in progress elsewhere (issue 13):
# each entry is the set of modules of one cycle. Remove an entry once its cycle is gone
# (test_pending_cycles_still_exist says so); add none.
PENDING: set[frozenset[str]] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except under ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)  # the ``else:`` branch does run
            continue
        stack.extend(ast.iter_child_nodes(node))


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that the file ``path`` (module ``name``) imports."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
            continue
        if node.level:  # relative: from the module's package, one level up per extra dot
            package = name.split(".") if is_package else name.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1])
            target = f"{base}.{node.module}" if node.module else base
        else:
            target = node.module or ""
        for alias in node.names:
            submodule = f"{target}.{alias.name}"
            if submodule in known:
                found.add(submodule)  # ``from pkg import module``
            elif target in known:
                found.add(target)
    found.discard(name)
    return found


def module_graph() -> Graph:
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    known = set(files)
    return {name: imported_modules(name, path, known) for name, path in files.items()}


def package_graphs(graph: Graph) -> dict[str, Graph]:
    """For each package, the edges between its direct children (subpackages and modules)."""
    siblings: dict[str, Graph] = defaultdict(lambda: defaultdict(set))
    for source, targets in graph.items():
        for target in targets:
            a, b = source.split("."), target.split(".")
            common = 0
            while common < min(len(a), len(b)) and a[common] == b[common]:
                common += 1
            if common == len(a) or common == len(b):
                continue  # a package and its own submodule: no sibling edge
            parent = ".".join(a[:common])
            siblings[parent][a[common]].add(b[common])
    return siblings


def cycles(graph: Graph) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per strongly connected component that has one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0

    def connect(node: str) -> None:  # Tarjan; the graphs are small, recursion is fine
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_one_cycle(graph, set(component)) for component in components]


def _one_cycle(graph: Graph, component: set[str]) -> list[str]:
    """A shortest path from the component's first member back to itself, inside it."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    for node in queue:
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return [*paths[node], start]
            if nxt in component and nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def describe(found: Iterable[list[str]], prefix: str = "") -> str:
    return "\n".join("  " + " -> ".join(prefix + step for step in cycle) for cycle in found)


def test_the_graph_is_read() -> None:
    graph = module_graph()
    assert len(graph) > 60
    assert "trendreader.library.model" in graph["trendreader.library.parse"]
    assert "trendreader.library.plain_render" in graph["trendreader.commands.library_cmd"]


def test_no_import_cycle_between_files() -> None:
    found = [cycle for cycle in cycles(module_graph()) if frozenset(cycle) not in PENDING]
    assert not found, "import cycles between files:\n" + describe(found)


def test_pending_cycles_still_exist() -> None:
    """An entry of :data:`PENDING` whose cycle is gone must be removed from it."""
    found = {frozenset(cycle) for cycle in cycles(module_graph())}
    stale = [sorted(pending) for pending in PENDING if pending not in found]
    assert not stale, f"no longer a cycle, remove from PENDING: {stale}"


def test_no_import_cycle_between_packages() -> None:
    packages = {module_name(path) for path in PACKAGE.rglob("__init__.py")}
    found = [
        (parent, cycle)
        for parent, graph in sorted(package_graphs(module_graph()).items())
        for cycle in cycles(graph)
        # a cycle of plain modules only is a cycle between files, reported above
        if any(f"{parent}.{name}" in packages for name in cycle)
    ]
    message = "\n".join(f"  in {parent}: " + " -> ".join(cycle) for parent, cycle in found)
    assert not found, "import cycles between packages:\n" + message


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    split = package_graphs({"p.x.one": {"p.y.two"}, "p.y.two": {"p.x.three"}, "p.x": {"p.x.one"}})
    assert cycles(split["p"]) == [["x", "y", "x"]]
