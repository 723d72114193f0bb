"""`gigen serve` under a county's worst morning: N units upload their workbooks at the same moment.

Run: python benchmarks/serve.py [N]   (default 50)

It starts `python -m generator serve` on a fresh data folder set to the examples' year 2024 (a subprocess; its pool has os.cpu_count() workers),
logs in as the office, adds N units and reads their links off the office page (not timed). Then N clients, one per
unit, each upload a workbook at once (httpx, asyncio): copies of inputs/*2024.xlsx, every fifth with 表三!D6 written as
“无”, so some pass and some have errors. Per upload it measures the time from the POST to the unit page showing
its findings (polled every 0.2 s), and prints p50, p95, the slowest and the wall time of the whole wave, with the
server's peak memory: VmHWM (peak resident set) of the server and of each of its child processes (the pool's
workers), from /proc, read after the wave.
The reference, in the same run: `python -m generator check FILE --format json` for the same N files one after
another (a clerk's loop at the command line; it checks only, while the server also builds each report). Each
upload's error count on the page must equal the command's, or the benchmark fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
import openpyxl

from generator.web.store import Store

GIGEN = [sys.executable, "-m", "generator"]
INPUTS = Path(__file__).resolve().parent.parent / "inputs"
PASSWORD = re.compile(r"办公室登录密码[：:]\s*(\S+)")
CSRF = re.compile(r'name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"')
LINK = re.compile(r'value="(https?://[^"]+/u/[^"]+)"')
DONE = re.compile(r"检查通过|发现(\d+)处错误|(无法读取)")


def workbooks(folder: Path, n: int) -> list[Path]:
    """N copies of the example workbooks; every fifth gets a count written as 无 at 表三!D6 (an error)."""
    examples = sorted(INPUTS.glob("*2024.xlsx"))  # the year the data folder is set to: no W-YEAR error
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        path = folder / f"{i + 1:03d}_{examples[i % len(examples)].name}"
        shutil.copyfile(examples[i % len(examples)], path)
        if i % 5 == 4:
            workbook = openpyxl.load_workbook(path)
            workbook["表三"]["D6"] = "无"
            workbook.save(path)
        paths.append(path)
    return paths


def start(data: Path, log: Path, year: int) -> tuple[subprocess.Popen[bytes], str, str]:
    """The server on a data folder made by `gigen serve --init` for the workbooks' report year, once it answers:
    (process, its URL, the office password `--init` printed)."""
    made = subprocess.run(
        [*GIGEN, "serve", "--init", "--data", str(data)], capture_output=True, text=True, check=True
    )
    found = PASSWORD.search(made.stdout)
    if not found:
        raise SystemExit(f"gigen serve --init printed no password:\n{made.stdout}{made.stderr}")
    store = Store(data)  # the examples report 2024: the data folder is set to it, as the office would
    store.set_year(year)
    store.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*GIGEN, "serve", "--data", str(data), "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{url}/login").status_code == 200:
                return process, url, found.group(1)
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop(process)
    raise SystemExit(f"gigen serve did not start:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def csrf(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise SystemExit(f"no csrf field on the page:\n{html[:2000]}")
    return found.group(1) or found.group(2)


def unit_links(url: str, password: str, n: int) -> list[str]:
    """Logs in as the office, adds N units, and reads their links off the office page."""
    with httpx.Client(base_url=url, follow_redirects=True, timeout=60) as office:
        page = office.get("/login").text
        office.post("/login", data={"password": password, "csrf": csrf(page)}).raise_for_status()
        page = office.get("/office").text
        names = "\n".join(f"测试县第{i + 1:03d}镇人民政府" for i in range(n))
        office.post("/office/units", data={"names": names, "csrf": csrf(page)}).raise_for_status()
        links = LINK.findall(office.get("/office").text)
    if len(links) != n:
        raise SystemExit(f"the office page shows {len(links)} links for {n} units")
    return links


async def upload(client: httpx.AsyncClient, link: str, workbook: Path) -> tuple[float, int]:
    """One clerk: POST the workbook, then reload the page until it shows the findings; (seconds, errors)."""
    token_page = (await client.get(link)).text
    files = {"workbook": (workbook.name, workbook.read_bytes(), "application/octet-stream")}
    started = time.perf_counter()
    sent = await client.post(f"{link}/upload", data={"csrf": csrf(token_page)}, files=files)
    if sent.status_code != 303:
        raise SystemExit(f"upload of {workbook.name} answered {sent.status_code}:\n{sent.text[:2000]}")
    while True:
        page = (await client.get(link)).text
        found = DONE.search(page)
        if found and found.group(2):
            raise SystemExit(f"{workbook.name} could not be read:\n{page[:3000]}")
        if found:
            elapsed = time.perf_counter() - started
            if "（Word）" not in page:  # the report (or its draft) is built with the check
                raise SystemExit(f"{workbook.name} was checked but has no report:\n{page[:3000]}")
            return elapsed, int(found.group(1) or 0)
        await asyncio.sleep(0.2)


async def wave(links: Sequence[str], paths: Sequence[Path]) -> tuple[list[tuple[float, int]], float]:
    limits = httpx.Limits(max_connections=len(links))
    async with httpx.AsyncClient(timeout=600, limits=limits) as client:
        started = time.perf_counter()
        results = await asyncio.gather(*(upload(client, ln, p) for ln, p in zip(links, paths, strict=True)))
        return list(results), time.perf_counter() - started


def reference(paths: Sequence[Path]) -> tuple[float, list[int]]:
    """`gigen check FILE --format json` for each file, one after another; (wall seconds, errors per file)."""
    errors = []
    started = time.perf_counter()
    for path in paths:
        done = subprocess.run(
            [*GIGEN, "check", str(path), "--format", "json"], capture_output=True, check=False
        )
        errors.append(int(json.loads(done.stdout).get("errors", 0)))
    return time.perf_counter() - started, errors


def peak_memory(pid: int) -> tuple[int, list[int]]:
    """VmHWM in bytes of a process and of each of its descendants alive now."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                continue
    tree, frontier = [], [pid]
    while frontier:
        tree += frontier
        frontier = [child for child, parent in parents.items() if parent in frontier]
    return _hwm(pid), [_hwm(child) for child in tree[1:]]


def _hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=50, help="units uploading at once")
    n = parser.parse_args(argv).n
    print(f"{os.cpu_count()} CPU cores, Python {sys.version.split()[0]}, {n} units uploading at once")
    with tempfile.TemporaryDirectory(prefix="gigen-serve-bench-") as tmp:
        root = Path(tmp)
        paths = workbooks(root / "workbooks", n)
        process, url, password = start(root / "data", root / "server.log", 2024)
        try:
            links = unit_links(url, password, n)
            results, wall = asyncio.run(wave(links, paths))
            server, workers = peak_memory(process.pid)
        finally:
            stop(process)
        ref_wall, ref_errors = reference(paths)
    times = sorted(seconds for seconds, _ in results)
    if [errors for _, errors in results] != ref_errors:
        raise SystemExit(f"error counts differ: page {[e for _, e in results]}, gigen check {ref_errors}")
    p50, p95 = statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]
    print(
        f"serve: {n} uploads at once  p50 {p50:6.2f} s  p95 {p95:6.2f} s  slowest {times[-1]:6.2f} s  "
        f"wall {wall:6.2f} s  ({sum(1 for _, e in results if e)} with errors)"
    )
    print(
        f"serve peak memory (VmHWM): server {server / 2**20:.0f} MB, "
        f"its {len(workers)} child processes {' + '.join(f'{w / 2**20:.0f}' for w in workers)} MB, "
        f"sum {(server + sum(workers)) / 2**20:.0f} MB"
    )
    print(
        f"reference: gigen check × {n}, one after another  wall {ref_wall:6.2f} s  ({ref_wall / n:.2f} s each)"
    )
    print(
        f"ratios: reference wall / serve wall {ref_wall / wall:5.2f}×   serve p50 / one check {p50 / (ref_wall / n):5.2f}×"
    )


if __name__ == "__main__":
    main()
