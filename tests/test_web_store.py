"""The web page's data folder: what is stored is found again by a new Store (as after a restart), links, uploads
kept whole and never overwritten, sessions and the login window."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from generator.errors import GigenError
from generator.web import security, store
from generator.web.store import Store

FINDINGS = (
    {
        "severity": "错误",
        "where": "表三!D6",
        "message": "自然人列：总计与各项之和相差1件。",
        "rule": "T3-SUM",
    },
    {"severity": "警告", "where": "基本信息!C4", "message": "机关全称中有空格。", "rule": "ORG-SPACE"},
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "gigen-data"


@pytest.fixture
def opened(data: Path):
    made = Store(data)
    made.initialise(security.hash_password("pw"), 2024)
    yield made
    made.close()


def reopened(data: Path) -> Store:
    """The same folder opened again, as the server does after a restart."""
    return Store(data)


def test_the_folder_is_made_with_a_wal_database_of_the_current_schema(data):
    Store(data).close()
    assert (data / "files").is_dir()
    db = sqlite3.connect(data / "gigen.sqlite3")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == store.VERSION == 1
    finally:
        db.close()


def test_the_office_settings_are_found_again_after_a_restart(data):
    first = Store(data)
    assert not first.initialised()
    first.initialise(security.hash_password("县里的密码"), 2024)
    secret = first.secret()
    first.close()
    again = reopened(data)
    assert again.initialised()
    assert security.verify_password("县里的密码", again.password_hash())
    assert again.year() == 2024
    assert again.secret() == secret and len(secret) == 32
    again.set_year(2025)
    again.set_password_hash(security.hash_password("新密码"))
    again.close()
    last = reopened(data)
    assert last.year() == 2025
    assert security.verify_password("新密码", last.password_hash())
    assert last.secret() == secret
    last.close()


def test_the_countys_name_is_kept_stripped_until_cleared(opened, data):
    assert opened.county() == ""
    opened.set_county(" 叶城县\u3000")
    opened.close()
    with closing(reopened(data)) as again:
        assert again.county() == "叶城县"
        again.set_county("  ")
        assert again.county() == ""


def test_initialising_twice_is_refused_and_changes_nothing(opened):
    secret = opened.secret()
    with pytest.raises(ValueError):
        opened.initialise(security.hash_password("other"), 2030)
    assert opened.year() == 2024 and opened.secret() == secret


def test_a_folder_not_yet_initialised_has_no_settings(data):
    with closing(Store(data)) as fresh, pytest.raises(LookupError):
        fresh.year()


def test_units_are_added_stripped_in_order_without_blanks_or_repeats(opened, data):
    added = opened.add_units(
        ["  甲镇人民政府 ", "", "   ", "乙街道办事处\u3000", "甲镇人民政府", "县教育局", "乙街道办事处"]
    )
    assert [u.name for u in added] == ["甲镇人民政府", "乙街道办事处", "县教育局"]
    assert opened.add_units(["县教育局", "丙乡人民政府"])[0].name == "丙乡人民政府"
    opened.close()
    with closing(reopened(data)) as again:
        units = again.units()
        assert [u.name for u in units] == ["甲镇人民政府", "乙街道办事处", "县教育局", "丙乡人民政府"]
        assert len({u.token for u in units}) == 4
        assert again.unit(units[1].id) == units[1]
        assert again.unit(999) is None


def test_a_unit_is_found_by_its_token_and_only_by_it(opened):
    first, second = opened.add_units(["甲镇", "乙镇"])
    assert opened.unit_by_token(first.token) == first
    assert opened.unit_by_token(second.token) == second
    assert opened.unit_by_token("") is None
    assert opened.unit_by_token(first.token[:-1]) is None
    assert opened.unit_by_token(first.token + "x") is None
    assert opened.unit_by_token(security.new_token()) is None
    assert opened.unit_by_token("../\udc80") is None


def test_a_revoked_link_finds_nothing_until_reissued(opened, data):
    (unit,) = opened.add_units(["甲镇"])
    opened.revoke(unit.id)
    assert opened.unit(unit.id).token == ""
    assert opened.unit_by_token(unit.token) is None
    assert opened.unit_by_token("") is None
    renewed = opened.reissue(unit.id)
    assert renewed.token and renewed.token != unit.token
    opened.close()
    with closing(reopened(data)) as again:
        assert again.unit_by_token(unit.token) is None
        assert again.unit_by_token(renewed.token) == renewed


def test_reissuing_changes_the_token_and_the_old_link_stops_working(opened):
    (unit,) = opened.add_units(["甲镇"])
    renewed = opened.reissue(unit.id)
    assert renewed.id == unit.id and renewed.name == unit.name
    assert renewed.token != unit.token
    assert opened.unit_by_token(unit.token) is None
    assert opened.unit_by_token(renewed.token) == renewed
    with pytest.raises(LookupError):
        opened.reissue(999)


def test_every_live_token_is_compared_in_constant_time(opened, monkeypatch):
    """Each live link compared through hmac.compare_digest, even after a match: no early exit tells which."""
    first, _, third = opened.add_units(["甲镇", "乙镇", "丙镇"])
    opened.revoke(third.id)
    compared = []
    original = security.hmac.compare_digest

    def recording(a, b):
        compared.append(a)
        return original(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", recording)
    assert opened.unit_by_token(first.token) == first
    assert len(compared) == 2  # both live tokens, the matching one first; the revoked one has none


def test_a_file_is_saved_whole_under_a_name_the_store_makes(opened):
    stored = opened.save_file("报告".encode() * 1000, ".docx", prefix="r")
    assert stored.startswith("r") and stored.endswith(".docx")
    assert opened.path(stored) == opened.files / stored
    assert opened.path(stored).read_bytes() == "报告".encode() * 1000
    second = opened.save_file(b"x", ".docx", prefix="r")
    assert second != stored
    assert sorted(p.name for p in opened.files.iterdir()) == sorted(
        [stored, second]
    )  # no temporary file left


@pytest.mark.parametrize(
    "name",
    [
        "../gigen.sqlite3",
        "gigen.sqlite3",
        "a/b.xlsx",
        "u000123.xlsx",  # a name's shape the store never makes
        "报表.xlsx",
        "",
        ".~0123456789abcdef.part",
        "u0123456789abcdef01234567.xlsx/../../x",
        "U0123456789ABCDEF01234567.xlsx",
    ],
)
def test_path_refuses_any_name_the_store_did_not_make(opened, name):
    with pytest.raises(ValueError):
        opened.path(name)


def test_save_file_refuses_a_suffix_or_prefix_that_could_be_a_path(opened):
    for suffix, prefix in ((".xlsx/../x", "u"), ("xlsx", "u"), (".xlsx", "../"), (".xlsx", "")):
        with pytest.raises(ValueError):
            opened.save_file(b"x", suffix, prefix=prefix)
    assert list(opened.files.iterdir()) == []


def test_an_upload_is_kept_with_its_sent_name_shown_only(opened, data):
    (unit,) = opened.add_units(["甲镇"])
    upload = opened.add_upload(
        unit.id, 2024, "workbook", "C:\\Users\\clerk\\报表\x07.xlsx", b"PK-bytes", ".xlsx"
    )
    assert upload.filename == "报表.xlsx"
    assert "报表" not in upload.stored and upload.stored.endswith(".xlsx")
    assert (upload.unit_id, upload.year, upload.what, upload.size, upload.state) == (
        unit.id,
        2024,
        "workbook",
        8,
        "checking",
    )
    assert opened.path(upload.stored).read_bytes() == b"PK-bytes"
    opened.close()
    with closing(reopened(data)) as again:
        assert again.pending() == [upload]  # re-queued at start-up
        assert again.upload(upload.id) == upload


def test_the_file_is_on_disk_and_fsynced_before_the_row_is_committed(opened, data, monkeypatch):
    (unit,) = opened.add_units(["甲镇"])
    seen = []
    original = os.fsync

    def recording(fd):
        original(fd)
        db = sqlite3.connect(data / "gigen.sqlite3")
        try:
            seen.append(db.execute("SELECT count(*) FROM uploads").fetchone()[0])
        finally:
            db.close()

    monkeypatch.setattr(os, "fsync", recording)
    upload = opened.add_upload(unit.id, 2024, "workbook", "a.xlsx", b"bytes", ".xlsx")
    assert seen and seen[0] == 0  # the file's fsync came while no row named it yet
    assert opened.upload(upload.id) is not None


def test_an_upload_for_no_unit_leaves_no_file(opened):
    with pytest.raises(sqlite3.IntegrityError):
        opened.add_upload(999, 2024, "workbook", "a.xlsx", b"bytes", ".xlsx")
    assert [p for p in opened.files.iterdir()] == []


def test_two_uploads_of_one_unit_at_once_are_both_kept(opened, data):
    (unit,) = opened.add_units(["甲镇"])
    barrier = threading.Barrier(8)
    made = []

    def send(i: int) -> None:
        barrier.wait()
        made.append(
            opened.add_upload(unit.id, 2024, "workbook", f"{i}.xlsx", f"workbook {i}".encode(), ".xlsx")
        )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    opened.close()
    with closing(reopened(data)) as again:
        kept = again.uploads(unit.id)
        assert len(kept) == 8 and len({u.stored for u in kept}) == 8
        assert [u.id for u in kept] == sorted((u.id for u in kept), reverse=True)  # newest first
        for upload in kept:
            assert again.path(upload.stored).read_bytes() == f"workbook {upload.filename[:-5]}".encode()


def test_a_finished_upload_keeps_its_findings_and_the_newest_workbook_is_current(opened, data):
    first, other = opened.add_units(["甲镇", "乙镇"])
    old = opened.add_upload(first.id, 2023, "workbook", "2023.xlsx", b"a", ".xlsx")
    checked = opened.add_upload(first.id, 2024, "workbook", "v1.xlsx", b"b", ".xlsx")
    published = opened.add_upload(first.id, 2024, "published", "2023年报.pdf", b"%PDF-", ".pdf")
    theirs = opened.add_upload(other.id, 2024, "workbook", "theirs.xlsx", b"c", ".xlsx")
    report = opened.save_file(b"docx", ".docx", prefix="r")
    opened.finish_upload(
        checked.id,
        state="checked",
        errors=1,
        warnings=1,
        findings=FINDINGS,
        org="甲镇人民政府",
        report=report,
        draft=True,
    )
    carried = opened.save_file(b"xlsx", ".xlsx", prefix="c")
    opened.finish_upload(published.id, state="failed", note="文件不是年度报告。", result=carried)
    opened.close()
    with closing(reopened(data)) as again:
        current = again.current(first.id, 2024)
        assert current is not None and current.id == checked.id  # the published report is no workbook
        assert current.findings == FINDINGS
        assert (current.state, current.errors, current.warnings, current.org) == (
            "checked",
            1,
            1,
            "甲镇人民政府",
        )
        assert (current.report, current.draft, current.final) == (report, True, False)
        assert again.upload(published.id).note == "文件不是年度报告。"
        assert again.upload(published.id).result == carried
        assert again.current(first.id, 2023).id == old.id
        assert again.current(first.id, 2025) is None
        assert [u.id for u in again.uploads(first.id, 2024)] == [published.id, checked.id]
        assert [u.id for u in again.uploads(first.id)] == [published.id, checked.id, old.id]
        assert [u.id for u in again.pending()] == [old.id, theirs.id]


def test_finishing_refuses_an_unknown_state_or_a_stored_name_it_did_not_make(opened):
    (unit,) = opened.add_units(["甲镇"])
    upload = opened.add_upload(unit.id, 2024, "workbook", "a.xlsx", b"a", ".xlsx")
    with pytest.raises(ValueError):
        opened.finish_upload(upload.id, state="done")
    with pytest.raises(ValueError):
        opened.finish_upload(upload.id, state="checked", report="../../etc/passwd")
    with pytest.raises(ValueError):
        opened.add_upload(unit.id, 2024, "macro", "a.xlsx", b"a", ".xlsx")
    assert opened.upload(upload.id).state == "checking"


def test_a_report_is_marked_final_only_without_errors(opened):
    (unit,) = opened.add_units(["甲镇"])
    with_errors = opened.add_upload(unit.id, 2024, "workbook", "a.xlsx", b"a", ".xlsx")
    clean = opened.add_upload(unit.id, 2024, "workbook", "b.xlsx", b"b", ".xlsx")
    report = opened.save_file(b"docx", ".docx", prefix="r")
    opened.finish_upload(
        with_errors.id, state="checked", errors=2, findings=FINDINGS[:1], report=report, draft=True
    )
    with pytest.raises(ValueError):
        opened.mark_final(with_errors.id)
    with pytest.raises(ValueError):
        opened.mark_final(clean.id)  # still being checked
    opened.finish_upload(clean.id, state="checked", report=report)
    opened.mark_final(clean.id)
    assert opened.upload(clean.id).final
    assert not opened.upload(with_errors.id).final


def test_a_pdf_and_a_carried_forward_workbook_are_remembered(opened, data):
    first, second = opened.add_units(["甲镇", "乙镇"])
    upload = opened.add_upload(first.id, 2024, "workbook", "a.xlsx", b"a", ".xlsx")
    pdf = opened.save_file(b"%PDF-", ".pdf", prefix="r")
    opened.set_pdf(upload.id, pdf)
    carried, newer = opened.save_file(b"1", ".xlsx", prefix="c"), opened.save_file(b"2", ".xlsx", prefix="c")
    opened.set_carried(first.id, 2025, carried)
    opened.set_carried(first.id, 2025, newer)
    with pytest.raises(ValueError):
        opened.set_carried(second.id, 2025, "../../x.xlsx")
    opened.close()
    with closing(reopened(data)) as again:
        assert again.upload(upload.id).pdf == pdf
        assert again.carried(first.id, 2025) == newer
        assert again.carried(first.id, 2024) is None
        assert again.carried(second.id, 2025) is None


def test_a_session_lives_twelve_hours_until_ended(opened, data, monkeypatch):
    start = 1_800_000_000.0
    monkeypatch.setattr(store, "clock", lambda: start)
    session, csrf = opened.new_session()
    assert opened.session_csrf(session) == csrf
    assert opened.session_csrf(session + "x") is None
    assert opened.session_csrf("") is None
    other, _ = opened.new_session()
    opened.close()
    with closing(reopened(data)) as again:
        assert again.session_csrf(session) == csrf  # a restart keeps the office logged in
        monkeypatch.setattr(store, "clock", lambda: start + 12 * 3600 - 1)
        assert again.session_csrf(session) == csrf
        again.end_session(session)
        assert again.session_csrf(session) is None
        assert again.session_csrf(other) is not None
        monkeypatch.setattr(store, "clock", lambda: start + 12 * 3600)
        assert again.session_csrf(other) is None


def test_only_a_hash_of_the_session_id_is_stored(opened, data):
    session, _ = opened.new_session()
    assert (
        session.encode()
        not in (data / "gigen.sqlite3").read_bytes() + (data / "gigen.sqlite3-wal").read_bytes()
    )


def test_failed_logins_are_counted_per_client_within_the_window_only(opened, data, monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(store, "clock", lambda: now[0])
    for _ in range(3):
        opened.login_failed("10.0.0.5")
    now[0] += 600
    opened.login_failed("10.0.0.5")
    opened.login_failed("10.0.0.9")
    assert opened.failures("10.0.0.5", security.FAILURE_WINDOW) == 4
    now[0] += 301  # the first three are now 901 s old: out of the 15-minute window
    assert opened.failures("10.0.0.5", security.FAILURE_WINDOW) == 1
    assert opened.failures("10.0.0.5", 3600) == 4
    assert opened.failures("10.0.0.9", security.FAILURE_WINDOW) == 1
    assert opened.failures("10.0.0.7", security.FAILURE_WINDOW) == 0
    opened.close()
    with closing(reopened(data)) as again:
        assert again.failures("10.0.0.5", 3600) == 4  # a restart does not reset the count
        again.clear_failures("10.0.0.5")
        assert again.failures("10.0.0.5", 3600) == 0
        assert again.failures("10.0.0.9", 3600) == 1


def test_a_file_that_is_no_database_is_refused_in_one_chinese_sentence(data):
    data.mkdir()
    (data / "gigen.sqlite3").write_bytes(b"these are not the bytes of a database" * 100)
    with pytest.raises(GigenError) as refused:
        Store(data)
    assert str(refused.value) == (
        f"{data / 'gigen.sqlite3'}：不是gigen的数据库或已损坏，请换一个数据文件夹或从备份恢复。"
    )


def test_a_database_of_a_newer_gigen_is_refused(data):
    Store(data).close()
    db = sqlite3.connect(data / "gigen.sqlite3")
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(GigenError) as refused:
        Store(data)
    assert str(refused.value) == (
        f"{data / 'gigen.sqlite3'}：数据库由更新版本的gigen建立（第99版），请升级gigen后再启动。"
    )


def test_a_data_folder_that_cannot_be_made_is_refused_in_chinese(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(GigenError) as refused:
        Store(tmp_path / "file" / "data")
    assert (
        str(refused.value)
        == f"{tmp_path / 'file' / 'data'}：无法建立数据文件夹（路径中有一段是文件而不是文件夹）。"
    )
