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
from typing import Any

import httpx
import pytest
from support import consistent_values
from web_support import csrf, text

from generator.cli import app
from generator.web import server
from generator.web.security import verify_password
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
    year = server.first_year()  # the year a new data folder collects: a workbook of another year is an error
    values = {
        k: v.replace("2024年", f"{year}年") if isinstance(v, str) else v
        for k, v in consistent_values().items()
    }
    good = make_workbook("白杨镇.xlsx", values={**values, "year": year, "date": f"{year + 1}年1月20日"})
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
