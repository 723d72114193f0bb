"""gigen's batch build against the loop a user would write by hand, on N synthetic townships, in one run.

Run: python benchmarks/batch.py [N ...]   (default: 100 1000)

For each N it writes N rule-consistent workbooks through gigen's own blank workbook (not timed), then times:
- gigen: `python -m generator build DIR -o OUT --force`, end to end in a fresh process (interpreter start,
  imports, worker pool, every report written), with the peak memory of its whole process tree;
- the reference, in this process: for each workbook `openpyxl.load_workbook`, a fresh
  `docxtpl.DocxTemplate(template).render(context)` in a sandboxed autoescaping environment, `save`.
It prints both times, their ratio, and the peak memory. It also times `gigen --help` and one `gigen build`.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

from generator import schema

GIGEN = [sys.executable, "-m", "generator"]
EXAMPLE = Path(__file__).resolve().parent.parent / "inputs" / "卢氏县朱阳关镇2024.xlsx"

NARRATIVE = {
    "s1_intro": "2024年，本镇认真贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
    "s1_proactive": "本年度通过政府网站和镇公开栏主动公开政府信息，及时发布政策文件、工作动态和财政信息。",
    "s1_management": "严格执行公文公开属性源头认定和保密审查制度，及时清理过时信息。",
    "s1_platform": "依托县政府门户网站“政务公开”专栏和镇公开栏发布信息，专人负责更新。",
    "s1_oversight": "将政务公开纳入年度工作考核，开展社会评议，本年度未发生责任追究情况。",
    "s5_problems": "一是公开内容不够细化；二是政策解读形式单一。",
    "s5_improvements": "一是细化公开目录；二是采用图解、问答等形式加强政策解读，并对照上年年报问题逐项整改。",
    "s6_other": "本年度无其他需要报告的事项。",
}


def township_values(i: int) -> dict[str, object]:
    """One township's rule-consistent numbers and text (seeded by i, so every run makes the same workbooks)."""
    rng = random.Random(i)
    values: dict[str, object] = {"signature": "", "date": "2025年1月20日", **NARRATIVE}
    for col in schema.T3_APPLICANTS:
        handled = 0
        for row in schema.T3_RESULT_ROWS:
            n = rng.choice((0, 0, 0, 1, 2)) if col == "natural" or rng.random() < 0.2 else 0
            values[schema.t3_key(row.key, col)] = n
            handled += n
        carried_over, carried_forward = rng.randint(0, 2), rng.randint(0, 2)
        carried_over = min(carried_over, handled + carried_forward)
        values[schema.t3_key("carried_over", col)] = carried_over
        values[schema.t3_key("carried_forward", col)] = carried_forward
        values[schema.t3_key("new", col)] = handled + carried_forward - carried_over
    for group, _ in schema.T4_GROUPS:
        for result, _ in schema.T4_RESULTS[:-1]:
            values[f"t4_{group}_{result}"] = rng.choice((0, 0, 0, 1))
    before, issued, repealed = rng.randint(0, 20), rng.randint(0, 5), rng.randint(0, 3)
    repealed = min(repealed, before + issued)
    values.update(
        {
            "t2_rules_issued": 0,
            "t2_rules_repealed": 0,
            "t2_rules_in_force": 0,
            "prev_norms_in_force": before,
            "t2_norms_issued": issued,
            "t2_norms_repealed": repealed,
            "t2_norms_in_force": before + issued - repealed,
            "t2_licensing": rng.randint(0, 50),
            "t2_penalty": rng.randint(0, 30),
            "t2_coercion": rng.randint(0, 5),
            "t2_fees": float(Decimal(rng.randint(0, 99999)) / 10000),
        }
    )
    overdue = sum(int(str(values[schema.t3_key("other_overdue_fee", c)])) for c in schema.T3_APPLICANTS)
    values["fee_notices"] = overdue
    values["fee_collected"] = 0
    values["s1_request"] = (
        f"本年度新收政府信息公开申请{values_total(values, 'new')}件，"
        f"上年结转{values_total(values, 'carried_over')}件，均依法按时答复。"
    )
    return values


def values_total(values: dict[str, object], row: str) -> int:
    return sum(int(str(values[schema.t3_key(row, c)])) for c in schema.T3_APPLICANTS)


def _write_township(args: tuple[Path, int]) -> None:
    from generator.xlsx import blank_workbook

    folder, i = args
    data = blank_workbook(f"测试县第{i:05d}镇人民政府", 2024, township_values(i))
    (folder / f"第{i:05d}镇2024.xlsx").write_bytes(data)


def make_workbooks(folder: Path, n: int) -> list[Path]:
    """N workbooks written by gigen's own blank-workbook writer, filled by key (in parallel: it is setup)."""
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write_township, [(folder, i) for i in range(1, n + 1)], chunksize=8))
    return sorted(folder.glob("*.xlsx"))


class TreeMemory:
    """Peak memory (PSS) of a process and all its descendants, sampled from /proc (Linux; elsewhere not measured)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_total, self.peak_one, self.processes = pid, 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set() and Path("/proc").is_dir():
            sizes = [_rss(pid) for pid in self._tree()]
            self.peak_total = max(self.peak_total, sum(sizes))
            self.processes = max(self.processes, sum(size > 0 for size in sizes))
            self.peak_one = max([self.peak_one, *sizes])
            self._stop.wait(0.01)

    def _tree(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        tree, frontier = [self.pid], [self.pid]
        while frontier:
            frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
            tree += frontier
        return tree


def _rss(pid: int) -> int:
    """A process's proportional share of resident memory (PSS): pages shared after fork are counted once overall."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def time_gigen(source: Path, out: Path, extra: Sequence[str] = ()) -> tuple[float, TreeMemory]:
    start = time.perf_counter()
    process = subprocess.Popen(
        [*GIGEN, "build", str(source), "-o", str(out), "--force", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with TreeMemory(process.pid) as memory:
        stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"gigen failed ({process.returncode}):\n{stdout.decode()}\n{stderr.decode()}")
    return elapsed, memory


def time_reference(workbooks: Sequence[Path], out: Path) -> float:
    """The loop a user writes by hand: full load_workbook, a fresh DocxTemplate per report, save."""
    import openpyxl
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    from generator.docx import context
    from generator.shipped import default_template
    from generator.xlsx import interpret

    template = default_template()
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for path in workbooks:
        wb = openpyxl.load_workbook(path, data_only=True)
        raw, where = {}, {}
        for key in schema.FIELD_BY_KEY:
            ((sheet, ref),) = wb.defined_names[key].destinations
            raw[key] = wb[sheet][ref.replace("$", "")].value
            where[key] = f"{sheet}!{ref}"
        doc = DocxTemplate(template)
        doc.render(
            context(interpret(path.name, raw, where)),
            jinja_env=SandboxedEnvironment(autoescape=True),
            autoescape=True,
        )
        doc.save(out / (path.stem + ".docx"))
    return time.perf_counter() - start


def time_command(args: Sequence[str], runs: int = 3) -> float:
    """The best of a few runs of one gigen command, interpreter start included."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*GIGEN, *args], check=False, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000], help="numbers of townships")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} CPU cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="gigen-bench-") as tmp:
        root = Path(tmp)
        print(f"gigen --help        {time_command(['--help']):6.2f} s")
        print(
            f"gigen build (one)   {time_command(['build', str(EXAMPLE), '-o', str(root / 'one'), '--force']):6.2f} s"
        )
        for n in args.sizes:
            workbooks = make_workbooks(root / f"in{n}", n)
            gigen, memory = time_gigen(root / f"in{n}", root / f"out{n}")
            built = len(list((root / f"out{n}").glob("*.docx")))
            reference = time_reference(workbooks, root / f"ref{n}")
            print(
                f"N={n:5d}  gigen {gigen:7.2f} s ({built} reports)  reference {reference:7.2f} s  "
                f"reference/gigen {reference / gigen:5.1f}×  gigen peak memory {memory.peak_total / 2**20:5.0f} MB "
                f"(PSS summed over its {memory.processes} processes; largest one {memory.peak_one / 2**20:.0f} MB)"
            )
            if built != n:
                raise SystemExit(f"gigen built {built} reports for {n} workbooks")


if __name__ == "__main__":
    main()
