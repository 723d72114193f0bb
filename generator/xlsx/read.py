"""An .xlsx opened straight from its zip and XML parts: sheets, defined names and the values of named cells.

Only what reading named cells needs is parsed (no openpyxl objects): a tenth of the time openpyxl takes for the
same file. Nothing is fetched, and a DTD (which Excel never writes) is refused, entities and all.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

from lxml import etree

from .. import schema
from ..archive import ArchiveError, Package, escaped, open_file, read_reason
from ..errors import WorkbookError

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls files and password-protected .xlsx files


@contextmanager
def open_book(path: Path) -> Iterator[Book]:
    """The workbook's parts, ready to read; every way a file is not a readable .xlsx is one WorkbookError."""
    name = escaped(path.name or str(path))
    archive = _open(path, name)
    try:
        with archive:
            yield Book(archive)
    except WorkbookError:
        raise
    except _Strict:
        raise WorkbookError(
            f"{name}：这是“Strict Open XML 电子表格”格式，请在Excel中另存为“Excel工作簿（*.xlsx）”后再试。"
        ) from None
    except _BadCell as e:
        raise _damaged(name, f"{e}的内容不符合工作簿格式") from e
    except _Unsafe:
        raise WorkbookError(
            f"{name}：工作簿的XML中有文档类型声明（DTD），Excel和WPS不会这样保存，可能是恶意构造的文件，"
            "未读取。请在Excel中打开后另存再试。"
        ) from None
    except ArchiveError as e:
        raise _refused(name, e) from e
    except KeyError as e:
        raise _damaged(name, "缺少必需的部件") from e
    except etree.XMLSyntaxError as e:
        raise _damaged(name, "XML格式错误") from e
    except Exception as e:  # a part that is not what its name says: all mean the same to the user
        raise _damaged(name, "内容不符合工作簿格式") from e


def _damaged(name: str, why: str) -> WorkbookError:
    return WorkbookError(f"{name}：工作簿已损坏，无法打开（{why}）。请在Excel中打开后另存再试。")


def _refused(name: str, e: ArchiveError) -> WorkbookError:
    if e.hostile:
        return WorkbookError(f"{name}：{e}。")
    return _damaged(name, str(e))


def _open(path: Path, name: str) -> Package:
    try:
        folder = path.is_dir()
    except OSError as e:  # a name the system refuses to look up (too long, …)
        raise WorkbookError(f"{name}：无法读取这个文件（{read_reason(e)}）。") from e
    if folder:
        raise WorkbookError(f"{name}：这是一个文件夹，不是工作簿。")
    try:
        handle = open_file(path)
    except FileNotFoundError as e:
        what = "文件" if path.suffix else "文件或文件夹"  # a name without a suffix may be a county's folder
        raise WorkbookError(f"{name}：找不到这个{what}。") from e
    except OSError as e:
        raise WorkbookError(f"{name}：无法读取这个文件（{read_reason(e)}）。") from e
    except ArchiveError as e:
        raise WorkbookError(f"{name}：{e}。") from e
    try:
        return _package(path, name, handle)
    except BaseException:
        handle.close()
        raise


def _package(path: Path, name: str, handle: IO[bytes]) -> Package:
    try:
        head = handle.read(1 << 20)  # the OLE directory of an encrypted workbook lies within its first MB
    except OSError as e:
        raise WorkbookError(f"{name}：无法读取这个文件（{read_reason(e)}）。") from e
    not_excel = WorkbookError(f"{name}：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。")
    if head.startswith(OLE_SIGNATURE):
        # An encrypted .xlsx is an OLE file holding an EncryptionInfo stream; any other OLE file is an old .xls.
        if "EncryptionInfo".encode("utf-16-le") in head:
            raise WorkbookError(f"{name}：工作簿设置了打开密码（已加密），请在Excel中取消密码后另存再试。")
        raise WorkbookError(
            f"{name}：这是旧版Excel（.xls）文件，请在Excel中打开，另存为“Excel工作簿（*.xlsx）”后再试。"
        )
    if not head:
        raise WorkbookError(f"{name}：文件是空的（0字节），可能没有传送完整，请重新发送或另存后再试。")
    if path.suffix.lower() == ".xlsm" and head.startswith(b"PK"):
        raise WorkbookError(
            f"{name}：这是启用宏的工作簿（.xlsm），请在Excel中另存为“Excel工作簿（*.xlsx）”后再试。"
        )
    if path.suffix.lower() != ".xlsx" or not head.startswith(b"PK"):
        raise not_excel
    try:
        archive = Package(handle)
    except ArchiveError as e:
        raise _refused(name, e) from e
    except OSError as e:
        raise WorkbookError(f"{name}：无法读取这个文件（{read_reason(e)}）。") from e
    if "xl/workbook.xml" not in archive.names():  # a .docx or another zip renamed to .xlsx
        archive.close()
        raise not_excel
    return archive


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DATE_FORMAT_IDS = frozenset(
    {
        14,
        15,
        16,
        17,
        18,
        19,
        20,
        21,
        22,
        27,
        28,
        29,
        30,
        31,
        32,
        33,
        34,
        35,
        36,
        45,
        46,
        47,
        50,
        51,
        52,
        53,
        54,
        55,
        56,
        57,
        58,
    }
)  # built-in date formats, CJK ones included


def _xml(data: bytes) -> Any:
    """Parse one XML part: nothing is fetched, and a DTD (which Excel never writes) is refused, entities and all."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(data, parser)
    if root.getroottree().docinfo.doctype:
        raise _Unsafe
    return root


_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"


class _Strict(Exception):
    """A workbook saved as Strict Open XML: readable by Excel, but in namespaces no gigen workbook uses."""


class _BadCell(Exception):
    """A cell whose stored value no spreadsheet program writes (a shared string that is not there, "abc" as a
    number); its text is where it is, 表三!D6."""


class _Unsafe(Exception):
    """An XML part declares a DTD: never written by Excel, WPS or LibreOffice, and the way XML bombs are built."""


class Book:
    """The parts of an .xlsx that reading named cells needs: sheets, defined names, shared strings, date styles."""

    def __init__(self, archive: Package) -> None:
        self.archive = archive
        root = _xml(archive.read("xl/workbook.xml"))
        # Excel's "Strict Open XML" save: other namespaces for the same parts
        if root.tag.startswith(_STRICT):
            raise _Strict
        rels = {
            r.get("Id", ""): (r.get("Type", ""), _part_name(r.get("Target", "")))
            for r in _xml(archive.read("xl/_rels/workbook.xml.rels")).iter(_PKG_REL)
        }
        self.sheets: dict[str, str] = {}  # sheet name → part name
        for sheet in root.iter(_NS + "sheet"):
            self.sheets[sheet.get("name", "")] = rels.get(sheet.get(_REL, ""), ("", ""))[1]
        # Workbook-level names only: a name scoped to one sheet (localSheetId) is not one of gigen's keys.
        self.names = {
            n.get("name", ""): (n.text or "")
            for n in root.iter(_NS + "definedName")
            if n.get("localSheetId") is None
        }
        pr = root.find(_NS + "workbookPr")
        self.epoch = (
            dt.datetime(1904, 1, 1) if pr is not None and pr.get("date1904") in ("1", "true") else None
        )
        parts = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
        self.strings = self._shared_strings(parts.get("sharedStrings", "xl/sharedStrings.xml"))
        self.date_styles = self._date_styles(parts.get("styles", "xl/styles.xml"))

    def _shared_strings(self, part: str) -> list[str]:
        if part not in self.archive.names():
            return []
        return [_text(si) for si in _xml(self.archive.read(part)).iter(_NS + "si")]

    def _date_styles(self, part: str) -> frozenset[int]:
        if part not in self.archive.names():
            return frozenset()
        root = _xml(self.archive.read(part))
        custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(_NS + "numFmt")}
        xfs = root.find(_NS + "cellXfs")
        dates = set()
        for i, xf in enumerate(xfs if xfs is not None else ()):
            fmt = int(xf.get("numFmtId", "0"))
            if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt])):
                dates.add(i)
        return frozenset(dates)

    def values(self, locations: Mapping[str, tuple[str, str]]) -> dict[str, object]:
        """The value of each key's cell: numbers, text, dates, a Formula for a formula; None when empty."""
        wanted: dict[str, set[str]] = {}
        for sheet, coord in locations.values():
            wanted.setdefault(sheet, set()).add(coord)
        cells = {sheet: self._sheet(sheet, coords) for sheet, coords in wanted.items()}
        return {key: cells[sheet].get(coord) for key, (sheet, coord) in locations.items()}

    def _sheet(self, sheet: str, wanted: set[str]) -> dict[str, object]:
        root = _xml(self.archive.read(self.sheets[sheet]))
        found: dict[str, object] = {}
        for row_number, row in enumerate(root.iter(_NS + "row"), start=1):
            row_number = int(row.get("r", row_number))
            for col_number, c in enumerate(row.iter(_NS + "c"), start=1):
                ref = c.get("r") or f"{schema.column_letter(col_number - 1)}{row_number}"
                if ref in wanted:
                    try:
                        found[ref] = self._value(c)
                    except (ValueError, IndexError, OverflowError) as e:  # no Excel writes these: say where
                        raise _BadCell(f"{sheet}!{ref}") from e
        return found

    def _value(self, c: Any) -> object:
        formula = c.find(_NS + "f")
        if formula is not None:
            v = c.find(_NS + "v")
            return Formula("=" + (formula.text or ""), v.text if v is not None else None)
        kind = c.get("t", "n")
        if kind == "inlineStr":
            inline = c.find(_NS + "is")
            return _text(inline) if inline is not None else None
        v = c.find(_NS + "v")
        text = v.text if v is not None else None
        if text is None:
            return None
        if kind == "s":
            return self.strings[int(text)]
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text == "1"
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:  # a time alone, or a date Python cannot hold: the text is what was typed
                return text
        if len(text) > _LONGEST_NUMBER:  # int() refuses 4,301 digits; Excel never stores more than 17
            return text
        number: int | float = float(text) if any(ch in text for ch in ".eE") else int(text)
        if int(c.get("s", "0")) in self.date_styles:
            try:
                return from_serial(number, self.epoch)
            except (OverflowError, ValueError):  # 20241231 typed into a date cell is no date
                return number
        return number


_LONGEST_NUMBER = 40  # characters of a stored number: a double written out in full is 24 at most


def _text(element: Any) -> str:
    """The text of a string item (<si> or <is>): its <t> pieces, not the phonetic guide (<rPh>) East Asian files add."""
    return "".join(t.text or "" for t in element.iter(_NS + "t") if t.getparent().tag != _NS + "rPh")


def _part_name(target: str) -> str:
    """A relationship target of xl/workbook.xml as a zip entry name: xl/worksheets/sheet1.xml."""
    target = unquote(target)
    return posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target))


def _is_date_format(code: str) -> bool:
    """A custom number format shows a date when it uses d, m, y (or 年月日) outside quotes, brackets and escapes."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";")[0])
    return bool(re.search(r"[dmyDMY年月日]", plain))


def from_serial(serial: float, epoch: dt.datetime | None) -> dt.datetime:
    """An Excel date serial as a datetime (1900 system, with its phantom 29 Feb 1900; or the 1904 system)."""
    if epoch is not None:
        return epoch + dt.timedelta(days=serial)
    return dt.datetime(1899, 12, 31) + dt.timedelta(days=serial - (1 if serial >= 60 else 0))


_ONE_CELL = re.compile(r"(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?([1-9][0-9]*)")


def destination(reference: str | None, sheets: Mapping[str, str]) -> tuple[str, str] | None:
    """The (sheet, cell) a name refers to, or None unless it is exactly one cell of an existing sheet.

    Excel rewrites a name whose row was deleted as '表三'!#REF!: that cell is gone, not blank.
    """
    match = _ONE_CELL.fullmatch((reference or "").strip())
    if match is None:
        return None
    quoted, plain, column, row = match.groups()
    sheet = quoted.replace("''", "'") if quoted else plain
    return (sheet, column + row) if sheet in sheets else None


class Formula(str):
    """The text of a formula cell, told apart from text that merely starts with "="; with the value Excel last
    computed for it and saved (what Excel shows), when the file holds one."""

    cached: str | None

    def __new__(cls, text: str, cached: str | None = None) -> Formula:
        made = super().__new__(cls, text)
        made.cached = cached
        return made
