"""A plain list in a workbook: the text of the first sheet's column A (a county's list of its units)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..archive import escaped
from ..errors import WorkbookError
from .read import Formula, _xml, open_book

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def first_column(path: Path, limit: int) -> list[tuple[int, str]]:
    """(row, text) of each filled cell in column A of the first sheet, top to bottom.

    The file is opened as gigen opens a workbook (the same limits, the same sentence for a file that is not one).
    Reading stops at `limit` + 1 cells: a longer list comes back one too long, for the caller to refuse.
    """
    name = escaped(path.name or str(path))
    found: list[tuple[int, str]] = []
    with open_book(path) as book:
        if not book.sheets:
            raise WorkbookError(f"{name}：工作簿中没有工作表。")
        part = next(iter(book.sheets.values()))
        root = _xml(book.archive.read(part))
        for number, row in enumerate(root.iter(_NS + "row"), start=1):
            number = int(row.get("r", number))
            first = next(row.iter(_NS + "c"), None)
            if first is None or (first.get("r") or f"A{number}") != f"A{number}":
                continue
            text = _shown(book._value(first)).strip()
            if text:
                found.append((number, text))
            if len(found) > limit:
                break
    return found


def _shown(value: object) -> str:
    """A cell's value as the text Excel shows for it (a formula by its last computed value)."""
    if isinstance(value, Formula):
        return value.cached or ""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)
