"""Published reports read back: a report in Word, PDF, HTML or text → the values of the standardized workbook.

Each medium has one reader module turning the file into a Document (document.py: paragraphs and tables in order,
each with its place): word.py (.docx through docx/inspect.py; .doc, .wps and .rtf through LibreOffice), pdf.py
(pdfplumber), html.py (lxml.html), text.py (.txt/.md). The rest reads the workbook's keys from a Document the same
way whatever the medium, by the official headings and labels, and names for every value where it stood:
- narrative.py: title, preface, 一's intro and five aspects, 五, 六, signature and date (sections.py finds the
  headings and sub-headings, prose.py the running text, fees.py the 信息处理费 六 states);
- tables.py: tables 二, 三 and 四 (labels.py matches printed labels to the official ones, shapes.py holds the
  official shapes, placing.py puts each value under its row and column, continued.py reads a table broken across
  pages as one).
"""

from __future__ import annotations

from pathlib import Path

from ..archive import ArchiveError, read_file, read_reason
from . import narrative, tables
from .document import Document, DocumentError, Imported, Table

SUFFIXES = (".docx", ".doc", ".wps", ".pdf", ".html", ".htm", ".txt", ".md")
TEXT_SUFFIXES = (".txt", ".md")
MAX_FILE = 64 << 20  # a published report with its pictures is a few MB


def is_published(path: Path) -> bool:
    """Whether the file is a published report gigen reads back (by its suffix)."""
    return path.suffix.lower() in SUFFIXES


def read_document(path: Path) -> Document:
    """The file's paragraphs and tables, by the reader of its medium; a DocumentError says why it cannot be read."""
    from . import html, pdf, text, word

    suffix = path.suffix.lower()
    try:
        data = read_file(path, MAX_FILE)
    except OSError as e:
        raise DocumentError(f"{path.name}：{read_reason(e)}。") from None
    except ArchiveError as e:
        raise DocumentError(f"{path.name}：{e}。") from None
    if suffix in (".docx", ".doc", ".wps"):
        return word.read(path.name, data, suffix)
    if suffix == ".pdf":
        return pdf.read(path.name, data)
    if suffix in (".html", ".htm"):
        return html.read(path.name, data)
    if suffix in (".txt", ".md"):
        return text.read(path.name, data)
    raise DocumentError(f"{path.name}：不是能读取的已发布报告（可读 {'、'.join(SUFFIXES)}）。")


# A report has some 60 table rows and a few hundred paragraphs (a city's, with its long narrative); a document far
# past these is no report, and reading its labels would take minutes.
MAX_ROWS = 2000
MAX_PARAGRAPHS = 20000


def interpret(document: Document) -> Imported:
    """The workbook's values read from a document: narrative and tables, with where each came from."""
    rows = sum(len(b.rows) for b in document.blocks if isinstance(b, Table))
    paragraphs = len(document.blocks) - sum(isinstance(b, Table) for b in document.blocks)
    if rows > MAX_ROWS or paragraphs > MAX_PARAGRAPHS:
        raise DocumentError(
            f"{document.source}：文件有{paragraphs}段文字、{rows}行表格，远多于一份年度报告（不超过"
            f"{MAX_PARAGRAPHS}段、{MAX_ROWS}行），不是年度报告，未读取。"
        )
    parts = (narrative.read(document), tables.read(document))
    values: dict[str, object] = {}
    origins: dict[str, str] = {}
    findings = []
    for part in parts:
        values.update(part.values)
        origins.update(part.origins)
        findings.extend(part.findings)
    return Imported(document.source, values, origins, tuple(findings))


def read_report(path: Path) -> Imported:
    """A published report read back into the workbook's values."""
    return interpret(read_document(path))
