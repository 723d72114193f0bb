"""The wheel carries the template, and an installed gigen builds a report outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import docx
import pytest
from official import HEADINGS
from support import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = out.glob("gigen-*.whl")
    return found


def test_wheel_contains_the_package_and_the_template(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/templates/report.docx" in names
    from generator.standard import PLACEHOLDERS, WRITTEN

    assert {f"generator/templates/standard/{key}.j2" for key in (*WRITTEN, *PLACEHOLDERS)} <= set(names)
    assert "generator/cli.py" in names
    assert not any(name.startswith(("tests/", "inputs/")) for name in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "gigen = generator.__main__:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_installed_wheel_builds_a_report(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # Dependencies come from this environment (no network needed); gigen itself only from the wheel.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    where = subprocess.run(
        [str(python), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(venv)), where

    example = next(p for p in EXAMPLES if p.stem == "叶城县白杨镇2024")
    result = subprocess.run(
        [str(venv / "bin" / "gigen"), "build", str(example), "-o", "报告"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = tmp_path / "报告" / "叶城县白杨镇人民政府2024年政府信息公开工作年度报告.docx"
    assert result.stdout == f"已生成报告：报告/{report.name}\n"
    texts = [p.text for p in docx.Document(str(report)).paragraphs]
    assert [t for t in texts if t in HEADINGS] == HEADINGS
