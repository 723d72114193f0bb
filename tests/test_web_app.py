"""The web page as the office and a unit use it: states, findings, reports, history, the new year, downloads."""

from __future__ import annotations

import errno
import io
import re
import zipfile
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from support import named_cells
from web_support import (
    YEAR,
    TestClient,
    add_units,
    csrf,
    findings,
    links,
    log_in,
    new_data,
    running,
    send,
    sentence,
    settled,
    states,
    text,
)

from generator.errors import GigenError
from generator.web import create_app, folder, work
from generator.web.store import Store

TOWN = "测试县测试镇人民政府"  # the workbooks make_workbook writes are this 机关's, for 2024
BUREAU = "测试县教育局"
NOT_FINAL = "报告还有错误或还没有生成，不能定稿；请修改工作簿后重新上传。"
CRASHED = "处理这个文件时检查程序意外退出（文件可能过大或已损坏），请检查文件后重新上传。"
D6 = "表三“一、本年新收政府信息公开申请数量/自然人”必须填写不小于0的整数（没有就填0），现在填的是“无”。"


def _filename(answer: Any) -> str:
    """The download's name as a browser reads it: RFC 5987 filename*."""
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="gigen.')
    return unquote(disposition.split("filename*=UTF-8''")[1])


def _values(workbook: bytes, *keys: str) -> list[Any]:
    """Cells of a workbook by key, read through its defined names."""
    wb = openpyxl.load_workbook(io.BytesIO(workbook))
    cells = named_cells(wb)
    return [wb[cells[key][0]][cells[key][1]].value for key in keys]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return new_data(tmp_path / "数据")


def test_the_office_table_follows_a_unit_from_not_sent_to_errors_to_built_to_final(data, make_workbook):
    bad = make_workbook("白杨镇（有错）.xlsx", t3_new_natural="无")
    good = make_workbook("白杨镇.xlsx")
    with running(data) as client:
        page = log_in(client)
        assert "2024年度 政府信息公开工作年度报告 报送情况" in text(page)
        link = add_units(client, TOWN, BUREAU)[TOWN]
        assert states(client.get("/office").text) == {TOWN: ["未提交", "", ""], BUREAU: ["未提交", "", ""]}

        page = send(client, link, bad.name, bad.read_bytes())
        shown = findings(page)
        assert shown[0] == ("错误", "表三!D6", D6)
        assert [severity for severity, _, _ in shown].count("错误") == 1
        warnings = len(shown) - 1
        assert f"发现1处错误、{warnings}处警告" in text(page)
        assert "下载草稿（Word）" in page and "确认定稿" not in page
        refused = client.post(f"{link}/final", data={"csrf": csrf(page)})  # the form a stale page still shows
        assert (refused.status_code, sentence(refused.text)) == (409, NOT_FINAL)
        assert states(client.get("/office").text)[TOWN] == ["有错误1处", "1", str(warnings)]
        draft = client.get(f"{link}/report.docx")
        assert _filename(draft) == f"{TOWN}2024年政府信息公开工作年度报告（草稿）.docx"
        assert (
            docx.Document(io.BytesIO(draft.content)).paragraphs[0].text
            == f"{TOWN}2024年\n政府信息公开工作年度报告"
        )

        page = send(client, link, good.name, good.read_bytes())
        assert [severity for severity, _, _ in findings(page)].count("错误") == 0
        assert "下载报告（Word）" in page and "下载草稿" not in page
        assert states(client.get("/office").text)[TOWN][0] == "已生成"
        report = client.get(f"{link}/report.docx")
        assert _filename(report) == f"{TOWN}2024年政府信息公开工作年度报告.docx"
        assert (
            docx.Document(io.BytesIO(report.content)).paragraphs[0].text
            == f"{TOWN}2024年\n政府信息公开工作年度报告"
        )

        seen = re.search(r'name="upload" value="(\d+)"', page)
        assert seen, page
        final = client.post(f"{link}/final", data={"csrf": csrf(page), "upload": seen.group(1)})
        assert final.url.path == link.split("testserver")[1]
        assert "已定稿" in text(final.text) and "确认定稿" not in final.text
        table = states(client.get("/office").text)
        assert table[TOWN][:2] == ["已定稿", "0"] and table[BUREAU] == ["未提交", "", ""]

        history = final.text.split("上传记录")[1]
        assert history.index(good.name) < history.index(bad.name)  # newest first
        assert "发现1处错误" in history and "检查通过" in history and "已定稿" in history
        first = client.get(f"{link}/uploads/1")
        assert first.content == bad.read_bytes() and _filename(first) == bad.name


def test_last_years_report_sent_becomes_this_years_workbook(data, make_workbook):
    last = make_workbook("白杨镇2023.xlsx", year=2023, t2_rules_in_force=37)
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        blank = client.get(f"{link}/workbook.xlsx")
        assert _filename(blank) == f"{TOWN}2024年度工作簿.xlsx"
        assert _values(blank.content, "org_name", "year", "prev_rules_in_force") == [TOWN, 2024, None]

        page = send(client, link, last.name, last.read_bytes(), field="report", to="previous")
        assert f"上年报告“{last.name}”：已按上年报告生成本年度工作簿" in text(page)
        carried = client.get(f"{link}/workbook.xlsx")
        assert _values(carried.content, "org_name", "year", "prev_rules_in_force") == [TOWN, 2024, 37]


def test_a_report_of_another_year_carries_nothing_and_says_why(data, make_workbook):
    old = make_workbook("白杨镇2022.xlsx", year=2022)
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        page = send(client, link, old.name, old.read_bytes(), field="report", to="previous")
        assert (
            f"{old.name}：这份工作簿是2022年度的，本年度为2024年度，请上传2023年度的报告或工作簿。"
            in text(page)
        )
        workbook = client.get(f"{link}/workbook.xlsx").content
        assert _values(workbook, "prev_rules_in_force") == [None]  # still the blank one


def test_the_new_year_carries_each_units_workbook_forward_or_hands_out_a_blank(data, make_workbook):
    good = make_workbook("白杨镇.xlsx", t2_rules_in_force=41)
    with running(data) as client:
        page = log_in(client)
        units = add_units(client, TOWN, BUREAU)
        send(client, units[TOWN], good.name, good.read_bytes())
        page = client.get("/office").text
        started = client.post("/office/year", data={"csrf": csrf(page), "year": "2024"})
        assert "2025年度 政府信息公开工作年度报告 报送情况" in text(started.text)
        assert "已开始2025年度：1个单位的工作簿由上年结转，1个单位下载空白工作簿。" in text(started.text)
        again = client.post(
            "/office/year", data={"csrf": csrf(page), "year": "2024"}
        )  # the same form sent twice
        assert "2025年度 政府信息公开工作年度报告 报送情况" in text(again.text)
        assert states(again.text) == {TOWN: ["未提交", "", ""], BUREAU: ["未提交", "", ""]}

        carried = client.get(f"{units[TOWN]}/workbook.xlsx").content
        assert _values(carried, "org_name", "year", "prev_rules_in_force") == [TOWN, 2025, 41]
        columns = ("natural", "commercial", "research", "social", "legal", "other")
        forward = _values(good.read_bytes(), *(f"t3_carried_forward_{c}" for c in columns))
        assert (
            _values(carried, *(f"t3_carried_over_{c}" for c in columns)) == forward
        )  # 结转下年度 → 上年结转
        assert any(forward)
        blank = client.get(f"{units[BUREAU]}/workbook.xlsx").content
        assert _values(blank, "org_name", "year", "prev_rules_in_force") == [BUREAU, 2025, None]
        new_year = client.get(units[TOWN]).text
        assert f"<h1>{TOWN}　2025年度政府信息公开工作年度报告</h1>" in new_year
        history = text(new_year.split("上传记录")[1])
        assert "时间 年度 文件 结果" in history and f" 2024 {good.name} " in history  # last year's, said so


def test_a_unit_added_by_mistake_is_removed_but_never_one_that_has_sent_a_file(data, make_workbook):
    good = make_workbook("白杨镇.xlsx")
    with running(data) as client:
        log_in(client)
        units = add_units(client, TOWN, BUREAU, "测试县测试镇人民政俯")  # the last one mistyped
        page = client.get("/office").text
        ids = dict(re.findall(r"<tr[^>]*>\s*<td[^>]*>([^<]+)</td>.*?/office/units/(\d+)/reissue", page, re.S))
        assert set(ids) == {TOWN, BUREAU, "测试县测试镇人民政俯"}
        assert page.count(">删除</button>") == 3  # nobody has sent anything yet
        send(client, units[TOWN], good.name, good.read_bytes())
        page = client.get("/office").text
        assert page.count(">删除</button>") == 2 and f"/office/units/{ids[TOWN]}/remove" not in page
        removed = client.post(
            f"/office/units/{ids['测试县测试镇人民政俯']}/remove", data={"csrf": csrf(page)}
        )
        assert "已删除该单位。" in text(removed.text)
        assert list(links(removed.text)) == [TOWN, BUREAU]
        assert client.get(units["测试县测试镇人民政俯"]).status_code == 404  # its link went with it
        kept = client.post(f"/office/units/{ids[TOWN]}/remove", data={"csrf": csrf(page)})
        assert (kept.status_code, sentence(kept.text)) == (
            409,
            f"“{TOWN}”已经上传过文件，不能删除（单位上传的文件都要保留）；不再使用时请停用它的链接。",
        )
        forged = client.post(f"/office/units/{ids[BUREAU]}/remove", data={"csrf": "0" * 64})
        assert forged.status_code == 403 and BUREAU in links(client.get("/office").text)


def test_the_office_downloads_every_report_the_summary_and_the_roll_up(data, make_workbook):
    good = make_workbook("白杨镇.xlsx")
    bad = make_workbook("教育局.xlsx", t3_new_natural="无", org_name=BUREAU)
    with running(data) as client:
        log_in(client)
        assert "还没有可下载的报告" in sentence(client.get("/office/reports.zip").text)
        assert sentence(client.get("/office/summary.xlsx").text) == "还没有单位上传工作簿，暂时无法汇总。"
        units = add_units(client, TOWN, BUREAU)
        send(client, units[TOWN], good.name, good.read_bytes())
        send(client, units[BUREAU], bad.name, bad.read_bytes())

        reports = client.get("/office/reports.zip")
        assert _filename(reports) == "测试县2024年度政府信息公开工作年度报告.zip"
        with zipfile.ZipFile(io.BytesIO(reports.content)) as archive:
            assert sorted(archive.namelist()) == sorted(
                [
                    f"{TOWN}2024年政府信息公开工作年度报告.docx",
                    f"{BUREAU}2024年政府信息公开工作年度报告（草稿）.docx",
                ]
            )
        summary = client.get("/office/summary.xlsx")
        assert _filename(summary) == "测试县2024年检查汇总.xlsx"
        cells = [c for row in openpyxl.load_workbook(io.BytesIO(summary.content)).active.values for c in row]
        assert TOWN in cells and BUREAU in cells
        rollup = client.get("/office/rollup.xlsx")
        assert _filename(rollup) == "测试县2024年机关汇总.xlsx"
        assert openpyxl.load_workbook(io.BytesIO(rollup.content)).sheetnames
        tables = client.get("/office/rollup.docx")
        assert _filename(tables) == "测试县2024年政府信息公开工作年度报告表格汇总.docx"
        assert "测试县各行政机关" in "".join(
            p.text for p in docx.Document(io.BytesIO(tables.content)).paragraphs
        )


def test_the_countys_name_set_on_the_office_page_names_the_downloads_and_the_roll_up(data, make_workbook):
    good = make_workbook("白杨镇.xlsx")
    with running(data) as client:
        log_in(client)
        units = add_units(client, TOWN, "另一县教育局")  # no county every unit's name begins with
        send(client, units[TOWN], good.name, good.read_bytes())
        page = client.get("/office").text
        assert "还没有设置县名，下载的文件名暂用“本县”。" in text(page)
        assert '<span class="county">' not in page
        assert _filename(client.get("/office/reports.zip")) == "本县2024年度政府信息公开工作年度报告.zip"

        named = client.post("/office/county", data={"county": " 叶城县 ", "csrf": csrf(page)})
        assert named.status_code == 200 and named.url.path == "/office"
        assert "已设置县名：下载的文件名和汇总表都用这个县名。" in text(named.text)
        assert '<h1><span class="county">叶城县</span> 2024年度' in named.text
        assert 'name="county" value="叶城县"' in named.text
        assert _filename(client.get("/office/reports.zip")) == "叶城县2024年度政府信息公开工作年度报告.zip"
        assert _filename(client.get("/office/summary.xlsx")) == "叶城县2024年检查汇总.xlsx"
        assert _filename(client.get("/office/rollup.xlsx")) == "叶城县2024年机关汇总.xlsx"
        tables = client.get("/office/rollup.docx")
        assert _filename(tables) == "叶城县2024年政府信息公开工作年度报告表格汇总.docx"
        title = docx.Document(io.BytesIO(tables.content)).paragraphs[0].text
        assert title.replace("\n", "") == "叶城县各行政机关2024年政府信息公开工作年度报告表格汇总"

        wrong = client.post("/office/county", data={"county": "叶城县/莎车县", "csrf": csrf(page)})
        assert wrong.status_code == 400
        assert sentence(wrong.text) == "县名中不能有/（文件名里不能用），请只写县名，如 叶城县。"
        cleared = client.post("/office/county", data={"county": "", "csrf": csrf(page)})
        assert "已清除县名" in text(cleared.text) and "暂用“本县”" in text(cleared.text)
        assert _filename(client.get("/office/rollup.xlsx")) == "本县2024年机关汇总.xlsx"
        forged = client.post("/office/county", data={"county": "别的县", "csrf": "forged"})
        assert forged.status_code == 403 and "暂用“本县”" in text(client.get("/office").text)


def test_units_come_from_an_uploaded_list(data, tmp_path):
    wb = openpyxl.Workbook()
    for name in ("单位名称", "测试县甲镇人民政府", "测试县乙镇人民政府", "测试县甲镇人民政府"):
        wb.active.append([name])
    wb.save(tmp_path / "名单.xlsx")
    with running(data) as client:
        page = log_in(client)
        listed = (tmp_path / "名单.xlsx").read_bytes()
        answer = client.post(
            "/office/units/list", data={"csrf": csrf(page)}, files={"list": ("名单.xlsx", listed)}
        )
        assert list(links(answer.text)) == ["测试县甲镇人民政府", "测试县乙镇人民政府"]
        assert "已添加2个单位。" in text(answer.text)
        answer = client.post(
            "/office/units", data={"csrf": csrf(page), "names": "测试县乙镇人民政府\n\n测试县丙镇人民政府"}
        )
        assert "已添加1个单位（1个已在名单中，未重复添加）。" in text(answer.text)
        wrong = client.post(
            "/office/units/list", data={"csrf": csrf(page)}, files={"list": ("名单.xlsx", b"%PDF-1.4")}
        )
        assert (wrong.status_code, sentence(wrong.text)) == (
            400,
            "“名单.xlsx”不是Excel工作簿（.xlsx），请上传第一列是各单位全称的Excel名单。",
        )


class Held(Executor):
    """An executor whose calls wait until the test lets them run: the page is seen while the check is under way."""

    def __init__(self) -> None:
        self.held: list[tuple[Future[Any], Any, tuple[Any, ...]]] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.held.append((future, fn, args))
        return future

    def release(self) -> None:
        for future, fn, args in self.held:
            future.set_result(fn(*args))
        self.held.clear()


def test_a_page_never_waits_for_a_check_and_refreshes_until_it_is_done(data, make_workbook):
    good = make_workbook("白杨镇.xlsx")
    held = Held()
    with TestClient(create_app(data, workers=held)) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        answer = client.post(
            f"{link}/upload",
            data={"csrf": csrf(client.get(link).text)},
            files={"workbook": (good.name, good.read_bytes())},
        )
        assert "正在检查，请稍候刷新本页" in text(answer.text)
        assert '<meta http-equiv="refresh" content="2">' in answer.text
        assert states(client.get("/office").text)[TOWN] == ["检查中", "", ""]
        held.release()
        assert "检查通过" in text(settled(client, link))
        assert states(client.get("/office").text)[TOWN][0] == "已生成"


def test_an_upload_left_checking_by_a_stopped_server_is_checked_at_the_next_start(data, make_workbook):
    good = make_workbook("白杨镇.xlsx")
    store = Store(data)
    (unit,) = store.add_units([TOWN])
    store.add_upload(unit.id, YEAR, "workbook", good.name, good.read_bytes(), ".xlsx")
    store.close()
    with running(data) as client:
        page = settled(client, f"http://testserver/u/{unit.token}")
        assert "检查通过" in text(page) and "下载报告（Word）" in page


def test_the_page_lists_errors_before_warnings_whatever_order_they_were_kept_in(data):
    warning = {"severity": "警告", "where": "表一!C5", "message": "先记下的警告。", "rule": "w"}
    error = {"severity": "错误", "where": "表三!D6", "message": "后记下的错误。", "rule": "e"}
    store = Store(data)
    (unit,) = store.add_units([TOWN])
    sent = store.add_upload(unit.id, YEAR, "workbook", "白杨镇.xlsx", b"PK", ".xlsx")
    store.finish_upload(sent.id, state="checked", errors=1, warnings=1, findings=[warning, error])
    store.close()
    with running(data) as client:
        page = client.get(f"/u/{unit.token}").text
        assert findings(page) == [
            ("错误", "表三!D6", "后记下的错误。"),
            ("警告", "表一!C5", "先记下的警告。"),
        ]


class Broken(Executor):
    """A process pool whose worker died: every call fails as a real broken pool's does."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future


def test_a_check_whose_worker_died_says_so_and_stops_checking(data, make_workbook):
    good = make_workbook("白杨镇.xlsx")
    with TestClient(create_app(data, workers=Broken())) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        form = {"csrf": csrf(client.get(link).text)}
        client.post(f"{link}/upload", data=form, files={"workbook": (good.name, good.read_bytes())})
        page = settled(client, link, seconds=10)  # no longer 检查中 for ever
        assert f"无法读取：{CRASHED}" in text(page)
        assert states(client.get("/office").text)[TOWN] == ["无法读取", "", ""]


@pytest.mark.skipif(not work.has_pdf(), reason="LibreOffice is not installed")
def test_the_report_comes_as_pdf_where_libreoffice_is_installed(data, make_workbook):
    good = make_workbook("白杨镇.xlsx")
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        page = send(client, link, good.name, good.read_bytes())
        assert "下载报告（PDF）" in page
        made = client.get(f"{link}/report.pdf")
        assert (
            made.content.startswith(b"%PDF-")
            and _filename(made) == f"{TOWN}2024年政府信息公开工作年度报告.pdf"
        )
        assert client.get(f"{link}/report.pdf").content == made.content  # made once, kept
        assert len(list((data / "files").glob("pdf*.pdf"))) == 1


@pytest.mark.skipif(not work.has_pdf(), reason="LibreOffice is not installed")
def test_a_pdf_that_cannot_be_kept_on_a_full_disk_is_still_handed_over(data, make_workbook, monkeypatch):
    good = make_workbook("白杨镇.xlsx")
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        send(client, link, good.name, good.read_bytes())
        with monkeypatch.context() as full:
            full.setattr(folder.os, "fsync", _disk_full)
            made = client.get(f"{link}/report.pdf")
        assert made.status_code == 200 and made.content.startswith(b"%PDF-")
        assert list((data / "files").glob("pdf*.pdf")) == []  # not kept: made again next time


def _disk_full(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_units_link_is_the_full_address_the_office_opened_the_page_at(data):
    with running(data, base_url="http://192.168.1.20:8000") as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        assert re.fullmatch(r"http://192\.168\.1\.20:8000/u/[A-Za-z0-9_-]{43}", link)  # 256 random bits
        assert "本页是用本机地址打开的" not in client.get("/office").text
    with running(data, base_url="http://127.0.0.1:8000") as client:
        log_in(client)
        page = client.get("/office").text
        assert links(page)[TOWN].startswith("http://127.0.0.1:8000/u/")
        assert "本页是用本机地址打开的：链接中的地址在其他电脑上打不开。" in text(page)


def test_a_data_folder_not_initialised_is_not_served(tmp_path):
    with pytest.raises(GigenError) as e:
        create_app(tmp_path / "空")
    assert str(e.value) == f"{tmp_path / '空'}：数据文件夹还没有初始化，请先运行 gigen serve --init。"
