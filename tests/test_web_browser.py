"""The county's web page in a real browser: `gigen serve` started as a person starts it, Debian's Chromium clicking
the words on its pages, every file it hands out opened again with the libraries a county would use.

The office logs in with the password the first start printed and adds three units; one unit's clerk opens the link
the office copied, downloads the workbook, uploads it with a count written as “无” (the finding names 表三!D6),
uploads it corrected, downloads the report and confirms 定稿; the office then sees each unit's state, downloads
the reports and the roll-up, stops and reissues a link, and starts the new year, whose workbook the clerk downloads
carried forward. With GIGEN_SCREENSHOTS=docs/web the pages are also photographed at 1366×768.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from browser import CHROMIUM_ARGS, CHROMIUM_ENV, LAPTOP, Server, chromium, serve
from official import T3_COL_KEYS
from playwright.sync_api import Error, expect, sync_playwright
from support import consistent_values, docx_grid, fill, named_cells

from generator.web import addresses

COUNTY = "测试县"
UNITS = tuple(f"{COUNTY}{town}镇人民政府" for town in "甲乙丙")
NOT_FOUND = "链接无效或已停用，请向县政府信息公开办公室索取新链接。"
CHECKED = re.compile(r"检查通过|发现\d+处错误")
WAIT = 120_000  # ms: a check runs in the server's pool, on a machine that may be busy


@pytest.fixture(scope="module")
def browser() -> Any:
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, env=CHROMIUM_ENV
        )
        yield launched
        launched.close()


@pytest.fixture
def server(tmp_path: Path) -> Any:
    with serve(tmp_path / "gigen-data", tmp_path / "server.log", host=_host()) as started:
        yield started


def _host() -> str:
    """127.0.0.1; for the screenshots, this machine's intranet address where it has one, as the office opens the
    page (opened at 127.0.0.1, the office's page says its links work on this machine only)."""
    found = addresses.intranet(socket.AF_INET) if os.environ.get("GIGEN_SCREENSHOTS") else []
    return found[0] if found else "127.0.0.1"


def test_office_and_clerk_walk_the_whole_path(browser: Any, server: Server, tmp_path: Path) -> None:
    office = _page(browser, clipboard=True)
    year = _log_in(office, server)
    links = _add_units(office, UNITS)
    _set_county(office, COUNTY)
    assert _copied(office, UNITS[0]) == links[UNITS[0]]
    assert all(link.startswith(f"{server.url}/u/") for link in links.values()), links
    assert len(set(links.values())) == 3

    clerk = _page(browser)
    name = UNITS[0]
    blank = _open_link_and_download(clerk, links[name], name, year, tmp_path)
    values = _values(year)
    wrong = _filled(blank, tmp_path / f"甲镇{year}.xlsx", {**values, "t3_new_natural": "无"})
    findings = _upload(clerk, wrong)
    assert "发现1处错误" in clerk.locator("body").inner_text()
    assert any(f[:2] == ["错误", "表三!D6"] and "无" in f[2] for f in findings), findings
    severities = [f[0] for f in findings]
    assert severities == sorted(severities, key=["错误", "警告"].index), findings  # errors first
    assert clerk.get_by_role("link", name="下载草稿（Word）").count() == 1
    assert clerk.get_by_role("button", name="确认定稿").count() == 0  # not while an error remains
    _fits_the_laptop(clerk)
    _shot(clerk, "unit-findings")

    right = _filled(blank, tmp_path / f"甲镇{year}（改）.xlsx", values)
    assert not [f for f in _upload(clerk, right) if f[0] == "错误"]
    _shot(clerk, "unit-passed")
    _the_report_is_the_workbooks(clerk, name, year, values, tmp_path)
    first_upload = _history(clerk, [right.name, wrong.name], wrong)
    clerk.get_by_role("button", name="确认定稿").click()
    expect(clerk.get_by_text("已定稿", exact=True)).to_be_visible()

    response = clerk.goto(f"{links[UNITS[1]]}/uploads/{first_upload}")
    assert response is not None and response.status == 404
    assert NOT_FOUND in clerk.locator("body").inner_text()
    clerk.goto(links[UNITS[1]])
    assert wrong.name not in clerk.locator("body").inner_text()  # another unit sees nothing of this one's

    office.goto(f"{server.url}/office")  # the table as it is now, no notice of an earlier action
    assert [_state(office, unit) for unit in UNITS] == ["已定稿", "未提交", "未提交"]
    _fits_the_laptop(office)
    _shot(office, "office")
    _office_downloads(office, name, year, values, tmp_path)
    _revoke_and_reissue(office, clerk, UNITS[2], links[UNITS[2]])
    _new_year(office, clerk, links[name], name, year, values, tmp_path)
    assert "Traceback" not in server.output(), server.output()


def _page(browser: Any, *, clipboard: bool = False) -> Any:
    """A page of its own browser context (its own cookies), at the county laptop's size."""
    allowed = ["clipboard-read", "clipboard-write"] if clipboard else []
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True, locale="zh-CN", permissions=allowed)
    return context.new_page()


def _log_in(page: Any, server: Server) -> int:
    """Logs the office in (after one wrong try); the report year its page's heading names."""
    page.goto(f"{server.url}/")
    assert page.url.startswith(f"{server.url}/login"), page.url
    _shot(page, "login")
    page.fill('input[name="password"]', "not-the-password")
    page.get_by_role("button", name="登录").click()
    assert "密码不正确" in page.locator("body").inner_text()
    page.fill('input[name="password"]', server.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{server.url}/office")
    heading = re.search(r"(\d{4})年度 政府信息公开工作年度报告 报送情况", page.locator("body").inner_text())
    assert heading, page.locator("body").inner_text()
    return int(heading.group(1))


def _add_units(page: Any, names: tuple[str, ...]) -> dict[str, str]:
    """Types the units one per line; each row's link as the office copies it from its read-only field."""
    page.fill('textarea[name="names"]', "\n".join(names))
    page.get_by_role("button", name="添加单位").click()
    page.wait_for_load_state()
    links = {}
    for name in names:
        row = page.locator("tr").filter(has_text=name)
        assert row.get_by_role("button", name="复制链接").count() == 1
        assert _state(page, name) == "未提交"
        links[name] = row.locator("input.unit-link").input_value()
    return links


def _set_county(page: Any, county: str) -> None:
    """设置县名: the heading then names the county, and the line beside the field says the downloads use it."""
    assert "还没有设置县名" in page.locator("form.county-form").inner_text()
    page.fill('input[name="county"]', county)
    page.get_by_role("button", name="设置县名").click()
    expect(page.locator("h1 .county")).to_have_text(county)
    assert "下载的文件名和汇总表用这个县名。" in page.locator("form.county-form").inner_text()
    assert page.locator('input[name="county"]').input_value() == county


def _copied(page: Any, name: str) -> str:
    """Clicks a unit's 复制链接: the button says 已复制; what the clipboard then holds."""
    row = page.locator("tr").filter(has_text=name)
    row.get_by_role("button", name="复制链接").click()
    expect(row.get_by_role("button", name="已复制")).to_be_visible()  # once the clipboard took it
    return _clipboard(page.context)


def _clipboard(context: Any) -> str:
    """What the clipboard holds, read by a page of a secure origin (http://localhost, answered here): a page at an
    intranet address over plain HTTP has no navigator.clipboard (gigen.js copies there by its fallback)."""
    reader = context.new_page()
    reader.route(
        "http://localhost/", lambda route: route.fulfill(body="<!doctype html>", content_type="text/html")
    )
    reader.goto("http://localhost/")
    held = str(reader.evaluate("navigator.clipboard.readText()"))
    reader.close()
    return held


def _state(page: Any, name: str) -> str:
    """The 状态 cell of a unit's row in the office's table."""
    table = page.locator("table").filter(has=page.locator("th", has_text="状态"))
    headers = [h.strip() for h in table.locator("th").all_inner_texts()]
    row = table.locator("tr").filter(has_text=name)
    return str(row.locator("td").nth(headers.index("状态")).inner_text().strip())


def _open_link_and_download(page: Any, link: str, name: str, year: int, folder: Path) -> Path:
    """The clerk opens the link: the page names the unit and year, and its workbook is made out to them."""
    page.goto(link)
    assert f"{name}　{year}年度政府信息公开工作年度报告" in page.locator("body").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载本年度工作簿").click()
    path = folder / "下载" / download.value.suggested_filename
    download.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    cells = named_cells(workbook)
    read = {key: workbook[cells[key][0]][cells[key][1]].value for key in ("org_name", "year")}
    assert read == {"org_name": name, "year": year}, read
    return path


def _values(year: int) -> dict[str, Any]:
    """Numbers and text every rule accepts, written for this report year."""
    values = consistent_values()
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = value.replace("2024年", f"{year}年")
    values["date"] = f"{year + 1}年1月20日"
    return values


def _filled(blank: Path, target: Path, values: dict[str, Any]) -> Path:
    shutil.copyfile(blank, target)
    fill(target, values)
    return target


def _upload(page: Any, workbook: Path) -> list[list[str]]:
    """Uploads a workbook, waits for its check; the findings table's rows (级别, 位置, 说明)."""
    page.set_input_files('input[name="workbook"]', str(workbook))
    page.get_by_role("button", name="上传工作簿").click()
    _wait_checked(page)
    table = page.locator("table").filter(has=page.locator("th", has_text="级别"))
    if not table.count():
        return []
    rows: list[list[str]] = table.locator("tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('td')).map(c => c.innerText.trim()))"
    )
    return [row for row in rows if row]


def _wait_checked(page: Any) -> None:
    """Until the page (which reloads itself while checking) no longer says 正在检查 and shows a result.

    The body is read whole from a loaded page, so an older upload's result in 上传记录 is never taken for this one's.
    """
    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        try:
            page.wait_for_load_state()
            body = page.locator("body").inner_text()
        except Error:  # the page reloaded itself while being read
            continue
        if "正在检查" not in body and CHECKED.search(body):
            return
        page.wait_for_timeout(300)
    pytest.fail(f"the check did not finish within {WAIT / 1000:.0f} s")


def _the_report_is_the_workbooks(
    page: Any, name: str, year: int, values: dict[str, Any], folder: Path
) -> None:
    """The Word report carries the unit's title and its table 三; the PDF too where LibreOffice is installed."""
    with page.expect_download() as download:
        page.get_by_role("link", name="下载报告（Word）").click()
    path = folder / "报告" / download.value.suggested_filename
    download.value.save_as(path)
    document = docx.Document(str(path))
    head = "".join(p.text for p in document.paragraphs[:2]).replace("\n", "")  # the title breaks its line
    assert f"{name}{year}年政府信息公开工作年度报告" in head, head
    assert docx_grid(document.tables[1])[(3, 3)][2] == str(values["t3_new_natural"])
    pdf = page.get_by_role("link", name="下载报告（PDF）")
    if not shutil.which("soffice"):
        assert pdf.count() == 0
        return
    with page.expect_download(timeout=WAIT) as download:
        pdf.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")


def _history(page: Any, names: list[str], first: Path) -> int:
    """上传记录 lists the files sent, newest first; the oldest downloads as sent. Returns that upload's id."""
    table = page.locator("table").filter(has=page.locator("th", has_text="结果"))
    rows = table.locator("tr").filter(has=page.locator("td"))
    assert [row.locator("td").nth(2).inner_text().strip() for row in rows.all()] == names  # 时间 年度 文件
    href = rows.last.locator("a").first.get_attribute("href")
    found = re.search(r"/uploads/(\d+)$", href or "")
    assert found, href
    assert page.context.request.get(page.url.split("/u/")[0] + href).body() == first.read_bytes()
    return int(found.group(1))


def _office_downloads(page: Any, name: str, year: int, values: dict[str, Any], folder: Path) -> None:
    """The zip, named after the county, holds the one unit's report; the roll-up's 机关 sheet counts its
    applications."""
    reports = _download(page, "下载全部报告（zip）", folder)
    assert reports.name == f"{COUNTY}{year}年度政府信息公开工作年度报告.zip"
    with zipfile.ZipFile(reports) as archive:
        names = archive.namelist()
        assert len(names) == 1 and name in names[0] and names[0].endswith(".docx"), names
        assert docx.Document(io.BytesIO(archive.read(names[0]))).tables
    rollup = openpyxl.load_workbook(_download(page, "下载汇总（xlsx）", folder))
    rows = list(rollup["机关"].iter_rows(values_only=True))
    by_name = {by["机关"]: by for by in (dict(zip(rows[0], row, strict=True)) for row in rows[1:])}
    new = sum(int(values[f"t3_new_{col}"]) for col in T3_COL_KEYS[:-1])
    assert by_name[name]["新收"] == new, by_name
    summary = openpyxl.load_workbook(_download(page, "下载汇总表", folder))
    cells = {str(c) for sheet in summary for row in sheet.iter_rows(values_only=True) for c in row}
    assert name in cells
    assert docx.Document(str(_download(page, "下载汇总（docx）", folder))).tables


def _revoke_and_reissue(office: Any, clerk: Any, name: str, link: str) -> None:
    """停用链接: the unit's link opens the 404 page; 重新生成链接: a new link opens its page, the old one stays dead."""
    row = office.locator("tr").filter(has_text=name)
    asked: list[str] = []
    office.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    row.get_by_role("button", name="停用链接").click()  # asked first: 取消 leaves the link working
    expect(row.locator("input.unit-link")).to_have_count(1)
    assert asked == [f"停用“{name}”的链接吗？重新生成链接之前它打不开报送页面。"]
    office.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="停用链接").click()
    expect(row.locator("input.unit-link")).to_have_count(0)
    response = clerk.goto(link)
    assert response is not None and response.status == 404
    assert NOT_FOUND in clerk.locator("body").inner_text()
    office.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="重新生成链接").click()
    expect(row.locator("input.unit-link")).to_have_count(1)
    new = row.locator("input.unit-link").input_value()
    assert new != link
    clerk.goto(new)
    assert name in clerk.locator("h1").inner_text()
    response = clerk.goto(link)
    assert response is not None and response.status == 404


def _new_year(
    office: Any, clerk: Any, link: str, name: str, year: int, values: dict[str, Any], folder: Path
) -> None:
    """开始新年度 (confirmed in the browser's dialog): the unit's next workbook is carried forward from this one."""
    office.once("dialog", lambda dialog: dialog.accept())
    office.get_by_role("button", name="开始新年度").click()
    expect(office.locator("h1")).to_contain_text(f"{year + 1}年度 政府信息公开工作年度报告 报送情况")
    assert [_state(office, unit) for unit in UNITS] == ["未提交"] * 3
    carried = _open_link_and_download(clerk, link, name, year + 1, folder / "新年度")
    workbook = openpyxl.load_workbook(carried)
    cells = named_cells(workbook)
    read = {key: workbook[cells[key][0]][cells[key][1]].value for key in _CARRIED}
    assert read == {key: values[last] for key, last in _CARRIED.items()}, read


# What a carried-forward workbook takes from last year's: key → last year's key.
_CARRIED = {
    "prev_norms_in_force": "t2_norms_in_force",
    "t3_carried_over_natural": "t3_carried_forward_natural",
}


def _download(page: Any, link: str, folder: Path) -> Path:
    with page.expect_download(timeout=WAIT) as download:
        page.get_by_role("link", name=link).click()
    path = folder / "办公室" / download.value.suggested_filename
    download.value.save_as(path)
    return path


def _fits_the_laptop(page: Any) -> None:
    """Nothing runs off the right of a 1366-pixel screen: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= LAPTOP["width"], width


def _shot(page: Any, name: str) -> None:
    """The page as a 1366×768 laptop shows it, into GIGEN_SCREENSHOTS (docs/web) when that is set."""
    folder = os.environ.get("GIGEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
