"""LibreOffice opens the built report: its PDF holds the six headings in order and table 三's rows."""

from __future__ import annotations

import re

from official import HEADINGS
from pypdf import PdfReader
from support import EXAMPLES, consistent_values, convert

from generator.build import build


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_example_report_converts_to_pdf_with_headings_in_order(tmp_path):
    report = build(next(p for p in EXAMPLES if p.stem == "叶城县白杨镇2024"), tmp_path).report
    pdf = convert(report, "pdf", tmp_path)
    text = pdf_text(pdf)
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    assert re.search(r"一、本年新收政府信息公开申请数量\s*0\s+0\s+0\s+0\s+0\s+0\s+0", text)
    assert len(PdfReader(str(pdf)).pages) >= 4


def test_a_row_of_table_three_reads_back_with_its_numbers(make_workbook, tmp_path):
    values = consistent_values()
    report = build(make_workbook(values=values), tmp_path).report
    text = pdf_text(convert(report, "pdf", tmp_path))
    columns = ("natural", "commercial", "research", "social", "legal", "other")
    row = [values[f"t3_carried_over_{c}"] for c in columns]
    expected = r"\s+".join(str(n) for n in [*row, sum(row)])
    assert re.search(r"二、上年结转政府信息公开申请数量\s*" + expected, text), text[:2000]
    assert "7730.28" in text


def test_every_page_of_a_draft_shows_the_mark(make_workbook, tmp_path):
    report = build(make_workbook(t3_new_natural=999), tmp_path, draft=True).report
    pages = PdfReader(str(convert(report, "pdf", tmp_path))).pages
    assert len(pages) >= 4
    for number, page in enumerate(pages, 1):
        assert "草稿" in page.extract_text(), f"page {number} has no 草稿 mark"
