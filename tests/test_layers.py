"""The layers of DESIGN.md: nothing imports a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import mutualscope

ROOT = Path(mutualscope.__file__).parent

LEVEL = {
    "errors": 0,
    "settings": 0,
    "domain": 0,
    "storage": 1,
    "io": 1,
    "services": 2,
    "reports": 3,
    "demo": 4,
    "cli": 5,
    "web": 5,
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def layer_of(relative: Path) -> str | None:
    parts = relative.parts
    name = parts[0] if len(parts) > 1 else relative.stem
    return name if name in LEVEL else None


def upward_imports() -> list[str]:
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        layer = layer_of(path.relative_to(ROOT))
        if layer is None:
            continue
        for lineno, module in imported_modules(path):
            parts = module.split(".")
            if parts[0] != "mutualscope" or len(parts) < 2:
                continue
            target = parts[1]
            if target in LEVEL and LEVEL[target] > LEVEL[layer]:
                problems.append(f"{path.relative_to(ROOT)}:{lineno} ({layer}) imports {module}")
            # Layers on one level stay apart too (storage and io; cli and web).
            if target in LEVEL and target != layer and LEVEL[target] == LEVEL[layer] > 0:
                problems.append(f"{path.relative_to(ROOT)}:{lineno} ({layer}) imports {module}")
    return problems


def test_layers_no_upward_imports() -> None:
    assert upward_imports() == []


def test_layers_detects_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from mutualscope.cli.main import main\n")
    assert imported_modules(bad) == [(1, "mutualscope.cli.main")]
    assert layer_of(Path("domain/regions.py")) == "domain"
    assert LEVEL["cli"] > LEVEL["domain"]


def test_layers_every_package_is_known() -> None:
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert packages <= set(LEVEL) | {"data"}
