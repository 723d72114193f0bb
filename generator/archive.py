"""Zip packages (.xlsx, .docx) read within bounds: a hostile zip is refused before it is inflated, and again while.

The limits are far above any real file, so that they only ever stop a malicious or broken one. A gigen workbook is
about 40 KB on disk and 15 entries, its largest part (a sheet, or the shared strings of long narratives) under 1 MB;
the default template is 20 entries, its largest part styles.xml 350 KB; a county's template with a seal or a logo
picture stays under a few MB. A zip bomb is a few MB that inflate to gigabytes: 1.6 MB of deflate holds 1.6 GB.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import struct
import zipfile
from pathlib import Path
from typing import IO

MB = 1 << 20
MAX_FILE = 64 * MB  # on disk: a workbook or template with pictures pasted in is still a few MB
MAX_PART = 32 * MB  # one part, inflated: 30 times the largest part a real workbook or template has
MAX_TOTAL = 128 * MB  # every part read from one package, inflated (a template is read whole)
MAX_ENTRIES = 2000  # real packages have 15 to 50; a picture per page of a long template is still far below
MAX_CENTRAL = 2 * MB  # the zip's directory of entries, read whole by zipfile before any limit can be checked
# The compression methods Excel, WPS, Word and LibreOffice write; zipfile reads no others (Deflate64, AES…) or,
# for bzip2 and LZMA, reads what no office program writes.
_METHODS = {zipfile.ZIP_STORED: "不压缩", zipfile.ZIP_DEFLATED: "Deflate"}

_READ_REASONS = {
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENOENT: "找不到这个文件",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接形成了循环，指不到真正的文件",
    errno.EISDIR: "这是一个文件夹",
    errno.EIO: "磁盘读取出错",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETXTBSY: "文件正被其他程序占用",
    errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不存在",
    errno.EAGAIN: "文件暂时无法读取",
}


def read_reason(e: OSError) -> str:
    """Why a file could not be read, in Chinese (the system's own text is English)."""
    return _READ_REASONS.get(e.errno or 0, f"系统错误{e.errno}" if e.errno else "系统错误")


class ArchiveError(Exception):
    """A package that is no readable zip, or one past a limit; its text is a Chinese clause naming the cause."""

    def __init__(self, clause: str, *, hostile: bool = False) -> None:
        super().__init__(clause)
        self.hostile = hostile  # past a limit: most likely built to harm, not merely damaged


def open_file(path: Path) -> IO[bytes]:
    """A regular file opened for reading, at most MAX_FILE long; never a device, a FIFO or a folder (OSError)."""
    info = path.stat()  # follows links: a loop is ELOOP, a dangling link ENOENT
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "", str(path))
    if not stat.S_ISREG(info.st_mode):  # /dev/zero never ends; opening a FIFO waits for a writer forever
        raise ArchiveError("不是普通文件（是设备、管道或套接字），无法当作文件读取", hostile=True)
    handle = path.open("rb")
    try:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced between the two looks
            raise ArchiveError("不是普通文件（是设备、管道或套接字），无法当作文件读取", hostile=True)
        if os.fstat(handle.fileno()).st_size > MAX_FILE:
            raise ArchiveError(f"文件超过{MAX_FILE // MB}MB，远大于正常的文件，未读取", hostile=True)
    except BaseException:
        handle.close()
        raise
    return handle


def read_file(path: Path, limit: int = MAX_FILE) -> bytes:
    """A regular file's bytes, at most `limit` of them (OSError, or ArchiveError past the limit)."""
    with open_file(path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ArchiveError(f"文件超过{limit // MB}MB，远大于正常的文件，未读取", hostile=True)
    return data


class Package:
    """A zip opened after its directory was checked; parts are read through `read`, each and all within bounds."""

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source  # closed with the package
        _check_directory(source)
        try:
            self.zip = zipfile.ZipFile(source)
        except zipfile.BadZipFile as e:
            raise ArchiveError("压缩包不完整或已损坏") from e
        except NotImplementedError as e:  # "zip file version 9.9": a version field no writer uses
            raise ArchiveError("压缩包的版本标记无法识别") from e
        except UnicodeDecodeError as e:  # a name flagged UTF-8 that is not
            raise ArchiveError("压缩包中的文件名编码有误") from e
        except (EOFError, OSError, ValueError, struct.error) as e:
            raise ArchiveError("压缩包不完整或已损坏") from e
        self.infos = self.zip.infolist()
        self._total = 0
        try:
            self._check_entries()
        except ArchiveError:
            self.zip.close()
            raise

    def _check_entries(self) -> None:
        if len(self.infos) > MAX_ENTRIES:
            raise ArchiveError(f"压缩包中有{len(self.infos)}个文件，远多于正常的文件，未读取", hostile=True)
        for info in self.infos:
            if info.flag_bits & 0x1:
                raise ArchiveError(f"压缩包中的“{escaped(info.filename)}”已加密")
            if info.compress_type not in _METHODS:
                raise ArchiveError(
                    f"压缩包中的“{escaped(info.filename)}”使用了办公软件不用的压缩方式（编号{info.compress_type}）"
                )

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()
        self._source.close()

    def names(self) -> list[str]:
        return [info.filename for info in self.infos]

    def read(self, name: str | zipfile.ZipInfo) -> bytes:
        """One part's bytes: refused when its stated size, or the bytes it really inflates to, pass a limit."""
        info = name if isinstance(name, zipfile.ZipInfo) else self.zip.getinfo(name)  # KeyError when missing
        limit = min(MAX_PART, MAX_TOTAL - self._total)
        shown = escaped(info.filename)
        too_big = ArchiveError(
            f"压缩包中的“{shown}”解压后超过{MAX_PART // MB}MB（或全部文件超过{MAX_TOTAL // MB}MB），"
            "远大于正常的文件，可能是恶意构造的压缩包，未读取",
            hostile=True,
        )
        if info.file_size > limit:
            raise too_big
        try:
            with self.zip.open(info) as stream:
                data = stream.read(limit + 1)  # the stated size can lie: never inflate more than the limit
        except (
            zipfile.BadZipFile,
            EOFError,
            OSError,
            ValueError,
            struct.error,
        ) as e:  # zlib.error is OSError
            raise ArchiveError(f"压缩包中的“{shown}”不完整或已损坏") from e
        except (NotImplementedError, RuntimeError) as e:  # a method or encryption the directory did not show
            raise ArchiveError(f"压缩包中的“{shown}”无法解压") from e
        if len(data) > limit:
            raise too_big
        self._total += len(data)
        return data


_EOCD = b"PK\x05\x06"
_LOCATOR = b"PK\x06\x07"


def _check_directory(source: IO[bytes]) -> None:
    """Refuse a zip whose directory of entries is too big, before zipfile reads it whole into memory.

    zipfile reads the directory's size from the end record, or from the ZIP64 record just before it when a ZIP64
    locator precedes the end record; both are looked at here the same way.
    """
    size = source.seek(0, os.SEEK_END)
    length = min(size, 22 + 0xFFFF + 20 + 56)  # end record, its comment, ZIP64 locator and record
    source.seek(size - length)
    tail = source.read(length)
    source.seek(0)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return  # zipfile will say it is no zip
    entries, central = struct.unpack_from("<HI", tail, at + 10)
    if at >= 20 + 56 and tail[at - 20 : at - 16] == _LOCATOR:
        entries, central = struct.unpack_from("<QQ", tail, at - 20 - 56 + 32)
    if entries > MAX_ENTRIES or central > MAX_CENTRAL:
        raise ArchiveError(f"压缩包的文件目录过大（{entries}个文件），远大于正常的文件，未读取", hostile=True)


def escaped(name: str) -> str:
    """A name safe to print and to store: undecodable bytes (a GBK name read as UTF-8) and control characters as
    \\xNN escapes, so that no console, log or spreadsheet chokes on it."""
    out = []
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF or code < 0x20 or 0x7F <= code <= 0x9F or code in (0xFFFE, 0xFFFF):
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_characters(text: str) -> str:
    """The control characters (and undecodable bytes) of a name typed on the command line, escaped; "" if none."""
    return escaped("".join(sorted(set(UNPRINTABLE.findall(text)))))


def printable(text: str) -> str:
    """Text safe to print or to put in a spreadsheet cell: as `escaped`, but lines and tabs are kept."""
    return UNPRINTABLE.sub(lambda m: escaped(m.group()), text)
