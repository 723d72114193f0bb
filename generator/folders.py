"""Which files of the folders and files a county gives are workbooks to process, in natural order, and why the
others are skipped (lock files, hidden files, sub-folders, other files, gigen's own output)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import GigenError
from .files import reason
from .published import SUFFIXES, TEXT_SUFFIXES

EXCEL_SUFFIXES = (
    ".xlsx",
    ".xlsm",
    ".xls",
    ".et",
)  # a township's file in a wrong Excel format is reported, not skipped
OWN_OUTPUT = re.compile(
    r"(?:检查|导入)汇总_[\d_]+\.xlsx|(?:乡镇|机关)汇总\d*年?\.xlsx"
)  # what batch and rollup write by default


@dataclass(frozen=True)
class Skipped:
    """A file or folder in an input folder that is not a township's workbook."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Wanted:
    """What a batch takes from a folder: the files' suffixes, why others are skipped, and what to call them."""

    suffixes: tuple[str, ...]
    other: str  # why a file of another suffix is skipped
    label: str  # what the batch does, for its progress
    what: str  # what the folders hold none of, when nothing is found


WORKBOOKS = Wanted(EXCEL_SUFFIXES, "不是Excel工作簿", "生成报告", "Excel工作簿（.xlsx）")
# A note in .txt beside the workbooks is no report: a text report is checked when it is named.
CHECKED = Wanted(
    EXCEL_SUFFIXES + tuple(s for s in SUFFIXES if s not in TEXT_SUFFIXES),
    "不是工作簿或已发布的报告（文本文件请直接给出文件名）",
    "检查",
    "Excel工作簿（.xlsx）或已发布的报告",
)
REPORTS = Wanted(SUFFIXES, "不是能导入的已发布报告", "导入", f"已发布的年度报告（{'、'.join(SUFFIXES)}）")


def collect(paths: Iterable[Path], wanted: Wanted = WORKBOOKS) -> tuple[list[Path], list[Skipped]]:
    """The workbooks to process, in order: named files as given, each folder's files by name; and what was skipped.

    Office lock files (~$…), hidden files, sub-folders and files without one of the suffixes are skipped with a
    reason (`other` for the last).
    A named file is always tried, so a wrong path or format gets its own message.
    """
    workbooks: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        try:
            key = path.resolve()
        # the reader will say what is wrong (Python 3.11 says a loop of links by RuntimeError)
        except (OSError, RuntimeError):
            key = path
        if key in seen:
            skipped.append(Skipped(path, "重复给出，只处理一次"))
        else:
            seen.add(key)
            workbooks.append(path)

    for path in paths:
        if is_folder(path):
            for child in _children(path):
                why = _skip_reason(child, wanted)
                if why:
                    skipped.append(Skipped(child, why))
                else:
                    add(child)
        elif path.name.startswith("~$"):
            skipped.append(Skipped(path, _LOCK))
        else:
            add(path)
    return workbooks, skipped


_LOCK = "Excel或WPS打开工作簿时留下的临时锁定文件"


def is_folder(path: Path) -> bool:
    """Whether a path is a folder; a name the system refuses to look up is none (the reader says what it is)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _children(folder: Path) -> list[Path]:
    """A folder's entries in natural order."""
    try:
        return sorted(folder.iterdir(), key=_natural)
    except OSError as e:
        raise GigenError(f"{folder}：无法读取这个文件夹（{reason(e)}）。") from e


def nothing_found(paths: Iterable[Path], what: str = "Excel工作簿（.xlsx）") -> GigenError:
    """The error for folders and files that hold no workbook (or published report) at all."""
    return GigenError(f"{'、'.join(str(p) for p in paths)}：没有找到{what}。")


def _natural(path: Path) -> list[tuple[int, int | str]]:
    """Order file names as a person does: 镇2 before 镇10."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", path.name) if part]


def _skip_reason(path: Path, wanted: Wanted) -> str:
    if path.name.startswith("~$"):
        return _LOCK
    if path.name.startswith("."):
        return "隐藏文件"
    if is_folder(path):
        return "子文件夹（只处理所给文件夹这一层的工作簿）"
    if path.suffix.lower() not in wanted.suffixes:
        return wanted.other
    if OWN_OUTPUT.fullmatch(path.name):
        return "gigen 生成的汇总表，不是机关的工作簿"
    return ""
