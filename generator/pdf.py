"""A PDF next to each report, through LibreOffice when it is installed (the only module that runs other programs)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from .docx.typeset import FONT_BODY, FONT_H1, FONT_H2, FONT_LATIN, FONT_TABLE, FONT_TITLE
from .errors import GigenError
from .files import reason, refuse_existing, write_atomic

# How to install LibreOffice, as a clause both messages below end with.
HOW_TO_INSTALL = (
    "Windows 从 https://zh-cn.libreoffice.org 下载安装；统信UOS、麒麟或 Debian/Ubuntu 运行 "
    "sudo apt-get install libreoffice-writer"
)
INSTALL = (
    f"未找到 LibreOffice，无法生成PDF（Word报告已生成）。安装后重试：{HOW_TO_INSTALL}；"
    "也可以在 Word 或 WPS 中打开报告，“另存为”PDF。"
)
TIMEOUT_PER_REPORT = 60  # seconds; a first start of LibreOffice alone can take ten


@dataclass(frozen=True)
class LookAlike:
    """A font the report asks for, and the free families of the same kind that may stand in for it, best first."""

    font: str
    families: tuple[str, ...]
    bold: bool = False


# 宋 and 仿宋 → a serif CJK face, 黑 → a sans one, 楷 → a kai one, 小标宋 → a serif in bold. Debian's packages:
# fonts-noto-cjk (Noto Serif/Sans CJK SC), fonts-arphic-ukai (AR PL UKai CN), fonts-liberation2 (Liberation Serif,
# the metrics of Times New Roman); the others are their equivalents under other names or in other packages.
_SERIF = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "AR PL UMing CN",
    "AR PL SungtiL GB",
)
_SANS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)
_KAI = ("AR PL UKai CN", "LXGW WenKai", "AR PL KaitiM GB")
LOOK_ALIKES = (
    LookAlike(FONT_TITLE, _SERIF, bold=True),
    LookAlike(FONT_BODY, _SERIF),
    LookAlike(FONT_H1, _SANS),
    LookAlike(FONT_H2, _KAI),
    LookAlike(FONT_TABLE, _SERIF),
    LookAlike(FONT_LATIN, ("Liberation Serif", "Tinos", "DejaVu Serif")),
)
FONTS = tuple(look.font for look in LOOK_ALIKES)  # every font the report's text is set in


@dataclass(frozen=True)
class StandIn:
    """A font this machine lacks and the installed look-alike LibreOffice is told to use instead (None: none)."""

    font: str
    family: str | None
    bold: bool = False


def soffice() -> str | None:
    """The LibreOffice program, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def installed_families() -> frozenset[str] | None:
    """The font families fontconfig knows on this machine; None when it cannot tell (no fc-list, as on Windows)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if listed.returncode != 0:
        return None
    # one font a line, its family names separated by commas ("SimSun,宋体")
    return frozenset(
        name.strip() for line in listed.stdout.splitlines() for name in line.split(",") if name.strip()
    )


def stand_ins(families: frozenset[str] | None) -> list[StandIn]:
    """Each font of the report missing among the families, with the first of its look-alikes that is installed."""
    if families is None:
        return []
    return [
        StandIn(look.font, next((f for f in look.families if f in families), None), look.bold)
        for look in LOOK_ALIKES
        if look.font not in families
    ]


def fontconfig(stand: Sequence[StandIn], system: str) -> str:
    """A fontconfig file: the system's configuration, then each missing font led to its look-alike.

    Only missing fonts get a rule, so an installed 公文 font is never replaced; the family is put first and bound
    strongly, so it wins over the language match that would otherwise pick one sans face for every font.
    """
    rules = []
    for s in stand:
        if s.family is None:
            continue
        weight = (
            '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>' if s.bold else ""
        )
        rules.append(
            f'<match target="pattern"><test qual="any" name="family"><string>{escape(s.font)}</string></test>'
            f'<edit name="family" mode="prepend" binding="strong"><string>{escape(s.family)}</string></edit>'
            f"{weight}</match>"
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'<include ignore_missing="yes">{escape(system)}</include>\n' + "\n".join(rules) + "\n</fontconfig>\n"
    )


def _environment(stand: Sequence[StandIn], work: Path) -> Mapping[str, str]:
    """LibreOffice's environment: this process's, with gigen's fontconfig file when a look-alike stands in."""
    environment = dict(os.environ)
    if any(s.family for s in stand):
        system = environment.get("FONTCONFIG_FILE", "fonts.conf")  # a relative name: fontconfig's own folder
        path = write_atomic(work / "gigen-fonts.conf", fontconfig(stand, system).encode("utf-8"))
        environment["FONTCONFIG_FILE"] = str(path)
    return environment


@dataclass(frozen=True)
class Converted:
    """The PDFs written, and the fonts that had to be stood in for in them."""

    pdfs: list[Path]
    stand_ins: list[StandIn]


def to_pdf(reports: Sequence[Path], *, force: bool = False) -> Converted:
    """Convert the reports in one LibreOffice run; each PDF is written beside its report, atomically.

    LibreOffice runs with a profile of its own in a temporary folder, so a LibreOffice the user has open does not
    get in the way, and it converts into that folder: gigen's one writer then puts each PDF in place. The 公文 fonts
    this machine lacks are led to free look-alikes of their kind for this run only (a fontconfig file of its own).
    """
    program = soffice()
    if program is None:
        raise GigenError(INSTALL)
    targets = [report.with_suffix(".pdf") for report in reports]
    for target in targets:
        refuse_existing(target, force=force)  # before LibreOffice starts, so a refusal is instant
    stand = stand_ins(installed_families())
    with tempfile.TemporaryDirectory(prefix="gigen-pdf-") as tmp:
        work = Path(tmp)
        environment = _environment(stand, work)
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
            subprocess.run(command, capture_output=True, timeout=timeout, check=False, env=environment)
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
    return Converted(written, stand)


def _why(e: OSError | subprocess.SubprocessError, timeout: int) -> str:
    """Why LibreOffice could not run, in Chinese."""
    if isinstance(e, subprocess.TimeoutExpired):
        return f"超过{timeout}秒仍未完成"
    if isinstance(e, OSError):
        return f"无法启动：{reason(e)}"
    return "运行出错"


TIMEOUT_CONVERSION = (
    120  # seconds for one .doc: a first start of LibreOffice and a long report, with room to spare
)


class ConversionError(Exception):
    """LibreOffice is missing (`missing`), or could not convert the file; the text is a Chinese clause."""

    def __init__(self, clause: str, *, missing: bool = False) -> None:
        super().__init__(clause)
        self.missing = missing


def to_docx(data: bytes, suffix: str, limit: int) -> bytes:
    """A .doc or .wps (or .rtf) file's bytes converted to .docx bytes by LibreOffice, at most `limit` of them.

    As to_pdf: a profile of its own and a private temporary folder, so nothing of the user's is read or written;
    a LibreOffice that hangs on a damaged file is stopped after TIMEOUT_CONVERSION seconds.
    """
    program = soffice()
    if program is None:
        raise ConversionError(f"未找到 LibreOffice（{HOW_TO_INSTALL}）", missing=True)
    with tempfile.TemporaryDirectory(prefix="gigen-doc-") as tmp:
        work = Path(tmp)
        source = write_atomic(work / f"report{suffix}", data)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            _run_bounded(command, TIMEOUT_CONVERSION)
        except (OSError, subprocess.SubprocessError) as e:
            raise ConversionError(f"LibreOffice 转换失败（{_why(e, TIMEOUT_CONVERSION)}）") from e
        converted = work / "out" / "report.docx"
        if not converted.is_file() or converted.stat().st_size > limit:
            raise ConversionError("LibreOffice 无法把它转换为 .docx，文件可能已损坏或不是 Word 文档")
        return converted.read_bytes()


def _run_bounded(command: list[str], timeout: int) -> None:
    """Run a program; past `timeout` seconds stop it and every process it started (TimeoutExpired).

    LibreOffice's launcher starts the office as a child of its own: stopping the launcher alone would leave the
    office running on a damaged file, so on POSIX it runs in a session of its own and the whole group is stopped.
    """
    posix = os.name == "posix"
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=posix
    ) as process:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            if posix:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.wait()
            raise
