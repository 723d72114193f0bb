"""What an upload is, told by its bytes: real workbooks, reports and published files, and bytes that are none."""

from __future__ import annotations

import codecs
import io
import random
import struct
import zipfile

import pytest
from support import EXAMPLES, PUBLISHED_FOLDER, TEMPLATE

from generator.cli import app
from generator.web.sniff import MAX_UPLOAD, kind_of

KINDS = {".xlsx", ".docx", ".pdf", ".doc", ".html", ".txt", None}


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("workbook", EXAMPLES, ids=lambda p: p.name)
def test_the_example_workbooks_are_xlsx(workbook):
    assert kind_of(workbook.read_bytes()) == ".xlsx"


def test_a_report_gigen_built_is_docx(runner, make_workbook, tmp_path):
    workbook = make_workbook()
    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (report,) = (tmp_path / "out").glob("*.docx")
    assert kind_of(report.read_bytes()) == ".docx"
    assert kind_of(TEMPLATE.read_bytes()) == ".docx"


def test_a_workbook_sent_under_another_name_is_still_a_workbook():
    """The name plays no part: only the bytes are passed."""
    assert kind_of(EXAMPLES[0].read_bytes()) == ".xlsx"
    assert kind_of(TEMPLATE.read_bytes()) != ".xlsx"


def test_a_published_pdf_is_pdf():
    pdfs = sorted(PUBLISHED_FOLDER.glob("*.pdf"))
    if not pdfs:
        pytest.skip("../shared/published is not beside the repository")
    for pdf in pdfs:
        assert kind_of(pdf.read_bytes()) == ".pdf"


def test_an_old_word_or_wps_document_is_doc():
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    assert kind_of(ole) == ".doc"


@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html><html><body><p>宜阳县白杨镇2021年政府信息公开工作年度报告</p></body></html>",
        "\n\n   <html lang='zh-CN'><head><title>年度报告</title></head></html>",
        "<!doctype HTML>\r\n<p>报告</p>",
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">\n<html>',
        "<!-- 保存自网页 -->\n<HTML><BODY>一、总体情况</BODY></HTML>",
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_a_web_page_is_html_in_any_encoding_a_page_is_saved_in(page, encoding):
    assert kind_of(page.encode(encoding)) == ".html"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_copied_from_a_page_is_txt(encoding):
    text = "宜阳县白杨镇2021年政府信息公开工作年度报告\n\n一、总体情况\n\t（一）主动公开\r\n"
    assert kind_of(text.encode(encoding)) == ".txt"


def test_text_that_merely_mentions_html_is_not_a_page():
    assert kind_of("本报告的网页版见 <html> 标签之外的正文。".encode()) == ".txt"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \r\n\t  ",
        b"\x00" * 100,
        "报告\x00正文".encode(),  # a NUL: no text file holds one
        b"abc\x01\x02\x03\x04" * 20,  # more than one control character in a hundred
        b"\x80\x81\xff" * 50,  # neither UTF-8 nor GB18030
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows program
        b"\x00\x00%PDF-1.7\n",  # a PDF starts with its mark
    ],
    ids=["empty", "blank", "nul", "nul-in-text", "controls", "undecodable", "gif", "png", "exe", "pdf-late"],
)
def test_bytes_of_no_accepted_kind_are_none(data):
    assert kind_of(data) is None


def test_a_zip_that_is_neither_workbook_nor_document_is_none():
    assert kind_of(_zip({"readme.txt": b"hello", "xl/other.xml": b"<x/>"})) is None
    assert kind_of(_zip({})) is None  # an empty zip: only its end record


def test_a_zip_with_both_parts_is_taken_as_the_workbook():
    both = _zip({"xl/workbook.xml": b"<w/>", "word/document.xml": b"<d/>"})
    assert kind_of(both) == ".xlsx"


def test_a_truncated_workbook_is_none():
    data = EXAMPLES[0].read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 30, 4):
        assert kind_of(data[:cut]) is None, cut


def test_a_zip_with_more_entries_than_archive_allows_is_none():
    many = _zip({f"xl/{i}.xml": b"" for i in range(2001)} | {"xl/workbook.xml": b"<w/>"})
    assert kind_of(many) is None


def test_a_zip_whose_directory_claims_millions_of_entries_is_none():
    """The end record says 65535 entries in a 1 GB directory: refused before zipfile reads the directory."""
    data = _zip({"xl/workbook.xml": b"<w/>"})
    end = data.rfind(b"PK\x05\x06")
    forged = data[: end + 8] + struct.pack("<HHII", 0xFFFF, 0xFFFF, 1 << 30, 0) + data[end + 20 :]
    assert kind_of(forged) is None


def test_an_encrypted_office_file_is_an_ole_container_not_a_workbook():
    """Excel saves a password-protected .xlsx inside an OLE container: it is not a workbook gigen can read."""
    assert kind_of(bytes.fromhex("D0CF11E0A1B11AE1") + b"EncryptedPackage") == ".doc"


def test_damaged_and_random_bytes_never_raise():
    """Random bytes, and a real workbook with bytes overwritten here and there, give a kind or None: no exception."""
    rng = random.Random(20240601)
    workbook = EXAMPLES[0].read_bytes()
    samples = [rng.randbytes(rng.randrange(1, 4096)) for _ in range(200)]
    samples += [b"PK\x03\x04" + rng.randbytes(rng.randrange(0, 2048)) for _ in range(200)]
    for _ in range(300):
        damaged = bytearray(workbook)
        for _ in range(rng.randrange(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        samples.append(bytes(damaged))
        samples.append(workbook[: rng.randrange(len(workbook))])
    for sample in samples:
        assert kind_of(sample) in KINDS


def test_a_large_text_is_told_quickly_and_the_limit_is_20_mb():
    assert MAX_UPLOAD == 20 * 1024 * 1024
    text = ("第一条 本报告依据条例编制。\n" * 800_000).encode("gb18030")
    assert len(text) > 15 * 1024 * 1024
    assert kind_of(text) == ".txt"
    assert kind_of(codecs.BOM_UTF8 + text[:1000]) is None  # GB18030 bytes after a UTF-8 mark: neither
