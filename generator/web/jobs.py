"""The work the pages hand to the process pool: checking uploads, carrying workbooks forward, county files.

Every result is written to the store from the event loop (one thread talks to SQLite); a page never waits for a
check: the upload's row says 'checking' until the pool's result arrives. Uploads still 'checking' when the
server starts (it was stopped mid-check) are queued again.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from . import work
from .folder import StorageError
from .records import Upload
from .replies import BUG
from .store import Store

T = TypeVar("T")
ORPHAN_POLL = 1.0  # seconds between a worker's looks at whether its server still runs
LOG = logging.getLogger("gigen.web")
CRASHED = "处理这个文件时检查程序意外退出（文件可能过大或已损坏），请检查文件后重新上传。"
NOT_KEPT = (
    "检查结果没能保存：服务器的磁盘已满或数据文件夹不能写入；请告知县政府信息公开办公室，稍后重新上传。"
)


def process_pool() -> ProcessPoolExecutor:
    """One worker per core; spawned, not forked: the server's threads and event loop are not copied into them."""
    return ProcessPoolExecutor(
        max_workers=os.cpu_count() or 2, mp_context=multiprocessing.get_context("spawn"), initializer=_quiet
    )


def _quiet() -> None:
    """A worker ignores Ctrl+C: the server stops first, waiting for the checks under way (else they are re-queued
    at the next start), instead of every check in hand failing at once. It ends itself when the server is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_orphaned, args=(os.getppid(),), name="gigen-orphaned", daemon=True).start()


def _orphaned(server: int) -> None:
    """End this worker within a second of its server's end (kill -9, a crash, the machine's OOM killer): nothing
    else would, and each lingering worker keeps its memory until the machine restarts."""
    while os.getppid() == server:
        time.sleep(ORPHAN_POLL)
    os._exit(0)


class Inline(Executor):
    """An executor that runs each call at once, in the caller's thread (for tests and a one-core machine)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as e:  # handed to the awaiting code, as a pool would
            future.set_exception(e)
        return future


class Jobs:
    """The pool and the tasks waiting on it."""

    def __init__(self, store: Store, executor: Executor | None) -> None:
        self.store = store
        self._owned = executor is None
        self._executor: Executor = executor or process_pool()
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in the pool. A pool whose worker died is replaced, and the call made once more there: one
        file that kills its worker breaks every call in hand, and the others' files are not to blame."""
        for attempt in (1, 2):
            executor = self._executor
            try:
                return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)
            except BrokenProcessPool:
                if not self._owned or attempt == 2:
                    raise
                if executor is self._executor:  # the first call to see it broken replaces it
                    executor.shutdown(wait=False)
                    self._executor = process_pool()
        raise AssertionError("unreachable")

    def start(self) -> None:
        """Queue again every upload left 'checking' by a server that stopped."""
        for upload in self.store.pending():
            unit = self.store.unit(upload.unit_id)
            self.later(upload, unit.name if unit else "")

    def later(self, upload: Upload, unit_name: str) -> None:
        """Check (or carry forward) the upload in the background; its row is finished when the pool answers."""
        task = asyncio.create_task(self._finish(upload, unit_name))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Wait for the uploads being checked, then for the pool."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._owned:
            self._executor.shutdown(wait=True)

    async def _finish(self, upload: Upload, unit_name: str) -> None:
        try:
            if upload.what == "published":
                await self._carry(upload, unit_name)
            else:
                await self._check(upload, unit_name)
        except StorageError as e:  # the disk filled: the check is done again at the next start
            LOG.error("%s", e)
            self._unfinished(upload, NOT_KEPT)
        except Exception:  # the pool broke: the upload says so, the server goes on
            LOG.exception("upload %s", upload.id)
            self._unfinished(upload, CRASHED)

    def _unfinished(self, upload: Upload, note: str) -> None:
        """The upload marked failed with why, unless the database cannot be written either (then it stays
        'checking' and is checked again when the server next starts)."""
        try:
            self.store.finish_upload(upload.id, state="failed", note=note)
        except StorageError as e:
            LOG.error("%s", e)

    async def _check(self, upload: Upload, unit_name: str) -> None:
        checked = await self.run(
            work.check_upload, self.store.path(upload.stored), upload.filename, upload.year, unit_name
        )
        report = self.store.save_file(checked.report, ".docx", prefix="r") if checked.report else ""
        self.store.finish_upload(
            upload.id,
            state="checked" if checked.ok else "failed",
            errors=checked.errors,
            warnings=checked.warnings,
            findings=checked.findings,
            org=checked.org,
            report=report,
            draft=checked.draft,
            note=checked.note,
        )

    async def _carry(self, upload: Upload, unit_name: str) -> None:
        """Last year's report (or workbook) sent: this year's workbook made from it, and what could not be read."""
        carried = await self.run(
            work.carry, self.store.path(upload.stored), upload.filename, unit_name, upload.year
        )
        stored = self.store.save_file(carried.workbook, ".xlsx", prefix="c") if carried.workbook else ""
        if stored:
            self.store.set_carried(upload.unit_id, upload.year, stored)
        self.store.finish_upload(
            upload.id,
            state="checked" if stored else "failed",
            errors=carried.errors,
            warnings=carried.warnings,
            findings=carried.findings,
            note=carried.note if stored else carried.note or BUG,
            result=stored,
        )
