"""The built report, opened again: table grids cell by cell, headings, narrative, typesetting."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from official import (
    HEADINGS,
    TABLE_FOUR,
    TABLE_FOUR_KEYS,
    TABLE_THREE,
    TABLE_THREE_KEYS,
    TABLE_TWO,
    TABLE_TWO_KEYS,
)
from support import (
    TEMPLATE,
    consistent_values,
    document_xml,
    docx_grid,
    edited_template,
    expected_value,
    rewrite_part,
)

from generator.cli import app
from generator.docx.typeset import STYLE_DATE, STYLE_SIGNATURE
from generator.pipeline import build

NARRATIVE = {
    "preface": "本报告依据《中华人民共和国政府信息公开条例》编制。\n统计期限自2024年1月1日起至2024年12月31日止。",
    "s1_intro": "2024年，本镇认真贯彻落实条例。\n第二段：A&B <公司> “双引号” ‘单引号’ \"直引号\" 'x' 〔2020〕《办法》。",
    "s1_proactive": "主动公开政府信息75条。\n其中通知公告24条。",
    "s1_request": "本年新收申请若干件。",
    "s1_management": "严格落实保密审查制度。",
    "s1_platform": "通过县政府门户网站公开。",
    "s1_oversight": "开展工作考核、社会评议，未发生责任追究情况。",
    "s1_oversight_title": "监督保障方面",
    "s5_problems": "一是公开形式单一。\n二是更新不够及时。",
    "s5_improvements": "一是加强培训。\n二是完善制度。",
    "s6_other": "本年度无其他需要报告的事项。",
    "signature": "测试县测试镇人民政府",
    "date": "2025年1月26日",
}
# The least a workbook needs to build: its fee cells (a blank one is an error, S-SIX), and a word in 一 and 五
# (an empty section is an error, S-ONE and S-FIVE).
FEES_ZERO = {
    "fee_notices": 0,
    "fee_collected": 0,
    "s1_intro": "本镇依法做好政府信息公开工作。",
    "s1_platform": "依托县政府门户网站“政务公开”专栏公开政府信息。",
    "s1_accountability_cases": 0,  # 监督保障 written from this cell alone
    "s5_problems": "公开内容还不够细，解读形式比较单一。",
}
TABLES = [
    ("二", TABLE_TWO, TABLE_TWO_KEYS),
    ("三", TABLE_THREE, TABLE_THREE_KEYS),
    ("四", TABLE_FOUR, TABLE_FOUR_KEYS),
]


@pytest.fixture
def values() -> dict:
    return {**consistent_values(), **NARRATIVE}


@pytest.fixture
def report(make_workbook, values, tmp_path) -> Path:
    return build(make_workbook(values=values), tmp_path / "out").report


def test_report_is_named_by_its_title(report):
    assert report.name == "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"


@pytest.mark.parametrize(("index", "name"), [(0, "二"), (1, "三"), (2, "四")])
def test_table_grid_matches_the_official_format_cell_for_cell(report, values, index, name):
    _, official, keys = TABLES[index]
    table = docx.Document(str(report)).tables[index]
    grid = docx_grid(table)
    expected = {}
    for r, c, rs, cs, text in official:
        expected[(r, c)] = (rs, cs, text if text is not None else expected_value(values, keys[(r, c)]))
    assert grid == expected
    # The declared grid has as many columns as the official one, and every row fills it.
    assert len(table._tbl.tblGrid.findall(qn("w:gridCol"))) == max(c + cs for _, c, _, cs, _ in official)


def test_zero_prints_as_0_and_money_as_typed(make_workbook, tmp_path):
    report = build(
        make_workbook(values=FEES_ZERO, t2_fees=0.1, fee_notices=2, fee_collected=7730.28), tmp_path
    ).report
    doc = docx.Document(str(report))
    t2 = docx_grid(doc.tables[0])
    assert t2[(13, 1)][2] == "0.1"
    assert all(text == "0" for (r, c), (_, _, text) in docx_grid(doc.tables[1]).items() if r >= 3 and c >= 3)
    texts = [p.text for p in doc.paragraphs]
    assert (
        "本年度，本机关依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，"
        "发出信息处理费收费通知2件，实际收取信息处理费7730.28元。"
    ) in texts


def test_headings_in_order_with_heading_styles(report):
    doc = docx.Document(str(report))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == HEADINGS
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert h2 == [
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）政府信息公开平台建设",
        "（五）监督保障方面",
        "（一）存在问题",
        "（二）改进情况",
    ]
    # Real heading styles with outline levels: Word's navigation pane shows 一…六 and their （一）…
    levels = {
        name: doc.styles[name].element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val"))
        for name in ("Heading 1", "Heading 2")
    }
    assert levels == {"Heading 1": "0", "Heading 2": "1"}
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and p.text]
    assert body and all(
        p._p.pPr is None or len(p._p.pPr) == 0 for p in body
    )  # a named style, no direct formatting
    # The title in two lines broken between words (GB/T 9704 §7.3.1), not where the line happens to fill.
    assert doc.paragraphs[0].text == "测试县测试镇人民政府2024年\n政府信息公开工作年度报告"
    assert doc.paragraphs[0].style.name == "报告标题"


def test_every_narrative_paragraph_arrives_intact_and_in_place(report):
    texts = [p.text for p in docx.Document(str(report)).paragraphs]

    def after(heading: str) -> list[str]:
        start = texts.index(heading) + 1
        end = next((i for i in range(start, len(texts)) if texts[i] in HEADINGS), len(texts))
        return texts[start:end]

    assert texts[1:3] == NARRATIVE["preface"].split("\n")
    one = after("一、总体情况")
    assert one == [
        "2024年，本镇认真贯彻落实条例。",
        "第二段：A&B <公司> “双引号” ‘单引号’ \"直引号\" 'x' 〔2020〕《办法》。",
        "（一）主动公开",
        "主动公开政府信息75条。",
        "其中通知公告24条。",
        "（二）依申请公开",
        "本年新收申请若干件。",
        "（三）政府信息管理",
        "严格落实保密审查制度。",
        "（四）政府信息公开平台建设",
        "通过县政府门户网站公开。",
        "（五）监督保障方面",
        "开展工作考核、社会评议，未发生责任追究情况。",
    ]
    assert after("五、存在的主要问题及改进情况") == [
        "（一）存在问题",
        "一是公开形式单一。",
        "二是更新不够及时。",
        "（二）改进情况",
        "一是加强培训。",
        "二是完善制度。",
    ]
    six = after("六、其他需要报告的事项")
    assert six[0].startswith("本年度，本机关依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）")
    assert six[1] == "本年度无其他需要报告的事项。"
    assert six[-2:] == ["测试县测试镇人民政府", "2025年1月26日"]


def test_sub_headings_are_kaiti_heading_paragraphs_without_a_stop(make_workbook, tmp_path):
    report = build(
        make_workbook(values=FEES_ZERO, s1_request_title="依申请公开：", s1_request="无。"), tmp_path
    ).report
    doc = docx.Document(str(report))
    i = next(i for i, p in enumerate(doc.paragraphs) if p.text.startswith("（二）"))
    heading, body = doc.paragraphs[i], doc.paragraphs[i + 1]
    assert (heading.text, heading.style.name, body.text, body.style.name) == (
        "（二）依申请公开",
        "Heading 2",
        "无。",
        "Normal",
    )
    fonts = heading.style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    j = next(j for j, p in enumerate(doc.paragraphs) if p.text.startswith("（四）"))
    assert [p.text for p in doc.paragraphs[j : j + 3]] == [
        "（四）政府信息公开平台建设",
        FEES_ZERO["s1_platform"],
        "（五）监督保障",
    ]  # a blank aspect is refused or left out: test_aspects.py


def test_blank_signature_uses_the_org_name_and_no_date_line(make_workbook, tmp_path):
    doc = docx.Document(str(build(make_workbook(values=FEES_ZERO), tmp_path).report))
    closing = [p for p in doc.paragraphs if p.style.name in (STYLE_SIGNATURE, STYLE_DATE)]
    assert [(p.style.name, p.text) for p in closing] == [(STYLE_SIGNATURE, "测试县测试镇人民政府")]


def test_date_starts_two_characters_right_of_the_signature(report):
    """GB/T 9704 §7.3.5.2, in character widths from the left margin: both lines start where the rule puts them."""
    doc = docx.Document(str(report))
    signature = next(p for p in doc.paragraphs if p.style.name == STYLE_SIGNATURE)
    date = next(p for p in doc.paragraphs if p.style.name == STYLE_DATE)
    char = 16 * 20 - 5  # twips of one body character
    line = 8844 / char  # 156 mm of line
    # Widths counted by hand: ten characters; four digits, 年, one digit, 月, two digits, 日 (a digit is half).
    assert (signature.text, date.text) == ("测试县测试镇人民政府", "2025年1月26日")
    sig_start = signature.paragraph_format.left_indent.twips / char
    date_start = date.paragraph_format.left_indent.twips / char
    assert date_start - sig_start == pytest.approx(2, abs=0.01)
    assert line - (sig_start + 10) == pytest.approx(2, abs=0.01)  # the longer signature stands 右空二字
    assert signature.alignment == date.alignment == 0  # flush left from there: the start never moves


def test_a_date_longer_than_the_signature_stands_two_characters_from_the_margin(
    make_workbook, values, tmp_path
):
    """§7.3.5.2: a date that would pass 右空二字 is set there, and the signature moves left to stay 2 before it."""
    # Widths counted by hand: 5 characters; 7 (four digits and two pairs of digits, 3 characters more).
    values = {**values, "signature": "白杨镇政府", "date": "2025年12月26日"}
    doc = docx.Document(str(build(make_workbook(values=values), tmp_path / "out").report))
    char = 16 * 20 - 5
    closing = [p for p in doc.paragraphs if p.style.name in (STYLE_SIGNATURE, STYLE_DATE)]
    starts = {p.text: p.paragraph_format.left_indent.twips / char for p in closing}
    assert 8844 / char - (starts["2025年12月26日"] + 7) == pytest.approx(2, abs=0.01)
    assert starts["2025年12月26日"] - starts["白杨镇政府"] == pytest.approx(2, abs=0.01)


def test_page_setup_follows_gbt_9704(report):
    doc = docx.Document(str(report))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert margins == [37, 35, 28, 26]
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "—  —"  # the PAGE field sits between the dashes
    assert (odd.alignment, even.alignment) == (2, 0)  # right, left
    for footer in (odd, even):
        assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")).strip() == "PAGE"


def _style_fonts(report: Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    doc = docx.Document(str(report))
    fonts = {}
    for name in ("Normal", "Heading 1", "Heading 2", "报告标题", "表格文字", "页码"):
        rpr = doc.styles[name].element.find(qn("w:rPr"))
        rfonts = rpr.find(qn("w:rFonts"))
        size = rpr.find(qn("w:sz")).get(qn("w:val"))
        theme = [a for a in rfonts.attrib if "Theme" in a]
        assert not theme, f"{name} uses theme fonts {theme}"
        fonts[name] = (rfonts.get(qn("w:eastAsia")), size, rfonts.get(qn("w:ascii")))
    return fonts


def test_fonts_are_explicit_east_asian_fonts(report):
    assert _style_fonts(report) == {
        "Normal": ("仿宋_GB2312", "32", "Times New Roman"),
        "Heading 1": ("黑体", "32", "Times New Roman"),
        "Heading 2": ("楷体_GB2312", "32", "Times New Roman"),
        "报告标题": ("方正小标宋简体", "44", "方正小标宋简体"),
        "表格文字": ("宋体", "21", "Times New Roman"),
        "页码": ("宋体", "28", "宋体"),  # GB/T 9704: 4号半角宋体阿拉伯数字
    }
    styles = docx.Document(str(report)).styles
    # Only body and headings indent; the rest say 0 outright, since firstLineChars would be inherited.
    for name in (
        "Normal",
        "Heading 1",
        "Heading 2",
        "报告标题",
        "表格文字",
        "表格文字左",
        "署名",
        "成文日期",
        "页码",
    ):
        ind = styles[name].element.find(qn("w:pPr")).find(qn("w:ind"))
        expected = "200" if name in ("Normal", "Heading 1", "Heading 2") else "0"
        assert ind.get(qn("w:firstLineChars")) == expected, name
    for name in ("表格文字", "报告标题", "页码"):
        assert styles[name].element.find(qn("w:rPr")).find(qn("w:spacing")).get(qn("w:val")) == "0"
    body = styles["Normal"].paragraph_format
    assert body.line_spacing.pt == pytest.approx(28.95)
    assert body.first_line_indent.pt == 32
    assert styles["Heading 1"].element.find(qn("w:pPr")).find(qn("w:outlineLvl")).get(qn("w:val")) == "0"


def test_tables_widths_agree_and_borders_are_single(report):
    for table in docx.Document(str(report)).tables:
        tbl = table._tbl
        grid = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid) <= 8844
        for tr in tbl.findall(qn("w:tr")):
            col = 0
            for tc in tr.findall(qn("w:tc")):
                span = tc.grid_span
                assert int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) == sum(grid[col : col + span])
                col += span
            assert col == len(grid)
            assert tr.trPr.find(qn("w:cantSplit")) is not None
        borders = tbl.tblPr.find(qn("w:tblBorders"))
        assert {(b.get(qn("w:val")), b.get(qn("w:sz"))) for b in borders} == {("single", "4")}


def test_table_three_repeats_its_header_rows(report):
    rows = docx.Document(str(report)).tables[1]._tbl.findall(qn("w:tr"))
    repeat = [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows]
    assert repeat[:3] == [True, True, True] and not any(repeat[3:])


def test_report_xml_is_well_formed_and_escaped(report):
    with zipfile.ZipFile(report) as z:
        for part in z.namelist():
            if part.endswith(".xml"):
                etree.fromstring(z.read(part))  # raises on anything Word could not parse
        xml = z.read("word/document.xml").decode()
    assert "A&amp;B &lt;公司&gt;" in xml
    assert "{{" not in xml and "{%" not in xml


def test_template_syntax_typed_by_a_clerk_prints_literally(make_workbook, tmp_path):
    typed = "{{ org_name }} 与 {% if true %}是{% endif %} 和 {#注释#} 原样保留"
    report = build(
        make_workbook(values=FEES_ZERO, s6_other=typed, s1_platform_title="{{ year }}"), tmp_path
    ).report
    texts = [p.text for p in docx.Document(str(report)).paragraphs]
    assert typed in texts
    assert "（四）{{ year }}" in texts


def test_report_is_an_ordinary_readable_file(report):
    assert report.stat().st_mode & 0o644 == 0o644


def test_a_template_expression_that_cannot_be_computed_is_a_template_error(make_workbook, tmp_path):
    from generator.errors import TemplateError

    template = edited_template(
        tmp_path / "县模板.docx", "{{ org_name }}", "{{ org_name }}{{ t3_new_total + 1 }}"
    )
    with pytest.raises(
        TemplateError,
        match=r"^县模板.docx：模板正文“\{\{ org_name \}\}\{\{ t3_new_total \+ 1 \}\}.*”处表达式无法计算"
        r"（请只用 \{\{ 字段名 \}\} 填入数据），无法生成报告。$",
    ):
        build(make_workbook(), tmp_path / "out", template=template)


def test_a_tag_that_breaks_the_xml_is_refused_not_written(make_workbook, tmp_path):
    from generator.errors import TemplateError

    # A {%p if %} with no {%p endif %}, typed into a table cell: refused before anything is written.
    template = edited_template(
        tmp_path / "县模板.docx", "{{ t3_new_natural }}", "{{ t3_new_natural }}{%p if false %}"
    )
    with pytest.raises(TemplateError):
        build(make_workbook(), tmp_path / "out", template=template)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_pictures_repeated_by_a_loop_get_unique_ids(make_workbook, tmp_path):
    """docxtpl renumbers pictures a loop repeats (duplicate ids make Word offer to repair the file); so does gigen."""
    import base64

    from generator.docx import render
    from generator.xlsx import read_workbook

    png = tmp_path / "印章.png"
    png.write_bytes(
        base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
        )
    )
    doc = docx.Document()
    doc.add_paragraph("{%p for p in s1_intro %}")
    doc.add_paragraph("{{ p }}").add_run().add_picture(str(png))
    doc.add_paragraph("{%p endfor %}")
    template = tmp_path / "县模板.docx"
    doc.save(str(template))
    data = read_workbook(make_workbook(s1_intro="第一段\n第二段\n第三段"))
    ids = re.findall(r'<wp:docPr id="(\d+)"', document_xml(render(data, template)))
    assert len(ids) == 3 and len(set(ids)) == 3


def test_a_template_part_with_a_chinese_name_keeps_its_name(runner, make_workbook, tmp_path):
    template = edited_template(tmp_path / "县模板.docx")  # the default template, unchanged
    with zipfile.ZipFile(template, "a") as z:
        z.writestr("customXml/县里的说明.txt", "本模板由县政务公开办修改。")
    out = tmp_path / "报告"
    result = runner.invoke(app, ["build", str(make_workbook()), "-o", str(out), "--template", str(template)])
    assert result.exit_code == 0, result.output
    (report,) = out.glob("*.docx")
    with zipfile.ZipFile(report) as z:
        assert z.read("customXml/县里的说明.txt").decode("utf-8") == "本模板由县政务公开办修改。"


FEE_LAW = "本年度，本机关依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，"


@pytest.mark.parametrize(
    ("notices", "amount", "sentence"),
    [
        (0, 0, FEE_LAW + "未发出信息处理费收费通知，未收取信息处理费。"),
        (2, 0, FEE_LAW + "发出信息处理费收费通知2件，未实际收取信息处理费。"),
        (2, 150.5, FEE_LAW + "发出信息处理费收费通知2件，实际收取信息处理费150.5元。"),
    ],
    ids=["没有通知", "只有通知", "通知并收费"],
)
def test_section_six_opens_with_the_fee_statement(make_workbook, tmp_path, notices, amount, sentence):
    values = {**FEES_ZERO, "fee_notices": notices, "fee_collected": amount}
    texts = [
        p.text for p in docx.Document(str(build(make_workbook(values=values), tmp_path).report)).paragraphs
    ]
    assert texts[texts.index("六、其他需要报告的事项") + 1] == sentence


def test_tags_in_the_footer_are_filled_in(make_workbook, tmp_path):
    template = rewrite_part(
        tmp_path / "县模板.docx",
        "word/footer1.xml",
        lambda xml: xml.replace(
            b'preserve">\xe2\x80\x94 <', b'preserve">{{ org_name }} \xe2\x80\x94 <'
        ),  # before "— "
        source=TEMPLATE,
    )
    report = build(make_workbook(values=FEES_ZERO), tmp_path / "out", template=template).report
    footers = {p.text for s in docx.Document(str(report)).sections for p in s.footer.paragraphs}
    assert "测试县测试镇人民政府 —  —" in footers  # the page number is a field, not the paragraph's text
