"""Mutation testing: hand-made mutants of realistic bugs, and mutmut over the modules, each against its tests.

    .venv/bin/python scripts/mutate.py            # every hand mutant, a table of killed (and by which test) and survived
    .venv/bin/python scripts/mutate.py fee-limit  # only the hand mutants whose name contains fee-limit
    .venv/bin/python scripts/mutate.py web-       # the web page's mutants (gigen serve)
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
        "files.py",
        r"""re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", named(org))""",
        r"""re.sub(r'[\\:*?"<>|\x00-\x1f]', "", named(org))""",
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
    # The web page (gigen serve): its security rules, its store and what its pages say.
    Mutant(
        "web-final-csrf-skipped",
        "web/unit.py",
        "    check_csrf(form, unit_csrf(here.store.secret(), unit.token))\n    current = here.store.current(",
        "    current = here.store.current(",
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-office-unit-action-csrf-skipped",
        "web/office.py",
        "    if await office_form(request) is None:\n        return None",
        "    if session_csrf(request) is None:\n        return None",
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-login-csrf-skipped",
        "web/office.py",
        "    check_csrf(form, login_csrf(store.secret(), pre) if pre else None)\n",
        "",
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-csrf-compared-with-eq",
        "web/replies.py",
        "not isinstance(sent, str) or not same(sent, expected):",
        "not isinstance(sent, str) or sent != expected:",
        ("test_web_guard.py", "test_web_security.py"),
    ),
    Mutant(
        "web-same-with-eq",
        "web/security.py",
        '    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))',
        "    return a == b",
        ("test_web_security.py", "test_web_guard.py"),
    ),
    Mutant(
        "web-password-hash-compared-with-eq",
        "web/security.py",
        "    return hmac.compare_digest(computed, key)",
        "    return computed == key",
        ("test_web_security.py", "test_web_guard.py"),
    ),
    Mutant(
        "web-unit-token-compared-with-eq",
        "web/store.py",
        "            if unit.token and security.same(unit.token, token):",
        "            if unit.token == token:",
        ("test_web_store.py", "test_web_guard.py"),
    ),
    Mutant(
        "web-upload-ownership-dropped",
        "web/unit.py",
        "    if sent is None or sent.unit_id != unit.id:",
        "    if sent is None:",
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-rate-limit-off-by-one",
        "web/security.py",
        "    return failures >= MAX_FAILURES",
        "    return failures > MAX_FAILURES",
        ("test_web_guard.py", "test_web_security.py"),
    ),
    Mutant(
        "web-rate-limit-never-counted",
        "web/office.py",
        "    store.login_failed(client)  # counted before the password is tried",
        "    # counted before the password is tried",
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-rate-limit-kept-after-login",
        "web/office.py",
        "    store.clear_failures(client)\n",
        "",
        ("test_web_guard.py", "test_web_store.py"),
    ),
    Mutant(
        "web-rate-limit-window-ignored",
        "web/store.py",
        "client, clock() - within_seconds",
        "client, clock() - FAILURES_KEPT",
        ("test_web_store.py", "test_web_guard.py"),
    ),
    Mutant(
        "web-size-limit-only-content-length",
        "web/app.py",
        "                if received > LIMIT:\n                    raise _TooLarge\n",
        "",
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-file-limit-only-the-body",
        "web/replies.py",
        "    if len(data) > MAX_UPLOAD:\n        raise Refused(413, TOO_LARGE)\n",
        "",
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-sniff-docx-as-xlsx",
        "web/sniff.py",
        '    if "word/document.xml" in names:\n        return ".docx"',
        '    if "word/document.xml" in names:\n        return ".xlsx"',
        ("test_web_sniff.py", "test_web_guard.py"),
    ),
    Mutant(
        "web-upload-takes-a-docx",
        "web/unit.py",
        '    if kind != ".xlsx":\n        raise Refused(400, _not_workbook(name, kind))',
        '    if kind not in (".xlsx", ".docx"):\n        raise Refused(400, _not_workbook(name, kind))',
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-row-committed-before-the-file",
        "web/store.py",
        '        stored = self.save_file(data, suffix, "u" if what == "workbook" else "p")\n'
        "        try:\n"
        "            with self._write() as db:\n"
        "                upload_id = db.execute(\n"
        '                    "INSERT INTO uploads (unit_id, year, what, filename, stored, size, at, state)"\n'
        "                    \" VALUES (?, ?, ?, ?, ?, ?, ?, 'checking')\",\n"
        "                    (unit_id, year, what, disk.shown_name(filename), stored, len(data), now()),\n"
        "                ).lastrowid\n",
        '        stored = f"u{secrets.token_hex(12)}{suffix}"\n'
        "        try:\n"
        "            with self._write() as db:\n"
        "                upload_id = db.execute(\n"
        '                    "INSERT INTO uploads (unit_id, year, what, filename, stored, size, at, state)"\n'
        "                    \" VALUES (?, ?, ?, ?, ?, ?, ?, 'checking')\",\n"
        "                    (unit_id, year, what, disk.shown_name(filename), stored, len(data), now()),\n"
        "                ).lastrowid\n"
        "            (self.files / stored).write_bytes(data)\n",
        ("test_web_store.py",),
    ),
    Mutant(
        "web-pending-not-requeued-at-start",
        "web/app.py",
        "        jobs.start()\n",
        "",
        ("test_web_app.py",),
    ),
    Mutant(
        "web-findings-not-sorted-on-the-page",
        "web/unit.py",
        '    findings = sorted(current.findings, key=lambda f: f.get("severity") != "错误") if current else []',
        "    findings = list(current.findings) if current else []",
        ("test_web_app.py", "test_web_guard.py"),
    ),
    Mutant(
        "web-findings-not-sorted-by-the-worker",
        "web/work.py",
        "    ordered = sorted(findings, key=lambda f: f.severity is not Severity.ERROR)",
        "    ordered = list(findings)",
        ("test_web_work.py", "test_web_app.py"),
    ),
    Mutant(
        "web-draft-flag-inverted-on-the-page",
        "web/unit.py",
        "        draft=bool(current and (current.draft or current.errors)),",
        "        draft=bool(current and not (current.draft or current.errors)),",
        ("test_web_app.py",),
    ),
    Mutant(
        "web-draft-name-inverted",
        "web/unit.py",
        "draft=current.draft or current.errors > 0)",
        "draft=not (current.draft or current.errors > 0))",
        ("test_web_app.py",),
    ),
    Mutant(
        "web-state-built-and-final-swapped",
        "web/words.py",
        "    return FINAL if upload.final else BUILT",
        "    return BUILT if upload.final else FINAL",
        ("test_web_app.py",),
    ),
    Mutant(
        "web-final-allowed-with-errors",
        "web/unit.py",
        '    if current is None or current.state != "checked" or current.errors or not current.report:',
        '    if current is None or current.state != "checked" or not current.report:',
        ("test_web_app.py", "test_web_guard.py"),
    ),
    Mutant(
        "web-store-final-allowed-with-errors",
        "web/store.py",
        "\" AND errors = 0 AND report <> ''\",",
        "\" AND report <> ''\",",
        ("test_web_store.py",),
    ),
    Mutant(
        "web-revoke-keeps-the-token",
        "web/store.py",
        "\"UPDATE units SET token = '' WHERE id = ?\"",
        '"UPDATE units SET created = created WHERE id = ?"',
        ("test_web_guard.py", "test_web_store.py"),
    ),
    Mutant(
        "web-session-cookie-not-http-only",
        "web/office.py",
        'max_age=max_age, path="/", httponly=True, samesite="strict")',
        'max_age=max_age, path="/", samesite="strict")',
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-session-cookie-same-site-lax",
        "web/office.py",
        'max_age=max_age, path="/", httponly=True, samesite="strict")',
        'max_age=max_age, path="/", httponly=True, samesite="lax")',
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-logout-keeps-the-session",
        "web/office.py",
        '        site(request).store.end_session(request.cookies.get(SESSION, ""))',
        "        pass",
        ("test_web_guard.py", "test_web_store.py"),
    ),
    Mutant(
        "web-session-never-expires",
        "web/store.py",
        '"SELECT csrf FROM sessions WHERE id = ? AND expires > ?", _hashed(session_id), clock()',
        '"SELECT csrf FROM sessions WHERE id = ? AND expires > ?", _hashed(session_id), 0',
        ("test_web_store.py", "test_web_guard.py"),
    ),
    Mutant(
        "web-upload-overwrites-an-earlier-one",
        "web/folder.py",
        '    stored = f"{prefix}{secrets.token_hex(12)}{suffix}"',
        '    stored = f"{prefix}{os.getpid():024x}{suffix}"',
        ("test_web_store.py", "test_web_app.py"),
    ),
    Mutant(
        "web-stored-name-matched-at-the-start-only",
        "web/folder.py",
        "    if not _STORED.fullmatch(stored):",
        "    if not _STORED.match(stored):",
        ("test_web_store.py",),
    ),
    Mutant(
        "web-new-year-hands-out-blanks",
        "web/downloads.py",
        "    made, _why = await here.jobs.run(work.carry_forward, path, shown, unit.name, year + 1)",
        '    made, _why = await here.jobs.run(work.blank, unit.name, year + 1), ""',
        ("test_web_app.py",),
    ),
    Mutant(
        "web-new-year-carried-over-dropped",
        "web/work.py",
        '        blank_workbook(org or data.text("org_name"), year or None, values, copied=copied, copied_year=last)',
        '        blank_workbook(\n            org or data.text("org_name"),\n            year or None,\n'
        '            {k: v for k, v in values.items() if not k.startswith("t3_")},\n'
        "            copied=copied,\n            copied_year=last,\n        )",
        ("test_web_app.py", "test_web_work.py"),
    ),
    Mutant(
        "web-new-year-started-twice",
        "web/office.py",
        '    if text_field(form, "year") != str(year):',
        '    if not text_field(form, "year"):',
        ("test_web_app.py",),
    ),
    Mutant(
        "web-unit-page-shows-every-units-history",
        "web/unit.py",
        "    history = store.uploads(unit.id)\n",
        "    history = [u for other in store.units() for u in store.uploads(other.id)]\n",
        ("test_web_guard.py", "test_web_app.py"),
    ),
    Mutant(
        "web-error-page-prints-the-exception",
        "web/app.py",
        "    return error_page(500, BUG)",
        '    return error_page(500, f"{BUG}（{exc}）")',
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-crashed-check-left-checking",
        "web/jobs.py",
        "            self._unfinished(upload, CRASHED)",
        "            pass",
        ("test_web_app.py",),
    ),
    Mutant(
        "web-login-counted-after-the-password",
        "web/office.py",
        "    store.login_failed(client)  # counted before the password is tried: attempts sent at once count each\n"
        '    if not await run_in_threadpool(verify_password, text_field(form, "password"), store.password_hash()):\n'
        "        return _login(request, wrong=True)",
        '    if not await run_in_threadpool(verify_password, text_field(form, "password"), store.password_hash()):\n'
        "        store.login_failed(client)\n"
        "        return _login(request, wrong=True)",
        ("test_web_guard.py",),
    ),
    Mutant(
        "web-second-server-on-a-folder",
        "web/folder.py",
        "            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)",
        "            pass",
        ("test_web_serve.py",),
    ),
    Mutant(
        "web-half-written-files-kept",
        "web/server.py",
        "        disk.sweep(data / FILES)",
        "        pass",
        ("test_web_serve.py",),
    ),
    Mutant(
        "web-unit-with-uploads-deleted",
        "web/store.py",
        '            if db.execute("SELECT 1 FROM uploads WHERE unit_id = ? LIMIT 1", (unit_id,)).fetchone():',
        "            if False:",
        ("test_web_app.py",),
    ),
    Mutant(
        "web-summary-without-the-pages-findings",
        "web/work_county.py",
        "    found = sent_for(outcome.data, year, unit) if outcome.data is not None else ()",
        "    found = ()",
        ("test_web_office_faults.py",),
    ),
    Mutant(
        "web-broken-pool-not-retried",
        "web/jobs.py",
        "                if not self._owned or attempt == 2:",
        "                if True:",
        ("test_web_office_faults.py",),
    ),
    Mutant(
        "web-new-year-from-an-unreadable-upload",
        "web/downloads.py",
        '    read = next((u for u in sent if u.what == "workbook" and u.state == "checked"), None)',
        '    read = next((u for u in sent if u.what == "workbook"), None)',
        ("test_web_office_faults.py", "test_web_app.py"),
    ),
    Mutant(
        "web-final-of-a-workbook-not-seen",
        "web/unit.py",
        '    if text_field(form, "upload") != str(current.id):',
        "    if False:",
        ("test_web_office_faults.py",),
    ),
    Mutant(
        "web-pages-cached",
        "web/app.py",
        'cache = b"max-age=3600" if scope["path"].startswith("/static/") else b"no-store"',
        'cache = b"max-age=3600"',
        ("test_web_guard.py",),
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


def run(mutant: Mutant) -> tuple[str, float, str]:
    """Put the mutant in, run its tests, take it out: killed (and the first test that failed), survived, or broken
    (its text not found once)."""
    path = ROOT / "generator" / mutant.path
    original = path.read_text(encoding="utf-8")
    if original.count(mutant.old) != 1:
        return "broken", 0.0, ""
    started = time.monotonic()
    try:
        path.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
        tests = [str(ROOT / "tests" / t) for t in mutant.tests]
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-rfE", "-p", "no:cacheprovider", *tests]
        # This tree's generator first, whatever the venv's editable install points at (a copy of the tree works).
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    finally:
        path.write_text(original, encoding="utf-8")
    seconds = time.monotonic() - started
    if done.returncode == 0:
        return "survived", seconds, ""
    # pytest's summary line, "FAILED tests/test_x.py::test_y[case] - AssertionError…" (a log line may start so too)
    summary = (line.split() for line in done.stdout.splitlines() if line.startswith(("FAILED ", "ERROR ")))
    killer = next((words[1] for words in summary if words[1].startswith("tests/")), "")
    # pytest writes a parameter's non-ASCII characters as \u escapes: shown as the characters again
    return "killed", seconds, killer.removeprefix("tests/").encode().decode("unicode_escape")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--mutmut"]:
        return mutmut_table(argv[1:])
    names = [a for a in argv if a != "--list"]
    chosen = [m for m in MUTANTS if not names or any(n in m.name for n in names)]
    if "--list" in argv:
        for m in chosen:
            print(f"{m.name:42} generator/{m.path:22} {' '.join(m.tests)}")
        return 0
    results = []
    for m in chosen:
        outcome, seconds, killer = run(m)
        results.append(outcome)
        print(f"{outcome:9} {seconds:6.1f}s  {m.name}" + (f"  by {killer}" if killer else ""), flush=True)
    print(f"{results.count('killed')} of {len(results)} killed, {results.count('survived')} survived", end="")
    print(f", {results.count('broken')} broken" if "broken" in results else "")
    return 0 if results.count("killed") == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
