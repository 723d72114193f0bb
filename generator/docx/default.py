"""The default report template, built from the schema with python-docx; and the roll-up's tables in the same layout.

`python -m generator.docx.default` rewrites templates/report.docx; a test proves the committed file is what this
builds. python-docx is imported on first use.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import schema
from ..files import write_atomic
from . import parts
from .tables import add_table
from .title import title_lines
from .typeset import (
    STYLE_BODY,
    STYLE_DATE,
    STYLE_H1,
    STYLE_H2,
    STYLE_SIGNATURE,
    STYLE_TITLE,
    add_page_numbers,
    qn,
    setup_page,
    setup_styles,
)


def build_template() -> bytes:
    """The default report template as .docx bytes: six sections, the three official tables, placeholders."""
    doc = _new_document()

    def para(text: str = "", style: str = STYLE_BODY) -> Any:
        return doc.add_paragraph(text, style=style)

    def block(key: str) -> None:
        para(f"{{%p for p in {key} %}}")
        para("{{ p }}")
        para("{%p endfor %}")

    para("{{ org_name }}{{ year }}年政府信息公开工作年度报告", STYLE_TITLE)
    block("preface")
    para(schema.HEADINGS[0], STYLE_H1)
    block("s1_intro")
    for n, (stem, _) in enumerate(schema.ASPECTS):
        # A heading paragraph of its own, so Word's navigation pane shows the report's structure.
        para(f"{schema.ORDINALS[n]}{{{{ {stem}_title }}}}", STYLE_H2)
        block(stem)
    for heading, table in zip(schema.HEADINGS[1:4], schema.TABLES, strict=True):
        para(heading, STYLE_H1)
        add_table(doc, table)
    para(schema.HEADINGS[4], STYLE_H1)
    para("（一）存在问题", STYLE_H2)
    block("s5_problems")
    para("（二）改进情况", STYLE_H2)
    block("s5_improvements")
    para(schema.HEADINGS[5], STYLE_H1)
    para("{{ fee_statement }}")
    block("s6_other")
    para()
    para("{{ signature }}", STYLE_SIGNATURE)
    para("{%p if date %}")
    para("{{ date }}", STYLE_DATE)
    para("{%p endif %}")
    add_page_numbers(doc)
    return _saved(doc)


def _new_document() -> Any:
    """An empty document with the report's styles and page setup."""
    from docx import Document

    doc = Document()
    setup_styles(doc)
    setup_page(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    parts.tidy(doc)
    return doc


def tables_report(title: str, values: dict[str, str]) -> bytes:
    """Tables 二, 三 and 四 alone, in the official layout and the report's typesetting, holding `values` (by key)."""
    doc = _new_document()
    run = doc.add_paragraph(style=STYLE_TITLE).add_run()
    for n, line in enumerate(title_lines(title)):
        if n:
            run.add_break()
        run.add_text(line)
    for heading, table in zip(schema.HEADINGS[1:4], schema.TABLES, strict=True):
        doc.add_paragraph(heading, style=STYLE_H1)
        add_table(doc, table, values)
    add_page_numbers(doc)
    props = doc.core_properties
    props.title, props.created, props.modified = title, datetime.now(UTC), datetime.now(UTC)
    return _saved(doc)


def _saved(doc: Any) -> bytes:
    parts.set_font_table(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def main(argv: Iterable[str] = ()) -> None:
    """Rewrite the default template (templates/report.docx, or the path given)."""
    args = list(argv)
    target = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "templates" / "report.docx"
    write_atomic(target, build_template(), force=True)
    print(target)


if __name__ == "__main__":
    main(sys.argv[1:])
