"""The package's layers hold: no import circle, no lower layer importing a higher one.

Every ``import`` counts, also those inside functions (they are how a light module defers a heavy
one, and they would still tie the two together). docs/ARCHITECTURE.md names the same layers.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "docgen"

#: Lowest first. A module may import its own layer's modules and any lower layer's.
LAYERS: list[tuple[str, ...]] = [
    ("docgen.errors",),
    ("docgen.grammar", "docgen.options", "docgen.fingerprint"),
    ("docgen.office", "docgen.model", "docgen.journal"),
    ("docgen.loading", "docgen.views"),
    ("docgen.plans",),
    ("docgen.orders",),
    ("docgen.lint",),
    ("docgen.rendering",),
    ("docgen.reports",),
    ("docgen.district",),
    ("docgen.control",),
    ("docgen",),  # the public API
    ("docgen.cli", "docgen.__main__", "docgen.web"),
]


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(module: str) -> set[str]:
    """The docgen modules ``module`` imports (``from docgen.x import y`` names module x.y
    when that is a module, else x)."""
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1]
                    + ([base] if base else [])
                )
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        if isinstance(node, ast.ImportFrom) and _type_only(tree, node):
            continue
        found.update(t for t in targets if t in MODULES and t != module)
    return found


def _type_only(tree: ast.Module, node: ast.stmt) -> bool:
    """Imports under ``if TYPE_CHECKING:`` exist for the type checker only."""
    for parent in ast.walk(tree):
        if (
            isinstance(parent, ast.If)
            and "TYPE_CHECKING" in ast.unparse(parent.test)
            and node in parent.body
        ):
            return True
    return False


GRAPH = {module: _imports(module) for module in MODULES}


def _layer(module: str) -> int:
    best, level = -1, -1
    for index, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, level = len(name), index
    assert level >= 0, f"{module} is in no layer of LAYERS (and of docs/ARCHITECTURE.md)"
    return level


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_no_import_circle() -> None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                circle = [*stack[stack.index(target) :], target]
                pytest.fail("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_lower_layers_never_import_higher_ones() -> None:
    wrong = [
        f"{m} (layer {_layer(m)}) imports {t} (layer {_layer(t)})"
        for m, targets in GRAPH.items()
        for t in sorted(targets)
        if _layer(t) > _layer(m)
    ]
    assert wrong == []


def test_the_cycle_finder_sees_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk above is not vacuous: a planted circle fails it."""
    monkeypatch.setitem(GRAPH, "docgen.errors", {"docgen.district.bulk"})
    with pytest.raises(pytest.fail.Exception, match="import circle"):
        test_no_import_circle()


def test_every_package_says_what_it_holds_and_may_import() -> None:
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8"))) or ""
        assert len(doc) > 80, f"{init} has no docstring saying what it holds"
        if init.parent.name != "grammar":
            assert re.search(r"May import", doc), f"{init} does not say what it may import"


def test_architecture_doc_names_existing_packages() -> None:
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text("utf-8")
    named = set(re.findall(r"`(docgen(?:[./][a-z_]+)+)(?:\.py)?/?`", doc))
    assert len(named) >= 10
    for name in named:
        dotted = re.sub(r"(/__init__)?\.py$", "", name).replace("/", ".")
        if dotted not in MODULES:  # a function or class of a module
            module, _, attr = dotted.rpartition(".")
            source = MODULES[module].read_text("utf-8") if module in MODULES else ""
            assert re.search(rf"^(def|class) {attr}\b|^{attr} =", source, re.M), (
                f"docs/ARCHITECTURE.md names {name}, which does not exist"
            )
    for package in (p.parent for p in PACKAGE.glob("*/__init__.py")):
        assert f"docgen/{package.name}/" in doc, (
            f"docs/ARCHITECTURE.md omits docgen/{package.name}/"
        )
