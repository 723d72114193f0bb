"""The words the pages show for what the store holds: a unit's state, an upload's result, a time, a file name."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from .records import Upload

NOT_SENT = "未提交"
CHECKING = "检查中"
UNREADABLE = "无法读取"
NOT_MADE = "未能生成报告"  # read and checked, no error, but its report could not be made (the page says why)
BUILT = "已生成"
FINAL = "已定稿"
_COUNTY_END = re.compile(r"^.*[县市区旗]")
COUNTY_MAX = 30  # characters of the county's name
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')  # what a file name cannot hold (Windows)
SOMEWHERE = "本县"  # the county's downloads, when its name is neither set nor shared by every unit
_SHOWN_MAX = 120  # characters of a sent file's name shown on a page


def state(upload: Upload | None) -> str:
    """A unit's state in the office's table, from its current workbook upload."""
    if upload is None:
        return NOT_SENT
    if upload.state == "checking":
        return CHECKING
    if upload.state == "failed":
        return UNREADABLE
    if upload.errors:
        return f"有错误{upload.errors}处"
    if not upload.report:
        return NOT_MADE
    return FINAL if upload.final else BUILT


def summary(upload: Upload) -> str:
    """The line above a checked workbook's findings."""
    if upload.errors:
        return f"发现{upload.errors}处错误、{upload.warnings}处警告"
    return "检查通过" + (f"，有{upload.warnings}处警告" if upload.warnings else "")


def result(upload: Upload) -> str:
    """What became of one upload, for the unit's history."""
    if upload.what == "published":
        if upload.state == "checking":
            return "正在读取上年报告"
        if upload.state == "failed":
            return upload.note or "无法读取"
        return "已按上年报告生成本年度工作簿" + (f"：{upload.note}" if upload.note else "")
    if upload.state == "checking":
        return CHECKING
    if upload.state == "failed":
        return f"{UNREADABLE}：{upload.note}" if upload.note else UNREADABLE
    return summary(upload) + ("，已定稿" if upload.final else "")


def when(iso: str) -> str:
    """2025-01-05T10:23:11 as 2025-01-05 10:23."""
    return iso[:16].replace("T", " ")


def shown_name(sent: str | None) -> str:
    """The name a browser sent for a file, made fit to show: its last path part, no control characters, not too long.

    Old browsers send the whole path (C:\\Users\\…\\报表.xlsx); the name is only ever shown, never used as a path.
    """
    name = re.split(r"[\\/]", sent or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    if len(name) > _SHOWN_MAX:
        stem, suffix = os.path.splitext(name)
        name = stem[: _SHOWN_MAX - len(suffix[:10])] + suffix[:10]
    return name or "未命名文件"


def county(names: Sequence[str]) -> str:
    """The county the units share (叶城县 for 叶城县白杨镇人民政府 and 叶城县教育局), or '' when they share none."""
    if len(names) < 2:
        return ""
    prefix = names[0]
    for name in names[1:]:
        same = 0
        while same < min(len(prefix), len(name)) and prefix[same] == name[same]:
            same += 1
        prefix = prefix[:same]
    found = _COUNTY_END.match(prefix)
    return found.group(0) if found else ""


def county_name(chosen: str, names: Sequence[str]) -> str:
    """The county's name on the office's downloads: as the office set it, else the county every unit's name
    begins with, else 本县."""
    return chosen or county(names) or SOMEWHERE


def county_fault(name: str) -> str:
    """What is wrong with a county's name typed by the office ('' when nothing): it names files, so it is short
    and holds no character a file name cannot."""
    name = name.strip()
    if len(name) > COUNTY_MAX:
        return f"县名有{len(name)}个字，超过{COUNTY_MAX}个字，请只写县名，如 叶城县"
    bad = dict.fromkeys(c if c.isprintable() else "控制字符" for c in _NOT_IN_NAMES.findall(name))
    if bad:
        return f"县名中不能有{'、'.join(bad)}（文件名里不能用），请只写县名，如 叶城县"
    return ""
