"""The PDF reader of published reports, on what a reader holds: gigen's own reports as LibreOffice prints them
(every table cell and every paragraph against the Word report), a real city report made with WPS (every number
against its hand transcription), and files that are no readable report (one sentence each, in bounded time)."""

from __future__ import annotations

import io
import json
import random
import re
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from official import TABLE_THREE
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from support import (
    EXAMPLES,
    PUBLISHED_FOLDER,
    TEMPLATE,
    consistent_values,
    docx_grid,
    gigen_pdf,
    new_workbook,
    report_paragraphs,
    report_tables,
    rewrite_part,
)

from generator.pipeline import build
from generator.published import read_document
from generator.published.document import Cell, Document, DocumentError, Paragraph, Row, Table
from generator.published.normal import squeezed
from generator.published.pdflines import Line, PageText, blocks

DATA = PUBLISHED_FOLDER
HUAIAN = DATA / "huaian_city_2024.pdf"


def flat(text: str) -> str:
    """Text as compared, every character kept: punctuation at the end of a printed line too."""
    return squeezed(text)


def paragraphs(document: Document) -> list[Paragraph]:
    return [b for b in document.blocks if isinstance(b, Paragraph)]


def tables(document: Document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table)]


# --- gigen's reports, printed by LibreOffice -------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory, runner) -> list[tuple[Path, Path]]:
    """(Word report, its PDF): the bundled examples, and a report on pages too short for table 三 to fit one page."""
    out = tmp_path_factory.mktemp("printed")
    reports = [build(workbook, out, draft=True).report for workbook in EXAMPLES]
    values = consistent_values()
    values["org_name"] = "测试县短页镇人民政府"
    report = build(new_workbook(runner, out / "短页.xlsx", values), out).report
    short = out / "short"
    short.mkdir()
    # A4's width on a page of 210 mm by 210 mm: table 三 (some 200 mm tall) breaks, its header row repeated.
    reports.append(
        rewrite_part(
            short / report.name,
            "word/document.xml",
            lambda xml: xml.replace(b'w:h="16838"', b'w:h="11906"'),
            source=report,
        )
    )
    return list(zip(reports, gigen_pdf(reports), strict=True))


Spot = tuple[int, int, int, str]  # (col, colspan, rowspan, text) of a cell that begins in a row


def word_rows(table: Any) -> tuple[list[list[Spot]], dict[tuple[int, int], Spot]]:
    """A Word table's rows as the cells that begin in each, and the cell covering each (row, col)."""
    grid = docx_grid(table)
    height = max(r + rowspan for (r, _), (rowspan, _, _) in grid.items())
    rows: list[list[Spot]] = [[] for _ in range(height)]
    covering = {}
    for (r, c), (rowspan, colspan, text) in grid.items():
        spot = (c, colspan, rowspan, flat(text))
        rows[r].append(spot)
        covering.update({(r + i, c + j): spot for i in range(rowspan) for j in range(colspan)})
    return [sorted(row) for row in rows], covering


def matches(want: list[Spot], covering: dict[tuple[int, int], Spot], r: int, row: Row, left: int) -> bool:
    """Whether a PDF row (with `left` rows of its table from it to the end) shows Word row r.

    Each Word cell beginning in r is there with its columns, text and rows (fewer only where the PDF's table ends
    at a page break); a PDF cell beginning here that Word began above is that cell carried onto the next page
    (LibreOffice prints its text again, or leaves it empty when the page breaks inside its group).
    """
    got = {(c.col, c.colspan): (c.rowspan, flat(c.text)) for c in row.cells}
    for col, colspan, rowspan, text in want:
        shown = got.pop((col, colspan), None)
        if shown is None or shown[1] != text or (shown[0] != rowspan and not shown[0] == left < rowspan):
            return False
    for (col, colspan), (rowspan, text) in got.items():
        spot = covering.get((r, col))
        if spot is None or spot[:2] != (col, colspan) or text not in (spot[3], "") or rowspan > left:
            return False
    return True


def assert_tables_read(report: Path, document: Document) -> list[list[tuple[int, str]]]:
    """Every row of the report's tables shown by a PDF row, every PDF row one of the report's; per Word table,
    the (table index, page) of each PDF row that shows each of its rows."""
    pieces = [(t, k, row) for t in tables(document) for k, row in enumerate(t.rows)]
    seen: set[int] = set()
    placed = []
    for word_table in report_tables(report):
        rows, covering = word_rows(word_table)
        where = []
        for r, want in enumerate(rows):
            found = [
                (id(t), k, row)
                for t, k, row in pieces
                if want and matches(want, covering, r, row, len(t.rows) - k)
            ]
            assert found or not want, f"{report.name}: row {r} {want} is not in the PDF"
            seen.update(id(row) for *_, row in found)
            where.append([(ident, row.place) for ident, _, row in found])
        placed.append(where)
    stray = [(row.place, row.cells) for *_, row in pieces if id(row) not in seen and row.cells]
    assert not stray, f"{report.name}: PDF rows no table of the report has: {stray}"
    return [[place for table in where for place in table] for where in placed]


def test_every_table_cell_of_each_report_is_read_with_its_spans(printed):
    for report, pdf in printed:
        assert_tables_read(report, read_document(pdf))


def test_table_three_broken_across_pages_is_read_on_both(printed):
    report, pdf = printed[-1]
    document = read_document(pdf)
    placed = assert_tables_read(report, document)
    three = placed[1]  # 二, 三, 四: table 三's rows, each with where the PDF shows it
    pages = {page for _, page in three}
    assert len(pages) >= 2, f"table 三 is not broken on pages this short: {pages}"
    header = [
        t
        for t in tables(document)
        if any(flat("申请人情况") in flat(c.text) for r in t.rows for c in r.cells)
    ]
    assert len(header) == len(pages), "the header row is not repeated on each page of table 三"
    # The values of the last rows, on the second page, are the report's own (not zeros).
    grid = docx_grid(report_tables(report)[1])
    last = [grid[(27, c)][2] for c in range(3, 10)]
    assert [c.text for c in header[-1].rows[-1].cells[1:]] == last
    assert any(v != "0" for v in last)


def test_every_paragraph_of_each_report_is_one_paragraph_in_order(printed):
    for report, pdf in printed:
        want = [flat(p.text) for p in report_paragraphs(report) if flat(p.text)]
        got = [flat(p.text) for p in paragraphs(read_document(pdf))]
        assert got == want, report.name


def test_paragraphs_name_their_page_and_are_tidy(printed):
    _, pdf = printed[1]  # 叶城县白杨镇2024: a paragraph runs from page 1 on to page 2
    document = read_document(pdf)
    places = [p.place for p in paragraphs(document)]
    assert places[:3] == ["第1页第1段", "第1页第2段", "第1页第3段"]
    assert all(re.fullmatch(r"第\d+页第\d+段", place) for place in places)
    text = "\n".join(p.text for p in paragraphs(document))
    (running_on,) = [p for p in paragraphs(document) if "项目类信息30条、财务类4条。" in p.text]
    assert running_on.place == "第1页第5段" and running_on.text.startswith("2024年，白杨镇党委")
    assert "2024年" in text and "2024 年" not in text
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff0-9]", text)
    assert not re.search(r"— *\d+ *—", text), "a page number was read as text"
    assert document.pages == len(PdfReader(str(pdf)).pages)


# --- A real city report, made with WPS ------------------------------------------------------------------------

T3_ROWS = range(3, 28)
# Table 三's most specific label of each row, from the independent transcription, without its numbering (1. or
# 1、, as reports print it either way).
T3_LABEL = {r: max((c, text) for row, c, _, _, text in TABLE_THREE if row == r and text)[1] for r in T3_ROWS}
T2_ROWS = ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")
RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")


def label(text: str) -> str:
    return re.sub(r"^\d+[.、]", "", squeezed(text))


def row_values(document: Document, name: str) -> list[list[str]]:
    """The cells after the label of each row whose label (any of its cells) is `name`."""
    found = []
    for table in tables(document):
        for row in table.rows:
            at = [k for k, cell in enumerate(row.cells) if label(cell.text) == label(name)]
            if at and row.cells[at[-1] + 1 :]:
                found.append([cell.text for cell in row.cells[at[-1] + 1 :]])
    return found


def as_printed(value: object) -> str:
    return str(value)


def table_four_columns(document: Document) -> tuple[list[str], list[list[str]]]:
    """Table 四's 15 values, and the labels over each value's column."""
    (four,) = [
        t for t in tables(document) if any(flat(c.text) == "复议后起诉" for r in t.rows for c in r.cells)
    ]
    values = four.rows[-1].cells
    over = [
        [flat(c.text) for row in four.rows[:-1] for c in row.cells if c.col <= v.col < c.col + c.colspan]
        for v in values
    ]
    return [v.text for v in values], over


def huaian_numbers(document: Document) -> tuple[int, int, list[str]]:
    """(right, total, what was wrong) for every number of the transcription, each looked up by its row's label."""
    expected = json.loads((DATA / "huaian_city_2024.json").read_text(encoding="utf-8"))
    right, total, wrong = 0, 0, []

    def check(what: str, got: list[str], want: list[object]) -> None:
        nonlocal right, total
        for k, value in enumerate(want):
            if value is None:
                continue
            total += 1
            if k < len(got) and got[k] == as_printed(value):
                right += 1
            else:
                wrong.append(f"{what}[{k}]: {got} != {want}")

    for name in T2_ROWS:
        want = expected["t2"][name]
        (got,) = row_values(document, name)
        check(name, got, want if isinstance(want, list) else [want])
    for r, (key, want) in zip(T3_ROWS, expected["t3"].items(), strict=True):
        (got,) = row_values(document, T3_LABEL[r])
        check(key, got, want)
    values, over = table_four_columns(document)
    for k in range(15):
        assert GROUPS[k // 5] in over[k] and RESULTS[k % 5] in over[k], (k, over[k])
    check("t4", values, expected["t4"])
    return right, total, wrong


def test_every_number_of_a_real_city_report_is_in_its_row():
    right, total, wrong = huaian_numbers(read_document(HUAIAN))
    assert (right, total) == (200, 200), wrong


def test_the_sections_of_a_real_city_report_are_its_paragraphs():
    expected = json.loads((DATA / "huaian_city_2024.json").read_text(encoding="utf-8"))
    document = read_document(HUAIAN)
    got = [flat(p.text) for p in paragraphs(document)]
    for heading, body in expected["sections"].items():
        want = [flat(line) for line in body.split("\n") if line.strip()]
        start = next(k for k, p in enumerate(paragraphs(document)) if p.text.startswith(heading + "、"))
        assert got[start + 1 : start + 1 + len(want)] == want, heading
    assert got[0] == flat("淮安市人民政府2024年政府信息公开工作年度报告")  # the title over two lines


def test_a_real_city_reports_framed_paragraphs_are_text_and_its_split_label_stays_in_its_cells():
    document = read_document(HUAIAN)
    # WPS draws a frame round two paragraphs (a one-column grid of boxes): they are read as paragraphs.
    assert all(len({c.col for r in t.rows for c in r.cells}) > 1 for t in tables(document))
    assert any(
        p.text.startswith("本报告由淮安市人民政府办公室") and p.place == "第1页第2段"
        for p in paragraphs(document)
    )
    # Table 三 continues on page 5 without its header; the cell 三、本年度办理结果 is carried as an empty cell.
    pages = [t.place for t in tables(document)]
    assert pages == ["第3页的表格", "第4页第1个表格", "第4页第2个表格", "第5页第1个表格", "第5页第2个表格"]
    first = tables(document)[3].rows[0]
    assert [(c.text, c.col, c.colspan, c.rowspan) for c in first.cells][:3] == [
        ("", 0, 1, 11),
        ("法提供", 1, 1, 2),
        ("2.没有现成信息需要另行制作", 2, 1, 1),
    ]
    assert first.place == "第5页"


# --- Files that are no readable report ------------------------------------------------------------------------


# A font of glyph numbers only (no ToUnicode): what a PDF maker writes when it embeds a font without its text.
GLYPHS = (
    b"/F2 << /Type /Font /Subtype /Type0 /BaseFont /Glyphs /Encoding /Identity-H /DescendantFonts [<< /Type /Font"
    b" /Subtype /CIDFontType2 /BaseFont /Glyphs /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity)"
    b" /Supplement 0 >> >>] >>"
)


def handmade(*contents: bytes, compress: bool = False, form: bytes = b"", to_unicode: bytes = b"") -> bytes:
    """A PDF written by hand: a page for each content stream, Helvetica as F1, GLYPHS as F2 (with `to_unicode`
    compressed as its text map), `form` as /X1."""
    streams = [zlib.compress(c) if compress else c for c in contents]
    pages = len(streams)
    kids = " ".join(f"{3 + k} 0 R" for k in range(pages)).encode()
    glyphs = GLYPHS
    if to_unicode:
        glyphs = GLYPHS[:-3] + b" /ToUnicode %d 0 R >>" % (3 + 2 * pages + bool(form))
    shared = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> " + glyphs + b" >>"
    if form:
        shared += b" /XObject << /X1 %d 0 R >>" % (3 + 2 * pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
        + shared
        + b" >> /Contents %d 0 R >>" % (3 + pages + k)
        for k in range(pages)
    ]
    objects += [
        b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if compress else b"")
        + stream
        + b"\nendstream"
        for stream in streams
    ]
    if form:
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d >>\nstream\n" % len(form)
            + form
            + b"\nendstream"
        )
    if to_unicode:
        packed = zlib.compress(to_unicode)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
        )
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def scan() -> bytes:
    """A scanned page: an image of text, no text layer (as a scanner or a photo app writes it)."""
    image = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(image).text((200, 200), "2024 report", fill="black")
    out = io.BytesIO()
    image.save(out, "PDF", resolution=150)
    return out.getvalue()


def encrypted() -> bytes:
    writer = PdfWriter(clone_from=str(HUAIAN))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def many_pages() -> bytes:
    writer = PdfWriter()
    for _ in range(5000):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


NOISE = random.Random(7).randbytes(200_000)
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "scan": (scan, "报告.pdf：是扫描件（没有文字层），无法读取；请找原始Word文件或文字版PDF。"),
    "encrypted": (
        encrypted,
        "报告.pdf：设有打开密码（已加密），无法读取；请找未加密的文件，或用PDF阅读器输入密码后另存为不加密的PDF。",
    ),
    "truncated": (
        lambda: HUAIAN.read_bytes()[: HUAIAN.stat().st_size // 2],
        "报告.pdf：文件不完整（缺少PDF的结尾标记，可能下载或复制时中断了），无法读取；请重新下载或从原件另存为PDF。",
    ),
    "random bytes": (
        lambda: NOISE,
        "报告.pdf：不是PDF文件（文件开头没有PDF标记），无法读取；请确认文件完整、扩展名正确。",
    ),
    "a Word report named .pdf": (
        lambda: TEMPLATE.read_bytes(),
        "报告.pdf：不是PDF文件，看内容是Word等Office文档（.docx），扩展名与内容不符；请改成正确的扩展名后重试。",
    ),
    "a web page named .pdf": (
        lambda: "\ufeff<!DOCTYPE html><html><body>报告</body></html>".encode(),
        "报告.pdf：不是PDF文件，看内容是网页（.html），扩展名与内容不符；请改成正确的扩展名后重试。",
    ),
    "random bytes between a PDF's marks": (
        lambda: b"%PDF-1.7\n" + NOISE + b"\n%%EOF\n",
        "报告.pdf：文件已损坏（文件结构有错），无法读取；请重新下载或从原件另存为PDF。",
    ),
    "5000 pages": (
        many_pages,
        "报告.pdf：共5000页，远超一份年度报告的篇幅（最多读取200页），不再读取；请确认是否选错了文件。",
    ),
    "a 30 MB content stream in 30 KB": (
        lambda: handmade(b"0 0 m 1 1 l S\n" * 2_300_000, compress=True),
        "报告.pdf：第1页内容超过1MB，不像一份年度报告，不再读取；请确认文件是否正确。",
    ),
    "40,000 strokes in 600 KB": (
        lambda: handmade(b"0 0 m 1 1 l S\n" * 20_000, compress=True),
        "报告.pdf：第1页有超过10000笔线条，不像一份年度报告，不再读取；请确认文件是否正确。",
    ),
    "a form of 20 strokes drawn 1,000 times": (
        lambda: handmade(b"/X1 Do\n" * 1000, form=b"0 0 m 1 1 l S\n" * 10),
        "报告.pdf：第1页有超过10000笔线条，不像一份年度报告，不再读取；请确认文件是否正确。",
    ),
    "text in glyph numbers only": (
        lambda: handmade(b"BT /F2 16 Tf 72 700 Td <" + b"0041" * 30 + b"> Tj ET"),
        "报告.pdf：第1页的文字无法识别（PDF里的字体没有附带文字编码，30个字只有字形），无法读取；请找原始Word文件或文字版PDF。",
    ),
    "a text map that inflates to 40 MB": (
        lambda: handmade(b"BT /F2 16 Tf 72 700 Td <0041> Tj ET", to_unicode=bytes(40 << 20)),
        "报告.pdf：第1页嵌入的字体超过32MB，不像一份年度报告，不再读取；请确认文件是否正确。",
    ),
    "a grid of 100 by 100 rules": (
        lambda: handmade(
            b"".join(b"0 %d m 595 %d l S\n" % (8 * k, 8 * k) for k in range(100))
            + b"".join(b"%d 0 m %d 800 l S\n" % (5 * k, 5 * k) for k in range(100))
            + b"BT /F1 9 Tf 10 10 Td (x) Tj ET"
        ),
        "报告.pdf：第1页画有100条横线、100条竖线，远超一份年度报告的表格，不再读取；请确认文件是否正确。",
    ),
    "400,000 graphics states on a page in 800 KB": (
        lambda: handmade(b"q " * 400_000 + b"BT /F1 9 Tf 10 10 Td (x) Tj ET", compress=True),
        "报告.pdf：第1页有超过40000个绘制指令，不像一份年度报告，不再读取；请确认文件是否正确。",
    ),
    "a form of 100 operators drawn 1,000 times": (
        lambda: handmade(b"/X1 Do\n" * 1000, form=b"0 g\n" * 100),
        "报告.pdf：第1页有超过40000个绘制指令，不像一份年度报告，不再读取；请确认文件是否正确。",
    ),
    "15 pages of 30,000 operators each": (
        lambda: handmade(*[b"q Q " * 15_000 + b"BT /F1 9 Tf 10 10 Td (x) Tj ET"] * 15, compress=True),
        "报告.pdf：到第14页已有超过400000个绘制指令，内容异常繁多，不像一份年度报告，不再读取；请确认文件是否正确。",
    ),
    "a million nested brackets in the page's dictionary": (
        lambda: handmade(b"BT /F1 9 Tf 10 10 Td (x) Tj ET").replace(
            b"/Type /Page ", b"/Type /Page /X " + b"[" * 1_000_000 + b"]" * 1_000_000 + b" ", 1
        ),
        "报告.pdf：文件中有超过256KB的对象（正常报告的不到2KB），结构异常，不像一份年度报告，不再读取；请确认文件是否正确。",
    ),
    "an array of 300,000 numbers in the catalog": (
        lambda: handmade(b"BT /F1 9 Tf 10 10 Td (x) Tj ET").replace(
            b"/Type /Catalog", b"/Type /Catalog /X [" + b"0 " * 300_000 + b"]", 1
        ),
        "报告.pdf：文件中有超过256KB的对象（正常报告的不到2KB），结构异常，不像一份年度报告，不再读取；请确认文件是否正确。",
    ),
    "50,000 characters on a page": (
        lambda: handmade(b"BT /F1 1 Tf 10 10 Td (" + b"x" * 50_000 + b") Tj ET", compress=True),
        "报告.pdf：第1页有50000个字符，远超一页报告能容纳的字数，不再读取；请确认文件是否正确。",
    ),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_file_that_is_no_readable_report_is_one_sentence_in_bounded_time(tmp_path, kind):
    make, message = HOSTILE[kind]
    path = tmp_path / "报告.pdf"
    path.write_bytes(make())
    start = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert time.monotonic() - start < 5
    assert str(caught.value) == message


def read_document_of(path: Path, data: bytes) -> Document:
    path.write_bytes(data)
    return read_document(path)


def test_the_handmade_pdf_reads_when_it_holds_a_page_of_text(tmp_path):
    """The hostile files above are refused for what they are, not because the hand-written PDF is broken."""
    path = tmp_path / "报告.pdf"
    said = [
        (b"Work in 2024 went well and the office", b"kept its site up."),
        (b"Requests came in by post and were all", b"answered in time."),
        (b"Next year the office will publish more", b"of its rules."),
    ]
    pages = [b"BT /F1 16 Tf 72 700 Td (%s) Tj 0 -20 Td (%s) Tj ET" % pair for pair in said]
    document = read_document_of(path, handmade(*pages, compress=True))
    assert [(p.text, p.place) for p in paragraphs(document)] == [
        (f"{first.decode()} {second.decode()}", f"第{k}页第1段") for k, (first, second) in enumerate(said, 1)
    ]
    assert document.pages == 3


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    """Permissions without an opening password do not stop a reader, so they do not stop gigen."""
    writer = PdfWriter(clone_from=str(HUAIAN))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "报告.pdf"
    with path.open("wb") as out:
        writer.write(out)
    right, total, _ = huaian_numbers(read_document(path))
    assert right == total == 200


def test_a_cell_is_its_lines_joined_and_numbers_never_join():
    from generator.published.pdflines import cell_text

    def line(text: str) -> Line:
        return Line(text, 0, 10, 0, 10, 10)

    assert cell_text([line("商业"), line("企业")]) == "商业企业"
    assert cell_text([line("结 果"), line("维持")]) == "结果维持"
    assert cell_text([line("3001"), line("53")]) == "3001 53"
    assert cell_text([]) == ""
    assert Cell("x", 0) == Cell("x", 0, 1, 1)


def test_text_drawn_in_a_form_is_read(tmp_path):
    """A form drawn within the bounds is read like the page's own text (the bounds count it as drawn)."""
    data = handmade(b"/X1 Do", form=b"BT /F1 16 Tf 72 700 Td (Inside a form) Tj ET")
    assert [p.text for p in paragraphs(read_document_of(tmp_path / "报告.pdf", data))] == ["Inside a form"]


def test_a_bold_face_drawn_twice_is_read_once(tmp_path):
    data = handmade(
        b"BT /F1 16 Tf 72 700 Td (Bold heading) Tj ET BT /F1 16 Tf 72.4 700.2 Td (Bold heading) Tj ET"
    )
    assert [p.text for p in paragraphs(read_document_of(tmp_path / "报告.pdf", data))] == ["Bold heading"]


def test_a_file_past_its_time_is_given_up_in_one_sentence(tmp_path, monkeypatch):
    """Each page is bounded; the whole file has a time too, checked before each page (here, none left)."""
    from generator.published import pdf

    monkeypatch.setattr(pdf, "TIME_BUDGET", 1e-9)
    with pytest.raises(DocumentError) as caught:
        read_document_of(tmp_path / "报告.pdf", HUAIAN.read_bytes())
    assert str(caught.value) == (
        "报告.pdf：读到第1页已超过0秒，内容异常繁多，不像一份年度报告，不再读取；请确认文件是否正确。"
    )


def test_a_damaged_stream_is_read_up_to_the_damage_in_bounded_time(tmp_path):
    """pdfminer repairs a damaged stream a byte at a time, copying what it has each time (seconds for 300 KB,
    minutes for a few MB); gigen inflates it once and hands pdfminer what came out before the damage."""
    noise = random.Random(3)
    content = b"BT /F1 16 Tf 72 700 Td (Read before the damage) Tj ET\n" + b"".join(
        b"%% %x\n" % noise.getrandbits(256) for _ in range(14_000)
    )
    packed = zlib.compress(content)
    data = handmade(content, compress=True).replace(packed, packed[:-4] + bytes(4))  # its checksum spoilt
    start = time.monotonic()
    document = read_document_of(tmp_path / "报告.pdf", data)
    assert time.monotonic() - start < 5
    assert [p.text for p in paragraphs(document)] == ["Read before the damage"]


def test_a_text_map_is_read_through_the_bounds(tmp_path):
    """The glyph font with a text map (ToUnicode) reads as its text: the bounds decode it for pdfminer."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Map def"
        b" 1 begincodespacerange <0000> <FFFF> endcodespacerange"
        b" 1 beginbfchar <0041> <5E74> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    data = handmade(b"BT /F2 16 Tf 72 700 Td <00410041> Tj ET", to_unicode=cmap)
    assert [p.text for p in paragraphs(read_document_of(tmp_path / "报告.pdf", data))] == ["年年"]


# --- Paragraphs from lines, on pages laid out by hand (points from the top left of an A4 page) ------------------

BODY = 16.0  # 三号
PITCH = 28.0


def body_line(text: str, row: int, *, indent: int = 0, chars: int = 28, size: float = BODY) -> Line:
    """A line of the body on an A4 page: `row` lines from the top margin, `indent` characters in, `chars` long."""
    x0 = 79.0 + indent * size
    top = 105.0 + row * PITCH
    return Line(text, x0, x0 + chars * size, top, top + size, size)


def page_of(number: int, *lines: Line, tables: tuple[tuple[float, Table], ...] = ()) -> PageText:
    return PageText(number, 595.0, 842.0, lines, tables)


def texts(pages: list[PageText]) -> list[tuple[str, str]]:
    return [(b.text, b.place) if isinstance(b, Paragraph) else ("TABLE", b.place) for b in blocks(pages)]


def test_a_paragraph_starts_at_an_indent_after_a_short_line_a_gap_a_size_or_a_heading():
    pages = [
        page_of(
            1,
            Line("叶城县白杨镇人民政府2024年", 130, 465, 60, 82, 22),  # a title over two centred lines
            Line("政府信息公开工作年度报告", 165, 430, 96, 118, 22),
            body_line("一、总体情况", 1, chars=6),  # a heading: its own paragraph
            body_line("2024年，本镇依法公开政府信息，全年主动公开", 2, indent=2, chars=26),
            body_line("信息75条。", 3, chars=6),  # short: the paragraph ends
            body_line("（一）主动公开", 4, chars=7),
            body_line("本镇在公开栏公开信息，", 5, indent=2, chars=26),  # runs to the margin …
            body_line("每月更新", 6, chars=28),  # … and on, full, to the next page
        ),
        page_of(
            2,
            body_line("一次。", 0, chars=3),  # the paragraph goes on at the top of page 2
            body_line("二是各村公开栏同步更新。", 1, indent=2, chars=12),
            body_line("三是网站每周更新。", 3, indent=2, chars=9),  # after a gap of a line
            body_line("— 2 —", 20, indent=12, chars=3),  # the page number
        ),
    ]
    assert texts(pages) == [
        ("叶城县白杨镇人民政府2024年政府信息公开工作年度报告", "第1页第1段"),
        ("一、总体情况", "第1页第2段"),
        ("2024年，本镇依法公开政府信息，全年主动公开信息75条。", "第1页第3段"),
        ("（一）主动公开", "第1页第4段"),
        ("本镇在公开栏公开信息，每月更新一次。", "第1页第5段"),
        ("二是各村公开栏同步更新。", "第2页第1段"),
        ("三是网站每周更新。", "第2页第2段"),
    ]


@pytest.mark.parametrize("number", ["— 3 —", "- 3 -", "3", "第 3 页", "第3页 共6页", "3/6", "Page 3"])
def test_page_numbers_are_left_out_at_the_foot_or_head(number):
    lines = [body_line("正文第一段。", 0, indent=2, chars=6), body_line(number, 23, indent=13, chars=2)]
    head = [body_line(number, -2, indent=13, chars=2), body_line("正文第一段。", 0, indent=2, chars=6)]
    assert texts([page_of(3, *lines)]) == [("正文第一段。", "第3页第1段")]
    assert texts([page_of(3, *head)]) == [("正文第一段。", "第3页第1段")]


def test_a_number_alone_on_the_last_line_of_a_paragraph_is_kept():
    """A count that wrapped onto its own line at the foot of a page stands where body lines begin."""
    page = page_of(
        1, body_line("全年主动公开政府信息共计", 0, indent=2, chars=26), body_line("75", 1, chars=1)
    )
    assert texts([page]) == [("全年主动公开政府信息共计75", "第1页第1段")]


def test_a_running_header_on_most_pages_is_left_out_but_a_heading_on_one_is_kept():
    header = "白杨镇人民政府2024年政府信息公开工作年度报告"
    pages = [
        page_of(
            n, body_line(header, -2, indent=4, chars=20), body_line(f"第{n}页的正文。", 0, indent=2, chars=7)
        )
        for n in (1, 2, 3)
    ]
    pages.append(page_of(4, body_line("六、其他需要报告的事项", 0, chars=11)))
    assert texts(pages) == [
        ("第1页的正文。", "第1页第1段"),
        ("第2页的正文。", "第2页第1段"),
        ("第3页的正文。", "第3页第1段"),
        ("六、其他需要报告的事项", "第4页第1段"),
    ]


def test_a_table_ends_a_paragraph_and_keeps_its_place_in_reading_order():
    table = Table((Row((Cell("规章", 0), Cell("0", 1)), "第1页"),), "第1页的表格")
    page = page_of(
        1,
        body_line("二、主动公开政府信息情况", 0, chars=28),
        body_line("注：以上为本年数据", 8, chars=28),
        tables=((140.0, table),),
    )
    assert texts([page]) == [
        ("二、主动公开政府信息情况", "第1页第1段"),
        ("TABLE", "第1页的表格"),
        ("注：以上为本年数据", "第1页第2段"),
    ]
