"""Reading a .docx table back through its real grid: spans, vertical merges, cells skipped at a row's start."""

from __future__ import annotations

import docx
import pytest
from lxml import etree
from official import TABLE_FOUR, TABLE_THREE, TABLE_TWO
from support import TEMPLATE

from generator.docx import grid

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _table(rows: str):
    return etree.fromstring(f'<w:tbl xmlns:w="{W}">{rows}</w:tbl>')


def _tc(text: str = "", span: int = 1, vmerge: str | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        "" if vmerge is None else ("<w:vMerge/>" if vmerge == "" else f'<w:vMerge w:val="{vmerge}"/>')
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_spans_merges_and_skipped_grid_columns():
    tbl = _table(
        "<w:tr>" + _tc("A", span=2) + _tc("B", vmerge="restart") + "</w:tr>"
        "<w:tr>" + _tc("C") + _tc("D") + _tc(vmerge="") + "</w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _tc("E") + _tc(vmerge="") + "</w:tr>"
    )
    assert {pos: (c.rowspan, c.colspan, c.text) for pos, c in grid(tbl).items()} == {
        (0, 0): (1, 2, "A"),
        (0, 2): (3, 1, "B"),
        (1, 0): (1, 1, "C"),
        (1, 1): (1, 1, "D"),
        (2, 1): (1, 1, "E"),
    }


def test_text_left_in_a_merged_away_cell_is_not_lost():
    tbl = _table("<w:tr>" + _tc("上", vmerge="restart") + "</w:tr><w:tr>" + _tc("下", vmerge="") + "</w:tr>")
    assert grid(tbl)[(0, 0)].text == "上\n下"


def test_a_continuation_with_nothing_above_starts_a_cell():
    tbl = _table("<w:tr>" + _tc("孤", vmerge="") + "</w:tr>")
    assert [(c.rowspan, c.colspan, c.text) for c in grid(tbl).values()] == [(1, 1, "孤")]


@pytest.mark.parametrize("k, official", [(0, TABLE_TWO), (1, TABLE_THREE), (2, TABLE_FOUR)])
def test_the_default_templates_tables_read_as_the_official_grid(k, official):
    """Against the transcription in official.py, and against python-docx's own idea of which cells are merged."""
    table = docx.Document(str(TEMPLATE)).tables[k]
    found = grid(table._tbl)
    assert sorted(found) == sorted((r, c) for r, c, *_ in official)
    for r, c, rowspan, colspan, text in official:
        cell = found[(r, c)]
        assert (cell.rowspan, cell.colspan) == (rowspan, colspan)
        if text is not None:
            assert cell.text == text
        # python-docx returns the same cell object for every grid position a merged cell covers
        corner = table.cell(r + rowspan - 1, c + colspan - 1)
        assert corner._tc is table.cell(r, c)._tc


def test_a_continuation_under_any_column_of_a_spanning_cell_continues_it():
    tbl = _table(
        "<w:tr>" + _tc("A", span=2, vmerge="restart") + "</w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _tc("下", vmerge="") + "</w:tr>"
    )
    assert {pos: (c.rowspan, c.colspan, c.text) for pos, c in grid(tbl).items()} == {(0, 0): (2, 2, "A\n下")}
