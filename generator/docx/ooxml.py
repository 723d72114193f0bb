"""The WordprocessingML namespace and the two helpers every module of this folder needs."""

from __future__ import annotations

from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraph_text(p: Any) -> str:
    """The text of a w:p (or any element): its w:t pieces joined."""
    return "".join(t.text or "" for t in p.iter(W + "t"))


def part_text(data: bytes) -> str:
    """An XML part as docxtpl reads it: serialised by lxml, without the XML declaration."""
    return str(etree.tostring(etree.fromstring(data), encoding="unicode"))


def parse(data: bytes) -> Any:
    """Parse one part of a .docx: no entities resolved, nothing fetched."""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
