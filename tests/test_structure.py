"""The package's shape: no import cycle, every problem code registered and documented, and
nothing in the repo pointing outside it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from iku_xlsx.problems import Code, Problem

PACKAGE = Path(__file__).resolve().parents[1] / "iku_xlsx"
REPO = PACKAGE.parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _runtime_imports(tree: ast.AST) -> list[str]:
    """The iku_xlsx modules a module imports when it runs (not under TYPE_CHECKING)."""
    imported = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            return
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("iku_xlsx"):
            imported.extend(f"{node.module}.{alias.name}" for alias in node.names)
            imported.append(node.module or "")
        elif isinstance(node, ast.Import):
            imported.extend(a.name for a in node.names if a.name.startswith("iku_xlsx"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return imported


def _import_graph(level: int) -> dict[str, set[str]]:
    """Who imports whom: modules (level 0) or subpackages (the first ``level`` parts)."""
    modules = _modules()

    def unit(name: str) -> str:
        while name not in modules:  # an imported name, not a module: its module
            name = name.rsplit(".", 1)[0]
        return ".".join(name.split(".")[: level + 1]) if level else name

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        for target in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            source, imported = unit(name), unit(target)
            parents = {".".join(imported.split(".")[:k]) for k in range(2, imported.count(".") + 1)}
            for node in {imported} | parents:  # importing a.b.c runs a.b's __init__ too
                if node != source and not source.startswith(node + "."):
                    graph.setdefault(source, set()).add(node)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph, or None."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node], path[len(path) :] = 1, [node]
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


@pytest.mark.parametrize("level", [0, 1], ids=["modules", "subpackages"])
def test_no_import_cycle(level):
    graph = _import_graph(level)
    assert graph, "the graph was built"
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_the_pipeline_flows_one_way():
    """The stages import only the stages before them."""
    graph = _import_graph(1)
    assert "iku_xlsx.reports" not in graph.get("iku_xlsx.consolidation", set())
    assert graph.get("iku_xlsx.reports", set()) & {"iku_xlsx.jobs", "iku_xlsx.reading"} == set()
    assert "iku_xlsx.reading" not in graph.get("iku_xlsx.checking", set())
    leaves = {"iku_xlsx.problems", "iku_xlsx.rules", "iku_xlsx.numbers"}  # import nothing
    # the gate stands before the catalog, which reads catalog workbooks through it
    gate = {"iku_xlsx.gate", "iku_xlsx.fileio"}
    assert graph.get("iku_xlsx.gate", set()) <= leaves | gate
    assert graph.get("iku_xlsx.catalog", set()) <= leaves | gate
    assert all(not graph.get(leaf) for leaf in leaves)
    assert not graph.get("iku_xlsx.fileio")


# --- the registry of problem codes -----------------------------------------------------------

# Calls that report a problem, and the position of their code argument.
REPORTING_CALLS = {"Problem": 1, "Refusal": 0, "add": 1}


def _code_arguments() -> list[tuple[str, int, ast.expr]]:
    """(file, line, the code argument) of every call that reports a problem."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.attr if isinstance(node.func, ast.Attribute) else None
            called = called or (node.func.id if isinstance(node.func, ast.Name) else None)
            position = REPORTING_CALLS.get(called or "")
            if position is not None and len(node.args) > position:
                found.append((path.name, node.lineno, node.args[position]))
    return found


def test_every_reported_code_is_the_registry_s():
    """Problems are reported with a registered Code (never a string written on the spot),
    or with a code taken from another problem or refusal."""
    arguments = _code_arguments()
    assert len(arguments) > 50, "the calls were found"
    written = [
        f"{file}:{line}: {ast.unparse(argument)}"
        for file, line, argument in arguments
        if not (
            (isinstance(argument, ast.Attribute) and ast.unparse(argument).startswith("Code."))
            or ast.unparse(argument) in ("refusal.code", "code", "problem.code")
        )
    ]
    assert written == []
    used = {
        ast.unparse(argument).removeprefix("Code.")
        for _, _, argument in arguments
        if ast.unparse(argument).startswith("Code.")
    }
    assert used - set(Code.__members__) == set()


def test_an_unregistered_code_is_refused():
    with pytest.raises(ValueError):
        Problem("x.xlsx", "no-such-code", "")
    assert Problem("x.xlsx", Code.LOCK_FILE, "").severity.value == "warning"  # the code's own
    assert Problem("x.xlsx", "lock-file", "").code == "lock-file"  # the contract's text


def test_every_registered_code_is_documented():
    documented = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", _read("docs/checks.md")))
    assert {code.value for code in Code} - documented == set()
    assert all(code.meaning.strip() for code in Code)


# --- the repo stands alone ---------------------------------------------------------------------

OUTSIDE = re.compile(r"interfaces\.md|domain-rules\.md|\.\./shared")


def _read(relative: str) -> str:
    return (REPO / relative).read_text(encoding="utf-8")


def test_nothing_points_outside_the_repo():
    files = [REPO / "README.md", REPO / "CHANGELOG.md", *REPO.glob("docs/*.md")]
    files += [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml", ".html", ".md")]
    pointing = [str(p.relative_to(REPO)) for p in files if OUTSIDE.search(p.read_text("utf-8"))]
    assert pointing == []
