"""Workbook format evolution: every older format keeps reading, checking and building; a newer one is refused.

tests/data/format1-0.1.0.xlsx was written by gigen 0.1.0 (format 1) and filled with consistent_values() for
测试县测试镇人民政府 2024. It is never rewritten: whatever the schema becomes, that file must still work.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import pkgutil
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from support import consistent_values, derived, fill, report_paragraphs

import generator
from generator import kinds, lint, schema
from generator.checks import common
from generator.cli import app
from generator.errors import WorkbookError
from generator.schema import Field, Kind, Use
from generator.xlsx import blank_workbook, interpret, read_workbook

OLD = Path(__file__).parent / "data" / "format1-0.1.0.xlsx"
OLD_SHA256 = "a5ff89c9e2fefc080addb7a780ad5595eef636ac587499410e3fe0b1acc4322b"
# Written by gigen 0.1.0 in format 2 (with 机关类别, before the 监督保障 cells of format 3), filled the same way.
FORMAT_2 = Path(__file__).parent / "data" / "format2-0.1.0.xlsx"
FORMAT_2_SHA256 = "903cc1a2eebcd544ca46c43455f8f856fb297c019346f6185bcb136f5aa3f06c"
ORG, YEAR = "测试县测试镇人民政府", 2024
TITLE = f"{ORG}{YEAR}年政府信息公开工作年度报告"
REPORT = TITLE + ".docx"

# Today's format, and the field a future format might bring: optional text on 一、总体情况, below the five aspects.
NOW = schema.FORMAT_VERSION
NEXT = NOW + 1
NEW = Field(
    "s1_new_aspect", "新增的可选文字", Kind.TEXT, schema.SHEET_ONE, "B20", since=NEXT, template=Use.NONE
)
NEW_TEXT = "本年度新增的一段说明。"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def as_read(key: str, value: Any) -> Any:
    """A value of consistent_values() as the reader types it."""
    kind = schema.FIELD_BY_KEY[key].kind
    if kind is Kind.COUNT:
        return int(value)
    if kind is Kind.MONEY:
        return Decimal(str(value))
    return str(value)


def assert_reads_as_filled(data: Any) -> None:
    values = consistent_values()
    assert data.findings == ()
    assert (data.values["org_name"], data.values["year"]) == (ORG, YEAR)
    assert {k: data.values[k] for k in values} == {k: as_read(k, v) for k, v in values.items()}
    # The totals are formulas with no cached value (openpyxl wrote them): the reader computes them.
    assert {f.key: data.values[f.key] for f in schema.FIELDS if f.derived} == {
        f.key: derived(values, f.key) for f in schema.FIELDS if f.derived
    }


def assert_is_the_report(path: Path) -> None:
    paragraphs = [p.text for p in report_paragraphs(path)]
    assert paragraphs[0].replace("\n", "") == TITLE
    assert consistent_values()["s1_intro"] in paragraphs


# ---------------------------------------------------------------------------------------------------------
# A simulated next format
# ---------------------------------------------------------------------------------------------------------

# The schema's field lists that other modules copied at import time, so a change to schema alone would miss them:
# none (rollup.SUMMED is derived from FIELDS too, but holds only counts and amounts: a text field does not change it).
COPIES: set[tuple[str, str]] = set()
FIELD_LISTS = ("FIELDS", "FIELD_BY_KEY", "TEXT_KEYS", "SECTION_ONE_FIELDS", "SECTION_ONE_KEYS")


@contextmanager
def format_two() -> Iterator[None]:
    """gigen as it would be with NEW added and FORMAT_VERSION raised to NEXT; everything is put back on exit."""
    after = schema.FIELDS.index(schema.SECTION_ONE_FIELDS[-1]) + 1
    fields = (*schema.FIELDS[:after], NEW, *schema.FIELDS[after:])
    text_keys = tuple(f.key for f in fields if f.kind is Kind.TEXT)
    section_one = (*schema.SECTION_ONE_FIELDS, NEW)
    try:
        with pytest.MonkeyPatch.context() as m:
            m.setattr(schema, "FORMAT_VERSION", NEXT)
            m.setattr(schema, "FIELDS", fields)
            m.setattr(schema, "FIELD_BY_KEY", {f.key: f for f in fields})
            m.setattr(schema, "TEXT_KEYS", text_keys)
            m.setattr(schema, "SECTION_ONE_FIELDS", section_one)
            m.setattr(schema, "SECTION_ONE_KEYS", tuple(f.key for f in section_one))
            lint.known_names.cache_clear()  # the template names, computed once from the fields
            yield
    finally:
        lint.known_names.cache_clear()


@pytest.fixture
def evolved() -> Iterator[None]:
    with format_two():
        yield


def write_format_two(path: Path, **extra: Any) -> Path:
    """A filled workbook as the next format writes it (call inside format_two)."""
    assert schema.FORMAT_VERSION == NEXT
    path.write_bytes(blank_workbook(ORG, YEAR, {**consistent_values(), **extra}))
    return path


def test_the_simulation_patches_every_copy_of_the_field_lists():
    """No module holds its own reference to a field list that format_two() leaves unpatched."""
    originals = {id(getattr(schema, name)): name for name in FIELD_LISTS}
    found = set()
    for info in pkgutil.walk_packages(generator.__path__, "generator."):
        if info.name in ("generator.__main__", "generator.schema"):
            continue
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            if id(value) in originals:
                found.add((info.name, attr))
            if callable(value) and getattr(value, "__module__", None) == info.name:
                for default in getattr(value, "__defaults__", None) or ():
                    if id(default) in originals:
                        found.add((info.name, f"{attr}.__defaults__"))
    assert found == COPIES


def test_the_simulation_is_undone():
    with format_two():
        assert (schema.FORMAT_VERSION, schema.FIELD_BY_KEY[NEW.key]) == (NEXT, NEW)
        assert NEW.key in lint.known_names()
        typed = interpret("", {NEW.key: "新增的一段文字"}, {})
        assert [p.text for p in common.paragraphs_of(typed) if p.key == NEW.key] == ["新增的一段文字"]
    assert schema.FORMAT_VERSION == NOW
    assert NEW.key not in schema.FIELD_BY_KEY and NEW not in schema.FIELDS
    assert NEW.key not in schema.TEXT_KEYS
    assert NEW.key not in lint.known_names()


# ---------------------------------------------------------------------------------------------------------
# The committed format-1 workbook, read by today's gigen
# ---------------------------------------------------------------------------------------------------------


def test_the_format_1_workbook_of_gigen_0_1_0_reads_checks_and_builds(runner, tmp_path):
    assert sha256(OLD) == OLD_SHA256, "tests/data/format1-0.1.0.xlsx must never be rewritten"
    assert_reads_as_filled(read_workbook(OLD))
    assert_checks_and_builds(runner, tmp_path)


def assert_checks_and_builds(runner, tmp_path: Path, old: Path = OLD, digest: str = OLD_SHA256) -> None:
    """`gigen check` passes the old workbook, `gigen build` writes its report, and the workbook is untouched."""
    result = runner.invoke(app, ["check", str(old)])
    assert (result.exit_code, result.stdout) == (0, f"{old.name}：检查通过，没有发现问题。\n")
    out = tmp_path / "报告"
    built = runner.invoke(app, ["build", str(old), "-o", str(out)])
    assert (built.exit_code, built.stdout) == (0, f"已生成报告：{out / REPORT}\n")
    assert_is_the_report(out / REPORT)
    assert sha256(old) == digest, "reading, checking or building must not touch the workbook"


def test_the_format_2_workbook_of_gigen_0_1_0_reads_checks_and_builds(runner, tmp_path):
    """Format 2 had no 工作考核, 社会评议 or 责任追究 cells: they read as blank, and its own 监督保障 text is printed."""
    assert sha256(FORMAT_2) == FORMAT_2_SHA256, "tests/data/format2-0.1.0.xlsx must never be rewritten"
    data = read_workbook(FORMAT_2)
    assert_reads_as_filled(data)
    for key in schema.DUTY_KEYS:
        assert (schema.FIELD_BY_KEY[key].since, key in data.blank, key in data.locations) == (3, True, False)
    assert_checks_and_builds(runner, tmp_path, FORMAT_2, FORMAT_2_SHA256)
    paragraphs = [p.text for p in report_paragraphs(tmp_path / "报告" / REPORT)]
    oversight = paragraphs.index("（五）监督保障")
    assert paragraphs[oversight + 1 : oversight + 3] == [
        consistent_values()["s1_oversight"],
        "二、主动公开政府信息情况",
    ]


# ---------------------------------------------------------------------------------------------------------
# The next format: a field added
# ---------------------------------------------------------------------------------------------------------


def test_the_next_format_reads_the_format_1_workbook_with_the_new_field_blank(evolved, runner, tmp_path):
    data = read_workbook(OLD)
    assert_reads_as_filled(data)
    assert data.values[NEW.key] == ""
    assert NEW.key in data.blank
    assert NEW.key not in data.locations
    assert_checks_and_builds(runner, tmp_path)


def test_a_format_1_workbook_is_read_by_name_not_by_the_new_fields_cell(evolved, tmp_path):
    """Text a clerk left where the next format puts the new field is not the new field: format 1 has no such name."""
    copy = shutil.copy(OLD, tmp_path / "旧表.xlsx")
    wb = openpyxl.load_workbook(copy)
    wb[NEW.sheet][NEW.cell] = "旁边的备注"
    wb.save(copy)
    data = read_workbook(copy)
    assert (data.values[NEW.key], data.findings) == ("", ())
    assert NEW.key in data.blank


def test_a_next_format_workbook_carries_the_new_name_and_version(evolved, runner, tmp_path):
    path = write_format_two(tmp_path / "新表.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.defined_names[schema.FORMAT_NAME].attr_text == str(NEXT)
    assert wb.defined_names[NEW.key].attr_text == "'一、总体情况'!$B$20"
    assert wb[schema.SHEET_ONE]["A20"].value == "新增的可选文字"
    assert wb[schema.SHEET_GUIDE]["A2"].value.startswith(f"工作簿格式版本：{NEXT}。")

    blank = read_workbook(path)
    assert (blank.values[NEW.key], blank.findings) == ("", ())
    assert NEW.key in blank.blank

    fill(path, {NEW.key: NEW_TEXT})  # typed into the cell the name points at, as a clerk would
    data = read_workbook(path)
    assert_reads_as_filled(data)
    assert data.values[NEW.key] == NEW_TEXT
    assert NEW.key not in data.blank
    assert data.locations[NEW.key] == "一、总体情况!B20"
    result = runner.invoke(app, ["check", str(path)])
    assert (result.exit_code, result.stdout) == (0, "新表.xlsx：检查通过，没有发现问题。\n")

    typed = read_workbook(write_format_two(tmp_path / "直接写入.xlsx", s1_new_aspect=NEW_TEXT))
    assert typed.values[NEW.key] == NEW_TEXT


def assert_refused(runner, path: Path, message: str) -> None:
    """The reader refuses the workbook with `message`, and `gigen check` says exactly that, exit 1."""
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    assert str(caught.value) == message
    result = runner.invoke(app, ["check", str(path)])
    assert (result.exit_code, result.stderr) == (1, message + "\n")


def test_a_next_format_workbook_without_the_new_name_is_refused(evolved, runner, tmp_path):
    path = write_format_two(tmp_path / "缺名称.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb.defined_names[NEW.key]
    wb.save(path)
    message = (
        "缺名称.xlsx：工作簿缺少名称 s1_new_aspect（新增的可选文字），"
        "可能删除了行、列或工作表，请用 gigen new 重新生成工作簿。"
    )
    assert_refused(runner, path, message)


def test_todays_gigen_refuses_a_next_format_workbook(runner, tmp_path):
    with format_two():
        path = write_format_two(tmp_path / "新版本.xlsx", s1_new_aspect=NEW_TEXT)
    assert schema.FORMAT_VERSION == NOW
    message = (
        f"新版本.xlsx：工作簿由较新版本的 gigen 生成（格式版本{NEXT}），本程序只支持到版本{NOW}，"
        "请先更新 gigen 再检查这个工作簿。"
    )
    assert_refused(runner, path, message)
    out = tmp_path / "报告"
    built = runner.invoke(app, ["build", str(path), "-o", str(out)])
    assert (built.exit_code, built.stderr) == (1, message + "\n")
    assert not out.exists() or not any(out.iterdir())


def test_the_next_format_workbook_reads_again_once_gigen_is_updated(runner, tmp_path):
    with format_two():
        path = write_format_two(tmp_path / "新版本.xlsx", s1_new_aspect=NEW_TEXT)
    with pytest.raises(WorkbookError):
        read_workbook(path)
    with format_two():
        assert read_workbook(path).values[NEW.key] == NEW_TEXT


def test_todays_blank_workbook_has_no_next_format_name():
    wb = openpyxl.load_workbook(io.BytesIO(blank_workbook(ORG, YEAR)))
    assert wb.defined_names[schema.FORMAT_NAME].attr_text == str(NOW)
    assert NEW.key not in wb.defined_names


def test_the_format_1_workbook_has_no_kind_cell_and_its_kind_comes_from_its_name():
    """Format 1 had no 机关类别: the cell reads as blank, and 测试县测试镇人民政府 is a 乡镇人民政府 by its name."""
    data = read_workbook(OLD)
    assert (data.values["org_kind"], "org_kind" in data.blank, "org_kind" in data.locations) == (
        "",
        True,
        False,
    )
    assert kinds.of(data.values) is kinds.OrgKind.TOWNSHIP
