"""Word reports read back: a .docx's body in order, a .doc or .wps through LibreOffice first.

Only the body is the report: headers, footers and text boxes are left out, as are deleted text of tracked changes
and the instructions of fields (their results are kept). Tables come through their real grid (docx/inspect.py).
Paragraphs are numbered as a reader counts them in Word, the ones with text only (Word's 字数统计 counts the same):
正文第N段; tables 第K个表格, their rows 第K个表格第R行 (a table nested in a cell is part of that cell's text).
"""

from __future__ import annotations

import io

from .. import pdf
from ..archive import MAX_PART, ArchiveError, Package
from ..docx import MAX_BLOCKS, BodyTable, TooManyBlocks, UnreadableXml, body_blocks, main_part
from .document import Block, Cell, Document, DocumentError, Paragraph, Row, Table

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97-2003 and WPS
_RTF = b"{\\rtf"
# The stream every Word 97-2003 document (and a WPS document saved for Word) holds, named in the compound file's
# directory in UTF-16: without it, LibreOffice would read the bytes as plain text rather than refuse them.
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def read(source: str, data: bytes, suffix: str) -> Document:
    """The file's paragraphs and tables in order; a DocumentError (one sentence naming the file) when it cannot be."""
    if not data.strip():
        raise DocumentError(f"{source}：文件是空的。")
    if data.startswith(_ZIP):  # a .docx, or one renamed .doc
        return _docx(source, data)
    if data.startswith(_RTF) or (data.startswith(_OLE) and (suffix == ".wps" or _WORD_STREAM in data)):
        # a .doc, a .wps, a .docx that is really one, or RTF saved as .doc
        return _docx(source, _converted(source, data, ".rtf" if data.startswith(_RTF) else suffix))
    if _looks_like_wordml(data):  # Word 2003's XML document, saved with a Word name
        return _docx(source, _converted(source, data, ".xml"))
    if _looks_like_html(data):  # "网页" saved with a Word name, as many sites publish them
        from . import html

        return html.read(source, data)
    raise DocumentError(
        f"{source}：不是 Word 或 WPS 文档（文件内容无法识别），请在 Word 或 WPS 中打开后另存为 .docx 再试。"
    )


def _looks_like_wordml(data: bytes) -> bool:
    head = data[:4096]
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml") and b"wordDocument" in head


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()


def _converted(source: str, data: bytes, suffix: str) -> bytes:
    """The .docx LibreOffice makes of a .doc or .wps."""
    try:
        return pdf.to_docx(data, suffix if suffix in (".doc", ".wps", ".rtf", ".xml") else ".doc", MAX_PART)
    except pdf.ConversionError as e:
        if e.missing:
            raise DocumentError(
                f"{source}：读取 {suffix} 文件需要 LibreOffice，本机没有安装（{pdf.HOW_TO_INSTALL}），"
                "也可以在 Word 或 WPS 中把它另存为 .docx 后再试。"
            ) from None
        raise DocumentError(f"{source}：{e}，请在 Word 或 WPS 中打开后另存为 .docx 再试。") from None


def _docx(source: str, data: bytes) -> Document:
    """A .docx's body, read within the bounds of archive.Package."""
    try:
        with Package(io.BytesIO(data)) as package:
            names = set(package.names())
            rels = package.read("_rels/.rels") if "_rels/.rels" in names else None
            main = main_part(rels)
            if main not in names:
                raise DocumentError(
                    f"{source}：不是 Word 文档（文件里没有正文部分），请在 Word 或 WPS 中打开后另存为 .docx 再试。"
                )
            extra = [
                package.read(n) if n in names else None for n in ("word/numbering.xml", "word/styles.xml")
            ]
            blocks = body_blocks(package.read(main), *extra)
            if not any(isinstance(b, BodyTable) or b.strip() for b in blocks):
                raise DocumentError(f"{source}：文档中没有文字，可能是扫描的图片，无法读取。")
    except ArchiveError as e:
        if e.hostile:
            raise DocumentError(f"{source}：无法读取（{e}）。") from None
        raise DocumentError(
            f"{source}：文件已损坏或不是 Word 文档（{e}），请在 Word 或 WPS 中打开后另存为 .docx 再试。"
        ) from None
    except TooManyBlocks as e:
        raise DocumentError(
            f"{source}：文件有{e.args[0]}个段落和表格单元格，远多于一份年度报告（不超过{MAX_BLOCKS}个），不是年度报告，未读取。"
        ) from None
    except UnreadableXml:
        raise DocumentError(
            f"{source}：Word 文档的正文已损坏，无法读取，请在 Word 或 WPS 中打开后另存为 .docx 再试。"
        ) from None
    return Document(source, _blocks(blocks))


def _blocks(body: list[str | BodyTable]) -> tuple[Block, ...]:
    """The body as the Document's blocks, each with its place; paragraphs without text are not counted."""
    blocks: list[Block] = []
    paragraphs = tables = 0
    for item in body:
        if isinstance(item, str):
            if item.strip():
                paragraphs += 1
                blocks.append(Paragraph(item, f"正文第{paragraphs}段"))
            continue
        tables += 1
        name = f"第{tables}个表格"
        by_row: list[list[Cell]] = [[] for _ in range(item.rows)]
        for (r, col), cell in sorted(item.cells.items()):
            by_row[r].append(Cell(cell.text, col, cell.colspan, cell.rowspan))
        rows = [Row(tuple(cells), f"{name}第{r + 1}行") for r, cells in enumerate(by_row)]
        blocks.append(Table(tuple(rows), name))
    return tuple(blocks)
