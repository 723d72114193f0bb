"""Fixtures: workbooks made through `gigen new`, filled by key, in the test's own folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import consistent_values, new_workbook
from typer.testing import CliRunner, Result

MakeWorkbook = Callable[..., Path]

# A bug in gigen surfaces in the tests as its own exception and traceback, not as gigen's sentence asking for a
# report (tests/test_cli.py checks that sentence with this unset); subprocesses inherit it.
os.environ["GIGEN_DEBUG"] = "1"


class Runner(CliRunner):
    """CliRunner whose invoke lets an exception through: a bug fails the test as itself, not as an exit code of 1.

    SystemExit (typer.Exit, a usage error) is still the exit code it carries; only uncaught exceptions change.
    """

    def invoke(self, *args: Any, catch_exceptions: bool = False, **kwargs: Any) -> Result:
        return super().invoke(*args, catch_exceptions=catch_exceptions, **kwargs)


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return Runner()


@pytest.fixture
def make_workbook(tmp_path: Path, runner: CliRunner) -> MakeWorkbook:
    """A valid workbook written by `gigen new`, then filled; keyword arguments change single cells."""

    def make(name: str = "测试镇2024.xlsx", *, values: dict[str, Any] | None = None, **changes: Any) -> Path:
        filled = consistent_values() if values is None else dict(values)
        filled.update(changes)
        return new_workbook(runner, tmp_path / name, filled)

    return make
