"""A disk that refuses the write (full, read-only, over quota…): each report that could not be written is said, in
Chinese, with the table and the closing sentence; exit code 1, and nothing half-written left behind.

The failure is simulated in gigen's one writer (generator/files.py), at the write itself, as a full disk fails.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import inbox_folder

from generator import files
from generator.cli import app

GOOD = ("测试县甲镇人民政府", "测试县乙镇人民政府")
REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有写入权限",
    errno.EROFS: "磁盘只读",
    errno.EDQUOT: "磁盘配额已用完",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EIO: "磁盘读写出错",
}


def _report(org: str) -> str:
    return f"{org}2024年政府信息公开工作年度报告.docx"


class _Refusing:
    """os, as files.py sees it, with a file opened for writing whose write fails with `code` (for some suffixes)."""

    def __init__(self, code: int, suffixes: tuple[str, ...]) -> None:
        self.code, self.suffixes, self.paths = code, suffixes, {}

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def open(self, path: Any, *args: Any) -> int:
        fd = os.open(path, *args)
        self.paths[fd] = Path(path)
        return fd

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = os.fdopen(fd, *args, **kwargs)
        if self.paths.get(fd, Path()).suffix not in self.suffixes:
            return handle
        code = self.code

        class Full:
            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def write(self, data: bytes) -> int:
                raise OSError(code, os.strerror(code))

        return Full()


@pytest.fixture
def refuse(monkeypatch):
    def make(code: int = errno.ENOSPC, suffixes: tuple[str, ...] = (".docx", ".xlsx", ".pdf")) -> None:
        monkeypatch.setattr(files, "os", _Refusing(code, suffixes))

    return make


@pytest.fixture
def inbox(make_workbook, tmp_path) -> Path:
    return inbox_folder(tmp_path, make_workbook, 镇1={"org_name": GOOD[0]}, 镇2={"org_name": GOOD[1]})


def _no_english(text: str, code: int) -> None:
    assert os.strerror(code) not in text
    assert "Errno" not in text and "Traceback" not in text


def test_a_single_report_into_a_full_disk_is_one_sentence_and_leaves_nothing(
    runner, make_workbook, tmp_path, refuse
):
    workbook = make_workbook(org_name=GOOD[0])
    out = tmp_path / "报告"
    refuse()
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{out / _report(GOOD[0])}：写入失败（磁盘空间不足）。\n"
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("code", list(REASONS), ids=errno.errorcode.get)
def test_a_batch_into_a_refusing_disk_still_prints_each_township_and_its_table(
    runner, inbox, tmp_path, refuse, code
):
    out = tmp_path / "报告"
    refuse(code)
    result = runner.invoke(app, ["build", str(inbox), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    why = REASONS[code]
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"镇1.xlsx：{out / _report(GOOD[0])}：写入失败（{why}）。",
        f"镇2.xlsx：{out / _report(GOOD[1])}：写入失败（{why}）。",
    ]
    assert [line.split() for line in lines[2:5]] == [
        ["工作簿", "机关", "年度", "结果", "错误", "警告", "报告"],
        ["镇1.xlsx", GOOD[0], "2024", "未能生成", "0", "0"],
        ["镇2.xlsx", GOOD[1], "2024", "未能生成", "0", "0"],
    ]
    assert lines[5:] == ["共2个工作簿：2个未通过。"]
    assert re.fullmatch(
        rf"{re.escape(str(out))}/检查汇总_\d{{8}}_\d{{6}}\.xlsx：写入失败（{why}）。\n", result.stderr
    )
    assert list(out.iterdir()) == []
    _no_english(result.output, code)


def test_a_batch_check_whose_summary_cannot_be_written_keeps_its_table(runner, inbox, tmp_path, refuse):
    refuse()
    result = runner.invoke(app, ["check", str(inbox), "-o", str(tmp_path / "检查")])
    assert result.exit_code == 1
    assert [line.split()[3] for line in result.stdout.splitlines()[1:3]] == ["检查通过", "检查通过"]
    assert result.stdout.splitlines()[-1] == "共2个工作簿：2个检查通过，0个未通过。"
    assert result.stderr.endswith("：写入失败（磁盘空间不足）。\n") and result.stderr.count("\n") == 1
    as_json = runner.invoke(app, ["check", str(inbox), "-o", str(tmp_path / "检查"), "--format", "json"])
    assert as_json.exit_code == 1
    report = json.loads(as_json.stdout)
    assert report["summary"] is None
    assert report["summary_error"].endswith("：写入失败（磁盘空间不足）。")
    assert [f["status"] for f in report["files"]] == ["检查通过", "检查通过"]
    assert list((tmp_path / "检查").iterdir()) == []


def test_a_rollup_into_a_full_disk_still_says_what_it_left_out(
    runner, inbox, make_workbook, tmp_path, refuse
):
    make_workbook("镇3.xlsx", org_name="测试县丙镇人民政府", fee_notices=None).rename(inbox / "镇3.xlsx")
    target = tmp_path / "汇总" / "汇总.xlsx"
    refuse()
    result = runner.invoke(app, ["rollup", str(inbox), "-o", str(target), "--docx"])
    assert result.exit_code == 1
    assert result.stdout == "镇3.xlsx（测试县丙镇人民政府）：有1处错误，未计入；请该机关改正后重新提交。\n"
    assert result.stderr == f"{target}：写入失败（磁盘空间不足）。\n"
    assert list(target.parent.iterdir()) == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_pdf_into_a_full_disk_keeps_the_report_and_says_why(runner, make_workbook, tmp_path, refuse):
    workbook = make_workbook(org_name=GOOD[0])
    out = tmp_path / "报告"
    refuse(suffixes=(".pdf",))
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out), "--pdf"])
    assert result.exit_code == 1
    report = out / _report(GOOD[0])
    assert result.stdout == f"已生成报告：{report}\n"
    assert result.stderr.splitlines()[-1] == f"{report.with_suffix('.pdf')}：写入失败（磁盘空间不足）。"
    assert sorted(p.name for p in out.iterdir()) == [report.name]


@pytest.mark.parametrize("code", [*REASONS, errno.ENOEXEC], ids=errno.errorcode.get)
def test_every_reason_is_chinese(code):
    said = files.reason(OSError(code, os.strerror(code)))
    assert said == REASONS.get(code, f"系统错误代码{code}")
    assert not re.search(r"[A-Za-z]", said)
