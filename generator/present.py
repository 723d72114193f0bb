"""What gigen prints: findings as text or JSON, the closing sentence of each command, the batch's result table.

Every function writes to the streams of the moment (so a test runner can capture them) and returns nothing; the
command line decides the exit code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import console, schema
from .archive import UNPRINTABLE as _UNPRINTABLE
from .archive import printable
from .batch import BatchResult, tally
from .errors import Finding, Severity, count_errors
from .folders import Skipped
from .importing import ImportedWorkbook
from .outcome import WRITTEN, Status
from .pdf import Converted, StandIn
from .pipeline import Built, Checked
from .published import is_published
from .rollup import Rollup
from .standard import label


def say(text: str, *, err: bool = False) -> None:
    """One line on standard output (or standard error); a file name's undecodable bytes and control characters
    as \\xNN, so that no terminal or log takes them as commands, and no encoder refuses them."""
    stream = sys.stderr if err else sys.stdout
    stream.write(printable(text) + "\n")
    stream.flush()


def findings(source: str, found: Sequence[Finding], *, err: bool = False) -> None:
    """Each finding on its line: the file, where (cell or place), the severity, the message and the rule id."""
    for f in found:
        say(f"{source} {f.where} {f.severity.value}：{f.message} [{f.rule}]", err=err)


def findings_json(source: Path, found: Sequence[Finding]) -> dict[str, object]:
    errors = count_errors(found)
    return {
        "file": str(source),
        "errors": errors,
        "warnings": len(found) - errors,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.name.lower(),
                "sheet": f.sheet,
                "cell": f.cell,
                **({"place": f.place} if f.place else {}),
                "message": f.message,
            }
            for f in found
        ],
    }


def dump(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=1)
    say(_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))  # JSON's own escape, not \\xNN


# ---------------------------------------------------------------------------------------------------------
# One workbook
# ---------------------------------------------------------------------------------------------------------


def new_workbook(
    written: Path, copied: Sequence[str], *, previous: Path | None, missing: Sequence[str]
) -> None:
    if previous is not None:
        say(f"已按上年{'发布的报告' if is_published(previous) else '工作簿'}生成：{written}")
        text = (
            f"{len(copied)}段文字从上年复制，橙色格子标为“需更新”，请逐段修改。"
            if copied
            else "上年没有可沿用的文字段落。"
        )
        say(f"已结转：表三“上年结转”各列（取上年“结转下年度继续办理”）、表二上年“现行有效件数”；{text}")
        say(f"填好表格数字后运行：gigen check {written}")
        return
    say(f"已生成空白工作簿：{written}")
    if missing:
        say(f"请在“基本信息”工作表填写{'和'.join(missing)}。")
    say(f"填好黄色格子后运行：gigen build {written}")


def built(workbook: Path, result: Built, *, highlight: bool) -> None:
    findings(workbook.name, result.findings, err=True)
    if result.draft:
        say(
            f"已生成草稿（尚有{count_errors(result.findings)}处错误未改正，每页页眉印有“草稿”，不得印发）："
            f"{result.report}"
        )
    else:
        say(f"已生成报告：{result.report}")
    marked = "已用黄色底纹标出" if highlight else "未加底纹"
    if result.generated:
        say(
            f"以下段落工作簿中没有填写，由程序按工作簿中的数字代写（报告中{marked}，请核对、修改）："
            f"{'、'.join(label(key) for key in result.generated)}。"
        )
    if result.to_fill:
        say(
            f"以下内容工作簿中没有填写，报告中印的是“{schema.TO_FILL}…】”（{marked}），请在工作簿中补写后重新生成："
            f"{'、'.join(label(key) for key in result.to_fill)}。"
        )


def imported(result: ImportedWorkbook) -> None:
    """What an import wrote, and what it could not place (each with its place in the report)."""
    findings(result.source.name, result.findings, err=True)
    read = len(result.imported.origins)
    say(
        f"已导入：{result.source.name} → {result.workbook}（{read}项，每项在原报告中的位置见“{schema.SHEET_RECORD}”工作表）"
    )
    if result.errors:
        say(
            f"{result.source.name}：有{result.errors}处内容未能导入（见上），工作簿已按读到的内容写出，"
            "请对照原报告补齐后再检查。",
            err=True,
        )
    say(f"检查勾稽关系：gigen check {result.workbook}")


def checked(workbook: Path, result: Checked, *, as_json: bool) -> None:
    if as_json:
        dump(findings_json(workbook, result.findings))
        return
    findings(workbook.name, result.findings)
    if not result.findings:
        say(f"{workbook.name}：检查通过，没有发现问题。")
    elif is_published(
        workbook
    ):  # a report already published: its office corrects it, or imports and rebuilds it
        advice = "请发布单位核对更正；" if result.errors else "请逐条确认；"
        say(
            f"{workbook.name}：{result.errors}处错误，{result.warnings}处警告。{advice}"
            f"也可用 gigen import 导入为工作簿，改正后重新生成报告。"
        )
    else:
        advice = "请按提示修改工作簿后重新检查。" if result.errors else "警告不影响生成报告，请逐条确认。"
        say(f"{workbook.name}：{result.errors}处错误，{result.warnings}处警告。{advice}")


def unreadable_json(workbook: Path, message: str) -> None:
    """A script still gets JSON when the file could not be checked at all."""
    dump({"file": str(workbook), "error": message})


def pdfs(converted: Converted) -> None:
    if converted.stand_ins:
        say(font_warning(converted.stand_ins), err=True)
    for path in converted.pdfs:
        say(f"已生成PDF：{path}")


def font_warning(stand_ins: Sequence[StandIn]) -> str:
    """One sentence: each 公文 font the machine lacks, and what the PDF shows in its place."""
    missing = "、".join(s.font for s in stand_ins)
    each = "，".join(
        f"{s.font}用{s.family}{'粗体' if s.bold else ''}代替"
        if s.family
        else f"{s.font}没有相近的字体（由LibreOffice自选）"
        for s in stand_ins
    )
    return (
        f"注意：本机没有安装{missing}字体，PDF中{each}；"
        "正式印发的PDF请在装有这些字体的电脑上转换，或在 Word、WPS 中另存为PDF。"
    )


def template_checked(path: Path, found: Sequence[Finding]) -> None:
    findings(path.name, found)
    say(
        f"{path.name}：检查通过，模板中的标记都对应工作簿的字段，国办格式表格的每一格都在。"
        + (f"另有{len(found)}处警告。" if found else "")
    )


# ---------------------------------------------------------------------------------------------------------
# Many workbooks
# ---------------------------------------------------------------------------------------------------------


def skipped(files: Sequence[Skipped]) -> None:
    """The files of a folder that are not workbooks, each with why, before any work starts."""
    for s in files:
        say(f"跳过 {s.path}：{s.reason}", err=True)


def batch(result: BatchResult, *, build: bool, as_json: bool, importing: bool = False) -> None:
    """The errors of each township, the result table and the closing sentence (or all of it as JSON)."""
    outcomes = result.outcomes
    if as_json:
        files = [
            {"error": o.note, "file": str(o.source), "status": o.status.value}
            if o.status is Status.UNREADABLE
            else {**findings_json(o.source, o.findings), "status": o.status.value, "note": o.note}
            for o in outcomes
        ]
        dump(
            {
                "files": files,
                "failed": sum(o.failed for o in outcomes),
                "summary": str(result.summary) if result.summary else None,
                **({"summary_error": result.summary_error} if result.summary_error else {}),
                "skipped": [{"file": str(s.path), "reason": s.reason} for s in result.skipped],
            }
        )
        return
    for o in outcomes:
        if o.note and o.status is not Status.EXISTS:  # existing reports are counted in the last line
            say(o.note if o.note.startswith(o.source.name) else f"{o.source.name}：{o.note}")
        findings(o.source.name, [f for f in o.findings if f.severity is Severity.ERROR])
    wrote = build or importing
    # a check of a folder may hold published reports beside the workbooks
    mixed = not importing and any(is_published(o.source) for o in outcomes)
    first, written = ("报告", "工作簿") if importing else ("文件" if mixed else "工作簿", "报告")
    headers = [first, "机关", "年度", "结果", "错误", "警告", *([written] if wrote else [])]
    rows = [
        [
            o.source.name,
            o.org,
            str(o.year or ""),
            o.status.value,
            str(o.errors),
            str(o.warnings),
            *([o.report.name if o.report and o.status in WRITTEN else ""] if wrote else []),
        ]
        for o in outcomes
    ]
    console.table(headers, [[printable(c) for c in row] for row in rows], failed=[o.failed for o in outcomes])
    where = f"每个机关的全部问题（含警告）见汇总表：{result.summary}" if result.summary else ""
    say(
        tally(outcomes, "份报告" if importing else "个文件" if mixed else "个工作簿") + where
    )  # without a summary, the reason follows on standard error


def interrupted(result: BatchResult) -> str:
    """The sentence Ctrl+C ends a batch with: how many workbooks were processed, and how many were not."""
    left = result.total - len(result.outcomes)
    if not left:
        return f"已中断：{len(result.outcomes)}个工作簿都已处理完，结果见上。"
    return f"已中断：处理了{len(result.outcomes)}个工作簿，另有{left}个未处理。"


def left_out(result: Rollup, name: str) -> None:
    """The workbooks a roll-up leaves out, each with its reason, and the table rules' findings on the sums."""
    for t in result.townships:
        if not t.included:
            org = f"（{t.outcome.org}）" if t.outcome.org else ""
            say(f"{t.outcome.source.name}{org}：{t.reason}")
    findings(name, result.findings)


def rolled_up(result: Rollup, written: Sequence[Path]) -> None:
    say(f"已汇总{result.included}个机关（共{len(result.townships)}个工作簿）：{'、'.join(map(str, written))}")


# ---------------------------------------------------------------------------------------------------------
# The schema
# ---------------------------------------------------------------------------------------------------------


def schema_listing(fmt: str) -> None:
    """Every field of the workbook: as a tab-separated table, a markdown table or JSON."""
    if fmt == "json":
        data = [
            {
                "key": f.key,
                "sheet": f.sheet,
                "cell": f.cell,
                "kind": f.kind.name.lower(),
                "label": f.label,
                "required": f.required,
                "derived_from": list(f.parts),
            }
            for f in schema.FIELDS
        ]
        dump({"format_version": schema.FORMAT_VERSION, "fields": data})
        return
    rows = [
        (f.key, f.sheet, f.cell, f.kind.value + ("（公式）" if f.derived else ""), f.label)
        for f in schema.FIELDS
    ]
    if fmt == "markdown":
        say("| 名称 | 工作表 | 单元格 | 类型 | 说明 |\n|---|---|---|---|---|")
        for row in rows:
            say("| `" + row[0] + "` | " + " | ".join(row[1:]) + " |")
    else:  # tab-separated, to paste into a spreadsheet, under the same header as markdown's
        say("名称\t工作表\t单元格\t类型\t说明")
        for row in rows:
            say("\t".join(row))
