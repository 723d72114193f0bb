"""Published reports as text (.txt, .md): encodings, markdown marks, the three ways a copy prints a table, places."""

from __future__ import annotations

import time

import pytest
from support import SEEDS_FOLDER

from generator.published import read_document, text
from generator.published.document import DocumentError, Paragraph, Table

REPORT = "\n".join(
    [
        "# 某镇人民政府2024年政府信息公开工作年度报告",
        "",
        "## 一、总体情况",
        "",
        "**（一）主动公开。**本年主动公开政府信息75条。",
        "- 一是完善制度。",
        "",
        "— 3 —",
        "",
        "二是加强培训。",
    ]
)


def paragraphs(document):
    return [(b.text, b.place) for b in document.blocks if isinstance(b, Paragraph)]


def rows(table):
    return [(r.place, [c.text for c in r.cells]) for r in table.rows]


EXPECTED = [
    ("某镇人民政府2024年政府信息公开工作年度报告", "第1行"),
    ("一、总体情况", "第3行"),
    ("（一）主动公开。本年主动公开政府信息75条。", "第5行"),
    ("一是完善制度。", "第6行"),
    ("二是加强培训。", "第10行"),
]


@pytest.mark.parametrize(
    "data",
    [
        REPORT.encode("utf-8"),
        b"\xef\xbb\xbf" + REPORT.encode("utf-8"),
        REPORT.encode("utf-16"),
        REPORT.encode("gb18030"),
        REPORT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "gb18030", "crlf"],
)
def test_every_encoding_reads_to_the_same_paragraphs_without_markdown_or_page_numbers(data):
    document = text.read("报告.txt", data)
    assert document.source == "报告.txt"
    assert paragraphs(document) == EXPECTED


def test_tab_separated_lines_are_one_table_across_a_blank_line():
    data = "二、主动公开政府信息情况\n\n规章\t0\t0\t0\n\n行政规范性文件\t1\t\t2\n正文又开始了。\n".encode()
    blocks = text.read("报告.txt", data).blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert blocks[1].place == "第3行起的表格"
    assert rows(blocks[1]) == [
        ("第3行", ["规章", "0", "0", "0"]),
        ("第5行", ["行政规范性文件", "1", "", "2"]),
    ]
    assert [c.col for c in blocks[1].rows[1].cells] == [0, 1, 2, 3]


def test_markdown_pipe_rows_are_a_table_and_their_rule_line_is_not_a_row():
    data = "| 信息内容 | 本年处理决定数量 |\n|---|:---:|\n| **行政许可** | 3 |\n".encode()
    (table,) = text.read("报告.md", data).blocks
    assert isinstance(table, Table)
    assert rows(table) == [("第1行", ["信息内容", "本年处理决定数量"]), ("第3行", ["行政许可", "3"])]


def test_one_cell_per_tab_indented_line_with_rows_between_blank_lines():
    data = "三、收到和处理\n\t一、本年新收政府信息公开申请数量\n\t1\n\t\n\n\t（七）总计\n\t0\n\n四、行政复议\n".encode()
    blocks = text.read("报告.txt", data).blocks
    assert rows(blocks[1]) == [
        ("第2行", ["一、本年新收政府信息公开申请数量", "1", ""]),
        ("第6行", ["（七）总计", "0"]),
    ]
    assert paragraphs(text.read("报告.txt", data)) == [("三、收到和处理", "第1行"), ("四、行政复议", "第9行")]


def test_tab_indented_paragraphs_alone_stay_paragraphs():
    data = "\t我镇坚持公开。\n\n\t二是加强培训。\n".encode()
    assert paragraphs(text.read("报告.txt", data)) == [
        ("我镇坚持公开。", "第1行"),
        ("二是加强培训。", "第3行"),
    ]


def test_html_tags_and_bookmarks_a_copy_keeps_are_dropped():
    cited = "按照《国务院办公厅关于印发<政府信息公开信息处理费管理办法>的通知》收费。"
    data = f"行政强制\t<b>0</b>\n[bookmark: _GoBack]六、其他需要报告的事项\n{cited}\n".encode()
    blocks = text.read("报告.txt", data).blocks
    assert rows(blocks[0]) == [("第1行", ["行政强制", "0"])]
    # <> around a document's name is the report's own mistake (S-NAME names it), not markup: it stays.
    assert paragraphs(text.read("报告.txt", data)) == [("六、其他需要报告的事项", "第2行"), (cited, "第3行")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "报告.txt：文件是空的，没有可读取的报告内容。"),
        (b" \n\r\n\t\n", "报告.txt：文件是空的，没有可读取的报告内容。"),
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
            "报告.txt：不是文本文件（既不是UTF-8也不是GB18030编码的文字），请另存为文本或换用原文件。",
        ),
        (
            bytes(range(256)) * 4,
            "报告.txt：不是文本文件（既不是UTF-8也不是GB18030编码的文字），请另存为文本或换用原文件。",
        ),
        ("— 1 —\n\n---\n".encode(), "报告.txt：文件里没有文字，不是一份已发布的报告。"),
    ],
    ids=["empty", "blank", "zip", "binary", "page-number-only"],
)
def test_a_file_that_is_not_a_text_report_is_one_sentence(data, message):
    with pytest.raises(DocumentError) as raised:
        text.read("报告.txt", data)
    assert str(raised.value) == message


def test_read_document_dispatches_a_txt_and_an_md_file(tmp_path):
    for name in ("报告.txt", "报告.MD"):
        path = tmp_path / name
        path.write_bytes(REPORT.encode("gb18030"))
        document = read_document(path)
        assert (document.source, paragraphs(document)) == (name, EXPECTED)
        assert path.read_bytes() == REPORT.encode("gb18030")


def test_a_seed_read_back_through_the_package_entry_point(tmp_path):
    from generator.published import read_report

    seed = sorted(SEEDS_FOLDER.glob("002_*.txt"))[0]
    imported = read_report(seed)
    assert imported.source == seed.name
    assert (imported.values["t2_penalty"], imported.origins["t2_penalty"]) == (
        3,
        "第42行 表二“行政处罚”行“本年处理决定数量”列",
    )
    assert [f for f in imported.findings if f.rule.startswith(("IMP-T", "IMP-TRIAL"))] == []


def test_an_empty_txt_file_is_one_sentence_through_the_package(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(b"")
    with pytest.raises(DocumentError) as raised:
        read_document(path)
    assert str(raised.value) == "报告.txt：文件是空的，没有可读取的报告内容。"


def test_tab_indented_paragraphs_one_after_another_are_no_table():
    long = "我镇严格按照《中华人民共和国政府信息公开条例》规定的主动公开信息范围发布或更新信息，" * 2
    data = f"\t{long}\n\t一是完善制度。\n\t二是加强培训。\n\t{long}\n".encode()
    assert paragraphs(text.read("报告.txt", data)) == [
        (long, "第1行"),
        ("一是完善制度。", "第2行"),
        ("二是加强培训。", "第3行"),
        (long, "第4行"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            REPORT.encode() + b"\t" * 1_000_000,
            f"报告.txt：文件有{len(REPORT) + 1_000_000}个字符，远多于一份年度报告（不超过1000000个），不是年度报告，未读取。",
        ),
        (
            REPORT.replace("\n", " ").encode() + b"1" * 2_000_000,
            f"报告.txt：文件有{len(REPORT) + 2_000_000}个字符，远多于一份年度报告（不超过1000000个），不是年度报告，未读取。",
        ),
        (
            REPORT.encode() + b"\n" + b"1\t" * 5000,
            "报告.txt：第{}行分成了5001格，远多于年度报告的任何表格（不超过1000格），不是年度报告，未读取。",
        ),
        (
            REPORT.encode() + b"\n|" + b" 1 |" * 2000,
            "报告.txt：第{}行分成了2000格，远多于年度报告的任何表格（不超过1000格），不是年度报告，未读取。",
        ),
    ],
    ids=["million-tabs", "giant-line", "wide-tab-row", "wide-pipe-row"],
)
def test_a_text_far_past_any_report_is_refused_in_one_sentence_quickly(data, message):
    started = time.monotonic()
    with pytest.raises(DocumentError) as raised:
        text.read("报告.txt", data)
    assert str(raised.value) == message.format(len(REPORT.splitlines()) + 1)
    assert time.monotonic() - started < 2
