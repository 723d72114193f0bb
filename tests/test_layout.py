"""The shape of the package: each library behind its folder or module, and modules and functions of a readable size.

ruff's banned-api enforces the folders (each folder's ruff.toml lifts its own bans); a per-file ignore cannot lift
one ban alone, so the single-module owners are checked here, for every module, from the same table.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support import ROOT

PACKAGE = ROOT / "generator"
# library → where it may be imported (a folder ends with /)
OWNERS = {
    "openpyxl": ("xlsx/",),
    "docxtpl": ("docx/",),
    "docx": ("docx/",),
    "lxml": ("xlsx/", "docx/", "published/html.py"),  # html.py: lxml.html reads web pages
    "rich": ("console.py",),
    "typer": ("cli.py",),
    "click": (),  # typer's own parser: never used directly
    "jinja2": ("sandbox.py", "web/pages.py"),  # pages.py: the web pages, autoescaped
    "starlette": ("web/",),
    "uvicorn": ("web/server.py",),
    "multipart": (),  # Starlette's parser of uploaded files: never used directly
    "sqlite3": ("web/store.py",),
    "pdfplumber": ("published/pdf.py",),
    "pdfminer": ("published/pdf.py", "published/pdfbounds.py"),  # pdfplumber's parser: errors, pages, streams
    "subprocess": ("pdf.py",),  # the only module that runs other programs
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50
# The schema and the table of paragraph styles are data, declared in one place on purpose.
DATA = {"schema.py", "docx/typeset.py:_style_table"}

MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _imported(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_each_library_is_imported_only_where_it_lives(path):
    name = _name(path)
    for library in _imported(ast.parse(path.read_text(encoding="utf-8"))) & set(OWNERS):
        assert name.startswith(OWNERS[library]), f"{name} imports {library}, which lives in {OWNERS[library]}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_and_functions_stay_readable(path):
    name = _name(path)
    text = path.read_text(encoding="utf-8")
    if name in DATA:  # the whole module is data
        return
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{name}: split it by what it does"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and f"{name}:{node.name}" not in DATA:
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{name}:{node.name} is {length} lines"


def test_the_owner_table_names_every_library_the_package_uses():
    """A new dependency gets an owner here (and a ban in pyproject.toml) before it spreads."""
    third_party = {"openpyxl", "docxtpl", "docx", "lxml", "rich", "typer", "jinja2", "pdfplumber", "pdfminer"}
    third_party |= {"starlette", "uvicorn", "multipart", "sqlite3"}
    used = set().union(*(_imported(ast.parse(p.read_text(encoding="utf-8"))) for p in MODULES))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for library in third_party:
        assert library in OWNERS
        assert f'"{library}".msg' in pyproject, f"{library} is not banned outside its owner in pyproject.toml"
    assert used & third_party == third_party - {"click", "multipart"}
