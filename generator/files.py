"""The one place that writes files: atomically, and never over an existing file without force."""

from __future__ import annotations

import errno
import os
import tempfile
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
    errno.ENOENT: "上级文件夹不存在",
}


def reason(e: OSError) -> str:
    """Why a file operation failed, in Chinese where the cause is a common one."""
    return _REASONS.get(e.errno or 0, e.strerror or type(e).__name__)


def refuse_existing(target: Path, *, force: bool) -> None:
    """Stop before any work when the target exists and --force was not given."""
    try:
        exists = target.exists()
    except OSError as e:  # a name too long, a path through a file: it could not be written either
        raise GigenError(f"{target}：写入失败（{reason(e)}）。") from e
    if exists and not force:
        raise OutputExistsError(f"{target}：文件已存在，未覆盖。如要替换，请加 --force。")


def write_atomic(target: Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `target` through a temporary file in the same folder, then rename it into place."""
    refuse_existing(target, force=force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".~gigen-", suffix=target.suffix, dir=target.parent)
    except OSError as e:
        raise GigenError(f"{target.parent}：无法写入这个文件夹（{reason(e)}）。") from e
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        refuse_existing(target, force=force)  # another process may have written it meanwhile
        os.replace(temporary, target)
    except BaseException as e:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise GigenError(f"{target}：写入失败（{reason(e)}）。") from e
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
