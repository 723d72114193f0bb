"""The PDF on a machine without the 公文 fonts: each missing font stands in for by a free look-alike of its kind, so
title, headings and body still look apart, and the warning names each missing font and what stands in for it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from pypdf import PdfReader
from support import EXAMPLES, convert, gigen_pdf, look_alikes_installed, pdf_spans

from generator.pdf import LOOK_ALIKES, StandIn, fontconfig, stand_ins
from generator.pipeline import build

# The fonts the report's text is set in, read off the typesetting of GB/T 9704 (domain.md §4), by hand.
REPORT_FONTS = {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "Times New Roman"}
# What each stands in by on a Debian machine with fonts-noto-cjk, fonts-arphic-ukai and fonts-liberation2.
ON_DEBIAN = {
    "方正小标宋简体": ("Noto Serif CJK SC", "Bold"),
    "仿宋_GB2312": ("Noto Serif CJK SC", "Regular"),
    "黑体": ("Noto Sans CJK SC", "Regular"),
    "楷体_GB2312": ("AR PL UKai CN", "Book"),
    "宋体": ("Noto Serif CJK SC", "Regular"),
    "Times New Roman": ("Liberation Serif", "Regular"),
}
# How those faces are named in the PDF LibreOffice writes (the CJK collections carry their JP name inside)
PDF_FACE = {
    "title": r"NotoSerifCJK\w*-Bold",
    "heading 1": r"NotoSansCJK\w*-Regular",
    "heading 2": r"UKaiCN",
    "body": r"NotoSerifCJK\w*-Regular",
}


def test_the_look_alikes_cover_every_font_the_report_uses(tmp_path):
    assert {look.font for look in LOOK_ALIKES} == REPORT_FONTS
    report = build(next(p for p in EXAMPLES if p.stem == "叶城县白杨镇2024"), tmp_path).report
    with zipfile.ZipFile(report) as docx:
        xml = "".join(
            docx.read(name).decode("utf-8")
            for name in docx.namelist()
            if re.fullmatch(r"word/(document|styles|footer\d+|header\d+)\.xml", name)
        )
    # fonts of runs and styles, less the unused numbering symbols python-docx's template carries
    used = set(re.findall(r'w:(?:eastAsia|ascii|hAnsi)="([^"]+)"', xml)) - {"zh-CN", "Symbol", "Courier"}
    assert used == REPORT_FONTS


def test_each_missing_font_gets_the_first_installed_look_alike_of_its_kind():
    families = frozenset({"宋体", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "DejaVu Sans"})
    assert stand_ins(families) == [
        StandIn("方正小标宋简体", "Noto Serif CJK SC", bold=True),
        StandIn("仿宋_GB2312", "Noto Serif CJK SC"),
        StandIn("黑体", "WenQuanYi Zen Hei"),
        StandIn("楷体_GB2312", None),
        StandIn("Times New Roman", None),
    ]  # 宋体 is installed, so it is left alone
    assert stand_ins(None) == []  # no fontconfig (Windows): nothing to say, nothing to lead


def test_fontconfig_file_leads_each_missing_font_to_its_look_alike(tmp_path):
    families = look_alikes_installed()
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        pytest.skip("fc-match is not installed")
    stand = stand_ins(families)
    assert {s.font for s in stand} == REPORT_FONTS - families
    conf = tmp_path / "gigen-fonts.conf"
    conf.write_text(fontconfig(stand, "fonts.conf"), encoding="utf-8")
    for s in stand:
        matched = subprocess.run(
            [fc_match, "-f", "%{family[0]}|%{style[0]}", f"{s.font}:lang=zh-cn"],
            capture_output=True,
            text=True,
            env={"FONTCONFIG_FILE": str(conf), "PATH": ""},
            check=True,
        ).stdout
        assert tuple(matched.split("|")) == ON_DEBIAN[s.font], s.font


def _faces(pdf) -> dict[str, set[str]]:
    """The PDF faces of the title (二号), the first heading of each level and the first body paragraph."""
    spans = pdf_spans(PdfReader(str(pdf)).pages[0])
    cjk = [(text, face, size) for text, face, size, _ in spans if re.search(r"[\u4e00-\u9fff]", text)]
    return {
        "title": {face for _, face, size in cjk if size == 22},
        "heading 1": {face for text, face, _ in cjk if text == "一、总体情况"},
        "heading 2": {face for text, face, _ in cjk if text.startswith("（一）")},
        "body": {face for text, face, _ in cjk if text.startswith("年，白杨镇按照县委")},
    }


def test_title_headings_and_body_are_set_in_different_look_alikes(tmp_path):
    families = look_alikes_installed()
    if not REPORT_FONTS - families:
        pytest.skip("every 公文 font is installed: nothing stands in")
    report = build(next(p for p in EXAMPLES if p.stem == "叶城县白杨镇2024"), tmp_path).report
    (pdf,) = gigen_pdf([report])
    faces = _faces(pdf)
    assert all(len(found) == 1 for found in faces.values()), faces
    for role, pattern in PDF_FACE.items():
        (face,) = faces[role]
        assert re.fullmatch(pattern + r".*", face), (role, face)
    assert len({face for found in faces.values() for face in found}) == 4

    # The same report through LibreOffice alone: one face for all, what the look-alikes are there to prevent.
    plain = convert(report, "pdf", tmp_path / "plain")
    assert len({face for found in _faces(plain).values() for face in found}) == 1


def test_the_warning_names_each_missing_font_and_what_stands_in(runner, make_workbook, tmp_path, monkeypatch):
    from generator import pdf
    from generator.cli import app

    look_alikes_installed()
    # a machine with 宋体 and two look-alikes only: no kai face, no Liberation Serif
    monkeypatch.setattr(
        pdf, "installed_families", lambda: frozenset({"宋体", "Noto Serif CJK SC", "Noto Sans CJK SC"})
    )
    result = runner.invoke(app, ["build", str(make_workbook()), "-o", str(tmp_path), "--pdf"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "注意：本机没有安装方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312、Times New Roman字体，"
        "PDF中方正小标宋简体用Noto Serif CJK SC粗体代替，仿宋_GB2312用Noto Serif CJK SC代替，"
        "黑体用Noto Sans CJK SC代替，楷体_GB2312没有相近的字体（由LibreOffice自选），"
        "Times New Roman没有相近的字体（由LibreOffice自选）；"
        "正式印发的PDF请在装有这些字体的电脑上转换，或在 Word、WPS 中另存为PDF。\n"
    )
    # no rule for the kai face, so LibreOffice picks its own for the second-level headings
    faces = _faces_of_test_report(tmp_path / "测试县测试镇人民政府2024年政府信息公开工作年度报告.pdf")
    assert not any(face.startswith("UKai") for face in faces)


def _faces_of_test_report(pdf) -> set[str]:
    return {face for page in PdfReader(str(pdf)).pages for _, face, _, _ in pdf_spans(page)}
