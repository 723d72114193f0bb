"""The argument parser's errors (click's, inside typer) as one Chinese sentence each: its own wording is English.

Read from the exception's type name and attributes only, so it works whether typer vendors click or not.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any


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
        name = "、".join(getattr(param, "opts", [])) or str(getattr(param, "name", ""))
        what = getattr(param, "help", "") or ""
        return f"缺少参数 {name.upper()}" + (f"（{what}）" if what else "") + f"。{help_hint}"
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
    return f"命令用法有误（{message}）。{help_hint}"
