"""Page images of the report and of the blank workbook as printed, for docs/ (see docs/pages.md).

    python scripts/page_images.py                    # docs/report-after-p*.png, docs/workbook-after-*.png
    python scripts/page_images.py --before 4d5bb16   # the same from that commit too: report-before-*, workbook-before-*

Each version builds its own copy of the example report with its own gigen (`gigen build --pdf`, so its own way of
converting, look-alike fonts included where it has them) and writes its blank workbook with `gigen new`, printed
to PDF through its own generator/pdf.py. Only the pages a reviewer looks at are kept: the title page, the pages of
tables 二 and 三, and the closing page; every page of the workbook's printed forms. A commit is checked out in a
temporary git worktree with a venv of its own, both removed afterwards. Needs LibreOffice, pdftoppm (poppler-utils)
and pypdf (the [test] extra).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE = Path("inputs") / "叶城县白杨镇2024.xlsx"
SOURCE = "000"  # inputs/source/000.json, what the example workbook is made from
ORG, YEAR = "叶城县白杨镇人民政府", "2024"
DPI = 80
# The pages a reviewer turns to: these headings' pages, besides the first and the last.
HEADINGS = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")
PRINT = "from pathlib import Path; import sys; from generator.pdf import to_pdf; to_pdf([Path(sys.argv[1])])"


def run(*command: str | Path, cwd: Path | None = None) -> None:
    subprocess.run([str(c) for c in command], check=True, cwd=cwd, stdout=subprocess.DEVNULL)


def report_pages(pdf: Path) -> list[int]:
    """The title page, the pages of tables 二 and 三, and the closing page (1-based)."""
    texts = [page.extract_text() for page in PdfReader(str(pdf)).pages]
    wanted = {1, len(texts)}
    for heading in HEADINGS:
        wanted |= {n for n, text in enumerate(texts, 1) if heading in text}
    return sorted(wanted)


def png(pdf: Path, page: int, target: Path) -> None:
    """One page of a PDF as a PNG of DPI dots per inch."""
    stem = target.with_suffix("")
    run("pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", pdf, stem)


def images(python: Path, root: Path, label: str, work: Path) -> list[Path]:
    """The report's and the blank workbook's page images made by the gigen of `root`, run with `python`."""
    for old in [*DOCS.glob(f"report-{label}-p*.png"), *DOCS.glob(f"workbook-{label}-*.png")]:
        old.unlink()
    out = work / label
    run(python, "-m", "generator", "build", root / EXAMPLE, "-o", out, "--pdf", cwd=root)
    (report,) = out.glob("*.pdf")
    made = []
    for page in report_pages(report):
        made.append(DOCS / f"report-{label}-p{page}.png")
        png(report, page, made[-1])
    blank = out / "空白工作簿.xlsx"
    run(python, "-m", "generator", "new", blank, "--org", ORG, "--year", YEAR, cwd=root)
    run(python, "-c", PRINT, blank, cwd=root)
    printed = blank.with_suffix(".pdf")
    for page in range(1, len(PdfReader(str(printed)).pages) + 1):
        made.append(DOCS / f"workbook-{label}-{page}.png")
        png(printed, page, made[-1])
    return made


# The example's 主动公开, 依申请公开, 政府信息管理 and 监督保障 left blank, and 监督保障's cells filled in: the
# page 1 a township gets when it leaves these to gigen's standard paragraphs.
BLANK_NARRATIVE = {
    "s1_proactive": "",
    "s1_request": "",
    "s1_management": "",
    "s1_oversight": "",
    "s1_assessment": "将政府信息公开工作纳入镇年度绩效考核",
    "s1_evaluation": "通过政务公开栏意见箱和群众座谈会听取意见",
    "s1_accountability_cases": 0,
}


def blank_narrative(work: Path) -> Path:
    """Page 1 of the example report with four narrative cells left to gigen (this checkout only)."""
    from make_examples import example_values  # beside this script

    from generator.files import write_atomic
    from generator.xlsx import blank_workbook

    values, notes = example_values(ROOT / "inputs" / "source" / f"{SOURCE}.json")
    workbook = write_atomic(
        work / "blank-narrative.xlsx", blank_workbook(values={**values, **BLANK_NARRATIVE}, notes=notes)
    )
    out = work / "blank-narrative"
    run(sys.executable, "-m", "generator", "build", workbook, "-o", out, "--pdf", cwd=ROOT)
    (report,) = out.glob("*.pdf")
    target = DOCS / "blank-narrative-after.png"
    png(report, 1, target)
    return target


def before(commit: str, work: Path) -> list[Path]:
    """The images of `commit`, from a temporary worktree with its own venv."""
    tree = work / "gigen-before"
    run("git", "worktree", "add", "--detach", tree, commit, cwd=ROOT)
    try:
        run(sys.executable, "-m", "venv", tree / ".venv")
        run(tree / ".venv" / "bin" / "pip", "install", "-q", "-e", tree)
        return images(tree / ".venv" / "bin" / "python", tree, "before", work)
    finally:
        run("git", "worktree", "remove", "--force", tree, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="COMMIT", help="also make the before images from this commit")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is missing: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory(prefix="gigen-pages-") as tmp:
        made = before(args.before, Path(tmp)) if args.before else []
        made += images(Path(sys.executable), ROOT, "after", Path(tmp))
        made.append(blank_narrative(Path(tmp)))
    for path in made:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
