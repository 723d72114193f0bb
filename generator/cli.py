"""The gigen command line: parse arguments → call one library function → print → exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
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
) -> None:
    """生成空白的标准化工作簿，供乡镇填写。"""
    from .build import new_workbook
    from .errors import GigenError

    if path.suffix.lower() != ".xlsx":
        raise _fail(f"{path}：工作簿文件名要以 .xlsx 结尾。")
    try:
        written = new_workbook(path, org, year, force=force)
    except GigenError as e:
        raise _fail(str(e)) from None
    typer.echo(f"已生成空白工作簿：{written}")
    missing = [name for name, given in (("机关全称", org), ("报告年度", year)) if not given]
    if missing:
        typer.echo(f"请在“基本信息”工作表填写{'和'.join(missing)}。")
    typer.echo(f"填好黄色格子后运行：gigen build {written}")


@app.command()
def build(
    workbook: Annotated[Path, typer.Argument(help="填好的工作簿（.xlsx）")],
    output: Annotated[Path, typer.Option("--output", "-o", help="报告存放的文件夹")] = Path("outputs"),
    force: Annotated[bool, typer.Option("--force", help="报告已存在时覆盖")] = False,
    template: Annotated[Path | None, typer.Option("--template", help="自定义Word模板（.docx）")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="有错误也生成报告，文件名带“（草稿）”，每页页眉印“草稿”")] = False,
) -> None:
    """先检查工作簿，再生成国办格式的Word报告；有错误时不生成（除非 --draft）。"""
    from .build import build as build_report
    from .errors import FindingsError, GigenError, count_errors

    try:
        built = build_report(workbook, output, force=force, template=template, draft=draft)
    except FindingsError as e:
        _print_findings(workbook, e.findings, err=True)
        raise _fail(str(e)) from None
    except GigenError as e:
        raise _fail(str(e)) from None
    _print_findings(workbook, built.findings, err=True)
    if built.draft:
        typer.echo(f"已生成草稿（尚有{count_errors(built.findings)}处错误未改正，每页页眉印有“草稿”，不得印发）："
                   f"{built.report}")
    else:
        typer.echo(f"已生成报告：{built.report}")


@app.command()
def check(
    workbook: Annotated[Path, typer.Argument(help="填好的工作簿（.xlsx）")],
    previous: Annotated[Path | None, typer.Option("--previous", help="上一年度的工作簿，用于跨年度核对")] = None,
    fmt: Annotated[str, typer.Option("--format", help="输出格式：text 或 json")] = "text",
    fee_limit: Annotated[float, typer.Option("--fee-limit", min=0, help="表二收费金额（万元）达到多少时提醒核对单位")] = 100,
) -> None:
    """检查工作簿的勾稽关系和文字，一次列出全部问题；有错误时退出码为1。"""
    from decimal import Decimal

    from .build import check_workbook
    from .errors import GigenError

    if fmt not in ("text", "json"):
        raise _fail(f"--format 只能是 text 或 json，不能是“{fmt}”。", 2)
    try:
        checked = check_workbook(workbook, previous, fee_limit=Decimal(str(fee_limit)))
    except GigenError as e:
        if fmt == "json":  # a script still gets JSON: the file could not be checked at all
            typer.echo(json.dumps({"file": str(workbook), "error": str(e)}, ensure_ascii=False, indent=1))
        raise _fail(str(e)) from None
    if fmt == "json":
        findings = [{"rule": f.rule, "severity": f.severity.name.lower(), "sheet": f.sheet, "cell": f.cell,
                     "message": f.message} for f in checked.findings]
        typer.echo(json.dumps({"file": str(workbook), "errors": checked.errors, "warnings": checked.warnings,
                               "findings": findings}, ensure_ascii=False, indent=1))
    else:
        _print_findings(workbook, checked.findings)
        if not checked.findings:
            typer.echo(f"{workbook.name}：检查通过，没有发现问题。")
        else:
            advice = "请按提示修改工作簿后重新检查。" if checked.errors else "警告不影响生成报告，请逐条确认。"
            typer.echo(f"{workbook.name}：{checked.errors}处错误，{checked.warnings}处警告。{advice}")
    if checked.errors:
        raise typer.Exit(1)


def _print_findings(workbook: Path, findings: Sequence[Finding], *, err: bool = False) -> None:
    for finding in findings:
        typer.echo(f"{workbook.name} {finding.where} {finding.severity.value}：{finding.message}"
                   f" [{finding.rule}]", err=err)


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
