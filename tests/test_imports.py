"""The package's modules import one another without cycles, and no module imports another's
private names (``from x import _name``).

Every import counts: at the top of a module, inside a function, and under
``if TYPE_CHECKING``. A cycle means that what two modules share belongs in a module of its
own, or in one of the two; a private name imported elsewhere is no longer private.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def _modules(src: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the packages under ``src``."""
    found = {}
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The module that ``name`` (a module, or a name in one) belongs to."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, str, int]]:
    """(module imported from, name imported or "", line) for each import in ``path`` of a
    module of ``modules``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, "", node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in modules:  # from package import module
                    found.append((submodule, "", node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
    return [(owner, name, line) for target, name, line in found
            if (owner := _owner(target, modules)) is not None]


def import_graph(src: Path) -> tuple[dict[str, set[str]], list[str]]:
    """The modules each module under ``src`` imports, and each import of a private name
    from another module, as ``file:line: module imports _name from other``."""
    modules = _modules(src)
    graph: dict[str, set[str]] = {module: set() for module in modules}
    private = []
    for module, path in modules.items():
        for owner, name, line in _imports(module, path, modules):
            if owner == module:
                continue
            graph[module].add(owner)
            if name.startswith("_") and not name.startswith("__"):
                private.append(f"{path.relative_to(src)}:{line}: {module} imports {name} "
                               f"from {owner}")
    return graph, private


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` (its modules in import order, the first again at the end), or
    None when there is none."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return list(reversed(error.args[1]))
    return None


def test_the_modules_import_one_another_without_cycles() -> None:
    graph, _ = import_graph(SRC)
    assert len(graph) > 100  # the package was found
    found = cycle(graph)
    assert found is None, "import cycle: " + " -> ".join(found or [])


def test_no_module_imports_the_private_names_of_another() -> None:
    _, private = import_graph(SRC)
    assert private == []


def test_the_check_finds_a_cycle_through_an_import_inside_a_function(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import shown\n")
    (package / "b.py").write_text(
        "def shown():\n    from . import c\n    return c.value\n")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import _hidden\n")
    graph, private = import_graph(tmp_path)
    assert cycle(graph) in (["pkg.a", "pkg.b", "pkg.c", "pkg.a"],
                            ["pkg.b", "pkg.c", "pkg.a", "pkg.b"],
                            ["pkg.c", "pkg.a", "pkg.b", "pkg.c"])
    assert private == ["pkg/c.py:3: pkg.c imports _hidden from pkg.a"]
    (package / "c.py").write_text("value = 1\n")
    assert cycle(import_graph(tmp_path)[0]) is None
