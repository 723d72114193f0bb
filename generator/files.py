"""The one place that writes files: atomically, and never over an existing file without force."""

from __future__ import annotations

import errno
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from .errors import GigenError, OutputExistsError

_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
    errno.EROFS: "磁盘只读",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "已有同名的文件",
    errno.EISDIR: "已有同名的文件夹",
    errno.ENOENT: "上级文件夹不存在",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EFBIG: "文件超过了磁盘允许的大小",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETXTBSY: "文件正被其他程序占用",
    errno.ELOOP: "路径中的链接太多或指向自身",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
}

# Only a file made new (O_EXCL: never one already there, nor a link); O_BINARY: on Windows
_NEW_FILE: int = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def reason(e: OSError) -> str:
    """Why a file operation failed, in Chinese: never the system's English text (its strerror)."""
    return _REASONS.get(e.errno or 0, f"系统错误代码{e.errno}" if e.errno else "系统错误")


def refuse_existing(target: Path, *, force: bool) -> None:
    """Stop before any work when the target exists and --force was not given."""
    try:
        exists, folder = target.exists(), target.is_dir()
    except OSError as e:  # a name too long, a path through a file: it could not be written either
        raise GigenError(f"{target}：写入失败（{reason(e)}）。") from e
    if folder:  # not an old output --force could replace
        raise GigenError(
            f"{target}：这是一个文件夹，不能写成文件；请把这个文件夹移走或改名，或换一个文件名、输出文件夹。"
        )
    if exists and not force:
        raise OutputExistsError(f"{target}：文件已存在，未覆盖。如要替换，请加 --force。")


def refuse_input(target: Path, inputs: Iterable[Path], what: str) -> None:
    """Stop when the file to be written is one of the files read (even through another name): --force replaces
    an old output, never the input the command is reading."""
    for source in inputs:
        try:
            same = target.exists() and source.exists() and os.path.samefile(target, source)
        except OSError:
            same = False
        if same:
            raise GigenError(
                f"{target}：这是要读取的{what}，不能把结果写在它上面（即使加 --force）；请换一个文件名。"
            )


def _place(temporary: Path, target: Path, *, force: bool) -> None:
    """Rename the finished file into place; without force, never over a file another process made meanwhile.

    os.link fails if the target exists, in one step, where checking first and renaming after leaves a gap in
    which a second build of the same report would be replaced without a word.
    """
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputExistsError(f"{target}：文件已存在，未覆盖。如要替换，请加 --force。") from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        refuse_existing(target, force=False)  # a file system without hard links: the gap stays, but small
        os.replace(temporary, target)
    else:
        with suppress(OSError):  # the report is in place; a leftover temporary file is only untidy
            temporary.unlink()


def write_atomic(target: Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `target` through a temporary file in the same folder, then rename it into place.

    The temporary file is named before it is made, and made inside the try that removes it: whatever stops the
    write, even Ctrl+C the moment the file appears, the file is removed and the target stays as it was.
    """
    refuse_existing(target, force=force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise GigenError(f"{target.parent}：无法写入这个文件夹（{reason(e)}）。") from e
    temporary = target.parent / f".~gigen-{secrets.token_hex(8)}{target.suffix}"
    opening = True  # until os.open returns: a file of that name already there is not ours to remove
    fd = -1  # ours from os.open until closed, once, here or in the cleanup
    try:
        fd = os.open(temporary, _NEW_FILE, 0o666)  # the umask applies, as to any file the user makes
        opening = False
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
        closing, fd = fd, -1
        os.close(closing)  # before the rename: Windows cannot rename an open file
        _place(temporary, target, force=force)
    except BaseException as e:
        if fd >= 0:
            with suppress(OSError):  # the error that stopped the write is the one to tell
                os.close(fd)
        if not (opening and isinstance(e, FileExistsError)):
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
        if isinstance(e, OSError):
            where = f"{target.parent}：无法写入这个文件夹" if opening else f"{target}：写入失败"
            raise GigenError(f"{where}（{reason(e)}）。") from e
        raise
    return target


def bug_report(details: str) -> Path | None:
    """The details of a bug in gigen, in a new file of the system's temporary folder; None when it cannot be written."""
    folder = Path(tempfile.gettempdir())
    target = folder / f"gigen-程序错误-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    try:
        return write_atomic(target, details.encode("utf-8"))
    except GigenError:
        return None


def file_name(org_name: str, named: Callable[[str], str], suffix: str) -> str:
    """A file named after a 机关 (`named` makes the name from it): characters Windows forbids in names removed,
    and the 机关's name cut until the whole fits in the bytes a file system takes for a name.

    The name comes from a workbook or a published report, so "a/../b" must not lead out of the output folder.
    """

    def name(org: str) -> str:
        # Leading dots would hide the file (a name typed as ".."), trailing dots and spaces Windows drops.
        return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", named(org)).strip(". ")

    cut = len(org_name)  # a name past check's limit (in a draft) is cut, so that the draft is still written
    while cut and len(name(org_name[:cut]).encode()) > _NAME_BYTES - len(suffix.encode()):
        cut -= 1
    return name(org_name[:cut]) + suffix


_NAME_BYTES = 255  # most file systems take 255 bytes a name, the suffix included
