"""The gigen command line: parse arguments → call one library function → print → exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__

if TYPE_CHECKING:
    from .errors import Finding

app = typer.Typer(
    name="gigen",
    help="乡镇人民政府政府信息公开工作年度报告生成器：填写标准化Excel工作簿，生成国办格式的Word报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gigen {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="显示版本号后退出。")] = False,
) -> None:
    """乡镇人民政府政府信息公开工作年度报告生成器。"""


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="要生成的工作簿路径，如 白杨镇2024.xlsx")],
    org: Annotated[str, typer.Option("--org", help="机关全称，如 叶城县白杨镇人民政府")] = "",
    year: Annotated[int | None, typer.Option("--year", min=2000, max=2100, help="报告年度，如 2024")] = None,
    force: Annotated[bool, typer.Option("--force", help="文件已存在时覆盖")] = False,
    previous: Annotated[Path | None, typer.Option("--previous", help="上一年度填好的工作簿：结转数字、沿用文字（标为“需更新”）")] = None,
) -> None:
    """生成空白的标准化工作簿，供乡镇填写；给 --previous 时按上年工作簿生成下一年度的工作簿。"""
    from .build import new_workbook
    from .errors import GigenError

    if path.suffix.lower() != ".xlsx":
        raise _fail(f"{path}：工作簿文件名要以 .xlsx 结尾。")
    try:
        written, copied = new_workbook(path, org, year, force=force, previous=previous)
    except GigenError as e:
        raise _fail(str(e)) from None
    if previous is not None:
        typer.echo(f"已按上年工作簿生成：{written}")
        text = (f"{len(copied)}段文字从上年复制，橙色格子标为“需更新”，请逐段修改。" if copied
                else "上年工作簿没有填写文字，没有可沿用的段落。")
        typer.echo(f"已结转：表三“上年结转”各列（取上年“结转下年度继续办理”）、表二上年“现行有效件数”；{text}")
        typer.echo(f"填好表格数字后运行：gigen check {written}")
        return
    typer.echo(f"已生成空白工作簿：{written}")
    missing = [name for name, given in (("机关全称", org), ("报告年度", year)) if not given]
    if missing:
        typer.echo(f"请在“基本信息”工作表填写{'和'.join(missing)}。")
    typer.echo(f"填好黄色格子后运行：gigen build {written}")


@app.command()
def build(
    workbooks: Annotated[list[Path], typer.Argument(help="填好的工作簿（.xlsx），可给多个，或给一个文件夹（批量生成）")],
    output: Annotated[Path, typer.Option("--output", "-o", help="报告存放的文件夹")] = Path("outputs"),
    force: Annotated[bool, typer.Option("--force", help="报告已存在时覆盖")] = False,
    template: Annotated[Path | None, typer.Option("--template", help="自定义Word模板（.docx）")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="有错误也生成报告，文件名带“（草稿）”，每页页眉印“草稿”")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="批量时同时处理的进程数（默认：CPU核数）")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时在报告旁生成PDF（需要安装 LibreOffice）")] = False,
    no_highlight: Annotated[bool, typer.Option("--no-highlight", help="程序代写的段落不加黄色底纹（定稿时用）")] = False,
    standard: Annotated[Path | None, typer.Option("--standard", help="县里修改过的标准段落模板文件夹（*.j2）")] = None,
) -> None:
    """先检查工作簿，再生成国办格式的Word报告；有错误时不生成（除非 --draft）。

    工作簿里没填的“一”中主动公开、依申请公开、政府信息管理、监督保障四段，由程序按表格数字写出标准段落；
    “五”没填时写一段待填写的提示。这些段落在报告中以黄色底纹标出（--no-highlight 不标）。

    给一个文件夹或多个工作簿时批量生成：每个乡镇一份报告，最后列出结果表，并在输出文件夹写一份检查汇总表。
    """
    from .build import build as build_report
    from .errors import FindingsError, GigenError, TemplateFindingsError, count_errors

    if len(workbooks) > 1 or workbooks[0].is_dir():
        _batch(workbooks, output, build=True, force=force, template=template, draft=draft, jobs=jobs, pdf=pdf,
               highlight=not no_highlight, standard=standard)
        return
    workbook = workbooks[0]
    try:
        built = build_report(workbook, output, force=force, template=template, draft=draft,
                             highlight=not no_highlight, standard=standard)
    except FindingsError as e:
        _print_findings(workbook, e.findings, err=True)
        raise _fail(str(e)) from None
    except TemplateFindingsError as e:
        _print_template_findings(template or workbook, e.findings, err=True)
        raise _fail(str(e)) from None
    except GigenError as e:
        raise _fail(str(e)) from None
    _print_findings(workbook, built.findings, err=True)
    if built.draft:
        typer.echo(f"已生成草稿（尚有{count_errors(built.findings)}处错误未改正，每页页眉印有“草稿”，不得印发）："
                   f"{built.report}")
    else:
        typer.echo(f"已生成报告：{built.report}")
    if built.generated:
        from .standard import label

        marked = "已用黄色底纹标出" if not no_highlight else "未加底纹"
        typer.echo(f"以下段落工作簿中没有填写，由程序按表格数字代写（报告中{marked}，请核对、修改）："
                   f"{'、'.join(label(key) for key in built.generated)}。")
    if pdf:
        _pdf([built.report], force=force)


def _pdf(reports: list[Path], *, force: bool) -> None:
    """--pdf: one LibreOffice run for all the reports; a missing LibreOffice is one sentence and exit 1."""
    from .errors import GigenError
    from .pdf import FONTS, missing_fonts, to_pdf

    if not reports:
        return
    try:
        written = to_pdf(reports, force=force)
    except GigenError as e:
        raise _fail(str(e)) from None
    missing = missing_fonts()
    if missing:
        typer.echo(f"注意：本机没有安装{'、'.join(missing)}字体，PDF中以其他字体代替；"
                   f"正式印发的PDF请在装有{'、'.join(FONTS)}的电脑上转换。", err=True)
    for path in written:
        typer.echo(f"已生成PDF：{path}")


@app.command()
def check(
    workbooks: Annotated[list[Path], typer.Argument(help="填好的工作簿（.xlsx），可给多个，或给一个文件夹（批量检查）")],
    previous: Annotated[Path | None, typer.Option("--previous", help="上一年度的工作簿，用于跨年度核对")] = None,
    fmt: Annotated[str, typer.Option("--format", help="输出格式：text 或 json")] = "text",
    fee_limit: Annotated[float, typer.Option("--fee-limit", min=0, help="表二收费金额（万元）达到多少时提醒核对单位")] = 100,
    output: Annotated[Path, typer.Option("--output", "-o", help="批量检查时，检查汇总表存放的文件夹")] = Path("outputs"),
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="批量时同时处理的进程数（默认：CPU核数）")] = None,
) -> None:
    """检查工作簿的勾稽关系和文字，一次列出全部问题；有错误时退出码为1。

    给一个文件夹或多个工作簿时批量检查：列出结果表，并在 -o 文件夹写一份检查汇总表，不生成报告。
    """
    from .build import check_workbook
    from .errors import GigenError

    if fmt not in ("text", "json"):
        raise _fail(f"--format 只能是 text 或 json，不能是“{fmt}”。", 2)
    if len(workbooks) > 1 or workbooks[0].is_dir():
        if previous is not None:
            raise _fail("--previous 只用于检查一个工作簿；批量检查时请逐个乡镇核对上年数据。", 2)
        _batch(workbooks, output, build=False, jobs=jobs, fmt=fmt, fee_limit=Decimal(str(fee_limit)))
        return
    workbook = workbooks[0]
    try:
        checked = check_workbook(workbook, previous, fee_limit=Decimal(str(fee_limit)))
    except GigenError as e:
        if fmt == "json":  # a script still gets JSON: the file could not be checked at all
            typer.echo(json.dumps({"file": str(workbook), "error": str(e)}, ensure_ascii=False, indent=1))
        raise _fail(str(e)) from None
    if fmt == "json":
        typer.echo(json.dumps(_json_findings(workbook, checked.findings), ensure_ascii=False, indent=1))
    else:
        _print_findings(workbook, checked.findings)
        if not checked.findings:
            typer.echo(f"{workbook.name}：检查通过，没有发现问题。")
        else:
            advice = "请按提示修改工作簿后重新检查。" if checked.errors else "警告不影响生成报告，请逐条确认。"
            typer.echo(f"{workbook.name}：{checked.errors}处错误，{checked.warnings}处警告。{advice}")
    if checked.errors:
        raise typer.Exit(1)


def _json_findings(workbook: Path, findings: Sequence[Finding]) -> dict[str, object]:
    from .errors import count_errors

    errors = count_errors(findings)
    return {"file": str(workbook), "errors": errors, "warnings": len(findings) - errors,
            "findings": [{"rule": f.rule, "severity": f.severity.name.lower(), "sheet": f.sheet, "cell": f.cell,
                          "message": f.message} for f in findings]}


def _batch(paths: list[Path], output: Path, *, build: bool, jobs: int | None, fmt: str = "text",
           force: bool = False, template: Path | None = None, draft: bool = False,
           fee_limit: Decimal | None = None, pdf: bool = False, highlight: bool = True,
           standard: Path | None = None) -> None:
    """Many workbooks: progress, the errors of each township, the result table, the summary workbook, exit code."""
    from . import console
    from .batch import Status, annotate, collect, run, tally, write_summary
    from .checks import FEE_LIMIT
    from .errors import GigenError, Severity, TemplateFindingsError

    found, skipped = collect(paths)
    for s in skipped:
        typer.echo(f"跳过 {s.path}：{s.reason}", err=True)
    if not found:
        raise _fail(f"{'、'.join(str(p) for p in paths)}：没有找到Excel工作簿（.xlsx）。")
    outcomes = []
    interrupted = False
    try:
        with console.progress(len(found), "生成报告" if build else "检查") as advance:
            for outcome in run(found, output_dir=output if build else None, draft=draft, force=force,
                               template=template, jobs=jobs, fee_limit=FEE_LIMIT if fee_limit is None else fee_limit,
                               highlight=highlight, standard=standard):
                outcomes.append(outcome)
                advance(outcome.township)
    except KeyboardInterrupt:
        interrupted = True  # what was done is still reported, and its summary written
    except TemplateFindingsError as e:
        _print_template_findings(template or Path(), e.findings, err=True)
        raise _fail(str(e)) from None
    except GigenError as e:
        raise _fail(str(e)) from None
    outcomes = annotate(outcomes)
    try:
        summary = write_summary(outcomes, skipped, output)
    except GigenError as e:
        raise _fail(str(e)) from None
    failed = [o for o in outcomes if o.failed]
    if fmt == "json":
        files = [{"error": o.note, "file": str(o.source), "status": o.status.value} if o.status is Status.UNREADABLE
                 else {**_json_findings(o.source, o.findings), "status": o.status.value, "note": o.note}
                 for o in outcomes]
        typer.echo(json.dumps({"files": files, "failed": len(failed), "summary": str(summary),
                               "skipped": [{"file": str(s.path), "reason": s.reason} for s in skipped]},
                              ensure_ascii=False, indent=1))
    else:
        for o in outcomes:
            if o.note and o.status is not Status.EXISTS:  # existing reports are counted in the last line
                typer.echo(o.note if o.note.startswith(o.source.name) else f"{o.source.name}：{o.note}")
            _print_findings(o.source, [f for f in o.findings if f.severity is Severity.ERROR])
        headers = ["工作簿", "机关", "年度", "结果", "错误", "警告", *(["报告"] if build else [])]
        rows = [[o.source.name, o.org, str(o.year or ""), o.status.value, str(o.errors), str(o.warnings),
                 *([o.report.name if o.report and o.status in (Status.BUILT, Status.DRAFT) else ""] if build else [])]
                for o in outcomes]
        console.table(headers, rows, failed=[o.failed for o in outcomes])
        typer.echo(f"{tally(outcomes)}每个乡镇的全部问题（含警告）见汇总表：{summary}")
    if pdf and not interrupted:
        _pdf([o.report for o in outcomes if o.report and o.status in (Status.BUILT, Status.DRAFT)], force=force)
    if interrupted:
        raise _fail(f"已中断：处理了{len(outcomes)}个工作簿，另有{len(found) - len(outcomes)}个未处理。", 130)
    if failed:
        raise typer.Exit(1)


def _print_findings(workbook: Path, findings: Sequence[Finding], *, err: bool = False) -> None:
    for finding in findings:
        typer.echo(f"{workbook.name} {finding.where} {finding.severity.value}：{finding.message}"
                   f" [{finding.rule}]", err=err)


@app.command()
def rollup(
    workbooks: Annotated[list[Path], typer.Argument(help="各乡镇填好的工作簿所在的文件夹（或多个工作簿）")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="汇总工作簿的路径（默认 outputs/乡镇汇总<年度>年.xlsx）")] = None,
    name: Annotated[str, typer.Option("--name", help="汇总表标题中的单位名称，如 叶城县各乡镇")] = "各乡镇（街道）",
    docx: Annotated[bool, typer.Option("--docx", help="同时生成按国办格式排版的汇总表格（.docx）")] = False,
    force: Annotated[bool, typer.Option("--force", help="汇总文件已存在时覆盖")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="同时处理的进程数（默认：CPU核数）")] = None,
) -> None:
    """县级汇总：每个乡镇一行主要数据，表二、表三、表四逐格相加；有错误的乡镇标明原因，不计入合计。"""
    from . import console
    from .batch import collect, run
    from .errors import GigenError
    from .rollup import roll_up, write_rollup

    if output is not None and output.suffix.lower() != ".xlsx":
        raise _fail(f"{output}：汇总文件名要以 .xlsx 结尾（-o 给的是汇总工作簿的文件名，不是文件夹）。")
    found, skipped = collect(workbooks)
    for s in skipped:
        typer.echo(f"跳过 {s.path}：{s.reason}", err=True)
    if not found:
        raise _fail(f"{'、'.join(str(p) for p in workbooks)}：没有找到Excel工作簿（.xlsx）。")
    try:
        with console.progress(len(found), "汇总") as advance:
            outcomes = []
            for outcome in run(found, jobs=jobs, keep_data=True):
                outcomes.append(outcome)
                advance(outcome.township)
        result = roll_up(outcomes, name)
        written = write_rollup(result, output, docx=docx, force=force)
    except GigenError as e:
        raise _fail(str(e)) from None
    for t in result.townships:
        if not t.included:
            org = f"（{t.outcome.org}）" if t.outcome.org else ""
            typer.echo(f"{t.outcome.source.name}{org}：{t.reason}")
    _print_findings(Path(name), result.findings)
    typer.echo(f"已汇总{result.included}个乡镇（共{len(result.townships)}个工作簿）：{'、'.join(map(str, written))}")
    if result.included < len(result.townships) or result.findings:
        raise typer.Exit(1)


template_app = typer.Typer(help="Word模板：检查县里修改过的模板。", no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.command("check")
def template_check(
    path: Annotated[Path, typer.Argument(help="要检查的Word模板（.docx）")],
) -> None:
    """检查模板：每个标记都是工作簿的字段、必需的字段都在、标记没有被Word拆开或改成全角，逐条指出位置。"""
    from .build import check_template
    from .errors import GigenError, TemplateFindingsError

    try:
        findings = check_template(path)
    except TemplateFindingsError as e:
        _print_template_findings(path, e.findings)
        raise _fail(str(e).replace("（见上），未生成报告。", "（见上）。")) from None
    except GigenError as e:
        raise _fail(str(e)) from None
    _print_template_findings(path, findings)
    typer.echo(f"{path.name}：检查通过，模板中的标记都对应工作簿的字段，国办格式表格的每一格都在。"
               + (f"另有{len(findings)}处警告。" if findings else ""))


def _print_template_findings(path: Path, findings: Sequence[Finding], *, err: bool = False) -> None:
    for f in findings:
        typer.echo(f"{path.name} {f.sheet} {f.severity.value}：{f.message} [{f.rule}]", err=err)


@app.command()
def schema(
    fmt: Annotated[str, typer.Option("--format", help="输出格式：table、markdown 或 json")] = "table",
) -> None:
    """列出工作簿的全部字段（名称、工作表、单元格、类型、说明）。"""
    from . import schema as s

    rows = [(f.key, f.sheet, f.cell, f.kind.value + ("（公式）" if f.derived else ""), f.label) for f in s.FIELDS]
    if fmt == "json":
        data = [{"key": f.key, "sheet": f.sheet, "cell": f.cell, "kind": f.kind.name.lower(), "label": f.label,
                 "required": f.required, "derived_from": list(f.parts)} for f in s.FIELDS]
        typer.echo(json.dumps({"format_version": s.FORMAT_VERSION, "fields": data}, ensure_ascii=False, indent=1))
    elif fmt == "markdown":
        typer.echo("| 名称 | 工作表 | 单元格 | 类型 | 说明 |\n|---|---|---|---|---|")
        for row in rows:
            typer.echo("| `" + row[0] + "` | " + " | ".join(row[1:]) + " |")
    elif fmt == "table":
        for row in rows:
            typer.echo("\t".join(row))
    else:
        raise _fail(f"--format 只能是 table、markdown 或 json，不能是“{fmt}”。", 2)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
