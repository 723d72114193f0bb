"""Tables 二, 三 and 四 read back from a published report: seeds copied from web pages, hand-built tables for each
way real reports print them, and gigen's own reports.

The grids come from tests/official.py (transcribed by hand, apart from the schema); the seeds' oracle is the
hand transcription in inputs/source/00N.json.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from official import (
    TABLE_FOUR,
    TABLE_FOUR_KEYS,
    TABLE_THREE,
    TABLE_THREE_KEYS,
    TABLE_TWO,
    TABLE_TWO_KEYS,
)
from support import EXAMPLES, ROOT, SEEDS_FOLDER, convert, expected_value
from test_examples import raw_values

from generator.errors import Severity
from generator.published import tables, text
from generator.published.document import Cell, Document, Paragraph, Row, Table

SEEDS = sorted(SEEDS_FOLDER.glob("*.txt"))  # as copied from the web
KEYS = sorted({*TABLE_TWO_KEYS.values(), *TABLE_THREE_KEYS.values(), *TABLE_FOUR_KEYS.values()})
OFFICIAL = ((TABLE_TWO, TABLE_TWO_KEYS), (TABLE_THREE, TABLE_THREE_KEYS), (TABLE_FOUR, TABLE_FOUR_KEYS))
SHORT_004 = ("denied_third_party", "unable_no_info", "rejected_complaint", "other_overdue_correction")
COLUMNS = ("natural", "commercial", "research", "social", "legal", "other", "total")

# Where a transcription note says the transcriber entered what a faithful reader cannot know, the reader's own
# answer is asserted instead (each with the note it answers).
EXCLUDED = {
    "003": {
        # 原文表二行政处罚一格印作字母“O”，按0录入。
        "t2_penalty": "O",
        # 原文表二“行政强制”一格提取错乱（“7 政强制 0”），其中“7”为乱码，数值按0录入。
        "t2_coercion": "7政强制0",
        # 原文表三“四、结转下年度继续办理”一行只提取到6个数，均为0，缺的一格按0录入。
        **{f"t3_carried_forward_{c}": None for c in COLUMNS},
    },
    "004": {
        # 原文表三缺“其他”列（每行只有5类申请人加总计），“其他”列按0录入。
        **{key: None for key in KEYS if key.startswith("t3_") and key.endswith("_other")},
        # 原文表三“4.保护第三方合法权益”“（四）1.”“（五）1.”“（六）1.”几行……只提取到5个数，均为0，缺的一格按0录入。
        **{f"t3_{row}_{c}": None for row in SHORT_004 for c in COLUMNS},
    },
}
SEED_FINDINGS = {
    "000": [("IMP-T3-EXTRA", "第69行")],  # （七）总计 printed with 8 numbers
    "001": [],
    "002": [],
    "003": [("IMP-T3-EXTRA", "第48行"), ("IMP-T3-SHORT", "第73行")],
    "004": [
        ("IMP-T3-SHORT", "第46行"),
        ("IMP-T3-SHORT", "第51行"),
        ("IMP-T3-SHORT", "第54行"),
        ("IMP-T3-SHORT", "第59行"),
        ("IMP-T3-COLUMN", "第36行起的表格"),
    ],
}


def as_printed(value: object) -> object:
    """The transcription's value as the reader keeps it: the fee a Decimal, counts ints."""
    return Decimal(value) if isinstance(value, str) and value.replace(".", "").isdigit() else value


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_every_table_value_of_a_seed_matches_its_transcription(seed):
    number = seed.name[:3]
    part = tables.read(text.read(seed.name, seed.read_bytes()))
    oracle = json.loads((ROOT / "inputs" / "source" / f"{number}.json").read_text(encoding="utf-8"))["values"]
    excluded = EXCLUDED.get(number, {})
    compared = [k for k in KEYS if k not in excluded]
    right = [k for k in compared if part.values.get(k, "（空）") == as_printed(oracle[k])]
    print(
        f"seed {number}: table cells right {len(right)}/{len(compared)} compared, {len(right)}/{len(KEYS)} in all"
    )
    assert sorted(set(compared) - set(right)) == []
    for key, printed in excluded.items():
        assert part.values.get(key) == printed, key
    assert [(f.rule, f.place) for f in part.findings] == SEED_FINDINGS[number]
    assert set(part.values) <= set(KEYS)


def test_a_seed_copied_as_markdown_pipe_rows_reads_the_same():
    seed = next(p for p in SEEDS if p.name.startswith("000"))
    copied = seed.read_text(encoding="utf-8").splitlines()
    piped = "\n".join(f"| {' | '.join(line.split(chr(9)))} |" if "\t" in line else line for line in copied)
    as_tabs = tables.read(text.read(seed.name, seed.read_bytes()))
    as_pipes = tables.read(text.read("报告.md", piped.encode()))
    assert as_pipes.values == as_tabs.values
    assert len(as_pipes.values) == 200
    assert as_pipes.origins == as_tabs.origins


def test_a_grid_row_without_its_own_header_falls_back_to_its_cells_in_order():
    two = official_table(TABLE_TWO, TABLE_TWO_KEYS, DISTINCT)
    rows = [r for r in two.rows if not (r.cells[0].text == "信息内容" and r.place != "第1页第2行")]
    part = tables.read(report(Table(tuple(rows), "第1页的表格")))
    keys = sorted(TABLE_TWO_KEYS.values())
    assert {k: str(part.values[k]) for k in keys} == {k: DISTINCT[k] for k in keys}
    assert [f for f in part.findings if f.rule.startswith("IMP-T2")] == []


def test_a_seed_row_says_where_it_stood_and_what_the_reader_could_not_place():
    seed = next(p for p in SEEDS if p.name.startswith("004"))
    part = tables.read(text.read(seed.name, seed.read_bytes()))
    assert part.origins["t3_granted_natural"] == "第41行 表三“（一）予以公开”行“自然人”列"
    assert part.origins["t2_fees"] == "第32行 表二“行政事业性收费”行“本年收费金额（单位：万元）”列"
    assert part.origins["t4_suit_after_review_total"] == "第70行 表四“行政诉讼·复议后起诉/总计”列"
    assert part.values["t3_granted_total"] == 0  # 总计 stays 总计 although the 其他 column is missing
    short = next(f for f in part.findings if f.place == "第46行")
    assert (short.severity, short.sheet, short.cell) == (Severity.ERROR, "表三", "D13")
    assert short.message == (
        "表三“4.保护第三方合法权益”一行只印了5个数，少于6列，不知道缺的是哪一列，这一行没有读取。"
    )
    column = next(f for f in part.findings if f.rule == "IMP-T3-COLUMN")
    assert column.message == "表三没有“其他”列，这一列各格都没有读取。"


# ---------------------------------------------------------------------------------------------------------
# Hand-built documents
# ---------------------------------------------------------------------------------------------------------


def official_table(entries, keys, values, *, grid=True, relabel=None, where="第1页") -> Table:
    """An official table as a medium gives it: a grid with spans, or a text copy (cells in order, no spans)."""
    relabel = relabel or {}
    rows = []
    for r in sorted({e[0] for e in entries}):
        cells = []
        for row, col, rowspan, colspan, label in sorted(e for e in entries if e[0] == r):
            shown = relabel.get(label, label) if label is not None else values.get(keys[(row, col)], "0")
            if grid:
                cells.append(Cell(shown, col, colspan, rowspan))
            else:
                cells.append(Cell(shown, len(cells)))
        rows.append(Row(tuple(cells), f"{where}第{r + 1}行"))
    return Table(tuple(rows), f"{where}的表格")


def report(*blocks: Table | Paragraph) -> Document:
    return Document("报告.pdf", tuple(blocks), pages=3)


def all_three(values, *, grid=True, relabel=None) -> Document:
    return report(*(official_table(e, k, values, grid=grid, relabel=relabel) for e, k in OFFICIAL))


DISTINCT = {key: str(i + 1) for i, key in enumerate(KEYS)}


@pytest.mark.parametrize("grid", [True, False], ids=["grid", "text"])
def test_every_cell_of_the_official_tables_is_read_to_its_key(grid):
    part = tables.read(all_three(DISTINCT, grid=grid))
    assert part.findings == []
    assert {k: str(v) for k, v in part.values.items()} == DISTINCT
    assert isinstance(part.values["t2_fees"], Decimal)
    assert all(type(v) is int for k, v in part.values.items() if k != "t2_fees")
    assert part.origins["t3_denied_secret_natural"] == "第1页第8行 表三“1.属于国家秘密”行“自然人”列"
    assert part.origins["t3_other_other_total"] == "第1页第26行 表三“（六）其他处理 3.其他”行“总计”列"
    assert part.origins["t2_norms_in_force"] == "第1页第4行 表二“行政规范性文件”行“现行有效件数”列"
    assert part.origins["t4_review_upheld"] == "第1页第4行 表四“行政复议/结果维持”列"


@pytest.mark.parametrize(
    ("printed", "official", "key"),
    [
        ("本年度止件数", "本年废止件数", "t2_rules_repealed"),
        ("规范性文件", "行政规范性文件", "t2_norms_issued"),
        ("现行有效文件数", "现行有效件数", "t2_norms_in_force"),
        ("本年收费金额（单位：万元，保留4位小数）", "本年收费金额（单位：万元）", "t2_fees"),
        ("2.其他法律法规禁止公开", "2.其他法律行政法规禁止公开", "t3_denied_law_total"),
        ("(一) 予以公开", "（一）予以公开", "t3_granted_natural"),
        ("1、属于国家秘密", "1.属于国家秘密", "t3_denied_secret_total"),
        ("1．属于国家秘密", "1.属于国家秘密", "t3_denied_secret_total"),
        (
            "（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）。",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "t3_partial_total",
        ),
        (
            "2.申请人逾期未按收费通知要求缴纳费用、\n行政机关不再处理其政府信息公开申请。",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "t3_other_overdue_fee_legal",
        ),
        ("三、本年度\n办理结果", "三、本年度办理结果", "t3_granted_total"),
        ("结果\n维持", "结果维持", "t4_suit_direct_upheld"),
    ],
)
@pytest.mark.parametrize("grid", [True, False], ids=["grid", "text"])
def test_a_label_as_real_reports_print_it_names_its_row_or_column(printed, official, key, grid):
    part = tables.read(all_three(DISTINCT, grid=grid, relabel={official: printed}))
    assert part.findings == []
    assert str(part.values[key]) == DISTINCT[key]


def test_a_label_printed_on_its_own_line_takes_the_numbers_of_the_next():
    label = Row((Cell("三、本年度办理结果", 0), Cell("(一) 予以公开", 1), Cell("", 2)), "第41行")
    numbers = Row(tuple(Cell(str(n), i) for i, n in enumerate(range(1, 8))), "第42行")
    three = official_table(TABLE_THREE, TABLE_THREE_KEYS, {}, grid=False)
    rows = [r for r in three.rows if "予以公开" not in "".join(c.text for c in r.cells)]
    at = next(i for i, r in enumerate(rows) if r.cells[0].text.startswith("二、"))
    rows[at + 1 : at + 1] = [label, numbers]
    part = tables.read(report(Table(tuple(rows), "第36行起的表格")))
    assert [part.values[f"t3_granted_{c}"] for c in COLUMNS] == [1, 2, 3, 4, 5, 6, 7]
    assert part.origins["t3_granted_legal"] == "第42行 表三“（一）予以公开”行“法律服务机构”列"


def test_blank_cells_are_known_blanks_and_signs_are_kept_as_printed():
    values = {"t3_new_commercial": "", "t3_new_research": "—", "t3_new_social": "/", "t3_new_legal": "O"}
    part = tables.read(all_three(values))
    assert "t3_new_commercial" not in part.values
    assert (
        part.origins["t3_new_commercial"] == "第1页第4行 表三“一、本年新收政府信息公开申请数量”行“商业企业”列"
    )
    assert [part.values[f"t3_new_{c}"] for c in ("research", "social", "legal")] == ["—", "/", "O"]
    assert part.findings == []


def test_the_companies_columns_left_blank_in_a_text_copy_keep_their_places():
    row = Row(
        (
            Cell("一、本年新收政府信息公开申请数量", 0),
            *(Cell(t, i + 1) for i, t in enumerate(["3", "", "", "", "", "", "3"])),
        ),
        "第39行",
    )
    three = official_table(TABLE_THREE, TABLE_THREE_KEYS, {}, grid=False)
    rows = [row if r.cells[0].text.startswith("一、") else r for r in three.rows]
    part = tables.read(report(Table(tuple(rows), "第36行起的表格")))
    assert (part.values["t3_new_natural"], part.values["t3_new_total"]) == (3, 3)
    assert all(f"t3_new_{c}" not in part.values and f"t3_new_{c}" in part.origins for c in COLUMNS[1:6])


def test_a_fee_headed_in_yuan_is_read_as_printed_with_a_warning():
    relabel = {"本年收费金额（单位：万元）": "本年收费金额（单位：元）"}
    part = tables.read(all_three({"t2_fees": "5000"}, relabel=relabel))
    assert part.values["t2_fees"] == Decimal("5000")
    assert [(f.rule, f.severity, f.sheet, f.cell, f.place, f.message) for f in part.findings] == [
        (
            "IMP-T2-UNIT",
            Severity.WARNING,
            "表二",
            "B16",
            "第1页第13行",
            "表二收费金额的表头印作“本年收费金额（单位：元）”，单位不是万元；读取的数照原样，没有换算成万元，请核对。",
        )
    ]


def test_a_copy_of_table_three_printed_blank_is_blank_cells_not_an_error():
    three = official_table(
        TABLE_THREE, TABLE_THREE_KEYS, {k: "" for k in TABLE_THREE_KEYS.values()}, grid=False
    )
    part = tables.read(report(three))
    assert [f for f in part.findings if f.rule.startswith("IMP-T3")] == []
    assert not any(k.startswith("t3_") for k in part.values)
    assert set(TABLE_THREE_KEYS.values()) <= set(part.origins)


def test_a_wrong_published_total_is_kept_as_printed():
    part = tables.read(all_three({"t3_new_natural": "2", "t3_new_total": "9", "t4_review_total": "7"}))
    assert (part.values["t3_new_total"], part.values["t4_review_total"]) == (9, 7)
    assert part.findings == []


def test_money_keeps_its_digits_as_printed():
    part = tables.read(all_three({"t2_fees": "96171.60"}))
    assert part.values["t2_fees"] == Decimal("96171.60")
    assert str(part.values["t2_fees"]) == "96171.60"


def test_a_report_without_the_other_column_does_not_shift_the_total_into_it():
    entries = [e for e in TABLE_THREE if e[4] != "其他" and not (e[4] is None and e[1] == 8)]
    keys = {pos: key for pos, key in TABLE_THREE_KEYS.items() if not key.endswith("_other")}
    for grid in (True, False):
        part = tables.read(report(official_table(entries, keys, {"t3_new_total": "5"}, grid=grid)))
        assert part.values["t3_new_total"] == 5
        assert not any(k.startswith("t3_") and k.endswith("_other") for k in part.values)
        findings = [
            (f.rule, f.severity, f.cell, f.message) for f in part.findings if f.rule.startswith("IMP-T3")
        ]
        assert findings == [
            ("IMP-T3-COLUMN", Severity.ERROR, "I6", "表三没有“其他”列，这一列各格都没有读取。")
        ]


def test_a_copy_with_an_extra_subtotal_column_is_not_guessed_at():
    three = official_table(TABLE_THREE, TABLE_THREE_KEYS, {}, grid=False)
    rows = [
        Row((*r.cells[:-1], Cell("0", len(r.cells) - 1), r.cells[-1]), r.place)
        if r.cells[-1].text == "0"
        else r
        for r in three.rows
    ]
    part = tables.read(report(Table(tuple(rows), "第36行起的表格")))
    assert not any(k.startswith("t3_") for k in part.values)
    assert [
        (f.rule, f.severity, f.place, f.message) for f in part.findings if f.rule.startswith("IMP-T3")
    ] == [
        (
            "IMP-T3-COLUMNS",
            Severity.ERROR,
            "第36行起的表格",
            "表三多数行印了8个数，与表头的列对不上（国办格式为7列），不知道各数属于哪一列，表三这些行都没有读取。",
        )
    ]


def test_table_three_continued_on_the_next_page_with_its_header_repeated():
    full = official_table(TABLE_THREE, TABLE_THREE_KEYS, DISTINCT, where="第2页")
    header = full.rows[:3]
    first = Table(full.rows[:16], "第2页的表格")
    rest = official_table(TABLE_THREE, TABLE_THREE_KEYS, DISTINCT, where="第3页")
    second = Table((*header, *rest.rows[16:]), "第3页的表格")
    part = tables.read(report(first, second))
    assert [f for f in part.findings if f.rule.startswith("IMP-T3")] == []
    three = {k for k in KEYS if k.startswith("t3_")}
    assert {k: str(part.values[k]) for k in three} == {k: DISTINCT[k] for k in three}
    assert part.origins["t3_carried_forward_total"].startswith("第3页第28行 ")


def test_table_two_printed_as_several_small_tables():
    two = official_table(TABLE_TWO, TABLE_TWO_KEYS, DISTINCT)
    pieces = [
        Table(two.rows[i : i + n], f"第{k}个表格")
        for k, (i, n) in enumerate([(0, 4), (4, 3), (7, 4), (11, 3)], 1)
    ]
    part = tables.read(report(*pieces))
    assert {k: str(part.values[k]) for k in TABLE_TWO_KEYS.values()} == {
        k: DISTINCT[k] for k in TABLE_TWO_KEYS.values()
    }
    assert [f for f in part.findings if f.rule.startswith("IMP-T2")] == []


def libreoffice_grid(row, col, rowspan, colspan, label):
    """Table 四 as LibreOffice saves it through .doc: one more grid column, which 行政复议's 总计 spans."""
    if col == 4 and row in (1, 3):
        return row, col, rowspan, 2, label
    if row == 0 and col == 5:
        return row, col, rowspan, 11, label
    return row, col + (col >= 5), rowspan, colspan, label


def test_table_four_with_the_extra_grid_column_of_a_libreoffice_round_trip():
    keys = {(r, c + (c >= 5)): key for (r, c), key in TABLE_FOUR_KEYS.items()}
    part = tables.read(report(official_table([libreoffice_grid(*e) for e in TABLE_FOUR], keys, DISTINCT)))
    four = sorted(TABLE_FOUR_KEYS.values())
    assert {k: str(part.values[k]) for k in four} == {k: DISTINCT[k] for k in four}
    assert [f for f in part.findings if f.rule.startswith("IMP-T4")] == []


@pytest.mark.parametrize(("cells", "finding"), [(("0", "0", "0"), None), (("0", "0", "1"), "0、0、1")])
def test_table_two_one_value_printed_as_three_cells(cells, finding):
    two = official_table(TABLE_TWO, TABLE_TWO_KEYS, {}, grid=False)
    rows = [
        Row((Cell("行政许可", 0), *(Cell(t, i + 1) for i, t in enumerate(cells))), r.place)
        if r.cells[0].text == "行政许可"
        else r
        for r in two.rows
    ]
    part = tables.read(report(Table(tuple(rows), "第10行起的表格")))
    assert part.values["t2_licensing"] == 0
    split = [f for f in part.findings if f.rule == "IMP-T2-SPLIT"]
    if finding is None:
        assert split == []
    else:
        assert [(f.severity, f.cell, f.message) for f in split] == [
            (
                Severity.WARNING,
                "B9",
                f"表二“行政许可”的数值印成了几格（{finding}），各格不同，读取了第一格“0”，请核对。",
            )
        ]


def test_a_row_or_cell_outside_the_official_grid_is_a_warning_at_its_place():
    three = official_table(TABLE_THREE, TABLE_THREE_KEYS, {}, grid=False)
    subtotal = Row((Cell("小计", 0), *(Cell("0", i + 1) for i in range(7))), "第50行")
    total = Row((Cell("（七）总计", 0), *(Cell("0", i + 1) for i in range(8))), "第51行")
    rows = [
        *three.rows[:14],
        subtotal,
        *(total if r.cells[0].text == "（七）总计" else r for r in three.rows[14:]),
    ]
    part = tables.read(report(Table(tuple(rows), "第36行起的表格")))
    found = [(f.rule, f.severity, f.place, f.message) for f in part.findings if f.rule.startswith("IMP-T3")]
    assert found == [
        (
            "IMP-T3-EXTRA",
            Severity.WARNING,
            "第50行",
            "表三“小计”这一行不是国办格式的行（如小计），其中的数没有读取。",
        ),
        (
            "IMP-T3-EXTRA",
            Severity.WARNING,
            "第51行",
            "表三“（七）总计”一行多印了1格（0），超出国办格式的列，多出的没有读取。",
        ),
    ]
    assert part.values["t3_handled_total"] == 0


def test_a_missing_table_is_one_error_at_its_section():
    heading = Paragraph("四、政府信息公开行政复议、行政诉讼情况", "第3页第2段")
    doc = report(*(official_table(e, k, {}) for e, k in OFFICIAL[:2]), heading)
    part = tables.read(doc)
    assert [(f.rule, f.severity, f.place, f.message) for f in part.findings] == [
        (
            "IMP-T4-TABLE",
            Severity.ERROR,
            "第3页第2段",
            "没有找到表四（表四 政府信息公开行政复议、行政诉讼情况），表四的各格都没有读取。",
        )
    ]
    assert not any(k.startswith("t4_") for k in part.values)


def test_a_missing_row_is_an_error_naming_it():
    entries = [e for e in TABLE_THREE if e[0] != 9]
    part = tables.read(report(official_table(entries, TABLE_THREE_KEYS, {})))
    assert [(f.rule, f.cell, f.message) for f in part.findings if f.rule.startswith("IMP-T3")] == [
        ("IMP-T3-ROW", "D12", "表三没有找到“3.危及“三安全一稳定””这一行，这一行的各格都没有读取。")
    ]


TRIAL_TWO = [
    ["第二十条第（一）项"],
    ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    ["规章", "0", "0", "0"],
    ["规范性文件", "2", "2", "15"],
    ["第二十条第（五）项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政许可", "12", "0", "30"],
    ["其他对外管理服务事项", "3", "0", "4"],
    ["第二十条第（六）项"],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政处罚", "1", "0", "5"],
    ["行政强制", "0", "0", "0"],
    ["第二十条第（八）项"],
    ["信息内容", "上一年项目数量", "本年增/减"],
    ["行政事业性收费", "1", "0"],
    ["第二十条第（九）项"],
    ["信息内容", "采购项目数量", "采购总金额"],
    ["政府集中采购", "2", "35.5"],
]


def trial_cell(text: str, col: int, grid: bool) -> Cell:
    """A cell of the 2019 table 二: in a grid, a section's heading spans the table's four columns."""
    return Cell(text, col, 4 if grid and text.startswith("第二十条") else 1)


@pytest.mark.parametrize("grid", [True, False], ids=["grid", "text"])
def test_a_report_in_the_2019_trial_format_is_said_once_and_its_2021_rows_still_read(grid):
    two = Table(
        tuple(
            Row(tuple(trial_cell(t, i, grid) for i, t in enumerate(r)), f"第{n}行")
            for n, r in enumerate(TRIAL_TWO, 20)
        ),
        "第20行起的表格",
    )
    three_entries = [e for e in TABLE_THREE if e[0] < 24 or e[0] > 25]
    relabel = {"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "（六）其他处理"}
    three = official_table(
        [(r, c, rs, cs, t) for r, c, rs, cs, t in three_entries if t != "（六）其他处理"],
        TABLE_THREE_KEYS,
        {},
        grid=False,
        relabel=relabel,
    )
    part = tables.read(report(two, three, official_table(TABLE_FOUR, TABLE_FOUR_KEYS, {})))
    assert [(f.rule, f.severity) for f in part.findings] == [("IMP-TRIAL", Severity.ERROR)]
    assert part.findings[0].message == (
        "这份报告的表格是2019年试行格式（国办公开办函〔2019〕60号），不是国办公开办函〔2021〕30号的格式，"
        "表二“本年新制作数量”列、表二“本年新公开数量”列、表二“对外公开总数量”列、表二“上一年项目数量”列、"
        "表二“本年增/减”列、表二“其他对外管理服务事项”行、表二“第二十条第（九）项”、表二“采购项目数量”列、"
        "表二“采购总金额”列、表二“政府集中采购”行、表三未分项的“（六）其他处理”行在现行工作簿里没有对应的格，"
        "没有读取；与现行格式相同的各格照常读取。"
    )
    assert (part.values["t2_licensing"], part.values["t2_penalty"], part.values["t2_coercion"]) == (30, 5, 0)
    assert not any(k.startswith(("t2_rules", "t2_norms", "t2_fees")) for k in part.values)
    assert part.values["t3_granted_total"] == 0
    assert not any(k.startswith("t3_other_") for k in part.values)


def lines(*rows: str, first: int = 1) -> Table:
    """A text copy's table: each row a line of tab-separated cells, numbered from `first`."""
    return Table(
        tuple(
            Row(tuple(Cell(t, i) for i, t in enumerate(r.split("\t"))), f"第{n}行")
            for n, r in enumerate(rows, first)
        ),
        f"第{first}行起的表格",
    )


def test_one_block_holding_all_three_tables_is_split_by_their_labels():
    blocks = [official_table(e, k, DISTINCT, grid=False) for e, k in OFFICIAL]
    joined = Table(tuple(row for block in blocks for row in block.rows), "第1页的表格")
    part = tables.read(report(joined))
    assert part.findings == []
    assert {k: str(v) for k, v in part.values.items()} == DISTINCT


def test_a_label_broken_over_lines_of_a_pdf_copy_keeps_its_row():
    three = official_table(TABLE_THREE, TABLE_THREE_KEYS, {}, grid=False)
    broken = lines(
        "\t1、申请人无正当理由逾期不补",
        "\t正、行政机关不再处理其政府信\t67\t3\t0\t0\t1\t0\t71",
        "\t息公开申请",
        "（六）其\t2、申请人逾期未按收费通知要\t他处理",
        "\t求缴纳费用、行政机关不再处理\t6\t0\t0\t0\t0\t0\t6",
        "\t其政府信息公开申请",
        "\t（三）不",
        "\t予公开",
        first=184,
    )
    at = next(i for i, r in enumerate(three.rows) if r.cells[0].text.startswith("（六）"))
    rows = (*three.rows[:at], *broken.rows, *three.rows[at + 2 :])
    part = tables.read(report(Table(rows, "第114行起的表格")))
    assert [f for f in part.findings if f.rule.startswith("IMP-T3")] == []
    correction = [part.values[f"t3_other_overdue_correction_{c}"] for c in COLUMNS]
    assert correction == [67, 3, 0, 0, 1, 0, 71]
    assert [part.values[f"t3_other_overdue_fee_{c}"] for c in COLUMNS] == [6, 0, 0, 0, 0, 0, 6]
    assert part.origins["t3_other_overdue_fee_total"].startswith("第188行 ")
    assert part.values["t3_granted_natural"] == 0  # 予公开 is a piece of （三）不予公开, not （一）予以公开


def test_a_lone_other_in_the_header_names_a_column_not_the_row_3_other():
    three = official_table(TABLE_THREE, TABLE_THREE_KEYS, DISTINCT, grid=False)
    header = lines("\t\t商业企\t科研机\t社会公益\t法律服务", "其他", "\t\t业\t构\t组织\t机构", first=117)
    part = tables.read(report(Table((three.rows[0], *header.rows, *three.rows[3:]), "第114行起的表格")))
    assert [f for f in part.findings if f.rule.startswith("IMP-T3")] == []
    assert part.values["t3_other_other_total"] == int(DISTINCT["t3_other_other_total"])


def test_table_four_numbers_over_two_lines_of_a_copy_are_one_row():
    four = lines(
        "行政复议\t行政诉讼",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉",
        "1\t2\t3\t4\t10",
        "0\t0\t0\t0\t0\t5\t0\t0\t1\t6",
        first=67,
    )
    part = tables.read(report(four))
    assert [f for f in part.findings if f.rule.startswith("IMP-T4")] == []
    printed = [1, 2, 3, 4, 10, 0, 0, 0, 0, 0, 5, 0, 0, 1, 6]
    assert [part.values[TABLE_FOUR_KEYS[(3, c)]] for c in range(15)] == printed
    assert part.origins["t4_suit_after_review_total"] == "第69行 表四“行政诉讼·复议后起诉/总计”列"


# ---------------------------------------------------------------------------------------------------------
# gigen's own reports
# ---------------------------------------------------------------------------------------------------------


def word_document(path: Path) -> Document:
    """A built report's tables as a Word reader gives them: merged cells once, at their first row."""
    from generator.docx import grid

    blocks = []
    for n, table in enumerate(docx.Document(str(path)).tables, 1):
        cells = grid(table._tbl)
        rows = [
            Row(
                tuple(
                    Cell(c.text, col, c.colspan, c.rowspan)
                    for (r, col), c in sorted(cells.items())
                    if r == row
                ),
                f"第{n}个表格第{row + 1}行",
            )
            for row in sorted({r for r, _ in cells})
        ]
        blocks.append(Table(tuple(rows), f"第{n}个表格"))
    return Document(path.name, tuple(blocks))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from generator.pipeline import build

    folder = tmp_path_factory.mktemp("reports")
    return {example: build(example, folder, draft=True).report for example in EXAMPLES}


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_table_cell_of_a_built_report_reads_back_as_printed(example, built):
    values = raw_values(example)
    part = tables.read(word_document(built[example]))
    assert part.findings == []
    assert {k: str(part.values.get(k, "")) for k in KEYS} == {k: expected_value(values, k) for k in KEYS}


def test_a_built_report_saved_as_doc_by_libreoffice_reads_back(built, tmp_path):
    example = EXAMPLES[0]
    saved = convert(
        convert(built[example], "doc", tmp_path / "doc"), "docx:MS Word 2007 XML", tmp_path / "docx"
    )
    document = word_document(saved)
    assert [max(c.col + c.colspan for r in t.rows for c in r.cells) for t in document.blocks] == [4, 10, 16]
    part = tables.read(document)
    assert part.findings == []
    values = raw_values(example)
    assert {k: str(part.values.get(k, "")) for k in KEYS} == {k: expected_value(values, k) for k in KEYS}


def test_a_document_far_larger_than_a_report_is_refused_before_its_labels_are_read():
    from generator.published import MAX_ROWS, interpret
    from generator.published.document import Cell, Document, DocumentError, Row, Table

    row = Row((Cell("一、本年新收政府信息公开申请数量", 0), *(Cell("1", c) for c in range(1, 8))), "第1行")
    document = Document("巨大.html", (Table((row,) * (MAX_ROWS + 1), "第1个表格"),))
    with pytest.raises(DocumentError, match=r"^巨大\.html：文件有0段文字、2001行表格，远多于一份年度报告"):
        interpret(document)
