"""Ctrl+C in a batch, whenever it comes: the table whole, the summary written, 已中断, exit code 130.

Each run is a real `gigen build DIR` in a process of its own; a SIGINT is sent to it from inside, at one stage of
the batch, by wrapping the function that runs at that stage, so every stage is hit every time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from support import ROOT, consistent_values, new_workbook

TOWNS = 8

# Sends SIGINT to the gigen process at one stage, then lets the stage run: `python - STAGE gigen-arguments…`
SCRIPT = """
import functools, os, signal, sys
import generator.batch, generator.console, generator.present, generator.summary
from generator.cli import app

GIGEN = os.getpid()  # a worker process forked later sends it to its parent, as the terminal would
STAGE = sys.argv[1]
WHERE = {
    "before": (generator.present, "skipped", None),
    "pool": (generator.batch, "_process", "镇3.xlsx"),
    "writing": (generator.batch, "write_atomic", "第8镇"),
    "after": (generator.batch, "annotate", None),
    "summary": (generator.summary, "list_workbook", None),
    "table": (generator.console, "table", None),
    "closing": (generator.present, "tally", None),
}
module, name, only = WHERE[STAGE]
original = getattr(module, name)

@functools.wraps(original)  # the same name: a pool pickles the function by it
def pressed(*args, **kwargs):
    if only is None or only in str(getattr(args[0], "source", args[0])):
        os.kill(GIGEN, signal.SIGINT)
    return original(*args, **kwargs)

setattr(module, name, pressed)
app(sys.argv[2:], prog_name="gigen")
"""


@pytest.fixture(scope="module")
def inbox(tmp_path_factory, runner) -> Path:
    """Eight townships' workbooks, each of its own 机关."""
    folder = tmp_path_factory.mktemp("收件")
    for i in range(1, TOWNS + 1):
        new_workbook(
            runner, folder / f"镇{i}.xlsx", {**consistent_values(), "org_name": f"测试县第{i}镇人民政府"}
        )
    return folder


def _gigen(stage: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, stage, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )


STAGES = ["before", "pool", "writing", "after", "summary", "table", "closing"]


@pytest.mark.parametrize("run", range(3))
@pytest.mark.parametrize("stage", STAGES)
def test_ctrl_c_at_any_stage_still_ends_the_batch_whole(inbox, tmp_path, stage, run):
    out = tmp_path / "报告"
    result = _gigen(stage, "build", str(inbox), "-o", str(out), "--jobs", "2")
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["工作簿", "机关", "年度", "结果", "错误", "警告", "报告"]
    rows = [line.split() for line in lines[1:-1]]
    done = len(rows)
    # The table is whole: one row per workbook processed, in order, each with the report that is on disk.
    assert [row[0] for row in rows] == [f"镇{i}.xlsx" for i in range(1, done + 1)]
    assert all(row[3] == "已生成报告" for row in rows)
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(row[6] for row in rows)
    assert not list(out.glob(".~gigen-*"))
    summary = re.fullmatch(
        rf"共{done}个工作簿：(?:{done}个已生成报告，)?0个未通过。每个机关的全部问题（含警告）见汇总表：(.+)",
        lines[-1],
    )
    assert summary, lines[-1]
    towns = openpyxl.load_workbook(summary[1])["机关"]
    assert [row[1] for row in towns.iter_rows(min_row=2, values_only=True)] == [row[0] for row in rows]
    left = TOWNS - done
    said = (
        f"已中断：处理了{done}个工作簿，另有{left}个未处理。"
        if left
        else f"已中断：{TOWNS}个工作簿都已处理完，结果见上。"
    )
    assert result.stderr.splitlines()[-1] == said
    if stage in ("writing", "after", "summary", "table", "closing"):
        assert done == TOWNS  # pressed once the last report was being written: every township is done
    if stage == "before":
        assert done == 0


def test_ctrl_c_during_a_batch_check_prints_its_json_whole(inbox, tmp_path):
    import json

    result = _gigen("after", "check", str(inbox), "-o", str(tmp_path), "--format", "json")
    assert result.returncode == 130
    assert result.stderr == f"已中断：{TOWNS}个工作簿都已处理完，结果见上。\n"
    report = json.loads(result.stdout)
    assert len(report["files"]) == TOWNS
    assert Path(report["summary"]).is_file()
