"""What an uploaded file is, by its bytes alone: the name a browser sends is never trusted.

Zips are opened through archive.Package, so its limits (entries, directory size) apply before anything is read.
"""

from __future__ import annotations

import codecs
import io

from ..archive import ArchiveError, Package

MAX_UPLOAD = 20 * 1024 * 1024  # far above any workbook (about 40 KB) or published report (a few MB)

# What each kind is called on the pages, e.g. in "“报表.pdf”是PDF文件，不是Excel工作簿".
LABELS = {
    ".xlsx": "Excel工作簿",
    ".docx": "Word文档",
    ".pdf": "PDF文件",
    ".doc": "旧版Word或WPS文档",
    ".html": "网页",
    ".txt": "文本文件",
}

_PDF = b"%PDF-"
_OLE = bytes.fromhex(
    "D0CF11E0A1B11AE1"
)  # Word 97-2003 and WPS documents (and old .xls: not a workbook gigen reads)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with entries, an empty zip
_HTML = (b"<!doctype html", b"<html")
_HEAD = 1024  # an HTML page says so within its first kilobyte, after any comment or XML declaration
# The control characters a text never holds many of (tabs and line ends are text); in UTF-8 and GB18030 each is
# one byte of its own value, never part of another character.
_CONTROLS = bytes(c for c in range(0x20) if chr(c) not in "\t\n\r\f\v")


def kind_of(data: bytes) -> str | None:
    """ ".xlsx", ".docx", ".pdf", ".doc" (also .wps), ".html" or ".txt", by content; None for anything else.

    Never raises, whatever the bytes: a damaged or hostile zip is None, as is an empty file.
    """
    if data.startswith(_PDF):
        return ".pdf"
    if data.startswith(_OLE):
        return ".doc"
    if data.startswith(_ZIP):
        return _package(data)
    if _is_html(data):
        return ".html"
    if _is_text(data):
        return ".txt"
    return None


def _package(data: bytes) -> str | None:
    """.xlsx or .docx by the part that makes each; None for any other zip, or one archive.py refuses."""
    try:
        with Package(io.BytesIO(data)) as package:
            names = set(package.names())
    except ArchiveError:
        return None
    if "xl/workbook.xml" in names:
        return ".xlsx"
    if "word/document.xml" in names:
        return ".docx"
    return None


def _is_html(data: bytes) -> bool:
    """A page that starts (after a byte order mark and blanks) with a tag and names itself HTML near the start."""
    head = data[: _HEAD * 2]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()[:_HEAD].lower()
    return head.startswith(b"<") and any(mark in head for mark in _HTML)


def _is_text(data: bytes) -> bool:
    """Text as gigen's reader takes it: UTF-8 (BOM or not), GB18030, or UTF-16 with its BOM; no NUL, few controls."""
    if not data.strip():
        return False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _readable(text, data if encoding != "utf-16" else text.encode("utf-8", "surrogatepass"))
    return False


def _readable(text: str, encoded: bytes) -> bool:
    """No NUL, and at most one control character in a hundred (tabs and line ends aside): as text.py decides.

    The controls are counted in the bytes (as fast as C) of a text in UTF-8 or GB18030, where each is one byte.
    """
    if b"\x00" in encoded or not text.strip():
        return False
    controls = len(encoded) - len(encoded.translate(None, _CONTROLS))
    return controls * 100 <= len(text)
