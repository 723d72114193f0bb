"""The report as a Word file: its template's variables, rendering, the zip, finishing touches, the default template
and reading a .docx back. python-docx, docxtpl and the docx XML code live in this folder only."""

from __future__ import annotations

from .context import context, fee_statement
from .default import build_template, tables_report
from .inspect import (
    MAX_BLOCKS,
    BodyTable,
    Piece,
    ReadCell,
    TooManyBlocks,
    UnreadableXml,
    body_blocks,
    grid,
    main_part,
    template_pieces,
)
from .render import prepare, prepare_source, rehearse, render

__all__ = [
    "MAX_BLOCKS",
    "BodyTable",
    "Piece",
    "ReadCell",
    "TooManyBlocks",
    "UnreadableXml",
    "body_blocks",
    "build_template",
    "context",
    "fee_statement",
    "grid",
    "main_part",
    "prepare",
    "prepare_source",
    "rehearse",
    "render",
    "tables_report",
    "template_pieces",
]
