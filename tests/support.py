"""Helpers for the tests: make and fill a workbook by key, edit the template, read a .docx back, find LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
EXAMPLES = sorted(INPUTS.glob("*.xlsx"))
TEMPLATE = ROOT / "templates" / "report.docx"
# Five real township reports as text copied from their web pages (inputs/source/*.json transcribes them).
SEEDS_FOLDER = ROOT.parent / "shared" / "seeds"
# A real published report in its original format, with its hand-checked transcription.
PUBLISHED_FOLDER = ROOT.parent / "shared" / "published"


def named_cells(wb: openpyxl.Workbook) -> dict[str, tuple[str, str]]:
    """Where each key's cell is, read as a county script would, independently of gigen: key → (sheet, cell).

    Only workbook-level defined names, cells without "$"; a name that is no cell (gigen_format_version, the
    gigen_copied_ fingerprints) is left out, and one that points at more than one cell fails.
    """
    cells = {}
    for key, defined in wb.defined_names.items():
        destinations = list(defined.destinations)
        if destinations:
            ((sheet, ref),) = destinations
            cells[key] = (sheet, ref.replace("$", ""))
    return cells


def new_workbook(runner: Any, path: Path, values: dict[str, Any]) -> Path:
    """A workbook written by `gigen new` for 测试县测试镇人民政府 2024, then filled with values by key."""
    from generator.cli import app

    result = runner.invoke(app, ["new", str(path), "--org", "测试县测试镇人民政府", "--year", "2024"])
    assert result.exit_code == 0, result.output
    if values:
        fill(path, values)
    return path


def inbox_folder(tmp_path: Path, make_workbook: Any, **workbooks: dict[str, Any]) -> Path:
    """A county's folder 收件 of workbooks made by make_workbook, one per name (镇名=changes)."""
    folder = tmp_path / "收件"
    folder.mkdir(exist_ok=True)
    for name, changes in workbooks.items():
        make_workbook(f"{name}.xlsx", **changes).rename(folder / f"{name}.xlsx")
    return folder


def fill(path: Path, values: dict[str, Any]) -> None:
    """Write values into a gigen workbook by key, as a county script would: through the defined names."""
    wb = openpyxl.load_workbook(path)
    cells = named_cells(wb)
    for key, value in values.items():
        sheet, cell = cells[key]
        wb[sheet][cell] = value
    wb.save(path)


def cell_of(path: Path, key: str) -> str:
    """Where a key's cell is, as 表三!D6."""
    wb = openpyxl.load_workbook(path, read_only=True)
    sheet, cell = named_cells(wb)[key]
    wb.close()
    return f"{sheet}!{cell}"


def consistent_values() -> dict[str, Any]:
    """Non-zero, distinct-ish counts in every input cell that satisfy every 勾稽 rule (totals left to formulas)."""
    from official import T3_COL_KEYS, T3_ROW_KEYS, T4_GROUP_KEYS, T4_RESULT_KEYS

    values: dict[str, Any] = {
        "t2_rules_issued": 0,
        "t2_rules_repealed": 0,
        "t2_rules_in_force": 0,
        "t2_norms_issued": 3,
        "t2_norms_repealed": 1,
        "t2_norms_in_force": 12,
        "t2_licensing": 5,
        "t2_penalty": 7,
        "t2_coercion": 2,
        "t2_fees": 1.2345,
        "fee_notices": 1,
        "fee_collected": 7730.28,
    }
    results = T3_ROW_KEYS[2:-2]
    for j, col in enumerate(T3_COL_KEYS[:-1]):
        handled = 0
        for i, row in enumerate(results):
            n = (i + 2 * j) % 4
            values[f"t3_{row}_{col}"] = n
            handled += n
        values[f"t3_carried_over_{col}"] = j % 3
        values[f"t3_carried_forward_{col}"] = j % 2 + 1
        values[f"t3_new_{col}"] = (
            handled + values[f"t3_carried_forward_{col}"] - values[f"t3_carried_over_{col}"]
        )
    for g, group in enumerate(T4_GROUP_KEYS):
        for i, result in enumerate(T4_RESULT_KEYS[:-1]):
            values[f"t4_{group}_{result}"] = (g + i) % 3
    # every application dropped for an unpaid fee had a fee notice (T3-FEE6)
    values["fee_notices"] = sum(int(values[f"t3_other_overdue_fee_{c}"]) for c in T3_COL_KEYS[:-1])
    values.update(NARRATIVE)
    return values


def stating_the_tables(values: dict[str, Any]) -> str:
    """A 依申请公开 paragraph that states the totals of tables 三 and 四, as a careful clerk writes it."""
    from official import T3_COL_KEYS, T4_RESULT_KEYS

    totals = {
        row: sum(int(values[f"t3_{row}_{c}"]) for c in T3_COL_KEYS[:-1])
        for row in ("new", "carried_over", "carried_forward")
    }
    handled = totals["new"] + totals["carried_over"] - totals["carried_forward"]
    review = sum(int(values[f"t4_review_{r}"]) for r in T4_RESULT_KEYS[:-1])
    suits = sum(
        int(values[f"t4_{g}_{r}"]) for g in ("suit_direct", "suit_after_review") for r in T4_RESULT_KEYS[:-1]
    )
    return (
        f"本年度共收到政府信息公开申请{totals['new']}件，上年结转{totals['carried_over']}件，"
        f"办结{handled}件，结转下年度继续办理{totals['carried_forward']}件。"
        f"因政府信息公开被申请行政复议{review}件，被提起行政诉讼{suits}件。"
    )


# Text for every narrative cell that every wording rule accepts (a report year of 2024).
NARRATIVE = {
    "date": "2025年1月20日",
    "prev_norms_in_force": 10,  # 10 + 3 issued - 1 repealed = 12 in force
    "s1_intro": "2024年，本镇认真贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
    "s1_proactive": "本年度通过政府网站主动公开政府信息120条，其中政策文件30条、工作动态60条、财政信息30条。",
    "s1_request": "明确依申请公开办理流程，专人登记、审核、答复、归档。",
    "s1_management": "严格执行公文公开属性源头认定和保密审查制度，及时清理过时信息。",
    "s1_platform": "依托县政府门户网站“政务公开”专栏和镇公开栏发布信息，专人负责更新。",
    "s1_oversight": "将政务公开纳入年度工作考核，开展社会评议，本年度未发生责任追究情况。",
    "s5_problems": "一是公开内容不够细化；二是政策解读形式单一。",
    "s5_improvements": "一是细化公开目录；二是采用图解、问答等形式加强政策解读，并对照上年年报问题逐项整改。",
    "s6_other": "本年度无其他需要报告的事项。",
}


def derived(values: dict[str, Any], key: str) -> int:
    """A total as the official table defines it, computed here independently of gigen."""
    from official import T3_COL_KEYS, T3_ROW_KEYS, T4_RESULT_KEYS

    if key.startswith("t3_handled_"):
        col = key.removeprefix("t3_handled_")
        if col == "total":
            return sum(derived(values, f"t3_handled_{c}") for c in T3_COL_KEYS[:-1])
        return sum(int(values.get(f"t3_{row}_{col}", 0)) for row in T3_ROW_KEYS[2:-2])
    if key.startswith("t3_") and key.endswith("_total"):
        row = key.removeprefix("t3_").removesuffix("_total")
        return sum(int(values.get(f"t3_{row}_{c}", 0)) for c in T3_COL_KEYS[:-1])
    if key.startswith("t4_") and key.endswith("_total"):
        group = key.removeprefix("t4_").removesuffix("_total")
        return sum(int(values.get(f"t4_{group}_{r}", 0)) for r in T4_RESULT_KEYS[:-1])
    raise KeyError(key)


def expected_value(values: dict[str, Any], key: str) -> str:
    """What a value cell of the report must show for this key."""
    if key.endswith("_total") or key.startswith("t3_handled_"):
        typed = values.get(key)
        return str(typed if typed is not None else derived(values, key))
    value = values.get(key, 0)
    return "0" if value in (0, None, "") else str(value)


def docx_grid(table: Any) -> dict[tuple[int, int], tuple[int, int, str]]:
    """A Word table (python-docx) as its reader sees it: (row, col) of each cell's origin → (rowspan, colspan, text).

    Read through gigen's one merge-aware grid reader (generator/docx/inspect.py, tested on its own in
    test_inspect.py against hand-written XML): w:gridSpan spans columns, w:vMerge continues the cell above, and a
    merged-away cell that still holds text shows up in its origin's text.
    """
    from generator.docx import grid

    return {pos: (cell.rowspan, cell.colspan, cell.text) for pos, cell in grid(table._tbl).items()}


def report_tables(path: Path) -> list[Any]:
    return list(docx.Document(str(path)).tables)


def report_paragraphs(path: Path) -> list[Any]:
    return list(docx.Document(str(path)).paragraphs)


def rewrite_part(
    target: Path, part: str, change: Callable[[bytes], bytes], *, source: Path | None = None
) -> Path:
    """A zip package (.docx, .xlsx: source, or target itself) written to target with one part changed."""
    with zipfile.ZipFile(source or target) as src:
        parts = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts:
            dst.writestr(info, change(data) if info.filename == part else data)
    return target


def edited_template(
    target: Path,
    old: str | None = None,
    new: str = "",
    *,
    replace: Mapping[str, str] | None = None,
    paragraphs: Sequence[str] = (),
) -> Path:
    """The default template as a county might edit it in Word, written to target.

    The first `old` in word/document.xml (which must be there) becomes `new`, and so does each key of `replace`
    its value; each of `paragraphs` is added as a plain paragraph at the end of the body, where python-docx's
    add_paragraph puts it.
    """
    changes = {**({} if old is None else {old: new}), **(replace or {})}

    def edit(data: bytes) -> bytes:
        xml = data.decode("utf-8")
        for was, becomes in changes.items():
            assert was in xml, was
            xml = xml.replace(was, becomes, 1)
        end = xml.rindex("<w:sectPr")  # the body's own section properties close it
        added = "".join(
            f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs
        )
        return (xml[:end] + added + xml[end:]).encode("utf-8")

    return rewrite_part(target, "word/document.xml", edit, source=TEMPLATE)


def document_xml(package: Path | bytes) -> str:
    """word/document.xml of a .docx (a file, or the bytes render returns), as text."""
    with zipfile.ZipFile(io.BytesIO(package) if isinstance(package, bytes) else package) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def soffice() -> str:
    """The LibreOffice binary; in CI its absence fails the test, elsewhere it skips it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is not installed; .ci/run must install libreoffice-writer-nogui")
    pytest.skip("LibreOffice is not installed")


def convert(source: Path, fmt: str, outdir: Path) -> Path:
    """Convert a file with headless LibreOffice (its own profile, so parallel runs do not collide)."""
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = outdir / (source.stem + "." + fmt.split(":")[0])
    assert result.is_file(), f"LibreOffice did not write {result}"
    return result


def gigen_pdf(reports: Sequence[Path]) -> list[Path]:
    """The reports converted as `gigen build --pdf` converts them (its look-alike fonts), each PDF beside its report."""
    from generator.pdf import to_pdf

    soffice()
    return to_pdf(reports).pdfs


# The free look-alikes the tests expect, and the packages of Debian that hold them (.ci/run installs these).
LOOK_ALIKE_PACKAGES = {
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "AR PL UKai CN": "fonts-arphic-ukai",
    "Liberation Serif": "fonts-liberation2",
}


def look_alikes_installed() -> frozenset[str]:
    """The families fontconfig lists; skips (fails under CI) when a look-alike the tests expect is missing."""
    from generator.pdf import installed_families

    families = installed_families()
    if families is None:
        pytest.skip("fontconfig (fc-list) is not installed: LibreOffice is not led by gigen's font rules")
    missing = sorted({package for family, package in LOOK_ALIKE_PACKAGES.items() if family not in families})
    if missing:
        message = f"the look-alike fonts are not installed: apt-get install {' '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return families


def pdf_spans(page: Any) -> list[tuple[str, str, float, float]]:
    """The text pieces of a PDF page as drawn: (text, font name without its subset prefix, size, baseline y)."""
    spans = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            name = str(font.get("/BaseFont", "")) if font else ""
            spans.append(
                (text.strip(), name.lstrip("/").split("+")[-1], size, round(cm[5] + tm[5] * cm[3], 1))
            )

    page.extract_text(visitor_text=visit)
    return spans


def example_reports(folder: Path) -> list[Path]:
    """The five example workbooks built into reports in folder (as drafts where they have errors)."""
    from generator.pipeline import build

    return [build(example, folder, draft=True).report for example in EXAMPLES]


def document_tables(document: Any) -> list[dict[tuple[int, int], tuple[int, int, str]]]:
    """The tables of a published.Document as grids, shaped as docx_grid shapes a Word table."""
    return [
        {
            (r, cell.col): (cell.rowspan, cell.colspan, cell.text)
            for r, row in enumerate(block.rows)
            for cell in row.cells
        }
        for block in document.blocks
        if hasattr(block, "rows")
    ]


def document_paragraphs(document: Any) -> list[str]:
    """The paragraphs of a published.Document, in order."""
    return [block.text for block in document.blocks if not hasattr(block, "rows")]
