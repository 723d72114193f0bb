"""Many workbooks at once: in parallel worker processes, results in input order, one bad file never stopping the rest.

Workers read, check and render; the parent alone writes, so two workbooks of one township are caught in input
order and the second never overwrites the first. With the fork start method the workers inherit the parent's
imported libraries and compiled template, so they start at once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from . import kinds
from .checks import FEE_LIMIT
from .docx import prepare
from .errors import GigenError, OutputExistsError
from .files import refuse_existing, write_atomic
from .folders import CHECKED, REPORTS, WORKBOOKS, Skipped, collect, nothing_found
from .importing import import_outcome
from .outcome import Outcome, Status
from .pipeline import Checked, check_template, check_workbook, render_report, report_name, report_path
from .shipped import default_template
from .summary import IMPORT_SUMMARY_NAME, SUMMARY_NAME, write_summary


@dataclass(frozen=True)
class _Job:
    source: Path
    output_dir: Path | None  # None: check only, write nothing
    draft: bool
    force: bool
    template: Path | None
    keep_data: bool
    fee_limit: Decimal
    highlight: bool = True
    standard: Path | None = None
    importing: bool = False  # a published report read back into a workbook (output_dir), not a workbook built


def run(
    workbooks: Sequence[Path],
    *,
    output_dir: Path | None = None,
    draft: bool = False,
    force: bool = False,
    template: Path | None = None,
    jobs: int | None = None,
    keep_data: bool = False,
    fee_limit: Decimal = FEE_LIMIT,
    highlight: bool = True,
    standard: Path | None = None,
    stop: CtrlC | None = None,
    importing: bool = False,
) -> Iterator[Outcome]:
    """Check (and with output_dir, build) every workbook; yield one Outcome each, in input order.

    A template that cannot be opened or compiled stops the run with a TemplateError before any work (every report
    would fail alike); anything else that goes wrong with one workbook is that workbook's Outcome. With `stop`,
    Ctrl+C is held while a report is written, so a report on disk is always one the batch reports.
    """
    if output_dir is not None and not importing:
        if template is not None:
            check_template(template)  # a county's template: every problem named before the first township
        _warm(template)  # forked workers inherit the compiled template
    tasks = [
        _Job(p, output_dir, draft, force, template, keep_data, fee_limit, highlight, standard, importing)
        for p in workbooks
    ]
    claimed: dict[str, Path] = {}  # report name (without 草稿) → the workbook that claimed it
    for outcome, report in _map(tasks, jobs or os.cpu_count() or 1, template):
        if stop is not None:
            stop.armed = False  # gather arms it again once this outcome is in its list
        yield _settle(outcome, report, claimed, force)


@dataclass(frozen=True)
class BatchResult:
    """A whole batch: every outcome in input order, what was skipped, the summary written, and whether Ctrl+C cut it."""

    outcomes: list[Outcome]
    skipped: list[Skipped]
    summary: Path | None  # None: it could not be written, for the reason in summary_error
    total: int  # workbooks found, processed or not
    interrupted: bool = False
    summary_error: str = ""

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def reports(self) -> list[Path]:
        return [o.report for o in self.outcomes if o.report and o.status in (Status.BUILT, Status.DRAFT)]


Progress = Callable[[int, str], AbstractContextManager[Callable[[str], None]]]


def run_batch(
    paths: Sequence[Path],
    output: Path,
    *,
    build: bool,
    progress: Progress,
    on_skipped: Callable[[Sequence[Skipped]], None],
    stop: CtrlC,
    fee_limit: Decimal = FEE_LIMIT,
    importing: bool = False,
    **options: Any,
) -> BatchResult:
    """Check (and build) every workbook of the folders and files given, with progress, and write the summary.

    What is skipped is handed to `on_skipped` before any work; on Ctrl+C (`stop`, see ctrl_c) what was done is
    kept and summarised. A summary that cannot be written is said in summary_error, after the table.
    `options` are those of run(): jobs, draft, force, template, highlight, standard. With `importing`, the files
    are published reports, each read back into its workbook in `output`; a check takes workbooks and reports alike.
    """
    wanted = REPORTS if importing else WORKBOOKS if build else CHECKED
    found, skipped = collect(paths, wanted)
    on_skipped(skipped)
    if not found:
        raise nothing_found(paths, wanted.what)
    outcomes = gather(
        found,
        progress,
        wanted.label,
        stop,
        output_dir=output if build or importing else None,
        fee_limit=fee_limit,
        importing=importing,
        **options,
    )
    outcomes = annotate(outcomes)
    try:
        name = IMPORT_SUMMARY_NAME if importing else SUMMARY_NAME
        summary: Path | None = write_summary(outcomes, skipped, output, name=name)
    except GigenError as e:  # a full disk, a folder without write permission: the table is still shown
        summary, error = None, str(e)
    else:
        error = ""
    return BatchResult(outcomes, list(skipped), summary, len(found), stop.pressed, error)


def gather(
    found: Sequence[Path], progress: Progress, label: str, stop: CtrlC, **options: Any
) -> list[Outcome]:
    """The outcomes of run() over the workbooks, with progress, until Ctrl+C (stop.pressed): what was done is kept."""
    outcomes: list[Outcome] = []
    try:
        stop.arm()
        with progress(len(found), label) as advance:
            for outcome in run(found, stop=stop, **options):
                outcomes.append(outcome)
                advance(outcome.township)
                stop.arm()  # raises now if Ctrl+C came while the report was written
    except KeyboardInterrupt:
        pass
    finally:
        stop.armed = False
    return outcomes


class CtrlC:
    """Ctrl+C during a batch: noted whenever it comes; raised (once) only while the workbooks are being processed.

    While the pool runs the first press raises KeyboardInterrupt, to stop waiting for it; after that, and while
    the table is printed and the summary written, presses are only noted, so the batch still ends whole and then
    says it was interrupted.
    """

    def __init__(self) -> None:
        self.pressed = False
        self.armed = False

    def arm(self) -> None:
        """From now on a press raises KeyboardInterrupt; at once if one was noted already."""
        self.armed = True
        if self.pressed:
            self.armed = False
            raise KeyboardInterrupt

    def handle(self, signum: int, frame: object) -> None:
        self.pressed = True
        if self.armed:
            self.armed = False  # once: the pool's shutdown and the table must not be cut by a second press
            raise KeyboardInterrupt


@contextmanager
def ctrl_c() -> Iterator[CtrlC]:
    """Ctrl+C as a CtrlC for the whole batch, even when gigen was started with SIGINT ignored.

    A shell without job control (a script, nohup) starts its commands with SIGINT ignored, and the parent would
    then never stop; the workers ignore it on purpose (see _worker). Only the main thread may set a handler; the
    one found is put back afterwards.
    """
    stop = CtrlC()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = signal.signal(signal.SIGINT, stop.handle)
    try:
        yield stop
    finally:
        if previous is not None:  # None: a handler installed outside Python, which cannot be put back
            signal.signal(signal.SIGINT, previous)


def _settle(outcome: Outcome, report: bytes | None, claimed: dict[str, Path], force: bool) -> Outcome:
    """The parent's part: refuse a second workbook of the same township, write the report."""
    if outcome.org and outcome.year:
        name = report_name(outcome.org, outcome.year)
        first = claimed.setdefault(name, outcome.source)
        if first != outcome.source:
            return replace(
                outcome,
                status=Status.DUPLICATE,
                report=None,
                duplicate_of=first,
                note=f"与{first.name}是同一机关同一年度（{outcome.org}{outcome.year}年），只处理了前一份；"
                "请确认哪一份是最终版本，删去其余的后重新运行。",
            )
    if report is None or outcome.report is None:
        return outcome
    try:
        write_atomic(outcome.report, report, force=force)
    except OutputExistsError as e:  # written by someone else (or a second draft) since the worker looked
        return replace(outcome, status=Status.EXISTS, note=str(e))
    except GigenError as e:  # this report's name is too long, the disk is full…: said for this township
        return replace(outcome, status=Status.NOT_WRITTEN, report=None, note=str(e))
    return outcome


def _process(job: _Job) -> tuple[Outcome, bytes | None]:
    """One workbook, in a worker: read, check, and unless only checking, render (the parent writes)."""
    if job.importing:
        assert job.output_dir is not None
        try:
            return import_outcome(job.source, job.output_dir, force=job.force)
        except Exception as e:  # a report that trips a bug still must not stop the others
            return Outcome(job.source, Status.UNREADABLE, note=_reason(job.source, e)), None
    try:
        checked = check_workbook(job.source, fee_limit=job.fee_limit, standard_folder=job.standard)
    except Exception as e:  # a workbook that trips a bug still must not stop the other townships
        return Outcome(job.source, Status.UNREADABLE, note=_reason(job.source, e)), None
    try:
        return _build(job, checked)
    except Exception as e:  # e.g. a template expression this township's data cannot fill, a name too long
        data = checked.data
        return Outcome(
            job.source,
            Status.NOT_WRITTEN,
            data.text("org_name"),
            data.count("year"),
            checked.findings,
            note=_reason(job.source, e),
            kind=kinds.of(data.values).value,
        ), None


def _reason(source: Path, e: Exception) -> str:
    """gigen's own sentence for what went wrong, or, for a bug, one that asks for the workbook to be reported."""
    if isinstance(e, GigenError):
        return str(e)
    return f"{source.name}：gigen 处理这个工作簿时出了程序错误（不是工作簿的问题），请把这个工作簿发给gigen维护人员。"


def _build(job: _Job, checked: Checked) -> tuple[Outcome, bytes | None]:
    data = checked.data
    kept = data if job.keep_data else None
    outcome = Outcome(
        job.source,
        Status.PASSED,
        data.text("org_name"),
        data.count("year"),
        checked.findings,
        data=kept,
        kind=kinds.of(data.values).value,
    )
    if checked.errors and not (job.output_dir is not None and job.draft):
        return replace(outcome, status=Status.ERRORS), None
    if job.output_dir is None:
        return outcome, None
    target = report_path(checked, job.output_dir)
    try:
        refuse_existing(target, force=job.force)  # before rendering: a refusal costs nothing
    except OutputExistsError as e:
        return replace(outcome, status=Status.EXISTS, report=target, note=str(e)), None
    status = Status.DRAFT if checked.errors else Status.BUILT
    report = render_report(checked, job.template, highlight=job.highlight, standard_folder=job.standard)
    return replace(outcome, status=status, report=target), report


def _map(tasks: list[_Job], workers: int, template: Path | None) -> Iterator[tuple[Outcome, bytes | None]]:
    """_process over the tasks, in order: in this process for one worker or one task, else in a process pool.

    Only a few tasks per worker are submitted ahead, so memory stays flat, and on Ctrl+C (which the workers ignore)
    the pool just finishes those few: cancelling queued futures races with their results in some Python versions.
    """
    workers = min(workers, len(tasks))
    if workers <= 1:
        yield from map(_process, tasks)
        return
    # fork shares the parent's imports and compiled template; elsewhere (Windows, macOS) each worker warms itself.
    method = "fork" if sys.platform == "linux" else "spawn"
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context(method), initializer=_worker, initargs=(template,)
    )
    try:
        pending: deque[Future[tuple[Outcome, bytes | None]]] = deque()
        queue = iter(tasks)
        for task in islice(queue, 4 * workers):
            pending.append(pool.submit(_process, task))
        while pending:
            result = pending.popleft().result()
            for task in islice(queue, 1):
                pending.append(pool.submit(_process, task))
            yield result
    finally:
        pool.shutdown(wait=True)


def _worker(template: Path | None) -> None:
    """A worker process: Ctrl+C is the parent's to handle; then warm up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm(template)


_warmed: set[Path | None] = set()


def _warm(template: Path | None) -> None:
    """Import the libraries and compile the template once per process, before the first workbook."""
    if template in _warmed:
        return
    prepare(template or default_template())
    _warmed.add(template)


def annotate(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """What only the whole batch shows: the first of several copies of one township, and a workbook of another year."""
    copies: dict[Path, list[str]] = {}
    for o in outcomes:
        if o.duplicate_of is not None:
            copies.setdefault(o.duplicate_of, []).append(o.source.name)
    years = Counter(o.year for o in outcomes if o.year)
    year = years.most_common(1)[0][0] if years else 0
    result = []
    for o in outcomes:
        notes = [o.note] if o.note else []
        if o.source in copies:
            notes.append(
                f"{'、'.join(copies[o.source])}与它是同一机关同一年度，只处理了这一份；"
                "请确认哪一份是最终版本，删去其余的后重新运行。"
            )
        if o.year and o.year != year:
            notes.append(f"报告年度为{o.year}年，与其他机关（{year}年）不同，请核对。")
        note = "".join(notes)
        result.append(replace(o, note=note) if note != o.note else o)
    return result


def tally(outcomes: Sequence[Outcome], noun: str = "个工作簿") -> str:
    """The closing sentence: how many of each result."""
    count = Counter(o.status for o in outcomes)
    parts = [
        f"{count[status]}个{text}"
        for status, text in (
            (Status.BUILT, "已生成报告"),
            (Status.IMPORTED, "已导入"),
            (Status.DRAFT, "已生成草稿（有错误，不得印发）"),
            (Status.PASSED, "检查通过"),
            (Status.EXISTS, "报告已存在（未覆盖；工作簿如有更新，请加 --force 重新生成）"),
        )
        if count[status]
    ]
    failed = sum(o.failed for o in outcomes)
    parts.append(f"{failed}个未通过")
    return f"共{len(outcomes)}{noun}：{'，'.join(parts)}。"
