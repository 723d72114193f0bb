"""Published reports in Word read back: the body's paragraphs and tables in order, as Word shows them.

The reports are gigen's own five examples, checked against python-docx's reading of the same file; hand-written
document.xml covers what gigen never writes (tracked changes, fields, text boxes, nested tables); damaged and hostile
files each give one sentence.
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from pathlib import Path

import docx
import pytest
from support import (
    convert,
    document_paragraphs,
    document_tables,
    docx_grid,
    example_reports,
    report_paragraphs,
    report_tables,
)

from generator import pdf
from generator.docx.numbering import chinese
from generator.published import read_document, word
from generator.published.document import Cell, Document, DocumentError, Paragraph, Row, Table
from generator.published.normal import squeezed

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return example_reports(tmp_path_factory.mktemp("reports"))


def _read(path: Path) -> Document:
    return word.read(path.name, path.read_bytes(), path.suffix)


def _shown(paragraph: docx.text.paragraph.Paragraph) -> str:
    return paragraph.text.replace("\t", " ")


def test_every_paragraph_and_table_of_a_report_comes_back_in_order(reports):
    for report in reports:
        document = _read(report)
        expected = []  # python-docx's body in order: paragraphs with text, and tables
        for item in docx.Document(str(report)).iter_inner_content():
            if isinstance(item, docx.table.Table):
                expected.append(("表格", len(item.rows)))
            elif item.text.strip():
                expected.append(("段", _shown(item)))
        got = [("表格", len(b.rows)) if isinstance(b, Table) else ("段", b.text) for b in document.blocks]
        assert got == expected, report.name
        assert document_paragraphs(document) == [
            _shown(p) for p in report_paragraphs(report) if p.text.strip()
        ]
        places = [b.place for b in document.blocks if isinstance(b, Paragraph)]
        assert places == [f"正文第{n}段" for n in range(1, len(places) + 1)]


def test_every_table_cell_equals_the_reports_grid(reports):
    for report in reports:
        document = _read(report)
        tables = report_tables(report)
        assert document_tables(document) == [docx_grid(t) for t in tables], report.name
        blocks = [b for b in document.blocks if isinstance(b, Table)]
        for k, (block, table) in enumerate(zip(blocks, tables, strict=True), start=1):
            assert block.place == f"第{k}个表格"
            assert [row.place for row in block.rows] == [
                f"第{k}个表格第{r}行" for r in range(1, len(table.rows) + 1)
            ]
            for r, row in enumerate(block.rows):
                for cell in row.cells:  # python-docx's own reading of the cell at the origin
                    assert cell.text == table.cell(r, cell.col).text


def _package(body: str, *, rels: str | None = None, main: str = "word/document.xml", **parts: str) -> bytes:
    """A .docx holding `body` as its body, and any other parts (header1="..." → word/header1.xml)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        if rels is not None:
            z.writestr("_rels/.rels", rels)
        z.writestr(main, f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
        for name, xml in parts.items():
            z.writestr(f"word/{name}.xml", xml)
    return out.getvalue()


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_text_as_word_shows_it():
    body = (
        _p(_r("一、总体情况"))
        + _p()  # an empty paragraph is not counted
        + _p(
            '<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>',
            _r("甲"),
            "<w:r><w:tab/></w:r>",
            _r("乙"),
            "<w:r><w:br/></w:r>",
            _r("丙"),
        )
        + _p(
            _r("收到"),
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>",
            '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>共</w:t></w:r>',
            '<w:del w:id="1" w:author="x"><w:r><w:delText>9</w:delText></w:r></w:del>',
            '<w:ins w:id="2" w:author="x"><w:r><w:t>5</w:t></w:r></w:ins>',
            _r("件"),
        )
        + _p(
            _r("第"),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            _r("3"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            _r("页"),
            '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>7</w:t></w:r></w:fldSimple>',
        )
        + _p(
            _r("正文"),
            '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
            + _p(_r("文本框里的字"))
            + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
        )
        + f"<w:sdt><w:sdtContent>{_p(_r('内容控件里的段落'))}</w:sdtContent></w:sdt>"
    )
    footer = f'<w:ftr xmlns:w="{W}">{_p(_r("版权所有 页脚"))}</w:ftr>'
    document = word.read("报告.docx", _package(body, footer1=footer), ".docx")
    assert document.blocks == (
        Paragraph("一、总体情况", "正文第1段"),
        Paragraph("甲 乙\n丙", "正文第2段"),
        Paragraph("收到共5件", "正文第3段"),
        Paragraph("第3页7", "正文第4段"),
        Paragraph("正文", "正文第5段"),
        Paragraph("内容控件里的段落", "正文第6段"),
    )


def test_merged_and_nested_cells():
    def tc(inner: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>"

    nested = f"<w:tbl><w:tr>{tc(_p(_r('内表甲')))}{tc(_p(_r('内表乙')))}</w:tr></w:tbl>"
    restart, merged, span = '<w:vMerge w:val="restart"/>', "<w:vMerge/>", '<w:gridSpan w:val="2"/>'
    first = tc(_p(_r("三、本年度办理结果")), restart) + tc(_p(_r("申请人情况")), span)
    second = tc(_p(), merged) + tc(_p(_r("1")) + nested + _p(_r("后"))) + tc(_p(_r("O")))
    third = '<w:trPr><w:gridBefore w:val="2"/></w:trPr>' + tc(_p(_r("—")))
    table = f"<w:tbl><w:tr>{first}</w:tr><w:tr>{second}</w:tr><w:tr>{third}</w:tr></w:tbl>"
    document = word.read("报告.docx", _package(_p(_r("标题")) + table + _p(_r("结尾"))), ".docx")
    assert document.blocks == (
        Paragraph("标题", "正文第1段"),
        Table(
            (
                Row((Cell("三、本年度办理结果", 0, 1, 2), Cell("申请人情况", 1, 2, 1)), "第1个表格第1行"),
                Row((Cell("1\n内表甲\n内表乙\n后", 1), Cell("O", 2)), "第1个表格第2行"),
                Row((Cell("—", 2),), "第1个表格第3行"),
            ),
            "第1个表格",
        ),
        Paragraph("结尾", "正文第2段"),
    )


def test_the_main_part_is_found_through_the_packages_relationships():
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="/word/document2.xml"/></Relationships>'
    )
    data = _package(_p(_r("正文")), rels=rels, main="word/document2.xml")
    assert word.read("报告.docx", data, ".docx").blocks == (Paragraph("正文", "正文第1段"),)


def test_a_document_saved_as_strict_open_xml():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{strict}"><w:body>{_p(_r("一、总体情况"))}</w:body></w:document>',
        )
    assert word.read("报告.docx", out.getvalue(), ".docx").blocks == (Paragraph("一、总体情况", "正文第1段"),)


def test_a_docx_named_doc_is_read_as_docx_and_the_file_through_read_document(tmp_path):
    path = tmp_path / "报告.doc"
    path.write_bytes(_package(_p(_r("一、总体情况"))))
    assert read_document(path).blocks == (Paragraph("一、总体情况", "正文第1段"),)


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * (40 << 20))
    return out.getvalue()


_NOT_WORD = "：不是 Word 或 WPS 文档（文件内容无法识别），请在 Word 或 WPS 中打开后另存为 .docx 再试。"
_DAMAGED = (
    "：文件已损坏或不是 Word 文档（压缩包不完整或已损坏），请在 Word 或 WPS 中打开后另存为 .docx 再试。"
)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "炸弹.docx",
            _bomb(),
            "：无法读取（压缩包中的“word/document.xml”解压后超过32MB（或全部文件超过128MB），"
            "远大于正常的文件，可能是恶意构造的压缩包，未读取）。",
        ),
        ("截断.docx", _package(_p(_r("正文")))[:-30], _DAMAGED),
        ("乱码.docx", random.Random(1).randbytes(5000), _NOT_WORD),
        ("乱码.doc", random.Random(2).randbytes(5000), _NOT_WORD),
        (
            "表格.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(5000),
            _NOT_WORD,
        ),  # a compound file, not Word's
        ("空.docx", b"", "：文件是空的。"),
        (
            "无正文.docx",
            _package("", main="word/other.xml"),
            "：不是 Word 文档（文件里没有正文部分），请在 Word 或 WPS 中打开后另存为 .docx 再试。",
        ),
        (
            "坏XML.docx",
            _package("<w:p><w:r><w:t>未闭合</w:r></w:p>"),
            "：Word 文档的正文已损坏，无法读取，请在 Word 或 WPS 中打开后另存为 .docx 再试。",
        ),
        (
            "深.docx",
            _package("<w:p>" + "<w:r>" * 5000 + "</w:r>" * 5000 + "</w:p>"),
            "：Word 文档的正文已损坏，无法读取，请在 Word 或 WPS 中打开后另存为 .docx 再试。",
        ),
        ("无字.docx", _package(_p() + _p()), "：文档中没有文字，可能是扫描的图片，无法读取。"),
        (
            "宽表.docx",
            _package("<w:tbl><w:tr>" + ("<w:tc>" + _p(_r("1")) + "</w:tc>") * 300_000 + "</w:tr></w:tbl>"),
            "：文件有600000个段落和表格单元格，远多于一份年度报告（不超过60000个），不是年度报告，未读取。",
        ),
        (
            "长.docx",
            _package(_p(_r("一、总体情况")) * 400_000),
            "：文件有400000个段落和表格单元格，远多于一份年度报告（不超过60000个），不是年度报告，未读取。",
        ),
    ],
)
def test_damaged_and_hostile_files_are_one_sentence(name, data, message):
    started = time.perf_counter()
    with pytest.raises(DocumentError) as raised:
        word.read(name, data, Path(name).suffix)
    assert str(raised.value) == name + message
    assert time.perf_counter() - started < 5


def test_doc_without_libreoffice_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    with pytest.raises(DocumentError) as raised:
        word.read(
            "报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), ".doc"
        )
    assert str(raised.value) == (
        "报告.doc：读取 .doc 文件需要 LibreOffice，本机没有安装（Windows 从 https://zh-cn.libreoffice.org 下载安装；"
        "统信UOS、麒麟或 Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer），"
        "也可以在 Word 或 WPS 中把它另存为 .docx 后再试。"
    )


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (
            'sleep 30 & echo $! > "$0.child"; wait',  # the office a launcher starts is stopped with it
            "报告.wps：LibreOffice 转换失败（超过1秒仍未完成），请在 Word 或 WPS 中打开后另存为 .docx 再试。",
        ),
        (
            "exit 0",
            "报告.wps：LibreOffice 无法把它转换为 .docx，文件可能已损坏或不是 Word 文档，"
            "请在 Word 或 WPS 中打开后另存为 .docx 再试。",
        ),
    ],
)
def test_a_conversion_that_hangs_or_fails_is_one_sentence(monkeypatch, tmp_path, script, message):
    program = tmp_path / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(program))
    monkeypatch.setattr(pdf, "TIMEOUT_CONVERSION", 1)
    started = time.perf_counter()
    with pytest.raises(DocumentError) as raised:
        word.read("报告.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".wps")
    assert str(raised.value) == message
    assert time.perf_counter() - started < 10
    child = program.with_name("soffice.child")
    if child.exists():
        assert not _running(int(child.read_text(encoding="utf-8")))


def _running(pid: int) -> bool:
    """Whether a process still runs (a zombie no one has reaped yet has stopped)."""
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        if state == "Z":
            return False
        time.sleep(0.1)
    return True


def test_a_report_saved_as_doc_by_libreoffice_reads_as_the_docx(reports, tmp_path):
    for report in reports:
        doc = convert(report, "doc", tmp_path)
        original, converted = _read(report), _read(doc)
        assert document_paragraphs(converted) == document_paragraphs(original), report.name
        two_three, four = document_tables(converted)[:2], document_tables(converted)[2]
        assert two_three == document_tables(original)[:2]
        # LibreOffice splits one grid column of table 四 in two: the same cells, row by row, in the same order
        assert _by_row(four) == _by_row(document_tables(original)[2])


@pytest.mark.parametrize("fmt", ["rtf", "xml:MS Word 2003 XML", "odt"])
def test_other_word_formats_named_doc_read_as_the_docx(reports, tmp_path, fmt):
    """RTF and Word 2003 XML saved as .doc go through LibreOffice; an OpenDocument text named .doc is refused."""
    converted = convert(reports[0], fmt, tmp_path)
    named = converted.rename(converted.with_suffix(".doc"))
    if fmt == "odt":  # a zip without word/document.xml
        with pytest.raises(DocumentError) as raised:
            _read(named)
        assert str(raised.value) == (
            f"{named.name}：不是 Word 文档（文件里没有正文部分），请在 Word 或 WPS 中打开后另存为 .docx 再试。"
        )
        return
    document, original = _read(named), _read(reports[0])
    assert document_paragraphs(document) == document_paragraphs(original)
    # LibreOffice writes these formats without some of the tables' vertical merges: the cells' text, in order
    assert _texts(document) == _texts(original)


def _texts(document: Document) -> list[list[str]]:
    return [
        [text for _pos, (_rs, _cs, text) in sorted(grid.items()) if text]
        for grid in document_tables(document)
    ]


def _by_row(grid: dict[tuple[int, int], tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [(r, rowspan, text) for (r, _c), (rowspan, _span, text) in sorted(grid.items())]


def test_a_report_framed_in_a_table_of_one_cell_reads_as_its_body():
    inner = (
        "<w:tbl><w:tr><w:tc>" + _p(_r("信息内容")) + "</w:tc><w:tc>" + _p(_r("0")) + "</w:tc></w:tr></w:tbl>"
    )
    frame = (
        "<w:tbl><w:tr><w:tc><w:tcPr/>"
        + _p(_r("一、总体情况"))
        + inner
        + _p(_r("结尾"))
        + "</w:tc></w:tr></w:tbl>"
    )
    document = word.read("报告.docx", _package(frame), ".docx")
    assert document.blocks == (
        Paragraph("一、总体情况", "正文第1段"),
        Table((Row((Cell("信息内容", 0), Cell("0", 1)), "第1个表格第1行"),), "第1个表格"),
        Paragraph("结尾", "正文第2段"),
    )


# Word's automatic numbering: a heading style numbered 一、, levels （一） and 1., a list ① restarted by a second
# list instance, a paragraph taken out of its list (numId 0).
_CT = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""
_DOCRELS = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""


def _lvl(i, fmt, text, suff="nothing"):
    return f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/></w:lvl>'


_NUMBERING = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
    + _lvl(0, "chineseCounting", "%1、")
    + _lvl(1, "chineseCounting", "（%2）")
    + _lvl(2, "decimal", "%3.", "tab")
    + '</w:abstractNum><w:abstractNum w:abstractNumId="1">'
    + _lvl(0, "decimalEnclosedCircle", "%1")
    + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>'
)
_STYLES = (
    f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="H1b"><w:name w:val="heading 1b"/><w:basedOn w:val="H1"/></w:style></w:styles>'
)


def _np(text, num=None, ilvl=0, style=None):
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


_BODY = "".join(
    [
        _np("总体情况", style="H1"),
        _np("主动公开", 1, 1),
        _np("要点", 1, 2),
        _np("要点二", 1, 2),
        _np("依申请公开", 1, 1),
        _np("要点", 1, 2),
        _np("主动公开政府信息情况", style="H1b"),
        _np("甲", 2),
        _np("乙", 2),
        _np("重新", 3),
        _np("未编号", 0),
        _np("收到和处理", 1, 0),
    ]
)


def _numbered_docx(body=_BODY, numbering=_NUMBERING, styles=_STYLES):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/_rels/document.xml.rels", _DOCRELS)
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
        z.writestr("word/numbering.xml", numbering)
        z.writestr("word/styles.xml", styles)
    return out.getvalue()


def test_numbers_of_automatic_numbering_are_read_as_word_shows_them():
    document = word.read("编号.docx", _numbered_docx(), ".docx")
    assert document_paragraphs(document) == [
        "一、总体情况",
        "（一）主动公开",
        "1.要点",
        "2.要点二",
        "（二）依申请公开",
        "1.要点",
        "二、主动公开政府信息情况",
        "①甲",
        "②乙",
        "①重新",
        "未编号",
        "三、收到和处理",
    ]


def test_numbers_agree_with_libreoffices_rendering_of_the_same_file(tmp_path):
    path = tmp_path / "编号.docx"
    path.write_bytes(_numbered_docx())
    text = convert(path, "txt:Text", tmp_path).read_text(encoding="utf-8-sig")
    # LibreOffice's text export puts a space after every number, and indents by level
    assert [squeezed(p) for p in document_paragraphs(_read(path))] == [
        squeezed(line) for line in text.splitlines()
    ]


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1005, "一千零五"),
    ],
)
def test_chinese_counting(n, shown):
    assert chinese(n) == shown
