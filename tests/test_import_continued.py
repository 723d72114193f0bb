"""Table 三 broken across pages as a PDF's pages hand it over, built by hand from the official grid (official.py): a
row the page break split, a next page without the header and with a grid of its own, and one that cannot be lined
up with the header (said, never guessed)."""

from __future__ import annotations

import pytest
from official import TABLE_THREE, TABLE_THREE_KEYS

from generator.errors import Severity
from generator.published import tables
from generator.published.document import Cell, Document, Row, Table

KEYS = sorted(TABLE_THREE_KEYS.values())
DISTINCT = {key: str(i + 1) for i, key in enumerate(KEYS)}
LABEL_COLUMNS = 3  # the official grid: labels in columns 0-2, the seven value columns 3-9
FIRST_DATA_ROW = 3  # 一、本年新收政府信息公开申请数量


def keys_of(*rows: int) -> set[str]:
    return {key for (r, _), key in TABLE_THREE_KEYS.items() if r in rows}


def _narrow(col: int, colspan: int) -> tuple[int, int]:
    """A page where the label columns' inner rules do not exist: the three label columns are one."""
    end = col + colspan
    start = 0 if col < LABEL_COLUMNS else col - LABEL_COLUMNS + 1
    return start, (1 if end <= LABEL_COLUMNS else end - LABEL_COLUMNS + 1) - start


def page(
    first: int,
    last: int,
    where: str,
    *,
    narrow: bool = False,
    top: int = 0,
    bottom: int = 0,
    numbers_below: bool = False,
) -> Table:
    """Rows first..last-1 of the official table as one page's table: a cell merged down from a row above the page
    starts again on it, empty, as a PDF draws it. With `bottom`, the last row is broken by the page: its labels
    stop after that many characters; with `top`, the first row is the rest of a broken row: its labels start after
    that many. The numbers stand with the first piece, or with the second when numbers_below."""
    rows: dict[int, list[Cell]] = {}
    for r, c, rowspan, colspan, text in TABLE_THREE:
        if r + rowspan <= first or r >= last:
            continue
        start = max(r, first)
        if text is None:
            shown = DISTINCT[TABLE_THREE_KEYS[(r, c)]]
            hidden = (top and start == first and not numbers_below) or (
                bottom and start == last - 1 and numbers_below
            )
            shown = "" if hidden else shown
        elif start != r:
            shown = ""
        elif top and r == first:
            shown = text[top:]
        elif bottom and r == last - 1:
            shown = text[:bottom]
        else:
            shown = text
        col, span = _narrow(c, colspan) if narrow else (c, colspan)
        rows.setdefault(start, []).append(Cell(shown, col, span, min(r + rowspan, last) - start))
    return Table(
        tuple(Row(tuple(sorted(cells, key=lambda c: c.col)), where) for _, cells in sorted(rows.items())),
        f"{where}的表格",
    )


def broken(row: int, cut: int, *, numbers_below: bool = False, narrow: bool = False) -> tuple[Table, Table]:
    """Table 三 on pages 2 and 3, its row `row` broken by the page (each label cut after `cut` characters), the
    next page without the header; with narrow, the first page in 8 grid columns."""
    return (
        page(0, row + 1, "第2页", bottom=cut, numbers_below=numbers_below, narrow=narrow),
        page(row, 28, "第3页", top=cut, numbers_below=numbers_below),
    )


def read(*blocks: Table):
    return tables.read(Document("报告.pdf", blocks, pages=len(blocks)))


def three_findings(part) -> list[tuple[str, str]]:
    return [(f.rule, f.place) for f in part.findings if f.rule.startswith("IMP-T3")]


@pytest.mark.parametrize("numbers_below", [False, True], ids=["numbers-above-the-break", "numbers-below-it"])
@pytest.mark.parametrize(
    ("row", "cut", "narrow"),
    [(FIRST_DATA_ROW, 8, False), (FIRST_DATA_ROW, 8, True), (23, 2, False), (16, 4, False)],
    ids=[
        "一、本年新收政府|信息公开申请数量",
        "the-same-in-8-grid-columns-above",
        "（六|）其他处理 1.|申请人…",
        "2.没有|现成信息需要另行制作",
    ],
)
def test_a_row_the_page_break_split_is_one_row_where_its_numbers_are(row, cut, narrow, numbers_below):
    part = read(*broken(row, cut, numbers_below=numbers_below, narrow=narrow))
    assert three_findings(part) == []
    assert {k: str(v) for k, v in part.values.items() if k in DISTINCT} == DISTINCT
    where = "第3页" if numbers_below else "第2页"
    assert all(part.origins[k].startswith(f"{where} ") for k in keys_of(row))
    assert part.origins[TABLE_THREE_KEYS[(row + 1, 3)]].startswith("第3页 ")


@pytest.mark.parametrize(
    ("bottom", "shown"),
    [(0, 0), (4, 0), (4, 10)],
    ids=["its-own-row-above", "a-row-cut-short-above", "both-cut-short"],
)
def test_a_row_printed_blank_at_the_top_of_the_next_page_stays_its_own_row(bottom, shown):
    # Row 9 is 3.危及“三安全一稳定” (printed whole, or cut short to 3.危及), row 10 4.保护第三方合法权益 printed
    # blank (whole, or cut short to 4.保护第三方合法权: it still names its row alone).
    first, second = page(0, 10, "第2页", bottom=bottom), page(10, 28, "第3页")
    cells = second.rows[0].cells
    blank = Row(
        tuple(Cell("", c.col) if c.text.isdigit() else Cell(c.text[: shown or None], c.col) for c in cells),
        "第3页",
    )
    part = read(first, Table((blank, *second.rows[1:]), second.place))
    assert all(k not in part.values and part.origins[k].startswith("第3页 ") for k in keys_of(10))
    if bottom:  # what names no row is not read, and said so, rather than given to the row below
        assert three_findings(part) == [("IMP-T3-EXTRA", "第2页"), ("IMP-T3-ROW", "第2页的表格")]
        assert not keys_of(9) & set(part.values)
    else:
        assert three_findings(part) == []
        assert {k: str(part.values[k]) for k in keys_of(9)} == {k: DISTINCT[k] for k in keys_of(9)}


def test_words_over_the_numbers_are_no_piece_of_the_label():
    first, second = broken(FIRST_DATA_ROW, 8)
    top = second.rows[0]
    noted = Row(tuple(Cell("（单位：件）", c.col) if c.col == 9 else c for c in top.cells), top.place)
    part = read(first, Table((noted, *second.rows[1:]), second.place))
    assert three_findings(part) == []
    assert {k: str(v) for k, v in part.values.items() if k in DISTINCT} == DISTINCT


def test_a_piece_that_would_make_the_row_above_another_row_is_not_joined():
    # 7.属于行政执 names row 13 (7.属于行政执法案卷); with 政查询事项 below it would name row 14 (8.属于行政查询事项).
    first, second = page(0, 14, "第2页", bottom=7), page(14, 28, "第3页", top=5)
    assert (first.rows[-1].cells[0].text, second.rows[0].cells[2].text) == ("7.属于行政执", "政查询事项")
    part = read(first, second)
    assert {k: str(part.values[k]) for k in keys_of(13)} == {k: DISTINCT[k] for k in keys_of(13)}
    assert not keys_of(14) & set(part.values)
    assert three_findings(part) == [("IMP-T3-ROW", "第2页的表格")]


def test_a_next_page_without_the_header_and_with_more_grid_columns_is_read_under_the_headers_columns():
    # Page 1 holds the header and the first row in 8 grid columns; page 2 the rest in 10, without the header.
    first, second = page(0, FIRST_DATA_ROW + 1, "第1页", narrow=True), page(FIRST_DATA_ROW + 1, 28, "第2页")
    assert max(c.col + c.colspan for r in first.rows for c in r.cells) == 8
    part = read(first, second)
    assert three_findings(part) == []
    assert {k: str(v) for k, v in part.values.items() if k in DISTINCT} == DISTINCT
    assert part.origins["t3_denied_secret_natural"] == "第2页 表三“1.属于国家秘密”行“自然人”列"


def test_a_table_typed_into_word_and_printed_on_four_pages_reads_as_one():
    # As LibreOffice prints it: 8 grid columns on page 1, rows broken at pages 1-2 and 3-4, no header repeated.
    pages = (
        page(0, 4, "第1页", narrow=True, bottom=8),
        page(3, 14, "第2页", top=8),
        page(14, 24, "第3页", bottom=3),
        page(23, 28, "第4页", top=3),
    )
    assert [r.cells[0].text for r in (pages[0].rows[-1], pages[1].rows[0])] == [
        "一、本年新收政府",
        "信息公开申请数量",
    ]
    assert [c.text for c in pages[3].rows[0].cells[:3]] == [
        "",
        "其他处理",
        "请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ]
    part = read(*pages)
    assert three_findings(part) == []
    assert {k: str(v) for k, v in part.values.items() if k in DISTINCT} == DISTINCT
    assert part.origins["t3_other_overdue_correction_total"] == (
        "第3页 表三“1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”行“总计”列"
    )


def _extra_column(table: Table) -> Table:
    """Every row one more value cell at the right (a 小计 column the header above did not have)."""
    rows = []
    for row in table.rows:
        end = max(c.col + c.colspan for c in row.cells)
        rows.append(Row((*row.cells, Cell("0", end)), row.place))
    return Table(tuple(rows), table.place)


def _one_row_shifted(table: Table) -> Table:
    """The second row's label one column wider and its numbers one column to the right: the grid disagrees."""
    row = table.rows[1]
    label, *numbers = (c for c in row.cells if c.text)
    shifted = Row(
        (Cell(label.text, label.col, label.colspan + 1), *(Cell(c.text, c.col + 1) for c in numbers)),
        row.place,
    )
    return Table((table.rows[0], shifted, *table.rows[2:]), table.place)


@pytest.mark.parametrize(
    ("spoil", "detail"),
    [
        (_extra_column, "各行的数值印了8格，前面的表头是7列"),
        (_one_row_shifted, "各行的7格数值不在同样的列上"),
    ],
    ids=["an-extra-column", "rows-not-in-line"],
)
def test_a_next_page_whose_columns_do_not_line_up_with_the_header_is_said_and_not_read(spoil, detail):
    first = page(0, FIRST_DATA_ROW + 1, "第1页", narrow=True)
    second = spoil(page(FIRST_DATA_ROW + 1, 28, "第2页"))
    part = read(first, second)
    unread = keys_of(*range(FIRST_DATA_ROW + 1, 28))
    assert [(f.rule, f.severity, f.place, f.message) for f in part.findings if "T3" in f.rule] == [
        (
            "IMP-T3-CONTINUED",
            Severity.ERROR,
            "第2页的表格",
            f"表三的这一部分接着前面的表格、没有重印表头，表格的列与前面不同，{detail}，"
            "不知道各数属于哪一列，这一部分的24行都没有读取。",
        )
    ]
    assert not unread & (set(part.values) | set(part.origins))
    assert {k: str(part.values[k]) for k in keys_of(FIRST_DATA_ROW)} == {
        k: DISTINCT[k] for k in keys_of(FIRST_DATA_ROW)
    }
