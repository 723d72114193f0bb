"""The web pages' worker functions: what a unit and the office get back from an upload, opened as they open it."""

from __future__ import annotations

import io
import json
import pickle
import shutil
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import docx
import openpyxl
import pytest
from official import T3_COL_KEYS
from support import EXAMPLES, PUBLISHED_FOLDER, cell_of, consistent_values, named_cells

from generator.cli import app
from generator.web import work

UNITS = T3_COL_KEYS[:-1]  # the six applicant columns of table 三 (总计 is a formula)


def stored(tmp_path: Path, source: Path | bytes, name: str) -> Path:
    """A file as the server keeps it: under DIR/files/ with a name the server made."""
    folder = tmp_path / "files"
    folder.mkdir(exist_ok=True)
    target = folder / name
    if isinstance(source, bytes):
        target.write_bytes(source)
    else:
        shutil.copyfile(source, target)
    return target


def cells(workbook: bytes | Path) -> dict[str, object]:
    """Every named cell's value, by key, read with openpyxl."""
    wb = openpyxl.load_workbook(io.BytesIO(workbook) if isinstance(workbook, bytes) else workbook)
    return {key: wb[sheet][cell].value for key, (sheet, cell) in named_cells(wb).items()}


def title_of(report: bytes) -> str:
    return docx.Document(io.BytesIO(report)).paragraphs[0].text.replace("\n", "")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_an_example_is_checked_as_gigen_check_checks_it_and_its_report_is_built(example, tmp_path, runner):
    path = stored(tmp_path, example, "u000012.xlsx")
    result = work.check_upload(path, example.name)
    said = json.loads(runner.invoke(app, ["check", str(example), "--format", "json"]).stdout)
    values = cells(example)
    assert result.ok and result.note == ""
    assert (result.org, result.year) == (values["org_name"], values["year"])
    assert (result.errors, result.warnings) == (said["errors"], said["warnings"])
    expected = [f for f in said["findings"] if f["severity"] == "error"]
    expected += [f for f in said["findings"] if f["severity"] == "warning"]
    assert [(f["severity"], f["where"], f["message"], f["rule"]) for f in result.findings] == [
        (
            {"error": "错误", "warning": "警告"}[f["severity"]],
            f"{f['sheet']}!{f['cell']}",
            f["message"],
            f["rule"],
        )
        for f in expected
    ]
    assert result.report is not None
    assert title_of(result.report) == f"{values['org_name']}{values['year']}年政府信息公开工作年度报告"
    draft = "（草稿）" if said["errors"] else ""
    assert result.report_name == f"{values['org_name']}{values['year']}年政府信息公开工作年度报告{draft}.docx"
    assert result.draft is (said["errors"] > 0)


def test_a_workbook_without_errors_gets_its_report_unmarked(tmp_path):
    example = next(p for p in EXAMPLES if p.name == "叶城县白杨镇2024.xlsx")
    result = work.check_upload(stored(tmp_path, example, "u000001.xlsx"), example.name)
    assert (result.errors, result.draft) == (0, False)
    assert result.report is not None
    headers = [p.text for p in docx.Document(io.BytesIO(result.report)).sections[0].header.paragraphs]
    assert not any("草稿" in text for text in headers)


def test_an_error_at_a_cell_is_named_there_first_and_the_report_is_a_marked_draft(make_workbook, tmp_path):
    source = make_workbook(t3_new_natural="无", date=None)  # an error in 表三, a warning earlier (基本信息)
    assert cell_of(source, "t3_new_natural") == "表三!D6"
    result = work.check_upload(stored(tmp_path, source, "u000002.xlsx"), "测试镇2024.xlsx")
    assert result.ok and result.errors >= 1 and result.draft
    first = result.findings[0]
    assert (first["severity"], first["where"], first["rule"]) == ("错误", "表三!D6", "T3-INT")
    assert "无" in first["message"]
    severities = [f["severity"] for f in result.findings]
    assert severities == sorted(severities, key=lambda s: s != "错误")  # every error before every warning
    assert ("警告", "基本信息!B6") in [(f["severity"], f["where"]) for f in result.findings]
    assert result.report is not None and result.report_name.endswith("年度报告（草稿）.docx")
    headers = [p.text for p in docx.Document(io.BytesIO(result.report)).sections[0].header.paragraphs]
    assert f"草稿\u3000尚有{result.errors}处错误未改正，改正后重新生成，不得印发" in headers


@pytest.mark.parametrize(
    ("shown", "said"),
    [
        ("报表.xlsx", "报表.xlsx"),
        ("C:\\fakepath\\报表.xlsx", "报表.xlsx"),  # an old browser sends the whole path
        ("报表", "报表"),
        ("", "上传的文件.xlsx"),
    ],
)
def test_garbage_is_one_sentence_naming_the_clerks_file_never_the_stored_one(tmp_path, shown, said):
    path = stored(tmp_path, b"\x00garbage" * 400, "u000012.xlsx")
    result = work.check_upload(path, shown)
    assert not result.ok and result.report is None and result.findings == ()
    assert result.note == f"{said}：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。"
    assert "u000012" not in result.note


def test_a_result_crosses_a_process_pool(tmp_path):
    path = stored(tmp_path, EXAMPLES[0], "u000003.xlsx")
    with ProcessPoolExecutor(1) as pool:
        result = pool.submit(work.check_upload, path, EXAMPLES[0].name).result()
    assert result == pickle.loads(pickle.dumps(result))
    assert result.ok and result.report is not None and title_of(result.report).startswith(result.org)


def test_blank_holds_the_units_name_and_year():
    values = cells(work.blank("测试县测试局\x1b", 2025))  # a terminal's escape pasted with the name
    assert (values["org_name"], values["year"]) == ("测试县测试局", 2025)


def test_a_workbook_is_carried_forward_from_last_years(make_workbook, tmp_path):
    last = make_workbook()  # 2024
    workbook, note = work.carry_forward(
        stored(tmp_path, last, "u000004.xlsx"), "测试镇2024.xlsx", "新名称", 2025
    )
    assert note == "" and workbook is not None
    old, new = cells(last), cells(workbook)
    assert (new["org_name"], new["year"]) == ("新名称", 2025)
    for (
        col
    ) in UNITS:  # 上年结转 = last year's 结转下年度; the two differ in the fixture, so a wrong copy shows
        assert new[f"t3_carried_over_{col}"] == old[f"t3_carried_forward_{col}"]
    assert [new[f"t3_carried_over_{c}"] for c in UNITS] != [old[f"t3_carried_over_{c}"] for c in UNITS]


def test_a_workbook_of_another_year_is_not_carried_forward(make_workbook, tmp_path):
    path = stored(tmp_path, make_workbook(), "u000005.xlsx")
    carried = work.carry(path, "测试镇.xlsx", "测试镇", 2024)
    assert carried.workbook is None
    assert (
        carried.note
        == "测试镇.xlsx：这份工作簿是2024年度的，本年度为2024年度，请上传2023年度的报告或工作簿。"
    )


def test_a_published_pdf_is_carried_forward_with_what_could_not_be_read(tmp_path):
    report = PUBLISHED_FOLDER / "huaian_city_2024.pdf"
    if not report.is_file():
        pytest.skip("../shared/published is not beside the repository")
    transcribed = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    carried = work.carry(
        stored(tmp_path, report, "f000007.pdf"), "淮安市2024年报.pdf", "淮安市人民政府", 2025
    )
    assert carried.note == "" and carried.workbook is not None
    new = cells(carried.workbook)
    assert (new["org_name"], new["year"]) == ("淮安市人民政府", 2025)
    carried_forward = transcribed["t3"]["结转下年度"]  # as printed
    assert [new[f"t3_carried_over_{c}"] for c in UNITS] == carried_forward[:6]
    assert carried.errors == 0 and carried.warnings == len(carried.findings) > 0
    assert all(f["severity"] == "警告" and "页" in f["where"] for f in carried.findings)


def test_a_file_that_is_no_report_is_not_carried_forward(tmp_path):
    path = stored(tmp_path, "这不是年度报告，只是一段话。\n".encode(), "f000008.txt")
    workbook, note = work.carry_forward(path, "说明.txt", "测试镇", 2025)
    assert workbook is None
    assert note.startswith("说明.txt：") and "f000008" not in note


def test_county_files_sum_two_units_and_name_them(make_workbook, tmp_path):
    values = consistent_values()
    a = make_workbook("a.xlsx", values=values, org_name="测试县甲镇人民政府")
    b = make_workbook(
        "b.xlsx",
        values=values,
        org_name="测试县乙镇人民政府",
        t3_new_natural=values["t3_new_natural"] + 5,
        t3_granted_natural=values["t3_granted_natural"] + 5,
    )
    bad = stored(tmp_path, b"\x00" * 100, "u000003.xlsx")
    units = [
        ("甲镇", stored(tmp_path, a, "u000001.xlsx")),
        ("乙镇", stored(tmp_path, b, "u000002.xlsx")),
        ("丙镇", bad),
    ]
    county = work.county_files(units, "测试县", 2024)
    assert county.note == ""
    summary = openpyxl.load_workbook(io.BytesIO(county.summary_xlsx))
    rows = [[c.value for c in row] for row in summary["机关"].iter_rows(min_row=2)]
    assert [(r[1], r[2], r[5]) for r in rows] == [
        ("甲镇.xlsx", "测试县甲镇人民政府", "检查通过"),
        ("乙镇.xlsx", "测试县乙镇人民政府", "检查通过"),
        ("丙镇.xlsx", None, "无法读取"),
    ]
    rolled = openpyxl.load_workbook(io.BytesIO(county.rollup_xlsx))
    sheet, cell = cell_of(a, "t3_new_natural").split("!")
    assert rolled[sheet][cell].value == 2 * values["t3_new_natural"] + 5
    sheet, cell = cell_of(a, "t3_granted_natural").split("!")
    assert rolled[sheet][cell].value == 2 * values["t3_granted_natural"] + 5
    document = docx.Document(io.BytesIO(county.rollup_docx))
    assert document.paragraphs[0].text.replace("\n", "") == "测试县2024年政府信息公开工作年度报告表格汇总"


def test_county_files_say_when_the_workbooks_are_of_another_year(make_workbook, tmp_path):
    units = [("甲镇", stored(tmp_path, make_workbook(), "u000001.xlsx"))]
    county = work.county_files(units, "测试县", 2025)
    assert county.summary_xlsx and county.rollup_xlsx and county.rollup_docx
    assert county.note == "汇总的是2024年度（多数工作簿的年度），不是本年度2025年，请核对各单位上传的工作簿。"


def test_reports_zip_holds_each_report_under_a_plain_name(tmp_path):
    one = stored(tmp_path, b"first", "r000001.docx")
    two = stored(tmp_path, b"second", "r000002.docx")
    three = stored(tmp_path, b"third", "r000003.docx")
    data = work.reports_zip([("甲镇报告.docx", one), ("甲镇报告.docx", two), ("../../乙镇报告.docx", three)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["甲镇报告.docx", "甲镇报告（2）.docx", "乙镇报告.docx"]
        assert [archive.read(n) for n in archive.namelist()] == [b"first", b"second", b"third"]


def list_workbook(tmp_path: Path, column: list[object], name: str = "u000009.xlsx") -> Path:
    wb = openpyxl.Workbook()
    for value in column:
        wb.active.append([value, "备注"])
    wb.create_sheet("其他").append(["不是名单"])
    folder = tmp_path / "files"
    folder.mkdir(exist_ok=True)
    wb.save(folder / name)
    return folder / name


def test_unit_names_skip_the_header_blanks_and_repeats(tmp_path):
    path = list_workbook(
        tmp_path, ["单位名称", "测试县甲镇人民政府", None, " 测试县教育局 ", "测试县甲镇人民政府", 110]
    )
    assert work.unit_names(path) == (["测试县甲镇人民政府", "测试县教育局", "110"], "")


def test_unit_names_refuse_what_is_no_list(tmp_path):
    path = stored(tmp_path, b"%PDF-1.4 not a list", "u000010.xlsx")
    assert work.unit_names(path, "名单.xlsx") == (
        [],
        "名单.xlsx：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。",
    )
    long = list_workbook(tmp_path, ["机关", "甲" * 101], "u000011.xlsx")
    assert work.unit_names(long, "名单.xlsx") == (
        [],
        "名单.xlsx：A2的名称有101个字，超过100个字，不像机关全称，请核对。",
    )
    many = list_workbook(tmp_path, [f"单位{i}" for i in range(2001)], "u000012.xlsx")
    assert work.unit_names(many, "名单.xlsx") == (
        [],
        "名单.xlsx：名单超过2000个单位，不像本县的单位名单，请核对是否选错了文件。",
    )
    empty = list_workbook(tmp_path, ["单位"], "u000013.xlsx")
    assert work.unit_names(empty, "名单.xlsx") == (
        [],
        "名单.xlsx：第一个工作表的A列没有单位名称；请把各单位的全称逐行填在A列后重新上传。",
    )


def test_a_report_becomes_a_pdf_where_libreoffice_is_installed(tmp_path):
    if not work.has_pdf():
        pytest.skip("LibreOffice is not installed")
    result = work.check_upload(stored(tmp_path, EXAMPLES[0], "u000001.xlsx"), EXAMPLES[0].name)
    assert result.report is not None
    made, note = work.to_pdf(stored(tmp_path, result.report, "r000001.docx"))
    assert note == "" and made is not None and made.startswith(b"%PDF-")


def test_a_bug_is_the_projects_sentence_and_its_traceback_goes_to_the_log(tmp_path, monkeypatch, caplog):
    def broken(path: Path) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(work.pipeline, "check_workbook", broken)
    result = work.check_upload(stored(tmp_path, EXAMPLES[0], "u000001.xlsx"), "报表.xlsx")
    assert not result.ok
    assert result.note == (
        "报表.xlsx：gigen 处理这个工作簿时出了程序错误（不是工作簿的问题），请把这个工作簿发给gigen维护人员。"
    )
    assert "RuntimeError: a bug" in caplog.text and "Traceback" in caplog.text
