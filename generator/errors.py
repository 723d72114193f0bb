"""One base exception for "cannot go on", and the Finding that names a problem in the data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class GigenError(Exception):
    """Something gigen cannot go on from; its message is one Chinese sentence for the user."""


class WorkbookError(GigenError):
    """The file is not a readable gigen workbook."""


class TemplateError(GigenError):
    """The Word template is missing or broken."""


class OutputExistsError(GigenError):
    """The target file exists and --force was not given."""


class UsageError(GigenError):
    """The command was called wrongly (exit code 2)."""


class Severity(Enum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True)
class Finding:
    """A problem in the data, located by workbook sheet and cell, by a place in a document, or by both.

    A workbook's findings name their cell (表三!D7); a template's name a place in it (表三 第4行第4列); a published
    report read back names where in the document a value stood as well as the cell it went to.
    """

    rule: str
    severity: Severity
    sheet: str  # "" when the finding has no workbook cell
    cell: str
    message: str
    place: str = (
        ""  # a place in a document, as its reader would find it: 正文第12段, 页眉（header1.xml）第1段
    )

    @property
    def where(self) -> str:
        cell = f"{self.sheet}!{self.cell}" if self.sheet else ""
        if self.place and cell:
            return f"{self.place}（{cell}）"
        return self.place or cell

    def __str__(self) -> str:
        return f"{self.where} {self.message}"


def count_errors(findings: Iterable[Finding]) -> int:
    """How many of the findings are errors (the rest are warnings)."""
    return sum(f.severity is Severity.ERROR for f in findings)


class FindingsError(GigenError):
    """The workbook holds errors; the report is not written."""

    def __init__(self, source: str, findings: list[Finding]) -> None:
        self.source, self.findings = source, findings
        errors = count_errors(findings)
        warnings = f"（另有{len(findings) - errors}处警告）" if len(findings) > errors else ""
        super().__init__(
            f"{source}：发现{errors}处错误{warnings}，未生成报告。请按以上提示修改工作簿后重试，"
            "或加 --draft 先生成草稿。"
        )


class TemplateFindingsError(TemplateError):
    """A county's template has problems that would spoil every report; each is a finding with its place."""

    def __init__(self, source: str, findings: list[Finding], *, building: bool = True) -> None:
        self.source, self.findings, self.building = source, findings, building
        stopped = "，未生成报告" if building else ""
        super().__init__(
            f"{source}：模板有{count_errors(findings)}处错误（见上）{stopped}。改正后可用 gigen template check 再检查一遍。"
        )
