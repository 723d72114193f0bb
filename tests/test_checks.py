"""The rules that block a report: one cell changed in a valid workbook, one finding at that cell."""

from __future__ import annotations

import pytest

from generator.checks import check
from generator.workbook import read_workbook


def test_a_consistent_workbook_has_no_findings(make_workbook):
    assert check(read_workbook(make_workbook())) == []


@pytest.mark.parametrize(
    ("key", "typed", "rule", "cell"),
    [
        ("t3_new_total", 999, "T3-ROW-new", "表三!J6"),
        ("t3_denied_law_total", 1, "T3-ROW-denied_law", "表三!J11"),
        ("t3_handled_natural", 0, "T3-SUM7-natural", "表三!D29"),
        ("t3_handled_total", 5, "T3-ROW-handled", "表三!J29"),
        ("t4_review_total", 9, "T4-SUM-review", "表四!E6"),
        ("t4_suit_after_review_total", 0, "T4-SUM-suit_after_review", "表四!O6"),
    ],
)
def test_a_total_typed_over_its_formula_must_equal_its_parts(make_workbook, key, typed, rule, cell):
    findings = check(read_workbook(make_workbook(**{key: typed})))
    assert [(f.rule, f.where) for f in findings] == [(rule, cell)]


def test_a_typed_total_that_agrees_is_accepted(make_workbook):
    assert check(read_workbook(make_workbook(values={"t3_new_natural": 5, "t3_new_total": 5}))) == []


def test_the_message_names_both_cells_and_the_difference(make_workbook):
    (finding,) = check(read_workbook(make_workbook(values={"t3_new_natural": 5, "t3_new_total": 99})))
    assert str(finding) == (
        "表三!J6 表三“一、本年新收政府信息公开申请数量/总计”填的是99件，但六类申请人合计为5件（表三!D6至表三!I6），"
        "相差94件。请核对各项，或删除手填的数字，让公式自动计算。"
    )
