"""gigen import, gigen check and gigen new --previous on published reports, as a clerk and a county run them."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from handtyped import report
from support import EXAMPLES, named_cells

from generator import pipeline, schema
from generator.cli import app


@pytest.fixture(scope="module")
def built_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report gigen builds from the example of 叶城县白杨镇 2024."""
    folder = tmp_path_factory.mktemp("built")
    return pipeline.build(next(p for p in EXAMPLES if p.stem == "叶城县白杨镇2024"), folder).report


def _cells(path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path)
    return {key: wb[sheet][cell].value for key, (sheet, cell) in named_cells(wb).items()}


def test_import_writes_the_workbook_and_never_overwrites_it(runner, built_report, tmp_path):
    out = tmp_path / "导入"
    result = runner.invoke(app, ["import", str(built_report), "-o", str(out)])
    assert result.exit_code == 0, result.output
    workbook = out / "叶城县白杨镇人民政府2024.xlsx"
    assert result.stdout.splitlines() == [
        f"已导入：{built_report.name} → {workbook}（{_record_rows(workbook)}项，每项在原报告中的位置见“导入记录”工作表）",
        f"检查勾稽关系：gigen check {workbook}",
    ]
    before = workbook.read_bytes()
    again = runner.invoke(app, ["import", str(built_report), "-o", str(out)])
    assert again.exit_code == 1 and "--force" in again.stderr and "Traceback" not in again.output
    assert workbook.read_bytes() == before
    assert runner.invoke(app, ["import", str(built_report), "-o", str(out), "--force"]).exit_code == 0


def _record_rows(workbook: Path) -> int:
    sheet = openpyxl.load_workbook(workbook)[schema.SHEET_RECORD]
    return sum(
        1 for row in sheet.iter_rows(min_row=2, values_only=True) if not str(row[2]).startswith("未能导入")
    )


def test_the_imported_workbook_builds_the_same_report(runner, built_report, tmp_path):
    out = tmp_path / "导入"
    assert runner.invoke(app, ["import", str(built_report), "-o", str(out)]).exit_code == 0
    workbook = out / "叶城县白杨镇人民政府2024.xlsx"
    rebuilt = pipeline.build(workbook, tmp_path / "再生成").report
    original = [p.text for p in docx.Document(str(built_report)).paragraphs]
    again = [p.text for p in docx.Document(str(rebuilt)).paragraphs]
    assert again == original


def test_check_of_a_consistent_published_report_raises_no_error(runner, built_report):
    result = runner.invoke(app, ["check", str(built_report), "--format", "json"])
    found = json.loads(result.stdout)
    assert found["errors"] == 0, found["findings"]
    assert result.exit_code == 0


def test_check_refuses_a_wrong_published_total_naming_its_table_and_row(runner, tmp_path):
    path = tmp_path / "石桥镇2024年报.docx"
    values = report(path, 1)
    d = docx.Document(str(path))
    three = d.tables[1]
    total = three.cell(26, 9)  # （七）总计 / 总计, as the office added it wrongly
    total.text = str(int(values["t3_handled_total"]) + 1)  # type: ignore[call-overload]
    d.save(str(path))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    wrong = [line for line in result.stdout.splitlines() if "错误" in line and "（七）总计" in line]
    assert wrong, result.stdout
    assert (
        "表三" in wrong[0]
        and "印的是" in wrong[0]
        and wrong[0].endswith("请发布单位核对各项和合计。 [T3-ROW-handled]")
    )
    assert result.stdout.splitlines()[-1].startswith("石桥镇2024年报.docx：1处错误，")
    assert result.stdout.splitlines()[-1].endswith(
        "请发布单位核对更正；也可用 gigen import 导入为工作簿，改正后重新生成报告。"
    )


def test_new_previous_from_last_years_published_report(runner, built_report, tmp_path):
    from_report = tmp_path / "白杨镇2025.xlsx"
    result = runner.invoke(app, ["new", str(from_report), "--previous", str(built_report)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"已按上年发布的报告生成：{from_report}"
    from_workbook = tmp_path / "白杨镇2025（按工作簿）.xlsx"
    example = next(p for p in EXAMPLES if p.stem == "叶城县白杨镇2024")
    assert runner.invoke(app, ["new", str(from_workbook), "--previous", str(example)]).exit_code == 0
    carried = [f.key for f in schema.FIELDS if f.carried_from] + ["org_name", "year", "signature"]
    got, want = _cells(from_report), _cells(from_workbook)
    assert {k: got[k] for k in carried} == {k: want[k] for k in carried}
    assert got["year"] == 2025


def _scan(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (595, 842), "white").save(path, "PDF")


def _encrypted(path: Path, source: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(str(source))
    writer.encrypt("secret")
    writer.write(str(path))


def _pdf_of(report: Path, folder: Path) -> Path:
    from support import convert

    return convert(report, "pdf", folder / "pdf")


def _letter(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("关于召开2025年度工作会议的通知")
    d.add_paragraph("各村（社区）：定于1月10日召开会议。")
    d.save(str(path))


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("扫描件.pdf", lambda p, r: _scan(p), "扫描"),
        ("加密.pdf", lambda p, r: _encrypted(p, _pdf_of(r, p.parent)), "密码"),
        ("通知.docx", lambda p, r: _letter(p), "不是"),
        ("残缺.docx", lambda p, r: p.write_bytes(r.read_bytes()[:3000]), ""),
        ("乱码.docx", lambda p, r: p.write_bytes(bytes(range(256)) * 40), ""),
        ("乱码.pdf", lambda p, r: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40), ""),
        ("空白.txt", lambda p, r: p.write_bytes(b""), ""),
        (
            "空白.html",
            lambda p, r: p.write_bytes(b"<html><body><p>\xe6\xac\xa2\xe8\xbf\x8e</p></body></html>"),
            "不是",
        ),
    ],
)
def test_a_file_that_is_no_readable_report_is_one_sentence(runner, built_report, tmp_path, name, make, says):
    path = tmp_path / name
    make(path, built_report)
    before = path.read_bytes()
    out = tmp_path / "导入"
    result = runner.invoke(app, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{name}：") and line.endswith("。") and says in line
    assert not any(
        c.isascii() and c.isalpha()
        for c in line.removeprefix(name)
        .replace("Word", "")
        .replace("PDF", "")
        .replace("LibreOffice", "")
        .replace("WPS", "")
        .replace("docx", "")
        .replace("HTML", "")
    ), line
    assert not out.exists() or not any(out.iterdir())
    assert path.read_bytes() == before


def test_import_of_a_folder_is_a_batch_with_a_summary(runner, built_report, tmp_path):
    inbox = tmp_path / "已发布"
    inbox.mkdir()
    shutil.copyfile(built_report, inbox / "白杨镇.docx")
    report(inbox / "石桥镇.docx", 2)
    shutil.copyfile(EXAMPLES[0], inbox / "工作簿.xlsx")
    _letter(inbox / "通知.docx")
    out = tmp_path / "导入"
    result = runner.invoke(app, ["import", str(inbox), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1  # the letter is no report
    assert f"跳过 {inbox / '工作簿.xlsx'}：不是能导入的已发布报告" in result.stderr
    assert sorted(p.name for p in out.glob("*人民政府2024.xlsx")) == [
        "叶城县白杨镇人民政府2024.xlsx",
        "青山县石桥镇人民政府2024.xlsx",
    ]
    assert len(list(out.glob("导入汇总_*.xlsx"))) == 1
    assert "共3份报告：2个已导入，1个未通过。" in result.stdout
    assert io.StringIO(result.stdout).read().count("已导入") >= 2


def test_a_huge_text_file_is_refused_within_seconds(runner, tmp_path):
    import time

    path = tmp_path / "巨大.txt"
    row = "\t".join(["一、本年新收政府信息公开申请数量", *["1"] * 7]) + "\n"
    path.write_text("某某镇人民政府2024年政府信息公开工作年度报告\n" + row * 200_000, encoding="utf-8")
    start = time.perf_counter()
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "导入")])
    assert time.perf_counter() - start < 10
    assert result.exit_code == 1
    assert (
        result.stderr
        == "巨大.txt：文件有200001行，远多于一份年度报告（不超过50000行），不是年度报告，未读取。\n"
    )


def test_check_of_a_folder_of_published_reports_places_each_error(runner, built_report, tmp_path):
    inbox = tmp_path / "已发布"
    inbox.mkdir()
    shutil.copyfile(built_report, inbox / "白杨镇2024年报.docx")
    values = report(inbox / "石桥镇2024年报.docx", 1)
    d = docx.Document(str(inbox / "石桥镇2024年报.docx"))
    d.tables[1].cell(26, 9).text = str(int(values["t3_handled_total"]) + 1)  # type: ignore[call-overload]
    d.save(str(inbox / "石桥镇2024年报.docx"))
    (inbox / "说明.txt").write_text("各单位已发布的年报", encoding="utf-8")
    result = runner.invoke(app, ["check", str(inbox), "-o", str(tmp_path / "检查")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"跳过 {inbox / '说明.txt'}：不是工作簿或已发布的报告（文本文件请直接给出文件名）"
    )
    (error,) = [line for line in result.stdout.splitlines() if " 错误：" in line]
    assert error.startswith(
        "石桥镇2024年报.docx 第2个表格第27行 表三“（七）总计”行“总计”列（表三!J29） 错误："
    )
    assert result.stdout.splitlines()[-1].startswith("共2个文件：1个检查通过，1个未通过。")


def test_a_report_with_a_table_missing_is_imported_with_what_it_says_and_the_gap_named(runner, tmp_path):
    path = tmp_path / "石桥镇2024年报.docx"
    values = report(path, 2)
    d = docx.Document(str(path))
    four = d.tables[2]._tbl
    four.getparent().remove(four)  # the office pasted table 四 as a picture, or forgot it
    d.save(str(path))
    out = tmp_path / "导入"
    result = runner.invoke(app, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if " 错误：" in line]
    assert len(errors) == 1 and "表四" in errors[0], result.stderr
    assert result.stderr.splitlines()[-1] == (
        "石桥镇2024年报.docx：有1处内容未能导入（见上），工作簿已按读到的内容写出，请对照原报告补齐后再检查。"
    )
    cells = _cells(out / "青山县石桥镇人民政府2024.xlsx")
    assert cells["t3_new_total"] == values["t3_new_total"]
    assert cells["t4_review_upheld"] is None


def test_new_previous_refuses_a_report_that_could_not_be_read_whole(runner, tmp_path):
    path = tmp_path / "石桥镇2024年报.docx"
    report(path, 3)
    d = docx.Document(str(path))
    three = d.tables[1]._tbl
    three.getparent().remove(three)
    d.save(str(path))
    result = runner.invoke(app, ["new", str(tmp_path / "石桥镇2025.xlsx"), "--previous", str(path)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("石桥镇2024年报.docx：上年报告未能完整读取，不能据此结转（1处，首先是")
    assert "表三" in line and line.endswith("再用 --previous 给出那个工作簿。")
    assert not (tmp_path / "石桥镇2025.xlsx").exists()


def test_a_title_naming_a_path_cannot_lead_the_workbook_out_of_its_folder(runner, tmp_path):
    path = tmp_path / "年报.txt"
    path.write_text(
        "../../外面/某镇人民政府2024年政府信息公开工作年度报告\n一、总体情况\n本年度工作有序开展。\n",
        encoding="utf-8",
    )
    out = tmp_path / "a" / "导入"
    runner.invoke(app, ["import", str(path), "-o", str(out)])
    written = [p.relative_to(tmp_path) for p in tmp_path.rglob("*.xlsx")]
    assert written == [Path("a/导入/外面某镇人民政府2024.xlsx")]
