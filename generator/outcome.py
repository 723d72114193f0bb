"""What happened to one workbook of a batch: its status, what was read of it, its findings and its report."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .errors import Finding, count_errors
from .model import ReportData


class Status(Enum):
    BUILT = "已生成报告"
    DRAFT = "已生成草稿"
    PASSED = "检查通过"
    ERRORS = "有错误"
    UNREADABLE = "无法读取"
    NOT_WRITTEN = "未能生成"
    EXISTS = "报告已存在"
    DUPLICATE = "重复"
    IMPORTED = "已导入"  # a published report read back whole into its workbook
    PARTIAL = "部分导入"  # its workbook written, but something of the report could not be placed


WRITTEN = frozenset(
    {Status.BUILT, Status.DRAFT, Status.IMPORTED, Status.PARTIAL}
)  # outcomes with a file written


# An existing report is not a failure of the township: it passed, and its report is there (--force replaces it).
FAILED = frozenset({Status.ERRORS, Status.UNREADABLE, Status.NOT_WRITTEN, Status.DUPLICATE, Status.PARTIAL})


@dataclass(frozen=True)
class Outcome:
    """What happened to one workbook."""

    source: Path
    status: Status
    org: str = ""  # 机关全称 as read; empty when the file could not be read
    year: int = 0
    findings: tuple[Finding, ...] = ()
    report: Path | None = None
    note: str = ""  # one sentence when the status alone does not say enough
    data: ReportData | None = None  # kept only when asked for (the roll-up sums it)
    duplicate_of: Path | None = None  # the earlier workbook of the same 机关 and year
    kind: str = ""  # 机关类别 (kinds.OrgKind's name), as the cell says or the name implies; empty when unread

    @property
    def township(self) -> str:
        return self.org or self.source.name

    @property
    def errors(self) -> int:
        return count_errors(self.findings) + (self.status is Status.UNREADABLE)

    @property
    def warnings(self) -> int:
        return len(self.findings) - count_errors(self.findings)

    @property
    def failed(self) -> bool:
        return self.status in FAILED
