"""The one place that writes files: atomically, and never over an existing file without force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import GigenError, OutputExistsError


def write_atomic(target: Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `target` through a temporary file in the same folder, then rename it into place."""
    if target.exists() and not force:
        raise OutputExistsError(f"{target}：文件已存在，未覆盖。如要替换，请加 --force。")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".~gigen-", suffix=target.suffix, dir=target.parent)
    except OSError as e:
        raise GigenError(f"{target.parent}：无法写入这个文件夹（{e.strerror}）。") from e
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if not force and target.exists():
            raise OutputExistsError(f"{target}：文件已存在，未覆盖。如要替换，请加 --force。")
        os.replace(temporary, target)
    except BaseException as e:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise GigenError(f"{target}：写入失败（{e.strerror}）。") from e
        raise
    return target
