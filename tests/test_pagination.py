"""The pages of the PDF, as a reviewer turns them: the title broken between words, tables 二 and 四 whole with their
headings, table 三 broken only between its groups with its header repeated; for the bundled examples and for
reports whose narratives push the tables down the pages line by line."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from official import HEADINGS, TABLE_THREE, TABLE_TWO
from pypdf import PdfReader
from support import EXAMPLES, NARRATIVE, consistent_values, gigen_pdf, new_workbook, pdf_spans

from generator.pipeline import build

# Table 三's rows from the first value row (3) to the last (27), each by its most specific label, from the
# independent transcription of the official table.
ROWS = list(range(3, 28))
LABEL = {r: max((c, text) for row, c, _, _, text in TABLE_THREE if row == r and text)[1] for r in ROWS}
# Where a continuation may begin: at （一） of 三 (the rows 一 and 二 staying with the header), （三）, （四）, （五）,
# （六） and （七）, which keeps with 四.
GROUP_STARTS = {5, 7, 15, 18, 23, 26}
THREE = "三、本年度办理结果"  # the label of rows 5 to 26, merged down the left side
THREE_ROWS = set(range(5, 27))
HEADER = ("申请人情况", "法人或其他组织")
WORDS = ("信息公开", "年度报告", "人民政府")  # the title is not broken inside these
# A sentence of exactly 28 characters, one full line of body text, that no rule objects to.
LINE = "镇政务公开办公室每月检查公开栏和网站栏目并及时更新信息。"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(pdf)).pages]


def title_lines(pdf: Path) -> list[str]:
    """The title's lines on page 1: the 二号 text, line by line from the top."""
    lines: dict[float, str] = {}
    for text, _, size, y in pdf_spans(PdfReader(str(pdf)).pages[0]):
        if size == 22:
            lines[y] = lines.get(y, "") + text
    return [flat(lines[y]) for y in sorted(lines, reverse=True)]


def rows_by_page(texts: list[str]) -> list[tuple[int, list[int]]]:
    """(page, table 三's rows on it) for each page that holds any."""
    found = [(n, [r for r in ROWS if flat(LABEL[r])[:10] in text]) for n, text in enumerate(texts)]
    return [(n, rows) for n, rows in found if rows]


def assert_table_three(texts: list[str]) -> None:
    placed = rows_by_page(texts)
    assert [r for _, rows in placed for r in rows] == ROWS, placed  # every row once, in order
    first, _ = placed[0]
    assert flat(HEADINGS[2]) in texts[first] and all(h in texts[first] for h in HEADER)
    for n, rows in placed:
        assert len(rows) >= 2, f"page {n + 1} holds the header and one row only: {rows}"
        if n != first:
            assert rows[0] in GROUP_STARTS, (
                f"page {n + 1} continues table 三 inside a group, at row {rows[0]}"
            )
            assert all(h in texts[n] for h in HEADER), f"page {n + 1} does not repeat table 三's header"
            if THREE_ROWS & set(rows):
                assert THREE in texts[n], f"page {n + 1} shows an empty {THREE} cell"


def assert_whole_with_heading(texts: list[str], heading: str, labels: list[str], marker: str) -> None:
    """A table's heading and every label of it on one page, and its marker on no other."""
    (page,) = [n for n, text in enumerate(texts) if flat(heading) in text]
    missing = [label for label in labels if flat(label) not in texts[page]]
    assert not missing, f"page {page + 1} lacks {missing}"
    assert [n for n, text in enumerate(texts) if marker in text] == [page]


def assert_title_between_words(pdf: Path, title: str) -> None:
    lines = title_lines(pdf)
    assert "".join(lines) == flat(title), lines
    assert len(lines) >= 2
    for before, after in itertools.pairwise(lines):
        for word in WORDS:
            for k in range(1, len(word)):
                assert not (before.endswith(word[:k]) and after.startswith(word[k:])), (before, after)


def assert_layout(pdf: Path, title: str) -> None:
    raw = pages(pdf)
    texts = [flat(text) for text in raw]
    assert_title_between_words(pdf, title)
    table_two = [text for *_, text in TABLE_TWO if text]
    assert_whole_with_heading(texts, HEADINGS[1], table_two, "第二十条第（")
    assert_table_three(texts)
    assert_whole_with_heading(
        texts, HEADINGS[3], ["行政复议", "未经复议直接起诉", "复议后起诉"], "复议后起诉"
    )
    (four,) = [text for text in raw if HEADINGS[3] in text]
    assert re.search(r"^(\d+ ){14}\d+$", four, re.MULTILINE), four  # its row of 15 values with it
    # Labels that read as the published tables do: these stay on one line (no line break inside them).
    three = "".join(text for text in raw if flat(HEADINGS[2]) in flat(text))
    for label in ("自然人", "总计", "（一）予以公开", "1.属于国家秘密", "四、结转下年度继续办理"):
        assert label in three, f"{label} is broken across lines in table 三"


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> list[tuple[Path, str]]:
    """The bundled examples built (as drafts where they have errors) and converted as gigen converts them."""
    out = tmp_path_factory.mktemp("examples")
    built = [build(workbook, out, draft=True) for workbook in EXAMPLES]
    pdfs = gigen_pdf([b.report for b in built])
    return [(pdf, re.sub(r"（草稿）$", "", pdf.stem)) for pdf in pdfs]


@pytest.mark.parametrize("n", range(len(EXAMPLES)), ids=[p.stem for p in EXAMPLES])
def test_example_pages(examples, n):
    pdf, title = examples[n]
    assert_layout(pdf, title)


# Extra lines of text before table 二, so the tables start a line or more further down each time; each report of
# its own township, since one LibreOffice run converts them all and names each PDF after its report.
SHIFTS = dict(zip("甲乙丙丁戊己庚辛壬癸子丑", range(0, 23, 2), strict=True))


def _org(town: str) -> str:
    return f"测试县{town}镇人民政府"


@pytest.fixture(scope="module")
def pushed(tmp_path_factory, runner) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pushed")
    reports = []
    for town, shift in SHIFTS.items():
        values = consistent_values()
        values["org_name"] = _org(town)
        values["s1_oversight"] = NARRATIVE["s1_oversight"] + LINE * shift
        values["s1_platform"] = NARRATIVE["s1_platform"] + LINE * 14  # the tables start on page 2 or later
        reports.append(build(new_workbook(runner, out / f"{town}.xlsx", values), out).report)
    return dict(zip(SHIFTS, gigen_pdf(reports), strict=True))


@pytest.mark.parametrize("town", SHIFTS, ids=[f"{s}行" for s in SHIFTS.values()])
def test_pages_when_long_narratives_move_the_tables(pushed, town):
    assert_layout(pushed[town], f"{_org(town)}2024年政府信息公开工作年度报告")


def _closing_lines(pdf: Path) -> list[tuple[float, float, str]]:
    """The last page's lines of 三号 text as (y, x where the line starts, text), top to bottom."""
    lines: dict[float, tuple[float, str]] = {}

    def visit(text: str, cm, tm, font, size: float) -> None:
        if text.strip() and size == 16:
            y, x = round(cm[5] + tm[5] * cm[3], 1), cm[4] + tm[4] * cm[0]
            start, line = lines.get(y, (x, ""))
            lines[y] = (min(start, x), line + text.strip())

    PdfReader(str(pdf)).pages[-1].extract_text(visitor_text=visit)
    return [(y, *lines[y]) for y in sorted(lines, reverse=True)]


@pytest.mark.parametrize("n", range(len(EXAMPLES)), ids=[p.stem for p in EXAMPLES])
def test_date_starts_two_characters_right_of_the_signature_on_the_page(examples, n):
    assert_closing(examples[n][0])


@pytest.mark.parametrize("town", list(SHIFTS)[:3])
def test_date_under_a_longer_signature_on_the_page(pushed, town):
    *_, (_, _, date) = _closing_lines(pushed[town])
    assert date == "2025年1月20日"
    assert_closing(pushed[town])


def assert_closing(pdf: Path) -> None:
    """GB/T 9704 §7.3.5.2 as printed: measured on the PDF, where LibreOffice spaces the date's digits its own way."""
    char = (16 * 20 - 5) / 20  # points: one body character, with the report's character spacing
    right_margin = 28 / 25.4 * 72 + 8844 / 20  # the left margin and the 156 mm of a line
    *_, (_, sig_x, signature), (_, date_x, date) = _closing_lines(pdf)
    if not re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", date):  # an example without a date: the signature alone
        assert flat(date).endswith(("政府", "办事处")), date
        return
    assert date_x - sig_x == pytest.approx(2 * char, abs=1.0), (signature, date)
    width = sum(1 if ord(c) > 0x2E80 else 0.5 for c in signature)  # counted here: a CJK character is one
    assert sig_x + width * char == pytest.approx(right_margin - 2 * char, abs=1.0)  # 右空二字
