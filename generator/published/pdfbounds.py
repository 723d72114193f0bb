"""The bounds a PDF page is read within, measured before pdfminer interprets the page.

pdfminer decodes a stream whole (a zip bomb inflates in memory) and repairs a damaged one a byte at a time, copying
what it has so far each time (minutes for a damaged stream of a few hundred KB). So gigen decodes what a page draws
itself, linearly and no further than a limit, and leaves each stream decoded for pdfminer: the page's content and
the forms it draws, and its fonts' text maps and embedded font programs. Then the page's size and its path
operators (each form counted as often as it is drawn) are held against what any report has.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any

from pdfminer.pdftypes import PDFStream, resolve1

MAX_CONTENT = 1 << 20  # a page's content decoded; a page of a report is some 40 KB
MAX_FONT = (
    32 << 20
)  # an embedded font decoded; a whole CJK font is some 20 MB, the subset a PDF embeds some 1 MB
MAX_PATHS = 10_000  # path operators on a page (pdfminer takes 2 s for 10,000 boxes); a report's, some 400
MAX_OPERATORS = 40_000  # operators on a page (pdfminer takes 1 s for some 60,000); a report's, under 5,000
# A name of one to three letters between delimiters: an operator (a word inside a string counts too: an overcount)
OPERATOR = re.compile(rb"(?<![^\s\]\)>])[A-Za-z'\"*]{1,3}(?=[\s\[(/<]|\Z)")
PATH = re.compile(rb"(?<![^\s\]\)>])(?:re|m|l|c|v|y)(?=[\s\[(/<])")
DRAW = re.compile(rb"(?<![^\s\]\)>])Do(?=[\s\[(/<])")
FLATE = {"FlateDecode", "Fl"}
CHUNK = 1 << 16
FONT_FILES = ("FontFile", "FontFile2", "FontFile3")


MAX_OBJECT = 256 << 10  # an object's dictionary or array, outside any stream; a report's largest is some 2 KB
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def largest_object(data: bytes) -> int:
    """The size of the largest object outside streams (pdfminer parses one again each time it is looked up, and
    a million nested brackets take it a second each time), stream data skipped; linear in the file."""
    position, largest = 0, 0
    while found := _OBJECT.search(data, position):
        ends = [
            at for at in (data.find(b"stream", found.end()), data.find(b"endobj", found.end())) if at >= 0
        ]
        end = min(ends, default=len(data))
        largest = max(largest, end - found.end())
        if end < len(data) and data.startswith(b"stream", end):
            after = data.find(b"endstream", end + 6)
            position = after + 9 if after >= 0 else len(data)
        else:
            position = end + 6
    return largest


class TooLarge(Exception):
    """What a page draws is far beyond a report: its Chinese description (内容超过1MB, …)."""


def inflated(stream: object, limit: int) -> bytes:
    """The stream decoded as pdfminer would decode it, at most limit + 1 bytes, and left decoded for pdfminer.

    A stream of other filters than Flate (rare in a report) is left to pdfminer and measured as it is stored.
    A damaged Flate stream gives what inflates before the damage, as PDF readers show it.
    """
    stream = resolve1(stream)
    if not isinstance(stream, PDFStream):
        return b""
    if stream.rawdata is None:  # decoded already (a stream two pages share)
        return stream.data or b""
    filters = stream.get_filters()
    if len(filters) > 1 or (filters and (_name(filters[0][0]) not in FLATE or _predicted(filters[0][1]))):
        return stream.rawdata
    data = stream.rawdata
    if stream.decipher and stream.objid is not None and stream.genno is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    if filters:
        data = _inflate(data, limit)
    if len(data) <= limit:
        stream.data, stream.rawdata = data, None
    return data


def _name(literal: object) -> str:
    return str(getattr(literal, "name", literal))


def _predicted(params: object) -> bool:
    params = resolve1(params)
    return isinstance(params, dict) and int(resolve1(params.get("Predictor", 1)) or 1) > 1


def _inflate(data: bytes, limit: int) -> bytes:
    """Flate data inflated chunk by chunk up to limit + 1 bytes; what inflates before any damage."""
    inflater = zlib.decompressobj()
    out = bytearray()
    try:
        for start in range(0, len(data), CHUNK):
            out += inflater.decompress(data[start : start + CHUNK], limit + 1 - len(out))
            if len(out) > limit:
                break
    except zlib.error:
        pass
    return bytes(out)


def check_page(page_obj: Any) -> int:
    """Decodes what the page draws within bounds, or raises TooLarge saying what is too much; its operators."""
    content = b"".join(inflated(ref, MAX_CONTENT) for ref in page_obj.contents)
    resources = _dict(page_obj.resources)
    xobjects = _dict(resources.get("XObject"))
    forms = [inflated(x, MAX_CONTENT) for x in xobjects.values()]
    drawn = len(DRAW.findall(content)) if forms else 0
    largest = max(forms, key=len, default=b"")
    size = len(content) + drawn * len(largest)
    paths = len(PATH.findall(content)) + drawn * len(PATH.findall(largest))
    if size > MAX_CONTENT:
        raise TooLarge(f"内容超过{MAX_CONTENT >> 20}MB")
    if paths > MAX_PATHS:
        raise TooLarge(f"有超过{MAX_PATHS}笔线条")
    operators = len(OPERATOR.findall(content)) + drawn * len(OPERATOR.findall(largest))
    if operators > MAX_OPERATORS:
        raise TooLarge(f"有超过{MAX_OPERATORS}个绘制指令")
    form_resources = [_dict(resolve1(x).attrs.get("Resources")) for x in xobjects.values() if _stream(x)]
    for font in _fonts([resources, *form_resources]):
        if len(inflated(font, MAX_FONT)) > MAX_FONT:
            raise TooLarge(f"嵌入的字体超过{MAX_FONT >> 20}MB")
    return operators


def _dict(value: object) -> dict[Any, Any]:
    value = resolve1(value)
    return value if isinstance(value, dict) else {}


def _stream(value: object) -> bool:
    return isinstance(resolve1(value), PDFStream)


def _fonts(resources: list[dict[Any, Any]]) -> Iterator[object]:
    """The streams pdfminer decodes for the fonts of these resources: text maps, encodings, font programs."""
    for found in resources:
        for font in _dict(found.get("Font")).values():
            spec = _dict(font)
            descendants = resolve1(spec.get("DescendantFonts"))
            for each in [spec, *(_dict(d) for d in (descendants if isinstance(descendants, list) else []))]:
                yield each.get("ToUnicode")
                yield each.get("Encoding")
                descriptor = _dict(each.get("FontDescriptor"))
                yield from (descriptor.get(name) for name in FONT_FILES)
