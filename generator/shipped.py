"""What templates/ ships: the report template and the standard paragraphs, in the package or in a checkout."""

from __future__ import annotations

from pathlib import Path

from .errors import TemplateError

REPORT_TEMPLATE = "report.docx"
STANDARD_FOLDER = "standard"


def shipped(name: str, missing: str) -> Path:
    """A file or folder of templates/: inside the installed package, or in a checkout beside it."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates" / name, here.parent / "templates" / name):
        if candidate.exists():
            return candidate
    raise TemplateError(f"{missing}，安装可能不完整，请重新安装 gigen。")


def default_template() -> Path:
    """The report template shipped with gigen."""
    return shipped(REPORT_TEMPLATE, f"找不到默认模板 {REPORT_TEMPLATE}")


def standard_folder() -> Path:
    """The standard paragraphs shipped with gigen."""
    return shipped(STANDARD_FOLDER, f"找不到标准段落模板文件夹 {STANDARD_FOLDER}")
