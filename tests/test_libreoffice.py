"""LibreOffice opens the built report: its PDF holds the six headings in order and table 三's rows."""

from __future__ import annotations

import re

from official import HEADINGS
from pypdf import PdfReader
from support import EXAMPLES, consistent_values, convert

from generator.pipeline import build


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


def test_build_pdf_writes_a_pdf_beside_each_report(runner, make_workbook, tmp_path):
    from support import soffice

    from generator.cli import app

    soffice()  # skips without LibreOffice (fails under CI)
    workbook = make_workbook()
    single = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path / "一"), "--pdf"])
    assert single.exit_code == 0, single.output
    pdf = tmp_path / "一" / "测试县测试镇人民政府2024年政府信息公开工作年度报告.pdf"
    assert single.stdout.splitlines()[-1] == f"已生成PDF：{pdf}"
    text = pdf_text(pdf)
    assert [text.find(h) for h in HEADINGS] == sorted(text.find(h) for h in HEADINGS) and text.find(
        HEADINGS[0]
    ) >= 0
    again = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path / "一"), "--pdf"])
    assert again.exit_code == 1  # neither the report nor its PDF is replaced without --force
    pdf.write_bytes(b"last year's PDF")
    forced = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path / "一"), "--pdf", "--force"])
    assert forced.exit_code == 0, forced.output
    assert forced.stdout.splitlines()[-1] == f"已生成PDF：{pdf}" and pdf.read_bytes()[:5] == b"%PDF-"

    folder = tmp_path / "收件"
    folder.mkdir()
    for name in ("甲镇", "乙镇"):
        make_workbook(f"{name}.xlsx", org_name=f"测试县{name}人民政府").rename(folder / f"{name}.xlsx")
    batch = runner.invoke(app, ["build", str(folder), "-o", str(tmp_path / "县"), "--pdf"])
    assert batch.exit_code == 0, batch.output
    assert sorted(p.name for p in (tmp_path / "县").glob("*.pdf")) == [
        "测试县乙镇人民政府2024年政府信息公开工作年度报告.pdf",
        "测试县甲镇人民政府2024年政府信息公开工作年度报告.pdf",
    ]


def test_build_pdf_without_libreoffice_says_how_to_install_it(runner, make_workbook, tmp_path, monkeypatch):
    import sys

    from generator.cli import app
    from generator.pdf import INSTALL

    workbook = make_workbook()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    monkeypatch.setenv("PATH", str(bin_dir))  # a machine without LibreOffice
    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path / "out"), "--pdf"])
    assert (result.exit_code, result.stderr) == (1, INSTALL + "\n")
    assert (tmp_path / "out" / "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx").is_file()
