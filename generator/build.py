"""One workbook → one report: read → check → render → atomic write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .checks import check
from .errors import Finding, FindingsError, Severity
from .files import refuse_existing, write_atomic

DEFAULT_OUTPUT = Path("outputs")


@dataclass(frozen=True)
class Built:
    """What a build did: the report it wrote and the findings that did not block it."""

    report: Path
    findings: tuple[Finding, ...]


def report_name(org_name: str, year: int) -> str:
    """The report's file name: its title, with characters Windows forbids in names removed."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", schema.report_title(org_name, year)) + ".docx"


def new_workbook(path: Path, org_name: str = "", year: int | None = None, *, force: bool = False) -> Path:
    """Write the blank standardized workbook."""
    from .workbook import blank_workbook

    return write_atomic(path, blank_workbook(org_name, year), force=force)


def build(
    workbook: Path,
    output_dir: Path = DEFAULT_OUTPUT,
    *,
    force: bool = False,
    template: Path | None = None,
) -> Built:
    """Read the workbook, stop on errors, render the report and write it atomically into output_dir."""
    from .render import default_template, render
    from .workbook import read_workbook

    data = read_workbook(workbook)
    findings = [*data.findings, *check(data)]
    if any(f.severity is Severity.ERROR for f in findings):
        raise FindingsError(workbook.name, findings)
    target = output_dir / report_name(data.text("org_name"), data.count("year"))
    refuse_existing(target, force=force)  # before rendering, so a refusal is instant
    report = render(data, template or default_template())
    return Built(write_atomic(target, report, force=force), tuple(findings))
