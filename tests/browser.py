"""Helpers for the browser test: Debian's Chromium through Playwright, and `gigen serve` as a real subprocess."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing that reaches out to the network on its own: the tests run offline.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",  # the browser's own words (选择文件) in Chinese: Debian's chromium-l10n has them
]
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "zh_CN"}
LAPTOP = {"width": 1366, "height": 768}  # the county's laptops
# The office's password as the first start of `gigen serve` prints it.
PASSWORD = re.compile(r"办公室登录密码[：:]\s*(\S+)")


def chromium() -> str:
    """Debian's Chromium; in CI its absence fails the test (.ci/run installs it), elsewhere it skips it."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed; .ci/run must install Debian's package chromium")
    pytest.skip("Chromium (/usr/bin/chromium) is not installed")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    url: str  # http://HOST:PORT
    password: str  # the office's password, as printed at the first start
    data: Path  # the data folder
    log: Path  # everything the server printed (stdout and stderr)
    pid: int

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serve(data: Path, log: Path, timeout: float = 60, host: str = "127.0.0.1") -> Iterator[Server]:
    """`python -m generator serve --data DATA --host HOST --port FREE` (the installed gigen), until the block ends."""
    port = free_port(host)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = ["serve", "--data", str(data), "--host", host, "--port", str(port)]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", *command],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group: the worker pool is stopped with it
        )
    try:
        server = _started(process, f"http://{host}:{port}", data, log, timeout)
        yield server
    finally:
        _stop(process)


def _started(process: subprocess.Popen[bytes], url: str, data: Path, log: Path, timeout: float) -> Server:
    """The server once it answers, with the password it printed; fails with its output if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if process.poll() is not None:
            pytest.fail(f"gigen serve exited with {process.returncode}:\n{text}")
        found = PASSWORD.search(text)
        if found:
            try:
                if httpx.get(f"{url}/login", timeout=5).status_code == 200:
                    return Server(url, found.group(1), data, log, process.pid)
            except httpx.TransportError:
                pass
        time.sleep(0.2)
    pytest.fail(f"gigen serve did not answer within {timeout:.0f} s:\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C as a person stops it; its whole process group killed if it does not end within 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
