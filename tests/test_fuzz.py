"""A handful of hostile workbooks from scripts/fuzz_workbooks.py, one per kind of damage, through check, build and
new --previous: each ends in Chinese with exit 0 or 1, quickly, without a traceback and without touching its input.

The script runs many more cases, each in a process of its own with time and memory limits:
python scripts/fuzz_workbooks.py --seed N --count N.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from support import EXAMPLES, new_workbook, soffice

from generator.cli import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fuzz():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import fuzz_workbooks
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return fuzz_workbooks


def test_the_english_detector_finds_english_and_passes_chinese(fuzz):
    assert fuzz.english("a.xlsx：工作簿已损坏，无法打开（XML格式错误）。") == []
    assert fuzz.english("a.xlsx 表三!H6 错误：相差1件。 [T3-BAL-legal]") == []
    assert fuzz.english("a.xlsx：处理时出现程序错误（list index out of range）") == [
        "list",
        "index",
        "out",
        "range",
    ]
    assert fuzz.english("a.xlsx：[Errno 21] Is a directory") == ["Errno", "directory"]


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # one damage is a zip with an entry twice
def test_one_workbook_of_each_kind_of_damage(fuzz, runner, tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    blank = new_workbook(runner, folder / "blank.xlsx", {})
    for case in fuzz.cases(1, len(fuzz.MUTATIONS), folder, [*EXAMPLES, blank]):
        for kind, out, result in _runs(fuzz, case, ("check", "build", "new"), runner, tmp_path):
            if result.exit_code == 1 and kind != "build":
                assert not out.exists(), case.name  # nothing written (a build's draft is written on purpose)


def _runs(module, case, kinds, runner, tmp_path):
    """Run one damaged file through each command: exit 0 or 1, no English, within 10 s, its input unchanged.

    Yields (command, output folder, result) for the caller's own checks of what was written.
    """
    before = module.state(case.path)
    for kind in kinds:
        out = tmp_path / "out" / case.name / kind
        started = time.monotonic()
        result = runner.invoke(app, module.command(kind, case.path, out))
        where = f"{case.name} {kind}: {result.output[-300:]}"
        assert result.exit_code in (0, 1), where
        assert module.english(result.stderr) == [], where
        assert time.monotonic() - started < 10, where
        yield kind, out, result
    assert module.state(case.path) == before, case.name


# --- published reports: scripts/fuzz_reports.py -----------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_reports():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import fuzz_reports
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return fuzz_reports


@pytest.fixture(scope="module")
def report_sources(fuzz_reports, tmp_path_factory):
    """One example built by gigen, its PDF, HTML and .doc by LibreOffice, copied seeds and the city's WPS PDF."""
    soffice()
    return fuzz_reports.sources(tmp_path_factory.mktemp("sources"), EXAMPLES[:1])


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # one damage is a zip with an entry twice
def test_one_published_report_of_each_kind_of_damage(fuzz_reports, report_sources, runner, tmp_path):
    """Each damage once, each source under another suffix, a folder named .pdf and /dev/zero named .txt."""
    assert {p.suffix for p in report_sources} == {".docx", ".pdf", ".html", ".doc", ".txt"}
    folder = tmp_path / "cases"
    folder.mkdir()
    count = sum(map(len, fuzz_reports.MUTATIONS.values()))
    seen = []
    for case in fuzz_reports.cases(1, count, folder, report_sources):
        seen.append(case.name.split("-")[0])
        for kind, out, _ in _runs(fuzz_reports, case, ("import", "check", "new"), runner, tmp_path):
            assert fuzz_reports.leftovers(out) == [], f"{case.name} {kind}"
    every = {name for kind in fuzz_reports.MUTATIONS.values() for name in kind}
    assert every <= set(seen) and {"renamed", "folder", "dev"} <= set(seen)
