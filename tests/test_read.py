"""What Excel, WPS and East Asian editions put in a workbook that gigen must read as the clerk sees it: dates of the
1904 system, phonetic guides, names scoped to one sheet. Each checked in the report built from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from support import cell_of, rewrite_part

from generator.pipeline import build

TITLE = "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"


def _paragraphs(report: Path) -> list[str]:
    return [p.text for p in docx.Document(str(report)).paragraphs if p.text]


def test_a_date_in_a_workbook_of_the_1904_system(make_workbook, tmp_path):
    path = make_workbook()
    sheet, cell = cell_of(path, "date").split("!")
    wb = openpyxl.load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904  # Excel for Mac's old default: serial 0 is 1 January 1904
    wb[sheet][cell] = dt.date(2025, 1, 26)
    wb.save(path)
    assert b'date1904="1"' in _part(path, "xl/workbook.xml")
    assert _paragraphs(build(path, tmp_path / "out").report)[-1] == "2025年1月26日"


def test_a_phonetic_guide_is_not_part_of_the_text(make_workbook, tmp_path):
    path = make_workbook()
    assert cell_of(path, "org_name") == "基本信息!B3"

    def add_guide(xml: bytes) -> bytes:
        # Japanese and Chinese editions keep a reading after the text (<rPh>); the cell shows only the text.
        cell = xml.index(b'<c r="B3"')
        end = xml.index(b"</is>", cell)
        return xml[:end] + b'<rPh sb="0" eb="3"><t>ceshixian</t></rPh>' + xml[end:]

    rewrite_part(path, "xl/worksheets/sheet2.xml", add_guide)  # 基本信息, the second sheet
    assert b"<rPh" in _part(path, "xl/worksheets/sheet2.xml")
    report = build(path, tmp_path / "out").report
    assert report.name == TITLE
    assert "ceshixian" not in "".join(_paragraphs(report))


def test_a_name_scoped_to_one_sheet_is_not_the_field(make_workbook, tmp_path):
    path = make_workbook()
    # A sheet's own name org_name, after the workbook's: Excel lets a user make one from the Name Manager.
    local = '<definedName name="org_name" localSheetId="1">\'基本信息\'!$A$1</definedName></definedNames>'
    rewrite_part(path, "xl/workbook.xml", lambda xml: xml.replace(b"</definedNames>", local.encode(), 1))
    assert openpyxl.load_workbook(path)["基本信息"]["A1"].value == "基本信息"
    report = build(path, tmp_path / "out").report
    assert report.name == TITLE


def _part(path: Path, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(name)
