"""`gigen serve`: the data folder made and its password shown once, the warnings, and the server run for real."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from support import consistent_values
from web_support import csrf, log_in, running, text

from generator.cli import app
from generator.web import addresses, server
from generator.web import folder as disk
from generator.web.security import verify_password
from generator.web.server import first_year
from generator.web.store import Store


def _password(output: str) -> str:
    (password,) = re.findall(r"^办公室登录密码：(\S+)$", output, re.M)
    return password


def _stored_hash(folder: Path) -> str:
    store = Store(folder)
    try:
        return store.password_hash()
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def started(monkeypatch) -> list[dict[str, Any]]:
    """uvicorn.run, recorded instead of run."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **options: calls.append(options))
    return calls


def test_init_makes_the_folder_and_shows_the_password_once(runner, tmp_path, started):
    folder = tmp_path / "数据"
    made = runner.invoke(app, ["serve", "--init", "--data", str(folder)])
    assert made.exit_code == 0 and started == []
    assert (
        made.stdout.splitlines()[0]
        == f"已建立数据文件夹 {folder}，报告年度为{dt.date.today().year - 1}年度。"
    )
    password = _password(made.stdout)
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password)
    assert verify_password(password, _stored_hash(folder))

    again = runner.invoke(app, ["serve", "--init", "--data", str(folder)])
    assert (again.exit_code, again.stdout) == (1, "")
    assert (
        again.stderr
        == f"{folder}：数据文件夹已经初始化过，密码不再显示；忘记密码请运行 gigen serve --reset-password。\n"
    )
    assert verify_password(password, _stored_hash(folder))  # unchanged


def test_init_with_a_name_sets_the_countys_name_the_office_page_shows(runner, tmp_path, started):
    folder = tmp_path / "数据"
    made = runner.invoke(app, ["serve", "--init", "--name", " 叶城县 ", "--data", str(folder)])
    assert made.exit_code == 0 and started == []
    assert "县名：叶城县（下载的文件名和汇总表用这个县名，可在办公室页面修改）。" in made.stdout.splitlines()
    with running(folder) as client:
        page = log_in(client, _password(made.stdout))
    assert '<h1><span class="county">叶城县</span> ' in page
    renamed = runner.invoke(app, ["serve", "--reset-password", "--name", "莎车县", "--data", str(folder)])
    assert renamed.exit_code == 0 and "县名：莎车县" in renamed.stdout
    store = Store(folder)
    try:
        assert store.county() == "莎车县"
    finally:
        store.close()


def test_a_second_server_on_the_same_folder_is_refused_and_a_killed_ones_half_files_are_swept(
    runner, tmp_path, started
):
    folder = tmp_path / "数据"
    assert runner.invoke(app, ["serve", "--init", "--data", str(folder)]).exit_code == 0
    kept = Store(folder)
    stored = kept.save_file(b"a workbook", ".xlsx", prefix="u")
    kept.close()
    half = folder / "files" / ".~0123456789abcdef.part"  # what a server killed mid-write leaves
    half.write_bytes(b"half a workbook")
    with disk.held(folder):  # a server already running on it
        second = runner.invoke(app, ["serve", "--data", str(folder), "--port", str(_free_port())])
    assert (second.exit_code, started) == (1, [])
    assert second.stderr == (
        f"{folder}：已有一个 gigen serve 在使用这个数据文件夹，请先停止它，或用 --data 指定另一个文件夹。\n"
    )
    assert half.exists()  # the running server may still be writing it
    alone = runner.invoke(app, ["serve", "--data", str(folder), "--port", str(_free_port())])
    assert alone.exit_code == 0 and len(started) == 1
    assert not half.exists() and (folder / "files" / stored).read_bytes() == b"a workbook"


def test_a_name_that_cannot_name_a_file_is_a_usage_error(runner, tmp_path, started):
    folder = tmp_path / "数据"
    result = runner.invoke(app, ["serve", "--init", "--name", "叶城县:莎车县", "--data", str(folder)])
    assert (result.exit_code, result.stdout, started) == (2, "", [])
    assert result.stderr == "--name：县名中不能有:（文件名里不能用），请只写县名，如 叶城县。\n"
    assert not folder.exists()  # refused before anything is made


def test_reset_password_replaces_the_old_one(runner, tmp_path, started):
    folder = tmp_path / "数据"
    missing = runner.invoke(app, ["serve", "--reset-password", "--data", str(folder)])
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"{folder}：数据文件夹还没有初始化，请先运行 gigen serve --init。\n",
    )
    old = _password(runner.invoke(app, ["serve", "--init", "--data", str(folder)]).stdout)
    reset = runner.invoke(app, ["serve", "--reset-password", "--data", str(folder)])
    assert reset.exit_code == 0 and started == []
    new = _password(reset.stdout)
    assert verify_password(new, _stored_hash(folder)) and not verify_password(old, _stored_hash(folder))


def test_the_first_start_makes_the_folder_then_serves_it_on_loopback_quietly(runner, tmp_path, started):
    folder = tmp_path / "数据"
    port = _free_port()
    result = runner.invoke(app, ["serve", "--data", str(folder), "--port", str(port)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert verify_password(_password(result.stdout), _stored_hash(folder))
    assert (
        f"报送网页已启动：http://127.0.0.1:{port}/ ，数据保存在 {folder}。按 Ctrl+C 停止。" in result.stdout
    )
    assert started == [
        {
            "host": "127.0.0.1",
            "port": port,
            "log_level": "warning",
            "access_log": False,
            "server_header": False,
        }
    ]
    second = runner.invoke(app, ["serve", "--data", str(folder), "--port", str(port)])
    assert "办公室登录密码" not in second.stdout  # shown once only


def test_listening_beyond_this_machine_is_warned_about(runner, tmp_path, started):
    result = runner.invoke(
        app, ["serve", "--data", str(tmp_path / "数据"), "--host", "0.0.0.0", "--port", str(_free_port())]
    )
    assert result.exit_code == 0
    assert result.stderr == (
        "注意：--host 0.0.0.0 让本机以外的电脑也能打开报送网页；请只在单位内网使用，不要开放到互联网，"
        "并妥善保管办公室密码和各单位的链接。\n"
    )
    assert started[0]["host"] == "0.0.0.0"


@pytest.mark.parametrize(
    ("host", "found", "lines"),
    [
        (
            "0.0.0.0",
            ["192.168.1.20", "10.0.0.5"],
            ["  http://192.168.1.20:{port}/", "  http://10.0.0.5:{port}/", "本机：http://127.0.0.1:{port}/"],
        ),
        ("::", ["fd00::2"], ["  http://[fd00::2]:{port}/", "本机：http://[::1]:{port}/"]),
    ],
)
def test_listening_on_every_address_prints_this_machines_intranet_addresses(
    runner, tmp_path, started, monkeypatch, host, found, lines
):
    families: list[int] = []
    monkeypatch.setattr(addresses, "intranet", lambda family: families.append(family) or found)
    monkeypatch.setattr(
        server, "_refuse_busy", lambda host, port: None
    )  # a machine without IPv6 may run this
    port = _free_port()
    result = runner.invoke(
        app, ["serve", "--data", str(tmp_path / "数据"), "--host", host, "--port", str(port)]
    )
    assert result.exit_code == 0 and started[0]["host"] == host
    assert families == [socket.AF_INET if host == "0.0.0.0" else socket.AF_INET6]
    assert result.stdout.splitlines()[3:] == [
        f"报送网页已启动，数据保存在 {tmp_path / '数据'}。",
        "内网的电脑用以下地址打开（办公室也请用它打开，发给各单位的链接才能在其他电脑上打开）：",
        *(line.format(port=port) for line in lines),
        "按 Ctrl+C 停止。",
        "报送网页已停止。",
    ]


def test_no_intranet_address_found_says_how_to_find_it(runner, tmp_path, started, monkeypatch):
    monkeypatch.setattr(addresses, "intranet", lambda family: [])
    port = _free_port()
    result = runner.invoke(
        app, ["serve", "--data", str(tmp_path / "数据"), "--host", "0.0.0.0", "--port", str(port)]
    )
    assert result.stdout.splitlines()[4:6] == [
        "没有找到本机的内网地址：请查看本机的IP地址（Windows 运行 ipconfig，Linux 运行 ip addr），"
        f"内网的电脑用 http://本机IP:{port}/ 打开。",
        f"本机：http://127.0.0.1:{port}/",
    ]


class _Probe:
    """A UDP socket that is only ever connected: it has no send, so sending anything would fail the test."""

    connected: ClassVar[list[tuple[str, int]]] = []
    route: ClassVar[str | None] = "10.0.0.5"

    def __init__(self, family: int, kind: int) -> None:
        assert kind == socket.SOCK_DGRAM

    def __enter__(self) -> _Probe:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def connect(self, address: tuple[str, int]) -> None:
        if self.route is None:
            raise OSError(101, "Network is unreachable")
        self.connected.append(address)

    def getsockname(self) -> tuple[str, int]:
        assert self.route is not None
        return (self.route, 40000)


def test_the_intranet_addresses_are_the_routes_and_the_names_without_loopback_or_link_local(monkeypatch):
    resolved = ["127.0.1.1", "192.168.1.20", "192.168.1.20", "169.254.7.7", "10.0.0.5"]

    def getaddrinfo(name, port, family):
        assert (name, port, family) == ("county-pc", None, socket.AF_INET)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0)) for address in resolved]

    monkeypatch.setattr(_Probe, "connected", [])
    monkeypatch.setattr(addresses.socket, "socket", _Probe)
    monkeypatch.setattr(addresses.socket, "gethostname", lambda: "county-pc")
    monkeypatch.setattr(addresses.socket, "getaddrinfo", getaddrinfo)
    assert addresses.intranet(socket.AF_INET) == ["10.0.0.5", "192.168.1.20"]
    assert _Probe.connected == [("10.255.255.255", 9)]  # a private address, routed to and never sent to

    def unresolved(name, port, family):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(_Probe, "route", None)
    monkeypatch.setattr(addresses.socket, "getaddrinfo", unresolved)
    assert addresses.intranet(socket.AF_INET) == []


def test_a_port_in_use_is_one_sentence(runner, tmp_path, started):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--data", str(tmp_path / "数据"), "--port", str(port)])
    assert (result.exit_code, started) == (1, [])
    assert (
        result.stderr == f"无法在 127.0.0.1:{port} 上启动报送网页：端口已被其他程序占用，请换一个 --port。\n"
    )


def _wait_until_up(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            httpx.get(f"{base}/login", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def test_the_server_checks_an_upload_in_its_process_pool_and_stops_on_ctrl_c(tmp_path, make_workbook):
    year = first_year()  # the year a new data folder reports: the test workbook's texts moved to it
    values = {
        key: value.replace("2025", str(year + 1)).replace("2024", str(year))
        if isinstance(value, str)
        else value
        for key, value in consistent_values().items()
    }
    good = make_workbook("白杨镇.xlsx", values={**values, "year": year})
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COLUMNS": "200"}
    command = [
        sys.executable,
        "-m",
        "generator",
        "serve",
        "--data",
        str(tmp_path / "数据"),
        "--port",
        str(port),
    ]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        try:
            _wait_until_up(base, process)
            first = process.stdout.readline() + process.stdout.readline()  # type: ignore[union-attr]
            with httpx.Client(base_url=base, follow_redirects=True, timeout=30) as client:
                form = client.get("/login").text
                office = client.post("/login", data={"password": _password(first), "csrf": csrf(form)}).text
                added = client.post(
                    "/office/units", data={"names": "测试县测试镇人民政府", "csrf": csrf(office)}
                ).text
                (link,) = re.findall(r'value="(http://127\.0\.0\.1:\d+/u/[^"]+)"', added)
                files = {"workbook": (good.name, good.read_bytes())}
                page = client.post(
                    f"{link}/upload", data={"csrf": csrf(client.get(link).text)}, files=files
                ).text
                deadline = time.monotonic() + 120
                while 'http-equiv="refresh"' in page and time.monotonic() < deadline:
                    time.sleep(0.5)
                    page = client.get(link).text
                assert "检查通过" in text(page) and "下载报告（Word）" in page
        finally:
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.rstrip().endswith("报送网页已停止。") and err == ""
