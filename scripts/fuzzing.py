"""What the fuzz scripts share: a case, one gigen command run in a process of its own with a time and memory
limit, and the checks on what it printed and left behind (scripts/fuzz_workbooks.py, scripts/fuzz_reports.py).

A run is flagged for a traceback, English in the messages, an exit code other than 0 or 1, a run past the time
limit, a changed input file, or an output left half-written (a workbook that is no readable zip, a stray file).
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

SECONDS = 20.0  # a run is flagged past this; gigen checks a workbook in well under a second
MEMORY = (
    1 << 30
)  # address space of one run: a zip bomb that got through fails here instead of taking the machine

_ALLOWED = re.compile(
    r"gigen|Excel|WPS|XML|DTD|Word|LibreOffice|Deflate|MB|xlsx|xlsm|xls|docx|csv|zip|ZIP64|json|text|TRUE|FALSE|"
    r"draft|force|previous|template|check|build|new|rollup|import|year|org|output|format|jobs|help|"
    r"pdf|PDF|html|htm|HTML|txt|doc|wps|rtf|UTF|GBK|GB18030|Big5"
)


@dataclass(frozen=True)
class Case:
    name: str  # mutation and seed, e.g. deep_xml-3
    path: Path


def english(text: str) -> list[str]:
    """English words left in a message once file names, quoted values, rule ids and known names are taken out."""
    found = []
    for line in text.splitlines():
        line = re.sub(
            r"“[^”]*”|（=[^）]*）|\[[A-Za-z0-9-]+\]|\S+\.(xlsx|docx|doc|wps|pdf|html|htm|txt|md)\b|\\x[0-9a-f]{2}"
            r"|\w*_\w*|\{\{.*?\}\}|\{%.*?%\}",
            "",
            line,
        )
        found += [w for w in re.findall(r"[A-Za-z]{3,}", line) if not _ALLOWED.fullmatch(w)]
    return found


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def state(path: Path) -> tuple[str, int] | None:
    """The input's content and time, to tell that no run changed it (None for a folder, a link or a device)."""
    if not path.is_file() or path.is_symlink():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def leftovers(out: Path) -> list[str]:
    """What a run left half-written in its output folder: a workbook that does not open, a file of another kind."""
    problems = []
    for path in sorted(out.rglob("*")) if out.is_dir() else []:
        if path.is_dir():
            continue
        if path.suffix not in (".xlsx", ".docx"):
            problems.append(f"a stray file {path.name}")
        elif not zipfile.is_zipfile(path):
            problems.append(f"a half-written {path.name}")
        else:
            with zipfile.ZipFile(path) as written:
                if written.testzip() is not None:
                    problems.append(f"a damaged {path.name}")
    return problems


@dataclass(frozen=True)
class Run:
    problems: list[str]
    seconds: float


def run_gigen(argv: list[str], case: Case, out: Path, work: Path) -> Run:
    """One gigen command on one case, in a process of its own; its problems as short English notes for the log."""
    before = state(case.path)
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", *argv],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=SECONDS,
            preexec_fn=_limit,
            cwd=work,
            env={**os.environ, "COLUMNS": "200"},
        )
    except subprocess.TimeoutExpired:
        shutil.rmtree(out, ignore_errors=True)
        return Run([f"over {SECONDS:.0f} s"], time.monotonic() - started)
    seconds = time.monotonic() - started
    problems = leftovers(out)
    shutil.rmtree(out, ignore_errors=True)
    text = done.stdout + done.stderr
    if "Traceback" in text or "Error" in text:
        problems.append("traceback: " + text.strip().splitlines()[-1][:200])
    if done.returncode not in (0, 1):
        problems.append(f"exit code {done.returncode}: {text.strip()[-200:]}")
    words = english(done.stderr)
    if words:
        problems.append(f"English: {sorted(set(words))[:8]} in {done.stderr.strip()[:200]}")
    if state(case.path) != before:
        problems.append("the input changed")
    if seconds > SECONDS / 2:
        problems.append(f"slow: {seconds:.1f} s")
    return Run(problems, seconds)


def special_cases(folder: Path, suffix: str) -> list[Case]:
    """A folder named like the input, and a link to /dev/zero named like it."""
    special = folder / f"folder{suffix}"
    special.mkdir(exist_ok=True)
    zero = folder / f"zero{suffix}"
    if not zero.is_symlink():
        zero.symlink_to("/dev/zero")
    return [Case("folder", special), Case("dev-zero", zero)]
