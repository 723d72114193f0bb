"""The text of the PDF a reviewer prints (`gigen build --pdf`): every character of every paragraph of the report
drawn and in the text layer, punctuation at the end of a line included, on lines of 28 characters."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from support import EXAMPLES, NARRATIVE, consistent_values, gigen_pdf, new_workbook, report_paragraphs

from generator.pipeline import build

MM = 72 / 25.4
# GB/T 9704's top and bottom margins: the running head (the draft mark) above, the page number below.
TOP_MM, BOTTOM_MM = 37, 35
# A sentence of exactly 28 characters, one full line; the same words without the full stop, 27 of them.
LINE = "镇政务公开办公室每月检查公开栏和网站栏目并及时更新信息。"
WORDS = LINE[:-1]
# A first line (indented two characters: 26 of them), then a line of 28 characters that a mark follows; a mark
# there either hangs past the margin or takes the line's last character with it onto the next line. A line that
# is not the paragraph's last, so that it is justified.
AT_THE_MARGIN = {mark: f"{LINE[2:]}{WORDS}表{mark}其余照常。" for mark in "，、。；：？！）”"}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_lines(pdf: Path) -> list[str]:
    """The lines of text inside the type area of every page, top to bottom, page after page (as the text layer
    has them: what a reader copies, searches or imports)."""
    lines = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            area = page.crop((0, TOP_MM * MM, page.width, page.height - BOTTOM_MM * MM))
            lines += [line for line in area.extract_text().splitlines() if line.strip()]
    return lines


def assert_every_paragraph_printed(report: Path, pdf: Path) -> None:
    """Each non-empty paragraph of the Word report in the PDF's text, character for character and in order."""
    text = flat("".join(body_lines(pdf)))
    at = 0
    for paragraph in report_paragraphs(report):
        want = flat(paragraph.text)
        if not want:
            continue
        found = text.find(want, at)
        assert found >= 0, f"{report.name}: not in the PDF as written: {want} (PDF: {text[at : at + 80]}…)"
        at = found + len(want)


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> list[tuple[Path, Path]]:
    """(Word report, its PDF) for the bundled examples, built (as drafts where they have errors) and converted as
    `gigen build --pdf` converts them."""
    out = tmp_path_factory.mktemp("examples")
    reports = [build(workbook, out, draft=True).report for workbook in EXAMPLES]
    return list(zip(reports, gigen_pdf(reports), strict=True))


@pytest.mark.parametrize("n", range(len(EXAMPLES)), ids=[p.stem for p in EXAMPLES])
def test_every_paragraph_of_an_example_is_in_the_pdf_text_layer(examples, n):
    assert_every_paragraph_printed(*examples[n])


@pytest.fixture(scope="module")
def at_the_margin(tmp_path_factory, runner) -> tuple[Path, Path]:
    """A report whose first section holds full lines and a paragraph for each mark that falls at the margin."""
    out = tmp_path_factory.mktemp("margin")
    values = consistent_values()
    paragraphs = [NARRATIVE["s1_platform"], LINE[2:] + LINE * 5, *AT_THE_MARGIN.values()]
    values["s1_platform"] = "\n".join(paragraphs)  # a line break in a cell: a paragraph of the report
    report = build(new_workbook(runner, out / "边距镇.xlsx", values), out).report
    (pdf,) = gigen_pdf([report])
    return report, pdf


def test_a_mark_at_the_end_of_a_full_line_is_printed(at_the_margin):
    report, pdf = at_the_margin
    paragraphs = [flat(p.text) for p in report_paragraphs(report)]
    assert all(text in paragraphs for text in AT_THE_MARGIN.values())  # the report holds them as written
    assert_every_paragraph_printed(report, pdf)


def test_a_line_holds_28_characters(at_the_margin):
    _, pdf = at_the_margin
    lines = [flat(line) for line in body_lines(pdf)]
    start = lines.index(LINE[2:])  # the indented first line: 26 characters
    assert lines[start + 1 : start + 6] == [LINE] * 5
