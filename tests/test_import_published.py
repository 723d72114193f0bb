"""Real published reports read back: ../shared/published/ (a city's PDF, made with WPS) against its hand-checked
transcription, through `gigen import` and `gigen check` as a county office runs them."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from support import ROOT, named_cells

from generator import schema
from generator.cli import app
from generator.published.normal import squeezed

PUBLISHED = ROOT.parent / "shared" / "published"
HUAIAN = PUBLISHED / "huaian_city_2024.pdf"


def transcribed_numbers(path: Path) -> dict[str, object]:
    """The transcription's numbers by workbook key (its format: ../shared/published/README.md)."""
    t = json.loads(path.read_text(encoding="utf-8"))
    numbers: dict[str, object] = {}
    for stem, name in schema.T2_DOCUMENTS:
        for part, value in zip(("issued", "repealed", "in_force"), t["t2"][name], strict=True):
            numbers[f"t2_{stem}_{part}"] = value
    for key, name in (("licensing", "行政许可"), ("penalty", "行政处罚"), ("coercion", "行政强制")):
        numbers[f"t2_{key}"] = t["t2"][name]
    numbers["t2_fees"] = Decimal(str(t["t2"]["行政事业性收费"]))
    assert len(t["t3"]) == len(schema.T3_ROWS)  # in table order, as the README says
    for row, values in zip(schema.T3_ROWS, t["t3"].values(), strict=True):
        for (col, _), value in zip(schema.T3_COLUMNS, values, strict=True):
            numbers[schema.t3_key(row.key, col)] = value
    cells = [(g, r) for g, _ in schema.T4_GROUPS for r, _ in schema.T4_RESULTS]
    for (group, result), value in zip(cells, t["t4"], strict=True):
        numbers[f"t4_{group}_{result}"] = value
    return numbers


@pytest.fixture(scope="module")
def huaian_workbook(tmp_path_factory: pytest.TempPathFactory, runner) -> tuple[Path, str]:
    if not HUAIAN.is_file():
        pytest.skip("../shared/published is not beside the repository")
    out = tmp_path_factory.mktemp("import")
    result = runner.invoke(app, ["import", str(HUAIAN), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (workbook,) = out.glob("*.xlsx")
    return workbook, result.stdout


def test_import_of_the_published_pdf_gives_every_number_of_its_transcription(huaian_workbook):
    workbook, stdout = huaian_workbook
    assert workbook.name == "淮安市人民政府2024.xlsx"
    assert stdout.startswith(f"已导入：{HUAIAN.name} → {workbook}")
    wb = openpyxl.load_workbook(workbook)
    cells = named_cells(wb)
    expected = transcribed_numbers(PUBLISHED / "huaian_city_2024.json")
    got = {key: wb[cells[key][0]][cells[key][1]].value for key in expected}
    wrong = {k: (v, got[k]) for k, v in expected.items() if not (got[k] == v or Decimal(str(got[k])) == v)}
    assert wrong == {}, f"{len(wrong)} of {len(expected)} numbers differ"
    assert wb[cells["org_name"][0]][cells["org_name"][1]].value == "淮安市人民政府"
    assert wb[cells["year"][0]][cells["year"][1]].value == 2024


def test_import_of_the_published_pdf_gives_its_sections(huaian_workbook):
    workbook, _ = huaian_workbook
    wb = openpyxl.load_workbook(workbook)
    cells = named_cells(wb)

    def cell(key: str) -> str:
        return str(wb[cells[key][0]][cells[key][1]].value or "")

    sections = json.loads((PUBLISHED / "huaian_city_2024.json").read_text(encoding="utf-8"))["sections"]
    one = [cell("s1_intro")]
    for stem, _ in schema.ASPECTS:
        one += [cell(f"{stem}_title"), cell(stem)]
    five = [cell("s5_problems"), cell("s5_improvements")]

    def plain(text: str) -> str:  # the words only: sub-heading numbers and punctuation around them aside
        return re.sub(r"[（(][一二三四五六][）)]|[。.：:\s]", "", squeezed(text))

    assert plain("".join(one)) == plain(sections["一"])
    assert plain("".join(five)) == plain(sections["五"])
    assert plain(cell("s6_other")) == plain(sections["六"])
    assert cell("fee_collected") == "3940"


def test_the_record_sheet_places_every_number_on_its_page(huaian_workbook):
    workbook, _ = huaian_workbook
    rows = list(openpyxl.load_workbook(workbook)[schema.SHEET_RECORD].iter_rows(values_only=True))[1:]
    table_rows = [r for r in rows if r[0] in (schema.SHEET_T2, schema.SHEET_T3, schema.SHEET_T4)]
    assert len(table_rows) == len(transcribed_numbers(PUBLISHED / "huaian_city_2024.json"))
    assert all(re.match(r"第[1-6]页", str(r[4])) for r in table_rows), table_rows[:3]


def test_check_of_the_published_pdf_finds_no_error(runner):
    if not HUAIAN.is_file():
        pytest.skip("../shared/published is not beside the repository")
    result = runner.invoke(app, ["check", str(HUAIAN), "--format", "json"])
    report = json.loads(result.stdout)
    assert report["errors"] == 0, [f for f in report["findings"] if f["severity"] == "error"]
    assert result.exit_code == 0
