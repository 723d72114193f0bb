"""`gigen serve` killed (kill -9) while units upload: nothing it acknowledged is lost, nothing half-sent is kept,
and what it was checking is checked at the next start."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from web_support import new_data

from generator.web.records import Unit
from generator.web.security import unit_csrf
from generator.web.store import Store

UNITS = [f"测试县第{i}镇人民政府" for i in range(1, 8)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The real server on the data folder, once it answers."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--data", str(data), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()
        try:
            httpx.get(f"{base}/login", timeout=2)
            return server, base
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def _slowly(head: bytes, body: bytes, tail: bytes) -> Iterator[bytes]:
    """A multipart body sent a little at a time, as over a slow line: still arriving when the server dies."""
    yield head
    for start in range(0, len(body), 256):
        yield body[start : start + 256]
        time.sleep(0.05)
    yield tail


def _send_slowly(base: str, unit: Unit, csrf: str, workbook: bytes, said: list[str]) -> None:
    boundary = "gigen-slow-upload"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="workbook"; filename="slow.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    try:
        answer = httpx.post(
            f"{base}/u/{unit.token}/upload",
            content=_slowly(head, workbook, f"\r\n--{boundary}--\r\n".encode()),
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
            timeout=60,
        )
        said.append(str(answer.status_code))
    except httpx.TransportError:
        said.append("cut off")


def _settled(data: Path, seconds: float = 120) -> Store:
    """The store once no upload is left 'checking'."""
    deadline = time.monotonic() + seconds
    while True:
        store = Store(data)
        if not store.pending():
            return store
        store.close()
        assert time.monotonic() < deadline, "uploads still checking"
        time.sleep(0.3)


def test_a_server_killed_mid_upload_loses_nothing_it_acknowledged(tmp_path, make_workbook):
    data = new_data(tmp_path / "数据")
    store = Store(data)
    units, secret = store.add_units(UNITS), store.secret()
    store.close()
    workbook = make_workbook("测试镇2024.xlsx").read_bytes()
    server, base = _start(data)
    try:

        def upload(unit: Unit) -> int:
            answer = httpx.post(
                f"{base}/u/{unit.token}/upload",
                data={"csrf": unit_csrf(secret, unit.token)},
                files={"workbook": (f"{unit.name}.xlsx", workbook)},
                timeout=60,
            )
            return answer.status_code

        said: list[str] = []
        slow = threading.Thread(
            target=_send_slowly, args=(base, units[6], unit_csrf(secret, units[6].token), workbook, said)
        )
        slow.start()  # the seventh upload arrives slowly, and is still arriving at the kill
        with ThreadPoolExecutor(6) as pool:  # six units at once, each answered 303: acknowledged
            assert list(pool.map(upload, units[:6])) == [303] * 6
        os.kill(server.pid, signal.SIGKILL)  # at once: the six are still being checked
        server.wait()
        slow.join()
        checking = Store(data)
        in_hand = len(checking.pending())
        checking.close()
        assert said == ["cut off"]
        assert in_hand > 0  # killed mid-check too: the pool's workers take a second to start
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()

    again, _ = _start(data)  # the next start checks what the killed one had in hand
    try:
        store = _settled(data)
        try:
            for unit in units[:6]:
                (kept,) = store.uploads(unit.id)
                assert kept.state == "checked" and kept.report and kept.filename == f"{unit.name}.xlsx"
                assert store.path(kept.stored).read_bytes() == workbook
            assert store.uploads(units[6].id) == []  # never acknowledged: nothing of it kept
        finally:
            store.close()
        assert sorted(p.name for p in (data / "files").iterdir() if p.name.startswith(".~")) == []
    finally:
        again.send_signal(signal.SIGINT)
        assert again.wait(60) == 0
