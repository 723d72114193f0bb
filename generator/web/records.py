"""What the store holds, as the pages read it: a unit and one upload (frozen rows of the data folder's database)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    id: int
    name: str  # 机关全称 as the office typed it
    token: str  # the link's secret (urlsafe); '' when revoked
    created: str  # ISO time


@dataclass(frozen=True)
class Upload:
    id: int
    unit_id: int
    year: int  # the report year this upload is for (the store's current year when sent)
    what: str  # "workbook" | "published" (last year's report sent to be carried forward)
    filename: str  # the name the browser sent: shown only, never used as a path
    stored: str  # server-made file name under DIR/files/
    size: int
    at: str  # ISO time, seconds
    state: str  # "checking" | "checked" | "failed"
    errors: int
    warnings: int
    findings: tuple[dict[str, str], ...]  # each {"severity", "where", "message", "rule"}
    org: str  # 机关全称 read from the workbook ('' when unreadable)
    report: str  # stored name of the .docx built from it ('' if none)
    pdf: str  # stored name of its PDF ('' until made)
    draft: bool  # the report is a draft (errors remain)
    note: str  # one Chinese sentence when state == "failed"
    result: str  # for what == "published": stored name of the carried-forward workbook made from it
    final: bool  # marked 定稿
