"""The steps a command runs: new (a workbook), check (read → rules), build (read → check → render → write).

Each step is a library call: the command line and the batch call the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import schema, standard
from .archive import control_characters, escaped
from .checks import FEE_LIMIT, blank_aspects, check, place
from .checks.common import where
from .docx import prepare_source, render
from .errors import Finding, FindingsError, GigenError, TemplateFindingsError, count_errors
from .files import file_name, refuse_existing, refuse_input, write_atomic
from .importing import last_year, placed, published_data, read_published
from .lint import lint_template, rehearsal
from .model import ReportData
from .published import is_published
from .shipped import default_template
from .xlsx import blank_workbook, read_workbook

DEFAULT_OUTPUT = Path("outputs")


@dataclass(frozen=True)
class Checked:
    """A workbook as read, and every finding about it."""

    data: ReportData
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return count_errors(self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


@dataclass(frozen=True)
class Built:
    """What a build did: the report it wrote, the findings that did not block it, and whether it is a draft."""

    report: Path
    findings: tuple[Finding, ...]
    draft: bool = False
    generated: tuple[str, ...] = ()  # the narrative keys gigen wrote itself, in report order
    to_fill: tuple[str, ...] = ()  # keys the report holds a 【待填写：…】 placeholder for, in report order


def report_name(org_name: str, year: int, *, draft: bool = False) -> str:
    """The report's file name: its title, with characters Windows forbids in names removed."""
    suffix = schema.DRAFT_SUFFIX if draft else ""
    return file_name(org_name, lambda org: schema.report_title(org, year) + suffix, ".docx")


def new_workbook(
    path: Path,
    org_name: str = "",
    year: int | None = None,
    *,
    force: bool = False,
    previous: Path | None = None,
) -> tuple[Path, tuple[str, ...]]:
    """Write the blank standardized workbook; with `previous`, next year's, carried forward from last year's.

    Returns the path and the text keys copied from last year (marked 需更新 in the workbook).
    """
    if path.suffix.lower() != ".xlsx":
        raise GigenError(f"{path}：工作簿文件名要以 .xlsx 结尾。")
    control = control_characters(org_name)
    if control:  # a terminal's escape pasted with the name: no worksheet cell can hold it
        raise GigenError(
            f"{escaped(path.name)}：--org 给的机关全称中有控制字符（{control}），无法写入工作簿，请去掉后重试。"
        )
    if previous is None:
        return write_atomic(path, blank_workbook(org_name, year), force=force), ()
    refuse_input(path, [previous], "上年工作簿（--previous）")
    last = last_year(previous)
    values, copied = carried_forward(last)
    if year is None and ("year" in last.invalid or not last.count("year")):
        raise GigenError(
            f"{last.source}：{where(last, 'year')}的报告年度没有填写或无法读取，"
            "推算不出下一年度；请先改正上年工作簿，或用 --year 给出年度。"
        )
    refuse_other_year(last, year)
    year = year or last.count("year") + 1
    data = blank_workbook(
        org_name or last.text("org_name"), year, values, copied=copied, copied_year=last.count("year")
    )
    return write_atomic(path, data, force=force), copied


def refuse_other_year(last: ReportData, year: int | None) -> None:
    """Last year's workbook (--previous) must be of the year before the report's, when both years are known."""
    last_year = last.count("year")
    if year and last_year and last_year != year - 1:
        raise GigenError(
            f"{last.source}：这是{last_year}年度的工作簿，本报告为{year}年度，"
            f"--previous 应给{year - 1}年度的工作簿。"
        )


def carried_forward(last: ReportData) -> tuple[dict[str, object], tuple[str, ...]]:
    """What next year's workbook takes from last year's: 上年结转 per column from 结转下年度, the 上年 现行有效
    cells, the signature and sub-heading titles, and every paragraph (to be updated: returned as copied)."""
    carried = {f.key: f.carried_from for f in schema.FIELDS if f.carried_from}
    unreadable = [last.locations.get(k, k) for k in carried.values() if k in last.invalid]
    if unreadable:
        raise GigenError(
            f"{last.source}：{'、'.join(unreadable)}无法读取，不能结转到下一年度；请先改正上年工作簿。"
        )
    values: dict[str, object] = {key: last.count(source) for key, source in carried.items()}
    if last.text("signature"):
        values["signature"] = last.text("signature")
    copied = []
    for f in schema.FIELDS:
        text = last.text(f.key)
        if f.kind is schema.Kind.TITLE and text != f.default:
            values[f.key] = text
        elif f.kind is schema.Kind.TEXT and text:
            values[f.key] = text
            copied.append(f.key)
    return values, tuple(copied)


def check_template(template: Path, *, building: bool = True) -> tuple[Finding, ...]:
    """Lint a county's template before it is used: errors stop the build, warnings are returned."""
    findings = lint_template(prepare_source(template)) + rehearsal(template)
    if count_errors(findings):
        raise TemplateFindingsError(template.name, findings, building=building)
    return tuple(findings)


def check_workbook(
    workbook: Path,
    previous: Path | None = None,
    *,
    fee_limit: Decimal = FEE_LIMIT,
    standard_folder: Path | None = None,
) -> Checked:
    """Read the workbook (and last year's, for the cross-year rules) and run every rule.

    The rules see the report as it will be printed: a blank aspect of 一 holds gigen's standard paragraph. A
    published report (importing.py) is checked as it was printed, each finding placed in it too.
    """
    if is_published(workbook):
        return check_published(workbook, previous, fee_limit=fee_limit)
    data = standard.fill(read_workbook(workbook), folder=standard_folder)
    last = last_year(previous) if previous is not None else None
    if last is not None:
        refuse_other_year(last, data.count("year"))
    return Checked(data, tuple(check(data, last, fee_limit=fee_limit)))


def check_published(report: Path, previous: Path | None = None, *, fee_limit: Decimal = FEE_LIMIT) -> Checked:
    """A published report read back, then every rule: what could not be read first, each finding also placed in
    the document (page, table, row and column, or paragraph)."""
    imported = read_published(report)
    data = published_data(imported)
    last = last_year(previous) if previous is not None else None
    if last is not None:
        refuse_other_year(last, data.count("year"))
    findings = [*imported.findings, *check(data, last, fee_limit=fee_limit, published=True)]
    return Checked(data, tuple(placed(findings, imported.origins)))


def build(
    workbook: Path,
    output_dir: Path = DEFAULT_OUTPUT,
    *,
    force: bool = False,
    template: Path | None = None,
    draft: bool = False,
    highlight: bool = True,
    standard_folder: Path | None = None,
) -> Built:
    """Check the workbook, stop on errors (unless draft), render the report and write it atomically into output_dir.

    With draft=True a workbook with errors still gets its report, named …（草稿）.docx and marked 草稿 in the header
    of every page; a workbook without errors gets its normal report either way.
    """
    if template is not None:
        check_template(template)
    checked = check_workbook(workbook, standard_folder=standard_folder)
    if checked.errors and not draft:
        raise FindingsError(workbook.name, list(checked.findings))
    target = report_path(checked, output_dir)
    refuse_existing(target, force=force)  # before rendering, so a refusal is instant
    refuse_input(target, [template] if template is not None else [], "模板（--template）")
    data = report_data(checked, standard_folder)
    report = render_report(checked, template, highlight=highlight, data=data)
    written = [key for key in standard.IN_ORDER if key in data.generated]
    to_fill = [key for key in written if data.text(key).startswith(schema.TO_FILL)]
    to_fill += [key for key in schema.FEE_KEYS if key in data.blank]  # one placeholder, each blank cell named
    generated = tuple(key for key in written if key not in to_fill)
    path = write_atomic(target, report, force=force)
    return Built(path, checked.findings, checked.errors > 0, generated, tuple(to_fill))


def report_path(checked: Checked, output_dir: Path) -> Path:
    """Where the report of a checked workbook goes: its title, marked （草稿） when errors remain."""
    data = checked.data
    return output_dir / report_name(data.text("org_name"), data.count("year"), draft=checked.errors > 0)


def report_data(checked: Checked, standard_folder: Path | None = None) -> ReportData:
    """What the report prints: the checked data, 五's placeholders where the township left 五 blank, and each aspect
    of 一 still blank left out (the intro covers it) or, in a draft, a placeholder under its sub-heading."""
    data = standard.fill(checked.data, standard.PLACEHOLDERS, standard_folder)
    covered, to_fill = blank_aspects(data)
    return standard.blank_aspects(data, covered, {stem: place(data, stem) for stem in to_fill})


def render_report(
    checked: Checked,
    template: Path | None = None,
    *,
    highlight: bool = True,
    data: ReportData | None = None,
    standard_folder: Path | None = None,
) -> bytes:
    """The report as .docx bytes; a workbook with errors gets the draft mark on every page."""
    mark = schema.DRAFT_MARK.format(errors=checked.errors) if checked.errors else None
    return render(
        data or report_data(checked, standard_folder),
        template or default_template(),
        draft_mark=mark,
        highlight=highlight,
    )
