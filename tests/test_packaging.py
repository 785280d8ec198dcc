"""What an install of the package declares: its licence as an SPDX expression, and only the dependencies it runs on."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import metadata, packages_distributions
from pathlib import Path

from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
RUNTIME_PACKAGES = [name.rstrip("*") for name in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]]
# Runtime dependencies the project's code never imports by name, and why they are needed all the same.
USED_INDIRECTLY = {
    "lxml-html-clean": "trafilatura's jusText imports lxml.html.clean",
    "psycopg": "SQLAlchemy loads it for postgresql+psycopg:// URLs",
    "cssselect": "lxml's .cssselect() imports it for the profiles' CSS selectors",
    "fastapi-offline": "its Swagger UI files are served as package data (unionnews/web/docs.py)",
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_distributions() -> set[str]:
    by_module = packages_distributions()
    found: set[str] = set()
    for package in RUNTIME_PACKAGES:
        for path in Path(REPO, package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                for name in names:
                    found.update(d.lower().replace("_", "-") for d in by_module.get(name.split(".")[0], []))
    return found


def test_licence_is_an_spdx_expression() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"  # the table form is deprecated by setuptools
    assert metadata("unionnews")["License-Expression"] == "MIT"


def test_every_runtime_dependency_is_imported_by_the_package() -> None:
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    unused = declared - _imported_distributions() - set(USED_INDIRECTLY)
    assert not unused, f"runtime dependencies nothing at run time imports: {sorted(unused)}"


def test_test_and_bench_extras_carry_what_only_they_import() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert "jsonschema" in {_name(r) for r in extras["test"]} & {_name(r) for r in extras["bench"]}
