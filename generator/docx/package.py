"""The .docx zip: a template's entries kept compressed, and a report written from them with its rendered parts.

Unchanged parts are copied still compressed (styles.xml alone is 350 KB of XML: deflating it again for every report
took a third of a render); only the rendered parts are deflated.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One file of the template's zip, kept compressed: copied into every report as it is, or replaced."""

    name: str
    raw: bytes  # the compressed bytes, exactly as stored
    crc: int
    size: int
    method: int
    date_time: tuple[int, int, int, int, int, int]


def entry(source: bytes, info: zipfile.ZipInfo) -> Entry:
    # The local header is 30 bytes, then the name and an extra field whose lengths it gives, then the data.
    name_length, extra_length = struct.unpack_from("<HH", source, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    return Entry(
        info.filename,
        source[start : start + info.compress_size],
        info.CRC,
        info.file_size,
        info.compress_type,
        info.date_time,
    )


_LOCAL = struct.Struct("<IHHHHHIIIHH")  # local file header
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # central directory header
_END = struct.Struct("<IHHHHIIH")  # end of central directory


def write_zip(entries: tuple[Entry, ...], replaced: dict[str, bytes]) -> bytes:
    """The .docx: the template's entries in their order, rendered parts replacing theirs."""
    out = io.BytesIO()
    central = []
    for entry in entries:
        raw, crc, size, method = _stored(entry, replaced.get(entry.name))
        name = entry.name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800  # bit 11: the name is UTF-8
        year, month, day, hour, minute, second = entry.date_time
        time, date = hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
        common = (flags, method, time, date, crc, len(raw), size, len(name))
        offset = out.tell()
        out.write(_LOCAL.pack(0x04034B50, 20, *common, 0) + name + raw)
        central.append(_CENTRAL.pack(0x02014B50, 20, 20, *common, 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    out.write(b"".join(central))
    out.write(_END.pack(0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _stored(entry: Entry, data: bytes | None) -> tuple[bytes, int, int, int]:
    """(compressed bytes, CRC, size, method) of an entry: as the template has it, or `data` deflated."""
    if data is None:
        return entry.raw, entry.crc, entry.size, entry.method
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    return deflate.compress(data) + deflate.flush(), zlib.crc32(data), len(data), zipfile.ZIP_DEFLATED


def template_parts(docx: bytes) -> dict[str, bytes]:
    """The XML parts of a .docx that carry its content and layout (not the timestamps in docProps)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {
            n: z.read(n) for n in sorted(z.namelist()) if n.endswith(".xml") and not n.startswith("docProps/")
        }
