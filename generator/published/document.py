"""A published report as any medium reads it: paragraphs and tables in reading order, each with its place.

Every reader (word.py, pdf.py, html.py, text.py) turns its file into a Document; narrative.py and tables.py read the
workbook's keys from a Document the same way whatever the medium. A place is what a person holding the document
would look for: 第3页第2段, 正文第12段, 第40行.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import Finding, GigenError


class DocumentError(GigenError):
    """The file cannot be read as a published report (a scan, encrypted, damaged, not a report)."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of running text (a heading is a paragraph too), without markup; a line of a text file."""

    text: str
    place: str  # 第2页第3段, 正文第12段, 第40行


@dataclass(frozen=True)
class Cell:
    """One cell of a table as laid out: its text (line breaks kept), its first grid column and its spans.

    A cell merged down (rowspan > 1) appears only in its first row; the rows below have no cell at its columns.
    Text formats know no grid: a cell's col is its index in the line, spans are 1.
    """

    text: str
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Row:
    """One row of a table, and where it is: 第3页, 第2个表格第5行, 第40行."""

    cells: tuple[Cell, ...]
    place: str


@dataclass(frozen=True)
class Table:
    """One table as the document draws it; a table broken across pages may be several, or one with every row."""

    rows: tuple[Row, ...]
    place: str  # 第2个表格, 第3页的表格


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    """A published report's text in reading order."""

    source: str  # the file's name, as messages name it
    blocks: tuple[Block, ...]
    pages: int = 0  # 0 when the medium has no pages


@dataclass
class Part:
    """What one reading of a Document found: raw workbook values by key, where each came from, and findings.

    A value is what the workbook's cell will hold, exactly as printed: an int for a count printed as digits, a
    Decimal for money, a str for text and for anything else printed in a number's place ("—", "/"). A key the
    report left blank is absent from values but present in origins.
    """

    values: dict[str, object] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)  # key → 第3页 表三“（一）予以公开”行“自然人”列
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Imported:
    """A published report read back: the workbook's values, where each came from, and what could not be placed."""

    source: str
    values: Mapping[str, object]
    origins: Mapping[str, str]
    findings: tuple[Finding, ...]
