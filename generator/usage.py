"""The argument parser's words in Chinese: its errors as one sentence each, and the layout of every help screen.

Its own wording is English. Errors are read from the exception's type name and attributes only, so this works
whether typer vendors click or not; help screens are laid out here from the names and texts gigen declares.
"""

from __future__ import annotations

import difflib
import inspect
import re
import shutil
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, get_args

from .errors import UsageError
from .model import text_width


def command_path(group: Any, args: Sequence[str]) -> str:
    """`gigen build` or `gigen template check`: the command an argument list names, for the help hint."""
    path, command = ["gigen"], group
    for arg in args:
        if arg.startswith("-"):
            continue
        commands = getattr(command, "commands", None) or {}
        if arg not in commands:
            break
        path.append(arg)
        command = commands[arg]
    return " ".join(path)


def is_parser_error(e: Exception) -> bool:
    """An error of the argument parser (click's, which typer may vendor): it can format itself and has an exit code."""
    return callable(getattr(e, "format_message", None)) and isinstance(getattr(e, "exit_code", None), int)


def message(e: Exception, command: str) -> str:
    """The argument parser's error as one Chinese sentence (its own wording is English)."""
    kind, message = type(e).__name__, str(getattr(e, "message", "") or e)
    ctx = getattr(e, "ctx", None)
    command = ctx.command_path if ctx is not None else command
    help_hint = f"运行 {command} --help 查看用法。"
    if kind == "BadParameter" and not message.isascii():
        return message  # gigen's own parsers word it
    if kind == "MissingParameter":
        param = getattr(e, "param", None)
        name = "、".join(getattr(param, "opts", []))
        if getattr(param, "param_type_name", "") == "argument":  # named in help and usage by its metavar
            name = getattr(param, "metavar", None) or name
        what = getattr(param, "help", "") or ""
        return f"缺少参数 {name}" + (f"（{what}）" if what else "") + f"。{help_hint}"
    if kind == "NoSuchOption":
        option = getattr(e, "option_name", "")
        close = difflib.get_close_matches(option, getattr(e, "possibilities", None) or [], n=1, cutoff=0.8)
        return f"没有 {option} 这个选项" + (f"，是不是 {close[0]}？" if close else "。") + help_hint
    quoted = re.findall(r"'([^']*)'", message)
    if message.startswith("No such command"):
        return f"没有 {quoted[0] if quoted else message} 这个命令。运行 {command} --help 查看全部命令。"
    if message.startswith("Got unexpected extra argument"):
        extra = re.findall(r"\(([^()]*)\)", message)
        return f"多余的参数：{extra[-1] if extra else message}。{help_hint}"
    if message.startswith("Option") and "requires" in message:
        return f"选项 {quoted[0] if quoted else ''} 后面要跟一个值。{help_hint}"
    if message.startswith("Option") and "does not take a value" in message and quoted:
        return f"选项 {quoted[0]} 不跟值，只写 {quoted[0]} 即可。{help_hint}"
    return f"命令用法有误，请核对命令中的选项和参数。{help_hint}"  # the parser's own words are English


# ---------------------------------------------------------------------------------------------------------
# Values of options, checked in Chinese (a UsageError: exit code 2)
# ---------------------------------------------------------------------------------------------------------


def choice(option: str, choices: Any) -> Callable[[str], str]:
    """A parser for an option whose value is one of a Literal's choices."""
    allowed: tuple[str, ...] = get_args(choices)

    def parse(value: str) -> str:
        if value not in allowed:
            raise UsageError(f"{option} 只能是 {'、'.join(allowed[:-1])} 或 {allowed[-1]}，不能是“{value}”。")
        return value

    return parse


def metavar(choices: Any) -> str:
    """How help names an option's value that is one of a Literal's choices: <text|json>."""
    return f"<{'|'.join(get_args(choices))}>"


def whole(option: str, low: int, high: int | None = None, what: str = "整数") -> Callable[[str], int]:
    """A parser for a whole number of decimal digits in a range."""

    def parse(value: str) -> int:
        text = str(value).strip()
        number = int(text) if text.isdecimal() and len(text) <= 18 else None
        if number is None or number < low or (high is not None and number > high):
            limits = f"{low}到{high}之间的" if high is not None else f"不小于{low}的"
            raise UsageError(f"{option} 应为{limits}{what}，不能是“{value}”。")
        return number

    return parse


def amount(option: str) -> Callable[[str], Decimal]:
    """A parser for an amount of money not below zero."""

    def parse(value: str) -> Decimal:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = Decimal(-1)
        if not number.is_finite() or number < 0:
            raise UsageError(f"{option} 应为不小于0的数字，不能是“{value}”。")
        return number

    return parse


# ---------------------------------------------------------------------------------------------------------
# The help screens: every word gigen's own, laid out by the columns a character takes (two for a CJK one)
# ---------------------------------------------------------------------------------------------------------

CHECKED_FILES = "填好的工作簿（.xlsx）或已发布的报告（.pdf .docx .doc .html .txt 等），可给多个，或给一个文件夹（批量检查）"
IMPORTED_FILES = (
    "已发布的年度报告（.docx .doc .wps .pdf .html .htm .txt .md），可给多个，或给一个文件夹（批量导入）"
)
ROLLED_UP_FILES = "各机关（乡镇、街道、部门、政府）填好的工作簿所在的文件夹（或多个工作簿）"
BATCH_JOBS = "批量时同时处理的进程数，至少1个（默认：CPU核数）"
HELP_OPTION = "显示本帮助后退出。"
OPTIONS = "[选项]"
SUBCOMMAND = "命令 [参数]..."
_NAME_COLUMN = 30  # the widest option column before its help moves under it
_NARROW = 24  # fewer columns than this left for the help: it goes under its name
# A token never split: a run of ASCII (an option, a path) or one character, with the punctuation that may not
# open a line kept after it and the punctuation that may not end one kept before it; [选项] is one token.
_TOKEN = re.compile(r"\s+|[（“《「〈‘(]*(?:\[[^\]\s]*\](?:\.\.\.)?|[!-~]+|\S)[，。；：、）”》」〉’！？)]*")


def columns(text: str) -> int:
    """Columns a text takes in a terminal: two for each wide (CJK) character, as it takes two half widths."""
    return round(2 * text_width(text))


def wrap(text: str, limit: int) -> list[str]:
    """The text in lines of at most `limit` columns, broken between characters (CJK) or words (ASCII)."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        if token.isspace():
            line += " " if line else ""
            continue
        while columns(token) > limit:  # a path longer than the line: cut where the line ends
            if line.strip():
                lines.append(line.rstrip())
            cut = max(1, _fits(token, limit))
            lines.append(token[:cut])
            token, line = token[cut:], ""
        if line.strip() and columns(line + token) > limit:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _fits(text: str, limit: int) -> int:
    """How many characters of the text fit in `limit` columns."""
    used = 0
    for i, ch in enumerate(text):
        used += columns(ch)
        if used > limit:
            return i
    return len(text)


def _joined(paragraph: str) -> str:
    """A paragraph's source lines as one: a space only between two ASCII words, none between CJK characters."""
    parts = [line.strip() for line in paragraph.splitlines() if line.strip()]
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text += (" " if text[-1:].isascii() and part[:1].isascii() else "") + part
    return text


def help_screen(command: Any, ctx: Any) -> str:
    """A command's (or group's) help screen from what gigen declares: metavars, help texts, defaults, names."""
    helper = command.get_help_option(ctx)
    pieces = [OPTIONS]
    arguments, options = [], []
    for p in command.get_params(ctx):
        if p.hidden:
            continue
        if p.param_type_name == "argument":
            name = p.metavar or p.name
            pieces.append((name if p.required else f"[{name}]") + ("..." if p.nargs != 1 else ""))
            arguments.append((name, described(p.help, required=p.required)))
        else:
            name = ", ".join(sorted(p.opts, key=len)) + ("" if p.is_flag else f" {p.metavar}")
            default = None if p.required or p.is_eager else p.default
            options.append((name, HELP_OPTION if p is helper else described(p.help, default)))
    commands = []
    if callable(getattr(command, "list_commands", None)):
        pieces.append(SUBCOMMAND)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                commands.append((name, first_paragraph(sub.help)))
    sections = [("参数", arguments), ("选项", options), ("命令", commands)]
    width = ctx.terminal_width or shutil.get_terminal_size().columns
    return screen(f"用法：{ctx.command_path} {' '.join(pieces)}", command.help or "", sections, width)


def first_paragraph(text: str | None) -> str:
    """A command's summary in its group's list: the first paragraph of its help."""
    return _joined(inspect.cleandoc(text or "").split("\n\n")[0])


def described(text: str | None, default: object = None, *, required: bool = False) -> str:
    """A parameter's help with its default value or that it is required, in Chinese."""
    notes = "（必填）" if required else ""
    shown = "" if default is None or isinstance(default, bool | list | tuple) else str(default)
    return (text or "") + notes + (f"（默认：{shown}）" if shown else "")


def screen(
    usage: str, text: str, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], width: int
) -> str:
    """A whole help screen: the usage line, the description by paragraphs, then each section's name–help list."""
    width = max(width, 20)
    lines = wrap(usage, width - 4) if columns(usage) > width else [usage]
    out = [lines[0], *("    " + line for line in lines[1:])]
    for paragraph in inspect.cleandoc(text).split("\n\n") if text else []:
        out += ["", *("  " + line for line in wrap(_joined(paragraph), width - 2))]
    for heading, rows in sections:
        if rows:
            out += ["", f"{heading}：", *_listing(rows, width)]
    return "\n".join(out) + "\n"


def _listing(rows: Sequence[tuple[str, str]], width: int) -> list[str]:
    """Names in a column, each help beside its name (or under it, when the name is long or the screen narrow)."""
    name_width = min(max(columns(name) for name, _ in rows), _NAME_COLUMN) + 2
    beside = width - 2 - name_width >= _NARROW
    out = []
    for name, help_text in rows:
        if beside and columns(name) <= name_width - 2:
            helps = wrap(help_text, width - 2 - name_width)
            out.append("  " + name + " " * (name_width - columns(name)) + helps[0])
            out += [" " * (2 + name_width) + line for line in helps[1:]]
            continue
        out += ["  " + line for line in wrap(name, width - 2)]
        indent = 2 + min(name_width, 8) if beside else 6
        out += [" " * indent + line for line in wrap(help_text, width - indent) if help_text]
    return [line.rstrip() for line in out]
