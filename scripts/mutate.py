"""Mutation testing: hand-made mutants of realistic bugs, and mutmut over the modules, each against its tests.

    .venv/bin/python scripts/mutate.py            # every hand mutant, a table of killed and survived
    .venv/bin/python scripts/mutate.py fee-limit  # only the hand mutants whose name contains fee-limit
    .venv/bin/python scripts/mutate.py --list     # the hand mutants and their test files, nothing run
    .venv/bin/python scripts/mutate.py --mutmut [--rev REV] [--minutes N] [MODULE...]   # mutmut per module

A hand mutant is killed when its tests fail. The file is restored after each run, even on Ctrl+C; run it in a
clean tree (it refuses a mutant whose text is not found exactly once, so a changed line shows up as broken).

--mutmut (pip install mutmut) runs mutmut 3 on each module of MUTMUT_MODULES (or those named) against the test
files that cover it, in a copy of the committed tree at REV (default HEAD, so a score before some tests is one
command away), each for at most N minutes (default 10): mutmut's config stays out of the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str  # under generator/
    old: str
    new: str
    tests: tuple[str, ...]  # under tests/


MUTANTS = (
    Mutant(
        "rollup-money-through-float",
        "rollup.py",
        "    return sum(values, Decimal(0) if schema.FIELD_BY_KEY[key].kind is Kind.MONEY else 0)",
        "    if schema.FIELD_BY_KEY[key].kind is Kind.MONEY:\n"
        "        return Decimal(repr(sum(float(v) for v in values)))\n"
        "    return sum(values, 0)",
        ("test_rollup.py", "test_batch.py"),
    ),
    Mutant(
        "rollup-handled-carried-swapped",
        "schema.py",
        '    ("办结", (t3_total("handled"),)),\n    ("结转下年度", (t3_total("carried_forward"),)),',
        '    ("办结", (t3_total("carried_forward"),)),\n    ("结转下年度", (t3_total("handled"),)),',
        ("test_rollup.py", "test_batch.py"),
    ),
    Mutant(
        "rollup-other-year-summed",
        "rollup.py",
        "        elif o.year != year:",
        "        elif o.year != year and not o.year:",
        ("test_rollup.py", "test_batch.py"),
    ),
    Mutant(
        "headers-footers-not-rendered",
        "docx/render.py",
        r'_TAGGED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml")',
        r'_TAGGED_PART = re.compile(r"word/(document|footnotes|endnotes)\.xml|docProps/core\.xml")',
        ("test_render.py", "test_docxtpl.py"),
    ),
    Mutant(
        "fee-notices-only-sentence",
        "docx/context.py",
        "    if notices:\n        return schema.FEE_NOTICES_ONLY",
        "    if notices and amount:\n        return schema.FEE_NOTICES_ONLY",
        ("test_render.py", "test_checks.py"),
    ),
    Mutant(
        "fee-at-limit",
        "checks/tables.py",
        "    if fee >= ctx.fee_limit:",
        "    if fee > ctx.fee_limit:",
        ("test_checks.py", "test_batch.py"),
    ),
    Mutant(
        "date-1904-ignored",
        "xlsx/read.py",
        "            dt.datetime(1904, 1, 1) if pr is not None",
        "            None if pr is not None",
        ("test_read.py", "test_workbook.py", "test_hostile_read.py"),
    ),
    Mutant(
        "phonetic-run-read",
        "xlsx/read.py",
        'for t in element.iter(_NS + "t") if t.getparent().tag != _NS + "rPh")',
        'for t in element.iter(_NS + "t"))',
        ("test_read.py", "test_workbook.py", "test_hostile_read.py"),
    ),
    Mutant(
        "sheet-scoped-name-read",
        "xlsx/read.py",
        '            if n.get("localSheetId") is None\n',
        "",
        ("test_read.py", "test_workbook.py", "test_hostile_read.py"),
    ),
    Mutant(
        "rules-carried-from-norms",
        "schema.py",
        '            carried_from=f"t2_{stem}_in_force",',
        '            carried_from="t2_norms_in_force",',
        ("test_previous.py",),
    ),
    Mutant(
        "slash-in-name-makes-folder",
        "pipeline.py",
        r"""re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", title)""",
        r"""re.sub(r'[\\:*?"<>|\x00-\x1f]', "", title)""",
        ("test_files.py", "test_cli.py"),
    ),
    Mutant(
        "natural-order-lost",
        "folders.py",
        "        return sorted(folder.iterdir(), key=_natural)",
        "        return sorted(folder.iterdir())",
        ("test_batch.py",),
    ),
    Mutant(
        "rollup-force-ignored",
        "cli.py",
        "        docx=docx,\n        force=force,",
        "        docx=docx,\n        force=False,",
        ("test_rollup.py", "test_batch.py", "test_cli.py"),
    ),
    Mutant(
        "pdf-force-ignored",
        "cli.py",
        "        _pdf([built.report], force=force)",
        "        _pdf([built.report], force=False)",
        ("test_libreoffice.py", "test_cli.py"),
    ),
    Mutant(
        "split-statement-tag",
        "lint.py",
        'opened, closed = text.count("{{") + text.count("{%"), text.count("}}") + text.count("%}")',
        'opened, closed = text.count("{{"), text.count("}}")',
        ("test_lint.py", "test_hostile_template.py"),
    ),
    Mutant(
        "set-names-unknown",
        "lint.py",
        "        if assigned:\n",
        "        if assigned and False:\n",
        ("test_lint.py", "test_hostile_template.py"),
    ),
    Mutant(
        "report-written-in-place",
        "pipeline.py",
        "    path = write_atomic(target, report, force=force)",
        "    path = (target.write_bytes(report), target)[1]",
        ("test_files.py", "test_cli.py"),
    ),
    Mutant(
        "import-published-checked-as-a-workbook",
        "pipeline.py",
        "*check(data, last, fee_limit=fee_limit, published=True)]",
        "*check(data, last, fee_limit=fee_limit)]",
        ("test_import_published.py", "test_import_cli.py"),
    ),
    Mutant(
        "import-money-through-float",
        "importing.py",
        "value = int(text) if text.isdigit() else float(text) if repr(float(text)) == text else text",
        "value = float(text)",
        ("test_import_workbook.py",),
    ),
    Mutant(
        "import-blank-cells-not-blank",
        "importing.py",
        "return interpret(imported.source, {f.key: values.get(f.key) for f in schema.FIELDS}, _LOCATIONS)",
        "return interpret(imported.source, values, _LOCATIONS)",
        ("test_import_workbook.py", "test_import_published.py"),
    ),
    Mutant(
        "import-findings-not-placed",
        "importing.py",
        "        if key is not None and key in origins and not finding.place:",
        "        if key is not None and key in origins and finding.place:",
        ("test_import_workbook.py", "test_import_cli.py"),
    ),
    Mutant(
        "import-own-fee-statement-kept-in-six",
        "published/fees.py",
        "    return any(pattern.fullmatch(text) for pattern in _OWN)",
        "    return False",
        ("test_import_roundtrip.py", "test_import_narrative.py"),
    ),
    Mutant(
        "import-labels-brackets-not-normalised",
        "published/normal.py",
        '    return _SPACE.sub("", unicodedata.normalize("NFKC", text))',
        '    return _SPACE.sub("", text)',
        ("test_import_handtyped.py", "test_import_tables.py"),
    ),
    Mutant(
        "import-grid-cell-takes-first-header-only",
        "published/placing.py",
        "        col = next((line.positions[at] for at in spanned if at in line.positions), None)",
        "        col = line.positions.get(cell.col)",
        ("test_import_roundtrip.py", "test_import_tables.py"),
    ),
    Mutant(
        "import-continued-page-counted-from-the-left",
        "published/continued.py",
        "        offset = width(before) - width(after)",
        "        offset = width(after) - width(before)",
        ("test_import_continued.py",),
    ),
    Mutant(
        "import-continued-rows-not-checked-in-line",
        "published/continued.py",
        "    if len(layouts) == 1 and len(layout := next(iter(layouts))) == len(ids):",
        "    if len(layout := next(iter(layouts))) == len(ids):",
        ("test_import_continued.py",),
    ),
    Mutant(
        "import-continued-blank-row-taken-as-piece",
        "published/continued.py",
        "    if alone is not None and (alone != name or not shape.rows.exact(texts[label])):",
        "    if alone is not None and alone != name:",
        ("test_import_continued.py",),
    ),
    Mutant(
        "import-html-rowspan-ignored",
        "published/html.py",
        "            taken.update((r + i, col + j) for i in range(rowspan) for j in range(colspan))",
        "            taken.update((r, col + j) for j in range(colspan))",
        ("test_import_html.py", "test_import_roundtrip.py"),
    ),
    Mutant(
        "import-text-gbk-not-tried",
        "published/text.py",
        '        encodings = ("utf-8-sig", "gb18030")',
        '        encodings = ("utf-8-sig",)',
        ("test_import_text.py",),
    ),
)


# Module (a glob mutmut accepts) → the test files that cover it; a file missing at REV is left out.
MUTMUT_MODULES = {
    "generator/kinds.py": ("test_kinds.py", "test_format.py", "test_checks.py"),
    "generator/docx/title.py": ("test_title.py", "test_render.py"),
    "generator/model.py": ("test_model.py",),
    "generator/files.py": ("test_files.py",),
    "generator/checks/*": ("test_checks.py",),
    "generator/rollup.py": ("test_rollup.py", "test_batch.py"),
    "generator/xlsx/interpret.py": ("test_workbook.py", "test_previous.py", "test_read.py"),
}

_MUTMUT_CONFIG = """
[tool.mutmut]
source_paths = ["generator"]
only_mutate = ["{module}"]
pytest_add_cli_args_test_selection = [{tests}]
pytest_add_cli_args = ["-p", "no:cacheprovider"]
also_copy = ["templates", "inputs", "benchmarks", "scripts"]
"""


def run_mutmut(module: str, rev: str, minutes: float) -> dict[str, int]:
    """mutmut on one module in a copy of the tree at rev, stopped after `minutes`: its counts by outcome."""
    import json
    import shutil
    import signal
    import tempfile

    tree = Path(tempfile.mkdtemp(prefix="gigen-mutmut-"))
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    tests = [f'"tests/{t}"' for t in MUTMUT_MODULES[module] if (tree / "tests" / t).exists()]
    with (tree / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(_MUTMUT_CONFIG.format(module=module, tests=", ".join(tests)))
    # The copy's generator first; mutants/ made now, or Python caches it as missing and imports the venv's.
    (tree / "mutants").mkdir()
    env = {**os.environ, "PYTHONPATH": str(tree / "mutants")}
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    with (tree / "mutmut.log").open("wb") as log:
        process = subprocess.Popen(
            [mutmut, "run", "--max-children", "1"],
            cwd=tree,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            process.wait(timeout=minutes * 60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait()
    subprocess.run([mutmut, "export-cicd-stats"], cwd=tree, env=env, capture_output=True, check=False)
    stats: dict[str, int] = json.loads((tree / "mutants" / "mutmut-cicd-stats.json").read_text())
    survivors = subprocess.run([mutmut, "results"], cwd=tree, env=env, capture_output=True, text=True).stdout
    (ROOT / "outputs").mkdir(exist_ok=True)
    name = module.replace("/", "_").replace("*", "all")
    (ROOT / "outputs" / f"mutmut-{name}-{rev}.txt").write_text(survivors, encoding="utf-8")
    shutil.rmtree(tree, ignore_errors=True)
    return stats


def mutmut_table(argv: list[str]) -> int:
    rev, minutes, modules = "HEAD", 10.0, []
    args = iter(argv)
    for a in args:
        if a == "--rev":
            rev = next(args)
        elif a == "--minutes":
            minutes = float(next(args))
        else:
            modules.append(a)
    print(
        f"{'module':30} {'total':>6} {'killed':>6} {'survived':>8} {'no tests':>8} {'timeout':>7} {'unrun':>6}"
    )
    for module in modules or list(MUTMUT_MODULES):
        s = run_mutmut(module, rev, minutes)
        done = s["killed"] + s["survived"] + s["no_tests"] + s["timeout"] + s["suspicious"] + s["skipped"]
        row = (s["total"], s["killed"], s["survived"], s["no_tests"], s["timeout"], s["total"] - done)
        print(f"{module:30} {row[0]:6} {row[1]:6} {row[2]:8} {row[3]:8} {row[4]:7} {row[5]:6}", flush=True)
    return 0


def run(mutant: Mutant) -> tuple[str, float]:
    """Put the mutant in, run its tests, take it out: killed, survived, or broken (its text not found once)."""
    path = ROOT / "generator" / mutant.path
    original = path.read_text(encoding="utf-8")
    if original.count(mutant.old) != 1:
        return "broken", 0.0
    started = time.monotonic()
    try:
        path.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
        tests = [str(ROOT / "tests" / t) for t in mutant.tests]
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
        # This tree's generator first, whatever the venv's editable install points at (a copy of the tree works).
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        failed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False).returncode != 0
    finally:
        path.write_text(original, encoding="utf-8")
    return ("killed" if failed else "survived"), time.monotonic() - started


def main(argv: list[str]) -> int:
    if argv[:1] == ["--mutmut"]:
        return mutmut_table(argv[1:])
    names = [a for a in argv if a != "--list"]
    chosen = [m for m in MUTANTS if not names or any(n in m.name for n in names)]
    if "--list" in argv:
        for m in chosen:
            print(f"{m.name:32} generator/{m.path:20} {' '.join(m.tests)}")
        return 0
    results = []
    for m in chosen:
        outcome, seconds = run(m)
        results.append(outcome)
        print(f"{outcome:9} {seconds:6.1f}s  {m.name}", flush=True)
    print(f"{results.count('killed')} of {len(results)} killed, {results.count('survived')} survived", end="")
    print(f", {results.count('broken')} broken" if "broken" in results else "")
    return 0 if results.count("killed") == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
