"""Every help screen in Chinese: no English word but the names gigen itself declares, on any terminal width."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import Any, get_args

import pytest
import typer
from support import ROOT

from generator import usage
from generator.cli import CheckFormat, SchemaFormat, app

# Proper names the help may print as they are: products and the program itself.
NAMES = {"gigen", "LibreOffice", "Word", "WPS", "Excel", "PDF", "JSON", "CPU"}


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, command)]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _commands(sub, (*path, name))
    return found


ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = _commands(ROOT_COMMAND)
OPTION_NAMES = {"--help"} | {
    opt for _, c in COMMANDS for p in c.params for opt in p.opts if p.param_type_name == "option"
}
# What the app declares: its command names, its choices and its default values.
ALLOWED = (
    NAMES
    | {name for path, _ in COMMANDS for name in path}
    | set(get_args(CheckFormat))
    | set(get_args(SchemaFormat))
    | {str(p.default) for _, c in COMMANDS for p in c.params if isinstance(p.default, str | Path)}
    # the words of a default such as gigen-data, which english() below reads word by word
    | {
        w
        for _, c in COMMANDS
        for p in c.params
        if isinstance(p.default, Path)
        for w in re.findall(r"\w+", str(p.default))
    }
)


def english(text: str) -> list[str]:
    """The words of the text that are neither one of gigen's option names, a file suffix nor an allowed name."""
    options = re.findall(r"(?<![\w-])--?[a-z][a-z-]*", text)
    stray = [o for o in options if o not in OPTION_NAMES]
    text = re.sub(r"(?<![\w-])--?[a-z][a-z-]*|\.[a-z0-9]+\b", " ", text)
    return stray + [w for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text) if w not in ALLOWED]


def test_the_allow_list_is_what_the_app_declares():
    assert {"new", "build", "check", "rollup", "template", "schema"} <= ALLOWED
    assert {"--force", "--output", "-o", "--no-highlight", "--jobs", "-j"} <= OPTION_NAMES
    assert english("Usage: gigen [OPTIONS] --help --frob Show this message.") == [
        "--frob",
        "Usage",
        "OPTIONS",
        "Show",
        "this",
        "message",
    ]


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "gigen")
@pytest.mark.parametrize("width", ["100", "80", "30"])
def test_every_help_screen_is_chinese_and_fits_the_terminal(runner, path, width):
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": width})
    assert (result.exit_code, result.stderr) == (0, "")
    assert english(result.stdout) == []
    usage_line = " ".join(result.stdout.split("\n\n")[0].split())  # wrapped on a narrow terminal
    assert usage_line.startswith(f"用法：{' '.join(('gigen', *path))} [选项]")
    assert max(usage.columns(line) for line in result.stdout.splitlines()) <= int(width)


def test_help_lists_each_option_with_its_default_in_chinese(runner):
    lines = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "100"}).stdout.splitlines()
    assert lines[0] == "用法：gigen build [选项] 工作簿..."
    assert "参数：" in lines and "选项：" in lines
    assert "  工作簿  填好的工作簿（.xlsx），可给多个，或给一个文件夹（批量生成）（必填）" in lines
    assert "  -o, --output <文件夹>  报告存放的文件夹（默认：outputs）" in lines
    assert "  -j, --jobs <进程数>    批量时同时处理的进程数，至少1个（默认：CPU核数）" in lines
    assert "  --help                 显示本帮助后退出。" in lines
    top = runner.invoke(app, ["--help"], env={"COLUMNS": "100"}).stdout.splitlines()
    assert top[0] == "用法：gigen [选项] 命令 [参数]..."
    assert "命令：" in top
    assert "  schema    列出工作簿的全部字段（名称、工作表、单元格、类型、说明）。" in top
    check = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "100"}).stdout.splitlines()
    assert "  --format <text|json>   输出格式：text 或 json（默认：text）" in check


@pytest.mark.parametrize("command", [["build"], ["check"], ["rollup"], ["schema"]])
def test_every_default_is_written_the_same_way(runner, command):
    screen = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"}).stdout
    notes = re.findall(r"（默认(.)", screen)
    assert notes and set(notes) == {"："}, screen


def test_on_a_narrow_terminal_the_help_goes_under_its_option(runner):
    lines = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "34"}).stdout.splitlines()
    at = lines.index("  --no-highlight")
    assert lines[at + 1 : at + 3] == ["      程序代写的段落不加黄色底纹", "      （定稿时用）"]


def test_a_bare_command_prints_the_same_chinese_help_on_standard_error(runner):
    result = runner.invoke(app, ["template"], env={"COLUMNS": "80"})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == runner.invoke(app, ["template", "--help"], env={"COLUMNS": "80"}).stdout


def test_wrapping_never_opens_a_line_with_punctuation_nor_splits_an_option():
    assert usage.wrap("一二三四五，六七", 10) == ["一二三四", "五，六七"]
    assert usage.wrap("填写 --no-highlight 选项", 16) == ["填写", "--no-highlight", "选项"]
    assert usage.wrap("甲" * 5, 4) == ["甲甲", "甲甲", "甲"]


def _installed() -> list[list[str]]:
    """The `gigen` script pip installed beside this interpreter, and `python -m generator`."""
    script = shutil.which("gigen", path=str(Path(sys.executable).parent))
    assert script is not None, "gigen is installed with the package (pip install -e .)"
    return [[script], [sys.executable, "-m", "generator"]]


def _on_terminal(command: list[str], columns: int) -> str:
    """What the command prints on a terminal of that many columns (a pseudo-terminal: rich would be active)."""
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "TERM")}
    env |= {"TERM": "xterm-256color", "FORCE_COLOR": "1", "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(command, stdout=side, stderr=side, env=env) as process:
        os.close(side)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal's other side closed: the program ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(main)
    assert process.returncode == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "gigen")
def test_the_installed_command_prints_the_same_chinese_help_redirected_and_on_a_terminal(path):
    env = {**os.environ, "COLUMNS": "60", "PYTHONPATH": str(ROOT)}
    for command in _installed():
        plain = subprocess.run(
            [*command, *path, "--help"], capture_output=True, text=True, env=env, timeout=60, check=False
        )
        assert (plain.returncode, plain.stderr) == (0, "")
        assert english(plain.stdout) == []
        assert _on_terminal([*command, *path, "--help"], 60) == plain.stdout  # no colour, no box, same words
