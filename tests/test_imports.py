"""Folder order is dependency order, with no import cycles.

The graph has one node per module of nlseg/ and an edge for every ``import`` and
``from … import`` of nlseg anywhere in a file — inside functions too: a deferred import is
still a dependency. Imports under ``if TYPE_CHECKING:`` are left out: they never run.
``from X import name`` is an edge to ``X.name`` when that is a module, else to ``X``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nlseg"

# The top-level modules and subpackages of nlseg, lowest first: each imports only ones
# before it. Derived from the imports the code has; where two do not depend on each other
# either order would do, and the one here reads bottom-up.
LAYERS = (
    "text",  # case folding shared by the store and the compiler
    "store",  # tables of the CRM store and the app; engines
    "catalog",  # fields, operators, relations, column access; loaded from the store
    "tree",  # FilterTree models, validation against a catalog, normalisation, rendering
    "clock",  # the as-of date: the days a tree's relative dates select
    "translate",  # plain English -> tree, against a catalog (no SQL)
    "compiler",  # tree -> SQL; read-only execution
    "segments",  # saved segments and live segment references
    "evaluate",  # parse -> compile -> count / preview / members
    "cli_support",  # what the command-line commands share
    "sync",  # CRM sync and the demo CRM (its command uses cli_support)
    "starter",  # the first-run demo
    "freshness",  # how old the store's data is
    "waterfall",  # the preview's condition-by-condition counts
    "explain",  # why a contact is in a segment, or not
    "export",  # members to CSV
    "static_lists",  # frozen copies of a segment
    "refresh",  # recounting saved segments
    "review",  # the checks an answer gets before it is shown
    "ask",  # nlseg ask
    "nlseg",  # nlseg/__init__.py: the public API
    "evalsuite",  # the prompt regression suite
    "cli",  # the nlseg command
    "ui",  # the Streamlit pages
)


def _module_names() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _module_names()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runs(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes under ``node`` that can run: all but the body of ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield other
                yield from _runs(other)
        else:
            yield child
            yield from _runs(child)


def _resolve(name: str) -> str | None:
    """The module ``name`` is, or is in (``nlseg.x.Name`` -> ``nlseg.x``)."""
    while name not in MODULES:
        if "." not in name:
            return None
        name = name.rsplit(".", 1)[0]
    return name


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.split(".")[0] == "nlseg":
                yield alias.name
        return
    base = node.module or ""
    if node.level:  # relative: from the package the module is in
        package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
        parts = package.split(".")
        package = ".".join(parts[: len(parts) - node.level + 1])
        base = f"{package}.{base}" if base else package
    if base.split(".")[0] != "nlseg":
        return
    for alias in node.names:
        yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base


def _graph() -> dict[str, dict[str, int]]:
    """module -> {imported module: line of the first import}."""
    graph: dict[str, dict[str, int]] = {}
    for module, path in MODULES.items():
        edges = graph.setdefault(module, {})
        for node in _runs(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for target in _targets(module, node):
                resolved = _resolve(target)
                if resolved is not None and resolved != module:
                    edges.setdefault(resolved, node.lineno)
    return graph


GRAPH = _graph()


def _where(module: str, target: str) -> str:
    path = MODULES[module].relative_to(PACKAGE.parent)
    return f"{module} -> {target} ({path}:{GRAPH[module][target]})"


def _cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that returns to its start, or None."""
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path, stack = [start], [iter(sorted(graph[start]))]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                done.add(path.pop())
            elif target in path:
                return [*path[path.index(target) :], target]
            elif target not in done:
                path.append(target)
                stack.append(iter(sorted(graph[target])))
    return None


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_the_graph_is_read():
    assert "nlseg.catalog.loader" in GRAPH["nlseg.catalog"]
    assert "nlseg.tree.validation" in GRAPH["nlseg.tree"]
    assert "nlseg.catalog.columns" in GRAPH["nlseg.compiler.predicates"]
    assert "nlseg.clock" not in GRAPH["nlseg.tree.render"]  # types only


def test_no_import_cycles():
    cycle = _cycle(GRAPH)
    assert cycle is None, "import cycle:\n  " + "\n  ".join(
        _where(a, b) for a, b in pairwise(cycle)
    )


def test_every_top_level_module_has_a_layer():
    layers = {_layer(module) for module in MODULES}
    assert len(LAYERS) == len(set(LAYERS))
    assert layers == set(LAYERS), (
        f"not in LAYERS: {sorted(layers - set(LAYERS))}; gone: {sorted(set(LAYERS) - layers)}"
    )


def test_layers_import_only_layers_before_them():
    rank = {name: i for i, name in enumerate(LAYERS)}
    wrong = [
        _where(module, target)
        for module, edges in sorted(GRAPH.items())
        for target in edges
        if rank[_layer(target)] > rank[_layer(module)]
    ]
    assert not wrong, "imports of a later layer (see LAYERS):\n  " + "\n  ".join(wrong)
