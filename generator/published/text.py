"""(placeholder) The text reader of published reports."""

from __future__ import annotations

from .document import Document, DocumentError


def read(source: str, data: bytes) -> Document:
    """The file's paragraphs and tables."""
    raise DocumentError(f"{source}：暂不能读取这种文件。")
