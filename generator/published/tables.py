"""(placeholder) Reading the workbook's keys from a Document."""

from __future__ import annotations

from .document import Document, Part


def read(document: Document) -> Part:
    """What the document says, by key."""
    return Part()
