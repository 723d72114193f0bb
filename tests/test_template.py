"""The committed Word template is what generator/template.py builds, and its placeholders fit the schema."""

from __future__ import annotations

import re
from decimal import Decimal

from support import TEMPLATE, document_xml

from generator import schema
from generator.docx import context
from generator.docx.default import build_template
from generator.docx.package import template_parts
from generator.model import ReportData
from generator.shipped import default_template


def test_committed_template_is_what_the_script_builds():
    committed = template_parts(TEMPLATE.read_bytes())
    rebuilt = template_parts(build_template())
    assert committed.keys() == rebuilt.keys()
    for part in committed:
        assert committed[part] == rebuilt[part], f"{part} differs: run python -m generator.docx.default"


def test_default_template_is_found():
    assert default_template().samefile(TEMPLATE)


def _document_text() -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", document_xml(TEMPLATE)))


def test_one_plain_placeholder_per_value_cell_and_every_key_is_used():
    text = _document_text()
    placeholders = re.findall(r"\{\{ *([a-z0-9_]+) *\}\}", text)
    table_keys = [
        f.key
        for f in schema.FIELDS
        if f.sheet in (schema.SHEET_T2, schema.SHEET_T3, schema.SHEET_T4) and not f.key.startswith("prev_")
    ]
    for key in table_keys:
        assert placeholders.count(key) == 1, key
    narrative = [
        f.key
        for f in schema.FIELDS
        if f.kind in (schema.Kind.TEXT, schema.Kind.TITLE) and f.template is not schema.Use.NONE
    ]
    for key in narrative:
        assert re.search(rf"\b{key}\b", text), key
    sample = ReportData(
        "x",
        {f.key: Decimal(0) if f.kind is schema.Kind.MONEY else 0 if f.numeric else "" for f in schema.FIELDS},
    )
    names = set(re.findall(r"\{[{%]p? *(?:for p in |if )?([a-z0-9_]+)", text)) - {"p", "endfor", "endif"}
    assert names <= set(context(sample)), names - set(context(sample))
