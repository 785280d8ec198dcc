"""The packages form layers, and no module imports one above it.

vnlang (the Vietnamese language) ← cleaner ← archive ← search / crawler ← unionnews (the app). Each
layer may use those below it, with one narrowing: search works on plain records and never needs the
cleaner. Imports inside functions count too: a late import is still a dependency. bench/ and tests/
stand beside the app; nothing installed may import them, and the tests never import bench/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT = ("vnlang", "cleaner", "archive", "search", "crawler", "unionnews", "bench", "tests")
ALLOWED = {
    "vnlang": set(),
    "cleaner": {"vnlang"},
    "archive": {"vnlang", "cleaner"},
    "search": {"vnlang", "archive"},
    "crawler": {"vnlang", "cleaner", "archive"},
    "unionnews": {"vnlang", "cleaner", "archive", "search", "crawler"},
    "bench": {"vnlang", "cleaner", "archive", "search", "crawler", "unionnews", "tests"},
    "tests": {"vnlang", "cleaner", "archive", "search", "crawler", "unionnews"},
}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """The project's top-level packages that `path` imports, with the line of each import."""
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in PROJECT}
    return found


def modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_module_imports_a_package_above_it(package: str) -> None:
    back_up = [
        f"{path.relative_to(REPO)}:{line} imports {target}"
        for path in modules(package)
        for target, line in sorted(imported_packages(path))
        if target != package and target not in ALLOWED[package]
    ]
    assert not back_up, "\n".join(back_up)


def test_the_check_sees_a_back_import(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from unionnews.cli import main\n    import search.query as q\n")
    assert imported_packages(module) == {("unionnews", 2), ("search", 3)}
