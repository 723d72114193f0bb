"""Reports typed by hand into Word from the national template (handtyped.py), read back whole: as .docx, with
table 二 printed as four small tables, and as the PDF LibreOffice makes of them."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest
from handtyped import report
from support import convert

from generator.errors import Severity
from generator.published import read_document, read_report
from generator.published.document import Document, Table


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


@pytest.mark.parametrize(
    ("seed", "split_table_two"),
    [(5, False), (6, False), (7, False), (8, True)],
    ids=["5", "6", "7", "8-table-two-as-four-tables"],
)
def test_a_handtyped_report_reads_back_whole_from_its_pdf(tmp_path, seed, split_table_two):
    """LibreOffice breaks table 三 over pages 1-4, rows split by the page and no header repeated."""
    source = tmp_path / "石桥镇2024年报.docx"
    expected = report(source, seed, split_table_two=split_table_two)
    pdf = convert(source, "pdf", tmp_path / "pdf")
    assert _wrong(pdf, expected) == {}
    assert _broken_rows(read_document(pdf)) >= 1  # the case is there to read


def _broken_rows(document: Document) -> int:
    """How many tables end with a row of numbers and go on in the next block with words over empty cells."""
    tables = [b for b in document.blocks if isinstance(b, Table)]
    count = 0
    for before, after in pairwise(tables):
        texts = [c.text.strip() for c in after.rows[0].cells]
        numbers = any(c.text.strip().isdigit() for c in before.rows[-1].cells)
        count += numbers and "" in texts and not any(t.isdigit() for t in texts) and any(texts)
    return count
