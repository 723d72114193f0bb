"""The data folder's files: names the store makes (never a name a browser sent), each written whole and fsync'd; what a
refused write says (StorageError), and a unit's name as the store keeps it."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import GigenError
from ..files import reason

# A stored name is a short lower-case prefix, 24 hex digits and a suffix: nothing else is ever a path.
_STORED = re.compile(r"[a-z]{1,8}[0-9a-f]{24}\.[a-z0-9]{1,5}")
_PREFIX = re.compile(r"[a-z]{1,8}")
_SUFFIX = re.compile(r"\.[a-z0-9]{1,5}")
_SHOWN_NAME = 200  # characters of a sent file name kept for the pages
_PARTS = ".~*.part"  # a file save() had not finished when the server stopped
LOCK = "gigen.lock"  # held by the one server of a data folder
IN_USE = "{folder}：已有一个 gigen serve 在使用这个数据文件夹，请先停止它，或用 --data 指定另一个文件夹。"


# Why SQLite refused a write, by the words of its message.
_REFUSALS = {
    "full": "磁盘空间不足",
    "readonly": "磁盘只读或没有写入权限",
    "locked": "数据库被另一个程序占用",
    "busy": "数据库被另一个程序占用",
    "i/o": "磁盘读写出错",
}


class StorageError(GigenError):
    """The data folder refused a write (disk full, read-only, over quota): nothing of it was kept."""


def refused(database: Path, said: str) -> StorageError:
    """A write the database refused (SQLite's message `said`), in one sentence naming the database and why."""
    why = next((words for key, words in _REFUSALS.items() if key in said.lower()), "数据库出错")
    return StorageError(f"{database}：无法写入数据库（{why}）。")


def save(folder: Path, data: bytes, suffix: str, prefix: str) -> str:
    """The data in a new file of the folder, under a name made here (returned): whole and fsync'd, or not at all.

    The file is named only once its bytes are on disk, so that a crash leaves either the whole file or a temporary
    one no stored name can reach; the folder is fsync'd too, so that the new name survives a power cut.
    """
    if not _SUFFIX.fullmatch(suffix) or not _PREFIX.fullmatch(prefix):
        raise ValueError(f"not a stored name's prefix and suffix: {prefix!r} {suffix!r}")
    stored = f"{prefix}{secrets.token_hex(12)}{suffix}"
    temporary = folder / f".~{secrets.token_hex(8)}.part"  # not a stored name's shape: path() refuses it
    try:
        with temporary.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, folder / stored)
    except BaseException as e:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise StorageError(f"{folder}：写入失败（{reason(e)}）。") from e
        raise
    _sync(folder)
    return stored


@contextmanager
def held(folder: Path) -> Iterator[None]:
    """The data folder held by this server while it runs: a second `gigen serve` on it is refused, since each
    would take the other's files being written for ones a crash left. (Where the system has no flock, Windows,
    nothing is held.)"""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with (folder / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            raise GigenError(IN_USE.format(folder=folder)) from e
        yield


def sweep(folder: Path) -> int:
    """Remove what save() left half-written when the server was killed (never a stored file); how many."""
    removed = 0
    for part in folder.glob(_PARTS):
        with suppress(OSError):
            part.unlink()
            removed += 1
    return removed


def path(folder: Path, stored: str) -> Path:
    """Where a stored file is: ValueError for any name not made by save (a path, "..", a name a browser sent)."""
    if not _STORED.fullmatch(stored):
        raise ValueError(f"not a stored file name: {stored!r}")
    return folder / stored


def shown_name(filename: str) -> str:
    """The name a browser sent, fit to show: its last path part (old browsers send C:\\…\\报表.xlsx), without
    control characters, at most 200 characters."""
    name = re.split(r"[\\/]", filename)[-1]
    return re.sub(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", "", name).strip()[:_SHOWN_NAME]


def unit_name(text: str) -> str:
    """A unit's name as typed or pasted, without any space: a 机关全称 holds none, and a list copied from a
    document or a spreadsheet brings them in (叶城县　白杨镇人民政府 is 叶城县白杨镇人民政府)."""
    return re.sub(r"\s", "", text)


def _sync(folder: Path) -> None:
    """Make a renamed file's name durable; a system that cannot open folders (Windows) does it itself."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
