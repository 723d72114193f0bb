"""A PDF next to each report, through LibreOffice when it is installed (the only module that runs other programs)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import GigenError
from .files import reason, refuse_existing, write_atomic

INSTALL = (
    "未找到 LibreOffice，无法生成PDF（Word报告已生成）。安装后重试：Windows 从 https://zh-cn.libreoffice.org "
    "下载安装；统信UOS、麒麟或 Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer；"
    "也可以在 Word 或 WPS 中打开报告，“另存为”PDF。"
)
FONTS = ("仿宋_GB2312", "方正小标宋简体")  # the body and title fonts of GB/T 9704
TIMEOUT_PER_REPORT = 60  # seconds; a first start of LibreOffice alone can take ten


def soffice() -> str | None:
    """The LibreOffice program, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_fonts() -> list[str]:
    """The 公文 fonts this machine lacks (LibreOffice would substitute others in the PDF); [] when it cannot tell."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [font for font in FONTS if font not in families]


def to_pdf(reports: Sequence[Path], *, force: bool = False) -> list[Path]:
    """Convert the reports in one LibreOffice run; each PDF is written beside its report, atomically.

    LibreOffice runs with a profile of its own in a temporary folder, so a LibreOffice the user has open does not
    get in the way, and it converts into that folder: gigen's one writer then puts each PDF in place.
    """
    program = soffice()
    if program is None:
        raise GigenError(INSTALL)
    targets = [report.with_suffix(".pdf") for report in reports]
    for target in targets:
        refuse_existing(target, force=force)  # before LibreOffice starts, so a refusal is instant
    with tempfile.TemporaryDirectory(prefix="gigen-pdf-") as tmp:
        work = Path(tmp)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            *map(str, reports),
        ]
        timeout = TIMEOUT_PER_REPORT * (len(reports) + 1)
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.SubprocessError) as e:
            raise GigenError(
                f"LibreOffice 转换PDF失败（{_why(e, timeout)}），Word报告已生成，可在 Word 或 WPS 中另存为PDF。"
            ) from e
        written = []
        for report, target in zip(reports, targets, strict=True):
            pdf = work / "out" / (report.stem + ".pdf")
            if not pdf.is_file():
                raise GigenError(
                    f"{report.name}：LibreOffice 没有生成PDF，Word报告已生成，可在 Word 或 WPS 中另存为PDF。"
                )
            written.append(write_atomic(target, pdf.read_bytes(), force=force))
    return written


def _why(e: OSError | subprocess.SubprocessError, timeout: int) -> str:
    """Why LibreOffice could not run, in Chinese."""
    if isinstance(e, subprocess.TimeoutExpired):
        return f"超过{timeout}秒仍未完成"
    if isinstance(e, OSError):
        return f"无法启动：{reason(e)}"
    return "运行出错"
