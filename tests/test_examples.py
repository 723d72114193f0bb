"""The five seed townships: each example workbook builds into a report that matches the official grid."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from official import (
    HEADINGS,
    TABLE_FOUR,
    TABLE_FOUR_KEYS,
    TABLE_THREE,
    TABLE_THREE_KEYS,
    TABLE_TWO,
    TABLE_TWO_KEYS,
)
from support import EXAMPLES, docx_grid, expected_value, named_cells

from generator.pipeline import build


def raw_values(path: Path) -> dict:
    """Every named cell of the workbook as openpyxl reads it, formulas left out (the test recomputes them)."""
    wb = openpyxl.load_workbook(path)
    values = {name: wb[sheet][cell].value for name, (sheet, cell) in named_cells(wb).items()}
    return {k: v for k, v in values.items() if not (isinstance(v, str) and v.startswith("="))}


def test_there_are_five_examples():
    assert [p.name for p in EXAMPLES] == sorted(
        [
            "叶城县白杨镇2024.xlsx",
            "宜阳县白杨镇2021.xlsx",
            "沙湾市柳毛湾镇2024.xlsx",
            "汤旺县乌伊岭镇2024.xlsx",
            "卢氏县朱阳关镇2024.xlsx",
        ]
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_builds_into_the_official_report(example, tmp_path):
    values = raw_values(example)
    built = build(example, tmp_path, draft=True)
    report = built.report
    # Seeds 001 and 003 state no 信息处理费 (S-SIX), 001 and 002 nothing of 平台建设 (S-ONE): they build only as drafts.
    drafts = ("宜阳县白杨镇2021", "汤旺县乌伊岭镇2024", "沙湾市柳毛湾镇2024")
    draft = "（草稿）" if example.stem in drafts else ""
    assert built.draft == bool(draft)
    assert report.name == f"{values['org_name']}{values['year']}年政府信息公开工作年度报告{draft}.docx"
    doc = docx.Document(str(report))

    for table, official, keys in zip(
        doc.tables,
        (TABLE_TWO, TABLE_THREE, TABLE_FOUR),
        (TABLE_TWO_KEYS, TABLE_THREE_KEYS, TABLE_FOUR_KEYS),
        strict=True,
    ):
        expected = {
            (r, c): (rs, cs, text if text is not None else expected_value(values, keys[(r, c)]))
            for r, c, rs, cs, text in official
        }
        assert docx_grid(table) == expected

    texts = [p.text for p in doc.paragraphs]
    assert [t for t in texts if t in HEADINGS] == HEADINGS
    for key, value in values.items():
        if (
            key.startswith(("s1_", "s5_", "s6_", "preface"))
            and isinstance(value, str)
            and not key.endswith("_title")
        ):
            paragraphs = [line.strip() for line in value.split("\n") if line.strip()]
            assert appears_in_order(paragraphs, texts), key
    assert "信息处理费" in texts[texts.index(HEADINGS[5]) + 1]


def appears_in_order(paragraphs: list[str], texts: list[str]) -> bool:
    """The paragraphs stand one after another in the report, each whole (the first may follow a run-in heading)."""
    for start in range(len(texts) - len(paragraphs) + 1):
        first, *rest = texts[start : start + len(paragraphs)]
        if first.endswith(paragraphs[0]) and rest == paragraphs[1:]:
            return True
    return False


def test_seed_000_keeps_its_published_text_and_closing(tmp_path):
    report = build(next(p for p in EXAMPLES if p.stem == "叶城县白杨镇2024"), tmp_path).report
    texts = [p.text for p in docx.Document(str(report)).paragraphs]
    assert any(
        "主动公开政府信息75条，其中公开类信息24条、民政类12条、项目类信息30条、财务类4条" in t for t in texts
    )
    assert texts[-2:] == ["叶城县白杨镇人民政府", "2025年1月26日"]
    assert "（一）主动公开方面" in texts  # its own sub-heading wording, as a heading


def test_examples_explain_their_transcription():
    wb = openpyxl.load_workbook(next(p for p in EXAMPLES if p.stem == "汤旺县乌伊岭镇2024"))
    guide = "\n".join(str(c.value) for c in wb["填写说明"]["A"] if c.value)
    assert "本示例工作簿的录入说明" in guide
    assert "字母“O”" in guide
