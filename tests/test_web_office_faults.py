"""What the office and a unit see when things happen out of the usual order: a newer workbook behind a 定稿 click,
a last upload that could not be read at the new year, a report sent instead of a workbook, another year's workbook
in the summary, a paste of a whole document, a check broken by another file's crash."""

from __future__ import annotations

import asyncio
import io
import operator
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from support import PUBLISHED_FOLDER
from web_support import add_units, csrf, links, log_in, new_data, running, send, sentence, states, text

from generator.web import jobs
from generator.web.jobs import Inline, Jobs
from generator.web.store import Store

TOWN = "测试县测试镇人民政府"  # the workbooks make_workbook writes are this 机关's, for 2024


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return new_data(tmp_path / "数据")


def _upload_id(page: str) -> str:
    found = re.search(r'name="upload" value="(\d+)"', page)
    assert found, page
    return found.group(1)


def test_final_marks_only_the_workbook_the_clerk_saw(data, make_workbook):
    first, second = make_workbook("第一版.xlsx"), make_workbook("第二版.xlsx")
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        seen = send(client, link, first.name, first.read_bytes())
        send(client, link, second.name, second.read_bytes())  # from another tab, after the page was shown
        stale = client.post(f"{link}/final", data={"csrf": csrf(seen), "upload": _upload_id(seen)})
        assert (stale.status_code, sentence(stale.text)) == (
            409,
            "这期间又上传了新的工作簿，请刷新页面，看过新工作簿的检查结果后再定稿。",
        )
        assert states(client.get("/office").text)[TOWN][0] != "已定稿"
        fresh = client.get(link).text
        done = client.post(f"{link}/final", data={"csrf": csrf(fresh), "upload": _upload_id(fresh)})
        assert done.status_code == 200 and states(client.get("/office").text)[TOWN][0] == "已定稿"


def _carried_value(client: Any, link: str, key: str) -> object:
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"{link}/workbook.xlsx").content))
    (sheet, cell), *_ = workbook.defined_names[key].destinations
    return workbook[sheet][cell.replace("$", "")].value


def _damaged() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not a workbook")
    return buffer.getvalue()


def test_the_new_year_carries_the_newest_workbook_that_could_be_read(data, make_workbook):
    good = make_workbook("白杨镇.xlsx", t2_rules_in_force=41)
    with running(data) as client:
        page = log_in(client)
        link = add_units(client, TOWN)[TOWN]
        send(client, link, good.name, good.read_bytes())
        send(client, link, "坏了.xlsx", _damaged())  # a workbook by its content that gigen cannot read
        assert states(client.get("/office").text)[TOWN][0] == "无法读取"
        page = client.get("/office").text
        started = client.post("/office/year", data={"csrf": csrf(page), "year": "2024"})
        assert "已开始2025年度：1个单位的工作簿由上年结转" in text(started.text)
        assert _carried_value(client, link, "prev_rules_in_force") == 41


def test_the_new_year_carries_the_workbook_made_from_last_years_published_report(tmp_path):
    data = new_data(tmp_path / "数据", year=2025)  # the published report is 淮安's of 2024
    report = PUBLISHED_FOLDER / "huaian_city_2024.pdf"
    with running(data) as client:
        page = log_in(client)
        link = add_units(client, "淮安市人民政府")["淮安市人民政府"]
        answer = client.post(
            f"{link}/previous",
            data={"csrf": csrf(client.get(link).text)},
            files={"report": (report.name, report.read_bytes())},
        )
        assert answer.status_code == 200
        made_now = _carried_value(client, link, "s1_intro")  # the report's own words, copied
        page = client.get("/office").text
        started = client.post("/office/year", data={"csrf": csrf(page), "year": "2025"})
        assert "已开始2026年度：1个单位的工作簿由上年结转" in text(started.text), text(started.text)
        assert _carried_value(client, link, "year") == 2026
        assert made_now and _carried_value(client, link, "s1_intro") == made_now  # not a blank: carried on


def test_the_summary_says_what_the_office_table_says_of_a_workbook_of_another_year(tmp_path, make_workbook):
    data = new_data(tmp_path / "数据", year=2025)
    old = make_workbook("去年的.xlsx")  # 2024's
    with running(data) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        send(client, link, old.name, old.read_bytes())
        assert states(client.get("/office").text)[TOWN][:2] == ["有错误1处", "1"]
        summary = client.get("/office/summary.xlsx")
        cells = [
            c for row in openpyxl.load_workbook(io.BytesIO(summary.content)).worksheets[0].values for c in row
        ]
        assert "有错误" in cells and "检查通过" not in cells
        problems = [
            c
            for ws in openpyxl.load_workbook(io.BytesIO(summary.content)).worksheets
            for row in ws.values
            for c in row
        ]
        assert "WEB-YEAR" in problems


def test_a_paste_of_a_whole_document_is_refused_and_control_characters_are_dropped(data):
    with running(data) as client:
        page = log_in(client)
        lines = "\n".join(f"测试县第{i}镇人民政府" for i in range(2001))
        answer = client.post("/office/units", data={"names": lines, "csrf": csrf(page)})
        assert (answer.status_code, sentence(answer.text)) == (
            400,
            "一次最多添加2000个单位，这次有2001行；请核对是否粘贴错了内容。",
        )
        added = client.post("/office/units", data={"names": "测试县甲镇\x07人民政府\x00", "csrf": csrf(page)})
        assert list(links(added.text)) == ["测试县甲镇人民政府"]  # a terminal's bell and a NUL dropped


class _Broken(Executor):
    """A pool one of whose workers died: every call in hand fails."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future


def test_a_call_broken_by_another_files_crash_is_made_again_on_a_new_pool(data, monkeypatch):
    pools = iter([_Broken(), Inline()])
    made: list[Executor] = []

    def pool() -> Executor:
        made.append(next(pools))
        return made[-1]

    monkeypatch.setattr(jobs, "process_pool", pool)
    store = Store(data)
    try:
        runner = Jobs(store, None)
        assert asyncio.run(runner.run(operator.add, 2, 3)) == 5
        assert len(made) == 2  # the broken pool replaced once
    finally:
        store.close()
