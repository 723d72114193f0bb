"""The gigen command line: parse arguments → call one library function → print → exit code.

typer lives here only. Every command's failure is a GigenError, caught once in _Group.main: its one Chinese
sentence goes to standard error (after the findings it carries), and the exit code is 1 (2 for a usage error).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__, console, exits, importing, pipeline, present, usage
from .batch import ctrl_c, run_batch
from .checks import FEE_LIMIT
from .errors import GigenError, UsageError
from .folders import is_folder
from .pdf import to_pdf
from .pipeline import DEFAULT_OUTPUT
from .rollup import roll_up_folders

CheckFormat = Literal["text", "json"]
SchemaFormat = Literal["table", "markdown", "json"]


class _Command(TyperCommand):
    """A command whose help screen is Chinese: every word declared here, laid out by usage.help_screen.

    click's own help is English and counts a CJK character as one column; its formatter is only the buffer.
    """

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(usage.help_screen(self, ctx))


class _Group(TyperGroup):
    """The one place a command's failure becomes its message and exit code; and its help screen, in Chinese."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(usage.help_screen(self, ctx))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False  # errors come here, not to the parser's English messages
        sys.exit(exits.code(lambda: super(_Group, self).main(*args, **kwargs), self, args, kwargs))


app = typer.Typer(
    name="gigen",
    cls=_Group,
    help="行政机关政府信息公开工作年度报告生成器：乡镇、街道、县市政府及其部门填写标准化Excel工作簿，生成国办格式的Word报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _workbooks(batch: str) -> Any:
    return typer.Argument(
        metavar="工作簿", help=f"填好的工作簿（.xlsx），可给多个，或给一个文件夹（{batch}）"
    )


def _jobs(help_text: str) -> Any:
    return typer.Option(
        "--jobs", "-j", parser=usage.whole("--jobs", 1, what="进程数"), metavar="<进程数>", help=help_text
    )


def _files(metavar: str, help_text: str) -> Any:
    return typer.Argument(metavar=metavar, help=help_text)


def _previous(help_text: str) -> Any:
    return typer.Option("--previous", metavar="<上年文件>", help=help_text)


_Template = Annotated[
    Path | None, typer.Option("--template", metavar="<模板>", help="自定义Word模板（.docx）")
]
_Standard = Annotated[
    Path | None,
    typer.Option("--standard", metavar="<文件夹>", help="县里修改过的标准段落模板文件夹（*.j2）"),
]


def _version(value: bool) -> None:
    if value:
        present.say(f"gigen {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号后退出。")
    ] = False,
) -> None:
    """行政机关政府信息公开工作年度报告生成器。"""


@app.command(cls=_Command)
def new(
    path: Annotated[Path, typer.Argument(metavar="工作簿", help="要生成的工作簿路径，如 白杨镇2024.xlsx")],
    org: Annotated[
        str, typer.Option("--org", metavar="<机关全称>", help="机关全称，如 叶城县白杨镇人民政府")
    ] = "",
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            parser=usage.whole("--year", 2000, 2100, "四位年份"),
            metavar="<年度>",
            help="报告年度，如 2024（2000到2100）",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="文件已存在时覆盖")] = False,
    previous: Annotated[
        Path | None,
        _previous("上一年度填好的工作簿或已发布的报告（.pdf .docx 等）：结转数字、沿用文字（标为“需更新”）"),
    ] = None,
) -> None:
    """生成空白的标准化工作簿，供各行政机关填写；给 --previous 时按上年工作簿或发布的报告生成下一年度的工作簿。"""
    written, copied = pipeline.new_workbook(path, org, year, force=force, previous=previous)
    missing = [name for name, given in (("机关全称", org), ("报告年度", year)) if not given]
    present.new_workbook(written, copied, previous=previous, missing=missing)


@app.command(cls=_Command)
def build(
    workbooks: Annotated[list[Path], _workbooks("批量生成")],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="<文件夹>", help="报告存放的文件夹")
    ] = DEFAULT_OUTPUT,
    force: Annotated[bool, typer.Option("--force", help="报告已存在时覆盖")] = False,
    template: _Template = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="有错误也生成报告，文件名带“（草稿）”，每页页眉印“草稿”")
    ] = False,
    jobs: Annotated[int | None, _jobs(usage.BATCH_JOBS)] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时在报告旁生成PDF（需要安装 LibreOffice）")] = False,
    no_highlight: Annotated[
        bool, typer.Option("--no-highlight", help="程序代写的段落不加黄色底纹（定稿时用）")
    ] = False,
    standard: _Standard = None,
) -> None:
    """先检查工作簿，再生成国办格式的Word报告；有错误时不生成（除非 --draft）。

    “一”中没填的主动公开、依申请公开、政府信息管理由程序按表格数字写出，监督保障按其考核、评议、追究各格写出；
    草稿中其他没填的段落印“【待填写：…】”。这些段落在报告中以黄色底纹标出（--no-highlight 不标）。

    给一个文件夹或多个工作簿时批量生成：每个机关一份报告，最后列出结果表，并在输出文件夹写一份检查汇总表。
    """
    if _is_batch(workbooks):
        _batch(
            workbooks,
            output,
            build=True,
            force=force,
            template=template,
            draft=draft,
            jobs=jobs,
            highlight=not no_highlight,
            standard=standard,
            pdf=pdf,
        )
        return
    built = pipeline.build(
        workbooks[0],
        output,
        force=force,
        template=template,
        draft=draft,
        highlight=not no_highlight,
        standard_folder=standard,
    )
    present.built(workbooks[0], built, highlight=not no_highlight)
    if pdf:
        _pdf([built.report], force=force)


def _pdf(reports: list[Path], *, force: bool) -> None:
    """--pdf: one LibreOffice run for all the reports; a missing LibreOffice is one sentence and exit 1."""
    if reports:
        present.pdfs(to_pdf(reports, force=force))


@app.command(cls=_Command)
def check(
    workbooks: Annotated[list[Path], _files("工作簿或报告", usage.CHECKED_FILES)],
    previous: Annotated[Path | None, _previous("上一年度的工作簿或已发布的报告，用于跨年度核对")] = None,
    fmt: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            parser=usage.choice("--format", CheckFormat),
            metavar=usage.metavar(CheckFormat),
            help="输出格式：text 或 json",
        ),
    ] = "text",
    fee_limit: Annotated[
        Decimal,
        typer.Option(
            "--fee-limit",
            parser=usage.amount("--fee-limit"),
            metavar="<万元>",
            help="表二收费金额（万元）达到多少时提醒核对单位，不小于0",
        ),
    ] = FEE_LIMIT,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="<文件夹>", help="批量检查时，检查汇总表存放的文件夹"),
    ] = DEFAULT_OUTPUT,
    jobs: Annotated[int | None, _jobs(usage.BATCH_JOBS)] = None,
) -> None:
    """检查工作簿的勾稽关系和文字，一次列出全部问题；有错误时退出码为1。

    也可检查已发布的报告：先按国办格式读回，再逐条检查，问题同时注明在原报告中的位置（页、表格的行和列、段落）。
    给一个文件夹或多个工作簿时批量检查：列出结果表，并在 -o 文件夹写一份检查汇总表，不生成报告。
    """
    if _is_batch(workbooks):
        if previous is not None:
            raise UsageError("--previous 只用于检查一个工作簿；批量检查时请逐个机关核对上年数据。")
        _batch(workbooks, output, build=False, jobs=jobs, as_json=fmt == "json", fee_limit=Decimal(fee_limit))
        return
    try:
        checked = pipeline.check_workbook(workbooks[0], previous, fee_limit=Decimal(fee_limit))
    except GigenError as e:
        if fmt == "json":
            present.unreadable_json(workbooks[0], str(e))
        raise
    present.checked(workbooks[0], checked, as_json=fmt == "json")
    if checked.errors:
        raise typer.Exit(1)


@app.command("import", cls=_Command)
def import_(
    reports: Annotated[list[Path], _files("报告", usage.IMPORTED_FILES)],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="<文件夹>", help="工作簿存放的文件夹")
    ] = DEFAULT_OUTPUT,
    force: Annotated[bool, typer.Option("--force", help="工作簿已存在时覆盖")] = False,
    jobs: Annotated[int | None, _jobs(usage.BATCH_JOBS)] = None,
) -> None:
    """把已发布的年度报告读回标准化工作簿：按国办格式的标题、章节和表格标签逐项读取，不猜测。

    每项在原报告中的位置写在工作簿的“导入记录”工作表；读不出或放不进工作簿的内容逐条列出，退出码为1。
    公布的合计数照原样写入（不按公式重算），用 gigen check 检查勾稽关系。给文件夹或多个报告时批量导入。
    """
    if _is_batch(reports):
        _batch(reports, output, build=False, importing=True, force=force, jobs=jobs)
        return
    result = importing.import_report(reports[0], output, force=force)
    present.imported(result)
    if result.errors:
        raise typer.Exit(1)


def _is_batch(paths: Sequence[Path]) -> bool:
    return len(paths) > 1 or is_folder(paths[0])


def _batch(
    paths: list[Path], output: Path, *, build: bool, as_json: bool = False, pdf: bool = False, **options: Any
) -> None:
    """Many workbooks: the batch, its presentation, the PDFs if asked, and the exit code.

    Ctrl+C, whenever it comes, ends the batch whole: its table, its summary (or why none), then 已中断 and 130.
    """
    with ctrl_c() as stop:
        result = run_batch(
            paths,
            output,
            build=build,
            progress=console.progress,
            on_skipped=present.skipped,
            stop=stop,
            **options,
        )
        present.batch(result, build=build, as_json=as_json, importing=bool(options.get("importing")))
        if result.summary_error:
            exits.fail(result.summary_error)
        if stop.pressed:
            raise typer.Exit(exits.fail(present.interrupted(result), 130))
    if pdf:
        _pdf(result.reports, force=bool(options.get("force")))
    if result.failed or result.summary_error:
        raise typer.Exit(1)


@app.command(cls=_Command)
def rollup(
    workbooks: Annotated[list[Path], _files("工作簿", usage.ROLLED_UP_FILES)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="<汇总工作簿>",
            help="汇总工作簿的路径（默认：outputs/机关汇总<年度>年.xlsx）",
        ),
    ] = None,
    name: Annotated[
        str, typer.Option("--name", metavar="<单位>", help="汇总表标题中的单位名称，如 叶城县各行政机关")
    ] = "各行政机关",
    docx: Annotated[bool, typer.Option("--docx", help="同时生成按国办格式排版的汇总表格（.docx）")] = False,
    force: Annotated[bool, typer.Option("--force", help="汇总文件已存在时覆盖")] = False,
    jobs: Annotated[int | None, _jobs("同时处理的进程数，至少1个（默认：CPU核数）")] = None,
) -> None:
    """汇总：每个机关一行主要数据，按机关类别小计，表二、表三、表四逐格相加；有错误的机关标明原因，不计入合计。"""
    result, written = roll_up_folders(
        workbooks,
        name,
        output,
        progress=console.progress,
        on_skipped=present.skipped,
        on_summed=lambda rollup: present.left_out(rollup, name),
        docx=docx,
        force=force,
        jobs=jobs,
    )
    present.rolled_up(result, written)
    if result.included < len(result.townships) or result.findings:
        raise typer.Exit(1)


@app.command(cls=_Command)
def serve(
    data: Annotated[
        Path, typer.Option("--data", metavar="<文件夹>", help="数据文件夹：数据库和上传的文件")
    ] = Path("gigen-data"),
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="<地址>", help="监听地址：127.0.0.1 只有本机能打开，0.0.0.0 内网都能打开"
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            "--port", parser=usage.whole("--port", 1, 65535, "端口号"), metavar="<端口>", help="端口号"
        ),
    ] = 8000,
    init: Annotated[bool, typer.Option("--init", help="只建立数据文件夹并显示办公室密码，不启动")] = False,
    reset: Annotated[
        bool, typer.Option("--reset-password", help="重设并显示办公室密码（忘记时用），不启动")
    ] = False,
    name: Annotated[
        str, typer.Option("--name", metavar="<县名>", help="县名，如 叶城县：下载的文件名和汇总表用它")
    ] = "",
) -> None:
    """启动县里的报送网页：各单位用各自的链接上传工作簿、查看问题、下载报告，办公室查看报送情况、下载汇总。

    第一次启动时建立数据文件夹，并显示办公室登录密码（只显示这一次）。
    """
    from .web import serve as run  # the web server's libraries load for this command only

    run(data, host, port, init, reset_password=reset, name=name)


template_app = typer.Typer(
    cls=_Group, help="Word模板：检查县里修改过的模板。", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(template_app, name="template")


@template_app.command("check", cls=_Command)
def template_check(
    path: Annotated[Path, typer.Argument(metavar="模板", help="要检查的Word模板（.docx）")],
) -> None:
    """检查模板：每个标记都是工作簿的字段、必需的字段都在、标记没有被Word拆开或改成全角，逐条指出位置。"""
    present.template_checked(path, pipeline.check_template(path, building=False))


@app.command(cls=_Command)
def schema(
    fmt: Annotated[
        SchemaFormat,
        typer.Option(
            "--format",
            parser=usage.choice("--format", SchemaFormat),
            metavar=usage.metavar(SchemaFormat),
            help="输出格式：table、markdown 或 json",
        ),
    ] = "table",
) -> None:
    """列出工作簿的全部字段（名称、工作表、单元格、类型、说明）。"""
    present.schema_listing(fmt)


if __name__ == "__main__":  # pragma: no cover
    app()
