"""The standardized workbook as a file: read (read.py, interpret.py) and written (write.py, lists.py).

openpyxl and the xlsx XML code live in this folder only.
"""

from __future__ import annotations

from pathlib import Path

from .. import schema
from ..model import ReportData
from .interpret import copied_marks, empty_report, fingerprint, interpret, locate
from .lists import list_workbook, rollup_workbook
from .read import open_book
from .write import blank_workbook

__all__ = [
    "blank_workbook",
    "empty_report",
    "fingerprint",
    "list_workbook",
    "read_workbook",
    "rollup_workbook",
]


def read_workbook(path: Path) -> ReportData:
    """Read every field through its defined name; bad cells become findings, a bad file a WorkbookError."""
    name = path.name or str(path)
    with open_book(path) as book:
        locations = locate(book.names, book.sheets, name)
        found = book.values(locations)
        copied = copied_marks(book.names)
    # A field newer than the workbook's format has no cell in it: it reads as an empty cell would.
    raw = {f.key: found.get(f.key) for f in schema.FIELDS}
    return interpret(name, raw, {k: f"{s}!{c}" for k, (s, c) in locations.items()}, copied)
