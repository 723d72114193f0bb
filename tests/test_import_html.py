"""Published reports as web pages read back: the report without the site around it, in any of the encodings
Chinese sites use, its tables with their merged cells; gigen's reports exported to HTML by LibreOffice read as the
Word file does."""

from __future__ import annotations

import codecs
import random
import time
from pathlib import Path

import pytest
from support import convert, document_paragraphs, document_tables, example_reports

from generator.published import html, word
from generator.published.document import Cell, DocumentError, Paragraph, Row, Table


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return example_reports(tmp_path_factory.mktemp("reports"))


def _by_row(grid: dict[tuple[int, int], tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [(r, rowspan, text) for (r, _c), (rowspan, _span, text) in sorted(grid.items())]


def test_a_report_exported_to_html_reads_as_the_word_file(reports, tmp_path):
    for report in reports:
        page = convert(report, "html", tmp_path)
        document = html.read(page.name, page.read_bytes())
        original = word.read(report.name, report.read_bytes(), ".docx")
        # a line break inside a Word paragraph (the title's) is a <br> in the page: a line of its own there
        lines = [line for text in document_paragraphs(original) for line in text.split("\n") if line.strip()]
        assert document_paragraphs(document) == lines, report.name
        places = [b.place for b in document.blocks if isinstance(b, Paragraph)]
        assert places == [f"第{n}段" for n in range(1, len(lines) + 1)]
        tables, expected = document_tables(document), document_tables(original)
        assert tables[:2] == expected[:2]
        # LibreOffice splits one grid column of table 四 in two: the same cells, row by row, in the same order
        assert _by_row(tables[2]) == _by_row(expected[2])
        assert [b.place for b in document.blocks if isinstance(b, Table)] == [
            "第1个表格",
            "第2个表格",
            "第3个表格",
        ]


PAGE = """<!DOCTYPE html>
<html><head>{meta}
<title>白杨镇人民政府2024年政府信息公开工作年度报告_叶城县人民政府</title>
<script>var nav = "一、脚本里的字";</script><style>p {{ color: red }}</style></head>
<body>
<div class="top"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hdjl">互动交流</a></div>
<nav>一、导航菜单 二、网上办事</nav>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="article">
  <h1 class="title">白杨镇人民政府2024年<br>政府信息公开工作年度报告</h1>
  <div class="info">发布时间：2025-01-20 来源：白杨镇 浏览次数：123 【字体：大 中 小】</div>
  <div class="content" id="zoom">
    <p>　　本报告根据《中华人民共和国政府信息公开条例》编制。</p>
    <p><strong>一、总体情况</strong></p>
    <p>　　2024年，我镇
    认真贯彻落实&nbsp;条例。<br>第二行文字。</p>
    <div>（一）主动公开<div>通过网站公开信息75条。</div>尾随的文字</div>
    <p><b>二、主动公开政府信息情况</b></p>
    <table border="1">
      <tr><td colspan="4">第二十条第（一）项</td></tr>
      <tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>
      <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
      <tr><td><p>行政规范性</p><p>文件</p></td><td>1</td><td>0</td><td>3</td></tr>
    </table>
    <p>三、收到和处理政府信息公开申请情况</p>
    <p>四、政府信息公开行政复议、行政诉讼情况</p>
    <p>五、存在的主要问题及改进情况</p>
    <p>六、其他需要报告的事项</p>
    <p>　　无。</p>
    <p style="display: none">隐藏的文字</p>
    <div class="share">分享到：微信 微博</div>
  </div>
  <div class="print"><a>【打印本页】</a> <a>【关闭窗口】</a></div>
</div>
<div class="related"><p>相关文章</p><table><tr><td>白杨镇人民政府2023年政府信息公开工作年度报告</td><td>2024-01-15</td></tr></table></div>
<footer>版权所有：叶城县人民政府 网站标识码：6531260001 新ICP备12345678号</footer>
<div class="foot">主办单位：叶城县人民政府办公室 网站标识码：6531260001</div>
</body></html>"""

EXPECTED = (
    Paragraph("白杨镇人民政府2024年", "第1段"),
    Paragraph("政府信息公开工作年度报告", "第2段"),
    Paragraph("本报告根据《中华人民共和国政府信息公开条例》编制。", "第3段"),
    Paragraph("一、总体情况", "第4段"),
    Paragraph("2024年，我镇认真贯彻落实\u00a0条例。", "第5段"),
    Paragraph("第二行文字。", "第6段"),
    Paragraph("（一）主动公开", "第7段"),
    Paragraph("通过网站公开信息75条。", "第8段"),
    Paragraph("尾随的文字", "第9段"),
    Paragraph("二、主动公开政府信息情况", "第10段"),
    Table(
        (
            Row((Cell("第二十条第（一）项", 0, 4),), "第1个表格第1行"),
            Row(
                (
                    Cell("信息内容", 0),
                    Cell("本年制发件数", 1),
                    Cell("本年废止件数", 2),
                    Cell("现行有效件数", 3),
                ),
                "第1个表格第2行",
            ),
            Row((Cell("规章", 0), Cell("0", 1), Cell("0", 2), Cell("0", 3)), "第1个表格第3行"),
            Row((Cell("行政规范性\n文件", 0), Cell("1", 1), Cell("0", 2), Cell("3", 3)), "第1个表格第4行"),
        ),
        "第1个表格",
    ),
    Paragraph("三、收到和处理政府信息公开申请情况", "第11段"),
    Paragraph("四、政府信息公开行政复议、行政诉讼情况", "第12段"),
    Paragraph("五、存在的主要问题及改进情况", "第13段"),
    Paragraph("六、其他需要报告的事项", "第14段"),
    Paragraph("无。", "第15段"),
)

GBK_META = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'


@pytest.mark.parametrize(
    ("meta", "encoded"),
    [
        (GBK_META, lambda text: text.encode("gbk")),
        ('<meta charset="GB2312">', lambda text: text.encode("gb2312")),
        ("", lambda text: text.encode("gb2312")),  # no charset: not UTF-8, so GB18030
        ("", lambda text: codecs.BOM_UTF8 + text.encode("utf-8")),
        (
            '<meta charset="utf-8">',
            lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        ),  # the BOM wins
        (
            '<meta charset="utf-8">',
            lambda text: text.encode("gbk"),
        ),  # declared wrong: UTF-8 fails, GB18030 reads it
        ('<meta charset="no-such-codec">', lambda text: text.encode("utf-8")),
    ],
    ids=[
        "gbk-meta",
        "gb2312-meta",
        "gb2312-none",
        "utf8-bom",
        "utf16-bom",
        "declared-wrongly",
        "unknown-charset",
    ],
)
def test_a_government_page_gives_the_report_alone(meta, encoded):
    document = html.read("年报.html", encoded(PAGE.format(meta=meta)))
    assert document.blocks == EXPECTED
    text = "".join(str(block) for block in document.blocks)
    for frame in (
        "首页",
        "导航",
        "脚本",
        "发布时间",
        "隐藏",
        "分享到",
        "打印",
        "关闭",
        "相关文章",
        "版权",
        "标识码",
        "ICP",
    ):
        assert frame not in text


def test_the_title_comes_from_the_pages_title_when_the_page_prints_none():
    page = PAGE.format(meta=GBK_META).replace(
        '<h1 class="title">白杨镇人民政府2024年<br>政府信息公开工作年度报告</h1>', ""
    )
    document = html.read("年报.html", page.encode("gbk"))
    assert document.blocks[0] == Paragraph("白杨镇人民政府2024年政府信息公开工作年度报告", "第1段")
    assert document.blocks[1] == Paragraph("本报告根据《中华人民共和国政府信息公开条例》编制。", "第2段")


def test_a_page_without_the_headings_is_read_whole_less_its_frame():
    page = (
        "<html><body><div>首页 &gt; 年报</div><p>本镇全年未收到申请。</p><p>网站标识码：123</p></body></html>"
    )
    assert html.read("年报.htm", page.encode("utf-8")).blocks == (
        Paragraph("首页 > 年报", "第1段"),
        Paragraph("本镇全年未收到申请。", "第2段"),
    )


def test_a_2019_table_three_with_rowspan_twenty():
    """The trial format's table three: a 办理结果 cell merged down 20 rows, the rows under it one cell shorter."""
    rows = ['<tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>3</td><td>0</td></tr>']
    results = [f"结果{n}" for n in range(1, 21)]
    rows.append(f'<tr><td rowspan="20">三、本年度办理结果</td><td>{results[0]}</td><td>1</td><td>0</td></tr>')
    rows += [
        f"<tr><td>{label}</td><td>{n}</td><td>O</td></tr>" for n, label in enumerate(results[1:], start=2)
    ]
    rows.append('<tr><td colspan="2">四、结转下年度继续办理</td><td>0</td><td>/</td></tr>')
    page = (
        "<html><body><p>三、收到和处理政府信息公开申请情况</p><table>"
        + "".join(rows)
        + "</table></body></html>"
    )
    (table,) = [b for b in html.read("年报.html", page.encode("utf-8")).blocks if isinstance(b, Table)]
    assert len(table.rows) == 22
    assert table.rows[1].cells == (
        Cell("三、本年度办理结果", 0, 1, 20),
        Cell("结果1", 1),
        Cell("1", 2),
        Cell("0", 3),
    )
    for r in range(2, 21):
        assert table.rows[r].cells == (Cell(f"结果{r}", 1), Cell(str(r), 2), Cell("O", 3)), r
    assert table.rows[21].cells == (Cell("四、结转下年度继续办理", 0, 2), Cell("0", 2), Cell("/", 3))
    assert table.rows[21].place == "第1个表格第22行"


def test_a_word_document_saved_as_a_web_page_named_doc_is_read_as_one():
    page = PAGE.format(meta=GBK_META).encode("gbk")
    assert word.read("年报.doc", page, ".doc").blocks == EXPECTED


def _spans(rows: int, span: str) -> bytes:
    cells = f'<td rowspan="{span}" colspan="{span}">1</td>' * 10
    return ("<html><body><table>" + f"<tr>{cells}</tr>" * rows + "</table></body></html>").encode("utf-8")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("空.html", b"  \n", "：文件是空的。"),
        (
            "乱码.html",
            random.Random(1).randbytes(5000),
            "：不是网页（文件中有二进制内容），可能是其他格式的文件改了扩展名。",
        ),
        (
            "深.html",
            (
                "<html><body>" + "<div>" * 200_000 + "一、总体情况" + "</div>" * 200_000 + "</body></html>"
            ).encode(),
            "：网页的标签嵌套超过256层，远多于正常的网页，无法完整读取。",
        ),
        (
            "图片.html",
            b"<html><body><img src='report.png'></body></html>",
            "：网页中没有文字，可能是图片或扫描件，无法读取。",
        ),
        ("跨度.html", _spans(3000, "65534"), "：网页中的表格合并的单元格远多于正常的报告，未读取。"),
        (
            "宽.html",
            b"<html><body><table><tr>" + b"<td>1</td>" * 300_000 + b"</tr></table></body></html>",
            "：网页中有300003个标签，远多于一份年度报告的网页（不超过60000个），不是年度报告，未读取。",
        ),
        (
            "长.html",
            "<html><body>{}</body></html>".format("<p>一、总体情况</p>" * 100_000).encode(),
            "：网页中有100001个标签，远多于一份年度报告的网页（不超过60000个），不是年度报告，未读取。",
        ),
    ],
)
def test_hostile_pages_are_one_sentence(name, data, message):
    started = time.perf_counter()
    with pytest.raises(DocumentError) as raised:
        html.read(name, data)
    assert str(raised.value) == name + message
    assert time.perf_counter() - started < 5


def test_spans_past_the_table_are_cut_to_it():
    (table,) = html.read("年报.html", _spans(3, "0")).blocks  # rowspan 0: to the table's end; colspan 0: 1
    assert table.rows[0].cells[1] == Cell("1", 1, 1, 3)
    assert table.rows[1].cells[0] == Cell("1", 10, 1, 2)
    assert table.rows[2].cells[0] == Cell("1", 20, 1, 1)


def test_lines_of_a_pre_are_paragraphs_and_hidden_text_is_left_out():
    page = (
        "<html><body><div><p>发布时间：2025-01-20</p><pre>一、总体情况\n　　我镇全年公开信息12条。\n\n二、主动公开政府信息情况</pre>"
        "<p>结尾<span style='visibility: hidden'>看不见的字</span>。</p></div></body></html>"
    )
    assert html.read("年报.html", page.encode("utf-8")).blocks == (
        Paragraph("一、总体情况", "第1段"),
        Paragraph("我镇全年公开信息12条。", "第2段"),
        Paragraph("二、主动公开政府信息情况", "第3段"),
        Paragraph("结尾。", "第4段"),
    )


def test_a_table_of_one_cell_is_a_frame_around_paragraphs():
    page = "<html><body><table><tr><td><p>一、总体情况</p><p>正文。</p></td></tr></table></body></html>"
    assert html.read("年报.html", page.encode("utf-8")).blocks == (
        Paragraph("一、总体情况", "第1段"),
        Paragraph("正文。", "第2段"),
    )
