"""Hostile workbooks: each ends in one Chinese sentence naming the file (and cell), exit 1, nothing written or changed."""

from __future__ import annotations

import hashlib
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import rewrite_part

from generator.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _digest(path: Path) -> tuple[str, int]:
    """The file's bytes and its time of modification: reading must change neither."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _check(runner, path: Path) -> tuple[int, str]:
    before = _digest(path) if path.is_file() else None
    listing = sorted(p.name for p in path.parent.iterdir())
    result = runner.invoke(app, ["check", str(path)])
    assert "Traceback" not in result.output
    if before is not None:
        assert _digest(path) == before  # the input is never changed
    assert sorted(p.name for p in path.parent.iterdir()) == listing  # nothing written
    return result.exit_code, result.output


def _build(runner, path: Path, out: Path) -> tuple[int, str]:
    before = _digest(path) if path.is_file() else None
    result = runner.invoke(app, ["build", str(path), "-o", str(out)])
    assert not out.exists() or not any(out.iterdir())  # no report, not even half of one
    if before is not None:
        assert _digest(path) == before
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("key", "value", "rule", "cell"),
    [
        ("t3_new_natural", "9" * 5000, "VAL-SIZE", "表三!D6"),  # past Python's 4,300-digit int() limit
        ("t3_new_natural", 10**20, "VAL-SIZE", "表三!D6"),
        ("t3_new_natural", 1e308, "VAL-SIZE", "表三!D6"),
        ("fee_collected", 1e308, "VAL-SIZE", "五、六!B6"),
        ("year", "2" * 5000, "META-YEAR", "基本信息!B4"),
        ("date", "2025年13月45日", "META-DATE", "基本信息!B6"),
        ("date", "2025年2月30日", "META-DATE", "基本信息!B6"),
    ],
)
def test_impossible_values_are_errors_naming_the_cell(
    runner, make_workbook, tmp_path, key, value, rule, cell
):
    path = make_workbook(**{key: value})
    code, output = _check(runner, path)
    assert code == 1
    assert any(
        line.startswith(f"{path.name} {cell} 错误：") and f"[{rule}]" in line for line in output.splitlines()
    )
    code, output = _build(runner, path, tmp_path / "out")
    assert code == 1
    assert f"{path.name} {cell} 错误：" in output


def test_a_huge_count_names_its_cell_in_words(runner, make_workbook):
    path = make_workbook(t3_new_natural=10**20)
    _, output = _check(runner, path)
    assert (
        f"{path.name} 表三!D6 错误：表三“一、本年新收政府信息公开申请数量/自然人”填写的“1e+20”大得不可能"
        "（一年的件数不会超过1,000,000,000），请核对。 [VAL-SIZE]"
    ) in output


def test_an_implausible_count_is_a_warning(runner, make_workbook):
    path = make_workbook(t4_review_other=20000)
    code, output = _check(runner, path)
    assert code == 0  # a warning: the report may still be built
    assert (
        f"{path.name} 表四!C6 警告：表四“行政复议/其他结果”为20,000件，超过10,000件，远大于实际可能的数量，"
        "请核对是否多填了位数。 [VAL-SIZE]"
    ) in output


@pytest.mark.parametrize(("key", "cell"), [("t3_new_total", "J6"), ("t3_granted_total", "J8")])
def test_a_total_formula_that_is_not_the_sum_of_its_parts(runner, make_workbook, tmp_path, key, cell):
    path = make_workbook(**{key: "=D8+E8"})
    code, output = _check(runner, path)
    assert code == 1
    (line,) = [line for line in output.splitlines() if f" 表三!{cell} " in line]
    assert line.startswith(f"{path.name} 表三!{cell} 错误：表三“")
    assert "的公式“=D8+E8”不是各分项之和，" in line
    row = cell[1:]
    assert line.endswith(f"请把公式改回“=D{row}+E{row}+F{row}+G{row}+H{row}+I{row}”。 [VAL-TOTAL]")
    code, built = _build(runner, path, tmp_path / "out")
    assert code == 1 and line in built.splitlines()


def test_balanced_counts_of_ten_to_the_twentieth_are_errors_not_a_report(runner, make_workbook, tmp_path):
    """10^20 applications, all of them granted: the table balances, but no township has them."""
    path = make_workbook(t3_new_natural=10**20, t3_granted_natural=10**20)
    code, output = _check(runner, path)
    assert code == 1
    sized = [
        line.split()[1] for line in output.splitlines() if line.endswith("[VAL-SIZE]") and "错误" in line
    ]
    assert sized == ["表三!D6", "表三!D8"]
    assert "T3-BAL" not in output  # the cells that cannot be read are left out of the balance
    code, built = _build(runner, path, tmp_path / "out")
    assert code == 1 and "1e+20" in built


@pytest.mark.parametrize(
    "formula", ["=SUM(D6:I6)", "=sum($D$6:$I$6)", "=I6+H6+G6+F6+E6+D6", "=SUM(D6,E6)+SUM(F6:I6)"]
)
def test_a_total_formula_that_sums_its_parts_passes(runner, make_workbook, formula):
    path = make_workbook(t3_new_total=formula)
    _, output = _check(runner, path)
    assert "VAL-TOTAL" not in output


def _bomb(path: Path, part: str, size: int, *, lie: bool = False) -> Path:
    """The workbook with one part padded to `size` bytes of XML whitespace: a few MB deflated, inflating to `size`."""
    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts:
            if info.filename == part:
                bomb = zipfile.ZipInfo(part)
                bomb.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(bomb, "w", force_zip64=True) as stream:
                    stream.write(data)
                    chunk = b" " * (1 << 20)
                    for _ in range(size >> 20):
                        stream.write(chunk)
            else:
                dst.writestr(info, data)
    if lie:  # the directory says the part is small: the reader must stop while inflating
        raw = bytearray(path.read_bytes())
        name = part.encode()
        at = raw.find(name, raw.find(b"PK\x01\x02")) - 46
        while raw[at + 46 : at + 46 + len(name)] != name:
            at = raw.find(name, at + 47) - 46
        struct.pack_into("<I", raw, at + 24, 1000)
        path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize("lie", [False, True])
def test_a_zip_bomb_is_refused_before_it_is_inflated(runner, make_workbook, lie):
    path = _bomb(make_workbook(), "xl/worksheets/sheet4.xml", 200 << 20, lie=lie)
    assert path.stat().st_size < 2 << 20
    code, output = _check(runner, path)
    assert code == 1
    assert _build(runner, path, path.parent / "out") == (1, output)
    if lie:
        assert output.startswith(f"{path.name}：工作簿已损坏，无法打开（压缩包中的“xl/worksheets/sheet4.xml”")
    else:
        assert output == (
            f"{path.name}：压缩包中的“xl/worksheets/sheet4.xml”解压后超过32MB（或全部文件超过128MB），"
            "远大于正常的文件，可能是恶意构造的压缩包，未读取。\n"
        )


def _peak_mb(path: Path) -> float:
    """Peak memory in MB of `gigen check path` in a process of its own."""
    code = (
        "import resource, sys\nfrom generator.cli import app\n"
        'try:\n    app(["check", sys.argv[1]])\nexcept SystemExit:\n    pass\n'
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def test_a_zip_bomb_takes_no_more_memory_than_a_real_workbook(make_workbook, tmp_path):
    real = make_workbook("真.xlsx")
    bomb = _bomb(make_workbook("炸弹.xlsx"), "xl/worksheets/sheet4.xml", 1 << 30)
    assert _peak_mb(bomb) < _peak_mb(real) + 50


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.parent / "循环.xlsx",
            "{name}：无法读取这个文件（符号链接形成了循环，指不到真正的文件）。",
        ),
        (lambda p: Path("/dev/zero"), "zero：不是普通文件（是设备、管道或套接字），无法当作文件读取。"),
        (
            lambda p: p.parent / "管道.xlsx",
            "{name}：不是普通文件（是设备、管道或套接字），无法当作文件读取。",
        ),
    ],
)
def test_things_that_are_no_file(runner, make_workbook, make, message):
    path = make(make_workbook())
    if path.name == "循环.xlsx":
        os.symlink(path, path)
    elif path.name == "管道.xlsx":
        os.mkfifo(path)
    result = runner.invoke(app, ["check", str(path)])
    assert (result.exit_code, result.output) == (1, message.format(name=path.name) + "\n")


def _edit_central(path: Path, change) -> Path:
    raw = bytearray(path.read_bytes())
    at = raw.find(b"PK\x01\x02")
    change(raw, at)
    path.write_bytes(bytes(raw))
    return path


def _damaged(name: str, why: str) -> str:
    return f"{name}：工作簿已损坏，无法打开（{why}）。请在Excel中打开后另存再试。\n"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (
            lambda raw, at: struct.pack_into("<H", raw, at + 6, 99),
            "压缩包的版本标记无法识别",
        ),  # version needed 9.9
        (lambda raw, at: struct.pack_into("<H", raw, at + 8, 0x801), "压缩包中的“docProps/app.xml”已加密"),
        (
            lambda raw, at: struct.pack_into("<H", raw, at + 10, 9),
            "压缩包中的“docProps/app.xml”使用了办公软件不用的压缩方式（编号9）",
        ),
        (lambda raw, at: raw.__setitem__(slice(at + 46, at + 47), b"\xff"), "压缩包中的文件名编码有误"),
    ],
)
def test_odd_zips_are_one_chinese_sentence(runner, make_workbook, change, why):
    path = make_workbook()
    if why == "压缩包中的文件名编码有误":  # a name flagged UTF-8 whose bytes are not
        _edit_central(path, lambda raw, at: struct.pack_into("<H", raw, at + 8, 0x800))
    path = _edit_central(path, change)
    code, output = _check(runner, path)
    assert (code, output) == (1, _damaged(path.name, why))


def test_a_truncated_workbook(runner, make_workbook):
    path = make_workbook()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    code, output = _check(runner, path)
    assert (code, output) == (1, _damaged(path.name, "压缩包不完整或已损坏"))


@pytest.mark.parametrize(
    ("part", "change", "why"),
    [
        ("xl/workbook.xml", lambda xml: xml[:-20], "XML格式错误"),
        ("xl/_rels/workbook.xml.rels", None, "缺少必需的部件"),
    ],
)
def test_damaged_parts_have_chinese_reasons(runner, make_workbook, tmp_path, part, change, why):
    path = make_workbook()
    if change is None:
        with zipfile.ZipFile(path) as src:
            kept = [(i, src.read(i)) for i in src.infolist() if i.filename != part]
        with zipfile.ZipFile(path, "w") as dst:
            for info, data in kept:
                dst.writestr(info, data)
    else:
        rewrite_part(path, part, change)
    code, output = _check(runner, path)
    assert (code, output) == (1, _damaged(path.name, why))


def test_an_impossible_date_is_not_printed_even_in_a_draft(runner, make_workbook, tmp_path):
    from support import report_paragraphs

    path = make_workbook(date="2025年13月45日")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(path), "-o", str(out), "--draft"])
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "基本信息!B6" in line] == [
        f"{path.name} 基本信息!B6 错误：成文日期“2025年13月45日”不是真实存在的日期，请改正，如“2025年1月20日”。 [META-DATE]"
    ]  # one finding for the cell: not also “未填写” or “晚于1月31日”
    (report,) = out.iterdir()
    text = "\n".join(p.text for p in report_paragraphs(report))
    assert "测试县测试镇人民政府" in text and "13月45日" not in text


def _cell(new: bytes):
    """The workbook's 表三!D6 replaced by `new`, a cell as no spreadsheet program writes it."""
    import re

    return lambda xml: re.sub(rb'<c r="D6"[^>]*?(/>|>.*?</c>)', new, xml, count=1, flags=re.S)


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="D6" t="s"><v>99999</v></c>',  # a shared string that is not there (IndexError)
        b'<c r="D6" s="x"><v>1</v></c>',  # a style that is no number (ValueError)
        b'<c r="D6"><v>abc</v></c>',  # a number that is not one
        b'<c r="D6"><v>nan</v></c>',
    ],
    ids=["string-index", "style", "number", "nan"],
)
def test_a_cell_no_spreadsheet_writes_is_named(runner, make_workbook, tmp_path, cell):
    path = rewrite_part(make_workbook(), "xl/worksheets/sheet5.xml", _cell(cell))
    code, output = _check(runner, path)
    assert (code, output) == (1, _damaged(path.name, "表三!D6的内容不符合工作簿格式"))
    assert _build(runner, path, tmp_path / "out") == (1, output)


def test_a_workbook_saved_as_strict_open_xml_is_told_how_to_save_it(runner, make_workbook):
    """Excel's Save As offers “Strict Open XML 电子表格”: the same parts under other namespaces."""
    path = make_workbook()
    strict = {
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
            b"http://purl.oclc.org/ooxml/officeDocument/relationships"
        ),
    }
    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in parts:
            for old, new in strict.items():
                data = data.replace(old, new)
            dst.writestr(info, data)
    code, output = _check(runner, path)
    assert (code, output) == (
        1,
        f"{path.name}：这是“Strict Open XML 电子表格”格式，请在Excel中另存为“Excel工作簿（*.xlsx）”后再试。\n",
    )
