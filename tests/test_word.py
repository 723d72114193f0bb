"""Every report is a file Word opens without repair: openxml-audit's Microsoft 365 verdict, and no leftovers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support import EXAMPLES
from typer.testing import CliRunner

from generator.cli import app

AUDIT = Path(sys.executable).with_name("openxml-audit")
LEFTOVERS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/item1.xml")


def _audit(report: Path) -> dict:
    result = subprocess.run(
        [str(AUDIT), "-f", "microsoft365", "-o", "json", "-m", "0", str(report)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stdout)[0]


def _build(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", *args, "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    (report,) = out.glob("*.docx")
    return report


@pytest.mark.skipif(not AUDIT.exists(), reason="openxml-audit is installed with the [test] extra")
@pytest.mark.parametrize("workbook", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("options", [["--draft"], ["--draft", "--no-highlight"]], ids=["marked", "plain"])
def test_word_opens_every_report_cleanly(tmp_path: Path, workbook: Path, options: list[str]) -> None:
    """Every example, as a report (or, for those with errors, as a draft with its red mark on every page)."""
    report = _build(tmp_path, str(workbook), *options)
    verdict = _audit(report)
    assert verdict["error_count"] == 0, json.dumps(verdict["errors"], ensure_ascii=False, indent=1)[:3000]
    assert verdict["verdict"]["prediction"] == "opens-clean", verdict["verdict"]


@pytest.mark.skipif(not AUDIT.exists(), reason="openxml-audit is installed with the [test] extra")
def test_word_opens_the_rollup_tables_cleanly(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    target = tmp_path / "汇总.xlsx"
    CliRunner().invoke(app, ["rollup", *map(str, EXAMPLES), "--name", "示例县", "--docx", "-o", str(target)])
    tables = target.with_suffix(".docx")
    verdict = _audit(tables)
    assert verdict["error_count"] == 0, json.dumps(verdict["errors"], ensure_ascii=False, indent=1)[:3000]
    with zipfile.ZipFile(tables) as z:
        core = z.read("docProps/core.xml").decode()
    assert "<dc:title>示例县" in core and "2013" not in core
    created = core.split('<dcterms:created xsi:type="dcterms:W3CDTF">')[1][:20]
    assert datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) >= before - timedelta(
        seconds=1
    )


def test_report_has_no_python_docx_leftovers_and_its_own_properties(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    report = _build(tmp_path, str(EXAMPLES[0]))
    with zipfile.ZipFile(report) as z:
        names = set(z.namelist())
        core = z.read("docProps/core.xml").decode()
        settings = z.read("word/settings.xml").decode()
        theme = z.read("word/theme/theme1.xml").decode()
        types = z.read("[Content_Types].xml").decode()
    assert not names & set(LEFTOVERS)
    assert "stylesWithEffects" not in types and "customXml" not in types
    assert "python-docx" not in core and "2013" not in core
    org = report.name.split("20")[0]  # the 机关 name precedes the year in the file name
    assert f"<dc:title>{report.stem}</dc:title>" in core
    assert f"<dc:creator>{org}" in core
    created = core.split('<dcterms:created xsi:type="dcterms:W3CDTF">')[1][:20]
    stamp = datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before - timedelta(seconds=1) <= stamp <= datetime.now(UTC)
    assert 'w:eastAsia="zh-CN"' in settings
    assert '<a:ea typeface="黑体"/>' in theme and '<a:ea typeface="宋体"/>' in theme


def test_audit_is_not_blind(tmp_path: Path) -> None:
    """The check above can fail: a report carrying python-docx's stale stylesWithEffects is predicted to be repaired."""
    if not AUDIT.exists():
        pytest.skip("openxml-audit is installed with the [test] extra")
    from docx import Document

    stale = tmp_path / "stale.docx"
    Document().save(stale)  # python-docx's own template, stylesWithEffects and all
    report = _build(tmp_path, str(EXAMPLES[0]))
    mixed = tmp_path / "mixed.docx"
    shutil.copy(report, mixed)
    with zipfile.ZipFile(stale) as src, zipfile.ZipFile(report) as rep, zipfile.ZipFile(mixed, "w") as out:
        for item in rep.infolist():
            data = rep.read(item)
            if item.filename == "[Content_Types].xml":
                data = src.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdX" Type="http://schemas.microsoft.com/office/2007/relationships/'
                    b'stylesWithEffects" Target="stylesWithEffects.xml"/></Relationships>',
                )
            out.writestr(item, data)
        out.writestr("word/stylesWithEffects.xml", src.read("word/stylesWithEffects.xml"))
    assert _audit(mixed)["error_count"] > 0


def test_font_table_names_the_fonts_the_report_uses(tmp_path: Path) -> None:
    report = _build(tmp_path, str(EXAMPLES[0]))
    with zipfile.ZipFile(report) as z:
        table = z.read("word/fontTable.xml").decode()
        app = z.read("docProps/app.xml").decode()
        used = set()
        for name in z.namelist():
            if re.fullmatch(r"word/(styles|document|footer\d+|header\d+)\.xml", name):
                for rfonts in re.findall(r"<w:rFonts [^>]*>", z.read(name).decode()):
                    used |= set(re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', rfonts))
        used |= set(
            re.findall(r'<a:(?:latin|ea) typeface="([^"]+)"', z.read("word/theme/theme1.xml").decode())
        )
    listed = set(re.findall(r'<w:font w:name="([^"]+)"', table))
    assert listed == used
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体", "Times New Roman"} <= listed
    assert not listed & {"ＭＳ 明朝", "ＭＳ ゴシック", "Arial"}  # python-docx's template's own
    # Word or WPS without the GB2312 fonts falls back to their successors, not to a Latin font.
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>.*?<w:charset w:val="86"/>', table)
    assert re.search(r'w:name="楷体_GB2312"><w:altName w:val="楷体"/>', table)
    assert "<Application>gigen</Application>" in app and "Macintosh" not in app
