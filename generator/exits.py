"""The one place a command's failure becomes its message and exit code (the command line's group calls it).

Every failure is a GigenError with one Chinese sentence: it goes to standard error (after the findings it
carries), and the exit code is 1 (2 for a usage error). Anything else is a bug: one sentence, and the traceback
in a file for gigen's maintainers.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import present, usage
from .errors import FindingsError, GigenError, TemplateFindingsError, UsageError
from .files import bug_report, reason


def code(run: Callable[[], object], group: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> int:
    """Run a command (the parser included); its exit code, after saying why it failed."""
    try:
        result = run()
    except (FindingsError, TemplateFindingsError) as e:
        # A build's findings are diagnostics (standard error); `template check` prints them as its result.
        present.findings(e.source, e.findings, err=not isinstance(e, TemplateFindingsError) or e.building)
        return fail(str(e))
    except UsageError as e:
        return fail(str(e), 2)
    except GigenError as e:
        return fail(str(e))
    except OSError as e:  # a path the system refuses before gigen could look at it (a name too long, …)
        return fail(f"{e.filename or ''}：无法读取或写入（{reason(e)}）。".lstrip("："))
    except Exception as e:
        if not usage.is_parser_error(e):
            return _bug(e)
        if type(e).__name__ == "NoArgsIsHelpError":  # a bare `gigen` or `gigen template`: the help
            return fail(str(getattr(e, "message", e)), 2)
        path = usage.command_path(group, kwargs.get("args") or (args[0] if args else sys.argv[1:]))
        return fail(usage.message(e, path), getattr(e, "exit_code", 2))
    return result if isinstance(result, int) else 0


def _bug(e: Exception) -> int:
    """A bug in gigen: one sentence, and the traceback in a file for its maintainers (GIGEN_DEBUG=1 raises it)."""
    if os.environ.get("GIGEN_DEBUG"):
        raise e
    saved = bug_report("".join(traceback.format_exception(e)))
    where = (
        f"详细情况已写入 {saved}，请把这个文件和所用的工作簿、报告或模板"
        if saved
        else "请把所用的工作簿、报告或模板和所运行的命令"
    )
    return fail(f"gigen 出了程序错误（不是输入文件的问题），{where}发给gigen维护人员。")


def fail(message: str, code: int = 1) -> int:
    """Say why a command failed, on standard error; the exit code to end with."""
    present.say(message, err=True)
    return code
