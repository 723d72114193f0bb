"""write_atomic: a write stopped midway, by an error or by Ctrl+C, leaves no temporary file and the target as it was."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator import files
from generator.errors import GigenError, OutputExistsError
from generator.files import write_atomic

OLD = b"the report as it was"
NEW = b"the new report"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~gigen-"))


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError as e:
        assert e.errno == errno.EBADF
        return False
    return True


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "报告" / "测试镇2024年报告.docx"


@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing"])
def test_a_full_disk_at_the_rename_leaves_nothing_and_the_target_as_it_was(monkeypatch, target, existing):
    if existing:
        target.parent.mkdir()
        target.write_bytes(OLD)

    def full(source: object, destination: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(GigenError) as caught:
        write_atomic(target, NEW, force=True)
    assert str(caught.value) == f"{target}：写入失败（磁盘空间不足）。"
    assert _leftovers(target.parent) == []
    if existing:
        assert target.read_bytes() == OLD
    else:
        assert not target.exists()


def test_a_full_disk_while_writing_closes_the_file_and_removes_it(monkeypatch, target):
    opened: list[int] = []
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int, mode: str, closefd: bool = True) -> None:
            opened.append(fd)
            self.handle = real_fdopen(fd, mode, closefd=closefd)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", Full)
    with pytest.raises(GigenError, match="磁盘空间不足"):
        write_atomic(target, NEW)
    assert _leftovers(target.parent) == []
    assert not target.exists()
    assert opened and not _is_open(opened[0])


def test_ctrl_c_as_the_file_is_opened_for_writing_closes_it_and_removes_it(monkeypatch, target):
    given: list[int] = []

    def interrupted(fd: int, *args: object, **kwargs: object) -> object:
        given.append(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fdopen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW)
    assert given, "write_atomic no longer opens its file with os.fdopen: this test must follow it"
    assert _leftovers(target.parent) == []
    assert not _is_open(given[0])
    assert not target.exists()


def test_ctrl_c_the_moment_the_temporary_file_appears_still_removes_it(monkeypatch, target):
    """The interrupt lands as os.open returns, before its result is stored: the file exists, nothing holds it."""
    made: list[int] = []
    real_open = os.open

    def interrupted(path: object, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        fd = real_open(path, flags, mode, **kwargs)
        if ".~gigen-" in os.fspath(path):
            made.append(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(os, "open", interrupted)
    try:
        with pytest.raises(KeyboardInterrupt):
            write_atomic(target, NEW)
        assert made, "write_atomic no longer makes its file with os.open: this test must follow it"
        assert _leftovers(target.parent) == []
        assert not target.exists()
    finally:
        for fd in made:  # its number was never returned, so only the test can close it
            os.close(fd)


def test_an_existing_target_is_refused_without_force_and_kept(target):
    target.parent.mkdir()
    target.write_bytes(OLD)
    with pytest.raises(OutputExistsError) as caught:
        write_atomic(target, NEW)
    assert str(caught.value) == f"{target}：文件已存在，未覆盖。如要替换，请加 --force。"
    assert target.read_bytes() == OLD
    assert _leftovers(target.parent) == []


def test_a_target_written_by_another_process_meanwhile_is_kept(monkeypatch, target):
    real_fdopen = os.fdopen

    def someone_else_writes_first(fd: int, *args: object, **kwargs: object) -> object:
        target.write_bytes(OLD)
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", someone_else_writes_first)
    with pytest.raises(OutputExistsError, match="文件已存在，未覆盖"):
        write_atomic(target, NEW)
    assert target.read_bytes() == OLD
    assert _leftovers(target.parent) == []


def test_force_replaces_an_existing_target(target):
    target.parent.mkdir()
    target.write_bytes(OLD)
    assert write_atomic(target, NEW, force=True) == target
    assert target.read_bytes() == NEW
    assert _leftovers(target.parent) == []


def test_a_file_of_the_temporary_name_already_there_is_not_removed(monkeypatch, target):
    target.parent.mkdir()
    theirs = target.parent / f".~gigen-{'0' * 16}{target.suffix}"
    theirs.write_bytes(OLD)
    monkeypatch.setattr(files.secrets, "token_hex", lambda n: "0" * 2 * n)
    with pytest.raises(GigenError) as caught:
        write_atomic(target, NEW)
    assert str(caught.value) == f"{target.parent}：无法写入这个文件夹（已有同名的文件）。"
    assert theirs.read_bytes() == OLD
    assert not target.exists()


def test_a_folder_that_refuses_new_files_is_named(monkeypatch, target):
    real_open = os.open

    def refused(path: object, *args: object, **kwargs: object) -> int:
        if ".~gigen-" in os.fspath(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, *args, **kwargs)

    target.parent.mkdir()
    monkeypatch.setattr(os, "open", refused)
    with pytest.raises(GigenError) as caught:
        write_atomic(target, NEW)
    assert str(caught.value) == f"{target.parent}：无法写入这个文件夹（没有写入权限）。"
    assert _leftovers(target.parent) == []
    assert _is_open(1)  # nothing was opened, so nothing is closed: not even standard output


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_the_written_file_is_an_ordinary_file_under_the_umask(target, umask):
    before = os.umask(umask)
    try:
        write_atomic(target, NEW)
    finally:
        os.umask(before)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_target_made_between_the_last_check_and_the_rename_is_kept(monkeypatch, target):
    real_link = os.link

    def someone_else_writes_just_before(source: object, destination: object) -> None:
        target.write_bytes(OLD)
        real_link(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", someone_else_writes_just_before)
    with pytest.raises(OutputExistsError, match="文件已存在，未覆盖"):
        write_atomic(target, NEW)
    assert target.read_bytes() == OLD
    assert _leftovers(target.parent) == []


def test_of_builds_racing_into_one_file_exactly_one_wins_and_the_others_are_told(target):
    import threading

    for _ in range(20):
        target.unlink(missing_ok=True)
        barrier = threading.Barrier(6)
        results: dict[int, str] = {}

        def build(n: int, barrier: threading.Barrier, results: dict[int, str]) -> None:
            barrier.wait()
            try:
                write_atomic(target, b"report %d" % n)
                results[n] = "written"
            except OutputExistsError:
                results[n] = "refused"

        threads = [threading.Thread(target=build, args=(n, barrier, results)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winners = [n for n, r in results.items() if r == "written"]
        assert len(winners) == 1 and len(results) == 6
        assert target.read_bytes() == b"report %d" % winners[0]
        assert _leftovers(target.parent) == []


def test_a_file_system_without_hard_links_still_gets_the_report(monkeypatch, target):
    def no_links(source: object, destination: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    assert write_atomic(target, NEW) == target
    assert target.read_bytes() == NEW
    assert _leftovers(target.parent) == []


def test_an_unusual_system_error_is_still_said_in_chinese(target):
    assert files.reason(OSError(errno.ENOEXEC, os.strerror(errno.ENOEXEC))) == f"系统错误代码{errno.ENOEXEC}"
    assert files.reason(OSError("no number")) == "系统错误"


def test_a_file_system_without_hard_links_still_keeps_a_target_made_meanwhile(monkeypatch, target):
    def no_links(source: object, destination: object) -> None:
        target.write_bytes(OLD)  # another build finishes first
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    with pytest.raises(OutputExistsError):
        write_atomic(target, NEW)
    assert target.read_bytes() == OLD


def test_missing_folders_are_made(tmp_path):
    target = tmp_path / "县" / "乡镇" / "报告.docx"
    assert write_atomic(target, NEW) == target and target.read_bytes() == NEW


def test_a_folder_that_is_a_file_is_named(tmp_path):
    (tmp_path / "报告").write_bytes(OLD)
    with pytest.raises(GigenError) as caught:
        write_atomic(tmp_path / "报告" / "测试镇.docx", NEW)
    assert str(caught.value) == f"{tmp_path / '报告'}：无法写入这个文件夹（已有同名的文件）。"


def test_an_existing_target_is_refused_before_any_work(tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(OLD)
    with pytest.raises(OutputExistsError) as caught:
        files.refuse_existing(target, force=False)
    assert str(caught.value) == f"{target}：文件已存在，未覆盖。如要替换，请加 --force。"
    files.refuse_existing(target, force=True)


def test_a_name_too_long_to_look_up_is_said_in_chinese(tmp_path):
    target = tmp_path / ("报" * 100 + ".docx")  # 300 bytes: past the 255 a name may have
    with pytest.raises(GigenError) as caught:
        files.refuse_existing(target, force=False)
    assert str(caught.value) == f"{target}：写入失败（文件名太长）。"


def test_build_force_replaces_a_linked_report_not_the_file_it_links_to(runner, make_workbook, tmp_path):
    from generator.cli import app

    out = tmp_path / "报告"
    out.mkdir()
    elsewhere = tmp_path / "别处.docx"
    elsewhere.write_bytes(OLD)
    report = out / "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"
    report.symlink_to(elsewhere)
    result = runner.invoke(app, ["build", str(make_workbook()), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert elsewhere.read_bytes() == OLD  # the report took the link's place; what it linked to is untouched
    assert not report.is_symlink() and report.read_bytes()[:2] == b"PK"
    assert _leftovers(out) == []


def test_a_slash_in_the_name_makes_no_folder(runner, make_workbook, tmp_path):
    from generator.cli import app

    out = tmp_path / "报告"
    workbook = make_workbook(org_name="测试县/测试镇人民政府", signature="测试县测试镇人民政府")
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"]


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_folder_where_the_file_should_go_is_named_even_with_force(runner, tmp_path, force):
    from generator.cli import app

    folder = tmp_path / "白杨镇2024.xlsx"
    folder.mkdir()
    result = runner.invoke(app, ["new", str(folder), *(["--force"] if force else [])])
    assert (result.exit_code, result.stderr) == (
        1,
        f"{folder}：这是一个文件夹，不能写成文件；请把这个文件夹移走或改名，或换一个文件名、输出文件夹。\n",
    )
    assert folder.is_dir() and not any(folder.iterdir())
