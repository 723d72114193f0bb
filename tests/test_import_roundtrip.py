"""Every gigen-built report read back gives every value and paragraph it printed: from the .docx itself, and after
LibreOffice turns it into a PDF, a .doc, an HTML page and a .docx of its own."""

from __future__ import annotations

import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from official import T3_COL_KEYS, T3_ROW_KEYS, T4_GROUP_KEYS, T4_RESULT_KEYS
from support import EXAMPLES, consistent_values, soffice

from generator import pipeline, schema
from generator.errors import Severity
from generator.model import unmarked
from generator.published import read_report
from generator.schema import Kind, Use

TABLE_KEYS = [c.key for t in schema.TABLES for c in t.cells if c.key]
_TITLE_END = "。．.，,；;：:"


def printed(workbook: Path) -> dict[str, object]:
    """What the report built from the workbook prints, by key (the oracle: the workbook, not the reader).

    A draft's placeholder (【待填写：…】) is no value: it reads back as the blank cell it stands for.
    """
    data = pipeline.report_data(pipeline.check_workbook(workbook))
    values: dict[str, object] = {
        "org_name": data.text("org_name"),
        "year": data.count("year"),
        "signature": data.text("signature") or data.text("org_name"),
        "fee_notices": None if data.blank & set(schema.FEE_KEYS) else data.count("fee_notices"),
        "fee_collected": None if data.blank & set(schema.FEE_KEYS) else data.money("fee_collected"),
    }
    if data.text("date"):
        values["date"] = data.text("date")
    for f in schema.FIELDS:
        text = unmarked(data.text(f.key))
        if f.kind is Kind.TEXT and f.template is not Use.NONE and text:
            values[f.key] = None if text.startswith(schema.TO_FILL) else text
        elif f.kind is Kind.TITLE and f.key.removesuffix("_title") not in data.omitted:
            values[f.key] = text.rstrip(_TITLE_END)
    for key in TABLE_KEYS:
        values[key] = data.values[key]
    return values


def differences(report: Path, expected: dict[str, object]) -> dict[str, tuple[object, object]]:
    imported = read_report(report)
    errors = [str(f) for f in imported.findings if f.severity is Severity.ERROR]
    assert not errors, errors
    got = imported.values
    return {k: (v, got.get(k)) for k, v in expected.items() if not _same(v, got.get(k))}


def _same(expected: object, got: object) -> bool:
    if isinstance(expected, Decimal) and isinstance(got, int | Decimal):
        return Decimal(got) == expected
    return expected == got


def _build(workbooks: list[Path], folder: Path) -> list[tuple[Path, dict[str, object]]]:
    folder.mkdir()
    return [(pipeline.build(w, folder, draft=True).report, printed(w)) for w in workbooks]


def _convert(reports: list[Path], fmt: str, folder: Path) -> list[Path]:
    """One LibreOffice run converts every report (its own profile, so parallel runs do not collide)."""
    folder.mkdir()
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"
    command = [
        soffice(),
        profile,
        "--headless",
        "--convert-to",
        fmt,
        "--outdir",
        str(folder),
        *map(str, reports),
    ]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
        timeout=600,
    )
    suffix = "." + fmt.split(":")[0]
    return [folder / (r.stem + suffix) for r in reports]


def random_workbook_values(seed: int) -> dict[str, Any]:
    """A consistent workbook of random counts (balances hold, totals left to formulas) and random paragraphs."""
    rng = random.Random(seed)
    values = consistent_values()
    for col in T3_COL_KEYS[:-1]:
        handled = 0
        for row in T3_ROW_KEYS[2:-2]:
            n = rng.choice((0, 0, 1, 2, 7, 13, 120))
            values[f"t3_{row}_{col}"] = n
            handled += n
        values[f"t3_carried_forward_{col}"] = rng.randint(0, 5)
        values[f"t3_carried_over_{col}"] = rng.randint(0, handled + values[f"t3_carried_forward_{col}"])
        values[f"t3_new_{col}"] = (
            handled + values[f"t3_carried_forward_{col}"] - values[f"t3_carried_over_{col}"]
        )
    for group in T4_GROUP_KEYS:
        for result in T4_RESULT_KEYS[:-1]:
            values[f"t4_{group}_{result}"] = rng.randint(0, 3)
    values["fee_notices"] = sum(int(values[f"t3_other_overdue_fee_{c}"]) for c in T3_COL_KEYS[:-1])
    values["fee_collected"] = rng.choice((0, 0, 25, 380.5)) if values["fee_notices"] else 0
    values["t2_fees"] = rng.choice((0, 1.5, 96171.6, 0.0123))
    values["org_name"] = f"测试县{'甲乙丙丁戊'[seed % 5]}镇人民政府"
    return values


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> list[Any]:
    """The five examples and three random consistent workbooks, built into reports, with what each prints."""
    folder = tmp_path_factory.mktemp("roundtrip")
    runner = request.getfixturevalue("runner")
    from support import new_workbook

    randoms = [
        new_workbook(runner, folder / f"随机{seed}.xlsx", random_workbook_values(seed)) for seed in (1, 2, 3)
    ]
    copies = []
    for n, example in enumerate(EXAMPLES):
        copy = folder / f"例{n}.xlsx"
        shutil.copyfile(example, copy)
        copies.append(copy)
    return _build(copies + randoms, folder / "reports")


def test_every_built_report_reads_back_whole_from_its_docx(built):
    for report, expected in built:
        assert differences(report, expected) == {}, report.name


@pytest.mark.parametrize(
    "fmt",
    ["pdf", "doc", "html", "docx:MS Word 2007 XML"],
    ids=["pdf", "doc", "html", "docx-roundtrip"],
)
def test_every_built_report_reads_back_whole_after_libreoffice(built, fmt, tmp_path):
    reports = [report for report, _ in built]
    converted = _convert(reports, fmt, tmp_path / "converted")
    for path, (_, expected) in zip(converted, built, strict=True):
        assert differences(path, expected) == {}, f"{path.name} ({fmt})"
