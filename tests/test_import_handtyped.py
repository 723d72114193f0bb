"""Reports typed by hand into Word from the national template (handtyped.py), read back whole: as .docx, with
table 二 printed as four small tables, and as the PDF LibreOffice makes of them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from handtyped import report
from support import convert

from generator.errors import Severity
from generator.published import read_report


def _wrong(path, expected: dict[str, object]) -> dict[str, tuple[object, object]]:
    imported = read_report(path)
    errors = [str(f) for f in imported.findings if f.severity is Severity.ERROR]
    assert not errors, errors

    def same(want: object, got: object) -> bool:
        if isinstance(want, Decimal) and isinstance(got, int | Decimal):
            return Decimal(got) == want
        return want == got

    return {
        k: (v, imported.values.get(k)) for k, v in expected.items() if not same(v, imported.values.get(k))
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_handtyped_report_reads_back_whole(tmp_path, seed):
    path = tmp_path / "石桥镇2024年报.docx"
    expected = report(path, seed)
    assert _wrong(path, expected) == {}


def test_table_two_printed_as_four_small_tables_reads_back_whole(tmp_path):
    path = tmp_path / "石桥镇2024年报.docx"
    expected = report(path, 4, split_table_two=True)
    assert _wrong(path, expected) == {}


def test_a_handtyped_report_reads_back_whole_from_its_pdf(tmp_path):
    source = tmp_path / "石桥镇2024年报.docx"
    expected = report(source, 5)
    pdf = convert(source, "pdf", tmp_path / "pdf")
    assert _wrong(pdf, expected) == {}
