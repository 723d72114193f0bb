"""How fast published reports are read back, next to reading the same file's text alone (the floor).

Run: python benchmarks/import.py [ROUNDS]. Builds the five example reports, converts them with LibreOffice to PDF,
HTML and .doc, then prints per format the time per report of `gigen import`'s reading (read_report) and of reading
the file's text alone in the same run, with their ratio; LibreOffice's .doc conversion apart; the real published
PDF of ../shared/published when it is there; and a folder of 100 reports imported in parallel against one by one.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pdfplumber
from lxml import etree

from generator import pipeline
from generator.batch import CtrlC, run_batch
from generator.published import read_report

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT.parent / "shared" / "published" / "huaian_city_2024.pdf"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "".join(t.text or "" for t in root.iter(W + "t"))


def html_text(path: Path) -> str:
    return str(lxml.html.fromstring(path.read_bytes()).text_content())


def pdf_text(path: Path) -> str:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def per_file(read: Callable[[Path], object], files: list[Path], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for f in files:
            read(f)
    return (time.perf_counter() - start) / (rounds * len(files))


def convert(reports: list[Path], fmt: str, folder: Path) -> tuple[list[Path], float]:
    folder.mkdir()
    soffice = shutil.which("soffice") or "soffice"
    start = time.perf_counter()
    profile = f"-env:UserInstallation=file://{folder / 'p'}"
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", fmt, "--outdir", str(folder), *map(str, reports)],
        check=True,
        capture_output=True,
    )
    took = (time.perf_counter() - start) / len(reports)
    return [folder / (r.stem + "." + fmt.split(":")[0]) for r in reports], took


def line(name: str, ours: float, floor: float, files: int) -> None:
    print(
        f"{name:<28} {ours * 1000:8.1f} ms/report   text alone {floor * 1000:7.1f} ms   = {ours / floor:5.1f} × floor  ({files} reports)"
    )


def main(rounds: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "docx").mkdir()
        reports = [
            pipeline.build(p, work / "docx", draft=True).report
            for p in sorted((ROOT / "inputs").glob("*.xlsx"))
        ]
        pdfs, _ = convert(reports, "pdf", work / "pdf")
        htmls, _ = convert(reports, "html", work / "html")
        docs, to_doc = convert(reports, "doc", work / "doc")
        line(
            "docx", per_file(read_report, reports, rounds), per_file(docx_text, reports, rounds), len(reports)
        )
        line(
            "html (LibreOffice)",
            per_file(read_report, htmls, rounds),
            per_file(html_text, htmls, rounds),
            len(htmls),
        )
        line(
            "pdf (LibreOffice)",
            per_file(read_report, pdfs, rounds),
            per_file(pdf_text, pdfs, rounds),
            len(pdfs),
        )
        if PUBLISHED.is_file():
            line(
                "pdf (huaian_city_2024, WPS)",
                per_file(read_report, [PUBLISHED], rounds),
                per_file(pdf_text, [PUBLISHED], rounds),
                1,
            )
        start = time.perf_counter()
        read_report(docs[0])
        print(
            f"doc through LibreOffice       {(time.perf_counter() - start) * 1000:8.1f} ms for one report "
            f"(LibreOffice's own .docx→.doc conversion: {to_doc * 1000:.0f} ms/report)"
        )
        folder = work / "hundred"
        folder.mkdir()
        for n in range(100):
            source = (reports + pdfs)[n % 10]
            shutil.copyfile(source, folder / f"{n:03d}{source.suffix}")
        files = sorted(folder.iterdir())
        one_by_one = per_file(read_report, files, 1) * len(files)
        jobs = os.cpu_count() or 1
        start = time.perf_counter()
        run_batch(
            [folder],
            work / "out",
            build=False,
            importing=True,
            progress=_quiet,
            on_skipped=lambda s: None,
            stop=CtrlC(),
            jobs=jobs,
        )
        batch = time.perf_counter() - start
        print(
            f"100 reports (50 docx, 50 pdf)  {batch:6.2f} s with {jobs} processes, workbooks written; "
            f"reading one by one {one_by_one:6.2f} s = {batch / one_by_one:4.2f} × one by one"
        )


class _Quiet:
    def __enter__(self) -> Callable[[str], None]:
        return lambda name: None

    def __exit__(self, *exc: object) -> None:
        return None


def _quiet(total: int, label: str) -> _Quiet:
    return _Quiet()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
