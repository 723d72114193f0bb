"""The web page tried as a county office, a clerk and an attacker would: what each of them got wrong is kept right.

A workbook of another year or of another unit, a full disk, a pasted list with stray spaces, a PDF sent as the
workbook, a draft's PDF, a phone's screen, and the worker processes of a server that was killed.
"""

from __future__ import annotations

import errno
import io
import os
import re
import signal
import time
from pathlib import Path
from urllib.parse import unquote

import docx
import httpx
import pytest
from browser import CHROMIUM_ARGS, chromium, serve
from playwright.sync_api import Route, sync_playwright
from web_support import (
    YEAR,
    add_units,
    csrf,
    findings,
    log_in,
    new_data,
    running,
    send,
    sentence,
    states,
    text,
)

from generator.web import folder, work
from generator.web.pages import STATIC

TOWN = "测试县测试镇人民政府"  # the workbooks make_workbook writes are this 机关's, for 2024
BUREAU = "测试县教育局"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return new_data(tmp_path / "数据")


def test_last_years_workbook_sent_as_this_years_is_an_error_at_its_year_cell(data, make_workbook):
    last = make_workbook("测试镇2023.xlsx", year=YEAR - 1)
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        page = send(client, link, last.name, last.read_bytes())
        assert findings(page)[0] == (
            "错误",
            "基本信息!B4",
            f"这份工作簿是{YEAR - 1}年度的，本次报送的是{YEAR}年度；请下载本年度工作簿填写，"
            f"或确认是本年度的情况后把这一格改为{YEAR}，再重新上传。",
        )
        assert "确认定稿" not in page and "下载草稿（Word）" in page
        assert states(client.get("/office").text)[TOWN][:2] == ["有错误1处", "1"]
        draft = docx.Document(io.BytesIO(client.get(f"{link}/report.docx").content))
        marks = [p.text for section in draft.sections for p in section.header.paragraphs]
        assert any("尚有1处错误未改正" in mark for mark in marks), marks


def test_another_units_workbook_is_a_warning_at_its_name_cell_and_a_name_with_a_space_is_the_same(
    data, make_workbook
):
    town = make_workbook("测试镇2024.xlsx")
    with running(data) as client:
        log_in(client)
        found = add_units(client, BUREAU, "测试县 测试镇人民政府")
        page = send(client, found[BUREAU], town.name, town.read_bytes())
        assert (
            "警告",
            "基本信息!B3",
            f"这份工作簿的机关全称是“{TOWN}”，而这个链接是“{BUREAU}”的；"
            "如果选错了文件，请换成本单位的工作簿重新上传，是全称写错了就改正这一格。",
        ) in findings(page)
        assert "检查通过" in text(page)  # a warning: the report is built, not a draft
        own = send(client, found[TOWN], town.name, town.read_bytes())
        assert all(where != "基本信息!B3" for _, where, _ in findings(own))


NOT_SAVED = (
    "服务器的磁盘已满或数据文件夹不能写入，刚才提交的内容没有保存；请告知县政府信息公开办公室，稍后再试。"
)


def _disk_full(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_an_upload_onto_a_full_disk_is_a_chinese_page_saying_nothing_was_kept(
    data, make_workbook, monkeypatch, caplog
):
    town = make_workbook("测试镇2024.xlsx")
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        page = client.get(link).text
        with monkeypatch.context() as full:
            full.setattr(folder.os, "fsync", _disk_full)  # the file's bytes never reach the disk
            answer = client.post(
                f"{link}/upload",
                data={"csrf": csrf(page)},
                files={"workbook": (town.name, town.read_bytes())},
            )
        assert answer.status_code == 503 and sentence(answer.text) == NOT_SAVED
        assert "Traceback" not in answer.text and f'href="{link.split("testserver")[1]}"' in answer.text
        assert "写入失败（磁盘空间不足）" in caplog.text  # the server's terminal says where and why
        assert "上传记录" not in client.get(link).text  # nothing half-kept
        assert list((data / "files").iterdir()) == []
        assert "检查通过" in text(
            send(client, link, town.name, town.read_bytes())
        )  # the disk freed: as before


def test_a_database_that_cannot_be_written_is_the_same_chinese_page(data, caplog):
    with running(data) as client:
        page = log_in(client)
        store = client.app.state.site.store  # type: ignore[attr-defined]
        store._db.execute("PRAGMA query_only=1")  # SQLite refuses every write, as on a read-only disk
        answer = client.post("/office/units", data={"names": TOWN, "csrf": csrf(page)})
        assert answer.status_code == 503 and sentence(answer.text) == NOT_SAVED
        assert "无法写入数据库（" in caplog.text and "Traceback" not in answer.text
        store._db.execute("PRAGMA query_only=0")
        assert TOWN not in client.get("/office").text


def test_a_check_whose_result_cannot_be_saved_says_so_instead_of_blaming_the_file(
    data, make_workbook, monkeypatch
):
    town = make_workbook("测试镇2024.xlsx")
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        real = folder.save

        def report_refused(where: Path, content: bytes, suffix: str, prefix: str) -> str:
            if prefix != "r":
                return real(where, content, suffix, prefix)
            with monkeypatch.context() as full:  # the report built from the upload does not fit
                full.setattr(folder.os, "fsync", _disk_full)
                return real(where, content, suffix, prefix)

        monkeypatch.setattr(folder, "save", report_refused)
        page = send(client, link, town.name, town.read_bytes())
        assert (
            "无法读取：检查结果没能保存：服务器的磁盘已满或数据文件夹不能写入；请告知县政府信息公开办公室，稍后重新上传。"
            in text(page)
        )


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux's /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from Linux's /proc")
def test_the_worker_processes_of_a_killed_server_end_instead_of_lingering(tmp_path):
    with serve(tmp_path / "数据", tmp_path / "server.log") as server:
        with httpx.Client(base_url=server.url, follow_redirects=True, timeout=60) as client:
            form = client.get("/login").text
            office = client.post("/login", data={"password": server.password, "csrf": csrf(form)}).text
            added = client.post("/office/units", data={"names": TOWN, "csrf": csrf(office)}).text
            (link,) = re.findall(r'value="(http://127\.0\.0\.1:\d+/u/[^"]+)"', added)
            assert client.get(f"{link}/workbook.xlsx").status_code == 200  # made in a worker process
        workers = {
            pid for pid in _children(server.pid) if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()
        }
        assert workers
        os.kill(server.pid, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(map(_alive, workers)), workers


@pytest.mark.skipif(not work.has_pdf(), reason="LibreOffice is not installed")
def test_a_drafts_pdf_link_says_draft_as_its_file_does(data, make_workbook):
    bad = make_workbook("测试镇（有错）.xlsx", t3_new_natural="无")
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        page = send(client, link, bad.name, bad.read_bytes())
        assert "下载草稿（Word）" in page and "下载草稿（PDF）" in page and "下载报告（PDF）" not in page
        made = client.get(f"{link}/report.pdf")
        said = made.headers["content-disposition"].split("filename*=UTF-8''")[1]
        assert unquote(said) == f"{TOWN}{YEAR}年政府信息公开工作年度报告（草稿）.pdf"


PHONE = {"width": 390, "height": 844}


def _shown_on(viewport: dict[str, int], html: str) -> list[dict[str, float]]:
    """The page opened in Chromium at the viewport's size: each finding's sentence box (x, y, width, height)."""

    def answer(route: Route) -> None:
        if route.request.url.endswith("/static/gigen.css"):
            route.fulfill(path=str(STATIC / "gigen.css"), content_type="text/css")
        else:
            route.fulfill(body=html, content_type="text/html; charset=utf-8")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=viewport)
            page.route("http://gigen.test/**", answer)
            page.goto("http://gigen.test/u/link")
            cells = page.locator("table.findings tbody tr td:last-child")
            return [cells.nth(i).bounding_box() for i in range(cells.count())]
        finally:
            browser.close()


def test_on_a_phone_each_finding_reads_across_the_screen(data, make_workbook):
    bad = make_workbook("测试镇（有错）.xlsx", t3_new_natural="无")
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        page = send(client, link, bad.name, bad.read_bytes())
    boxes = _shown_on(PHONE, page)
    assert len(boxes) == len(findings(page)) >= 1
    assert all(box["width"] >= 0.8 * PHONE["width"] for box in boxes), boxes  # not squeezed beside its cell
    laptop = _shown_on({"width": 1366, "height": 768}, page)
    assert all(box["width"] >= 700 for box in laptop)  # the laptop's table is as it was
