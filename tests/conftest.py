"""Fixtures: workbooks made through `gigen new`, filled by key, in the test's own folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import consistent_values, fill
from typer.testing import CliRunner, Result

from generator.cli import app

MakeWorkbook = Callable[..., Path]


class Runner(CliRunner):
    """CliRunner whose invoke lets an exception through: a bug fails the test as itself, not as an exit code of 1.

    SystemExit (typer.Exit, a usage error) is still the exit code it carries; only uncaught exceptions change.
    """

    def invoke(self, *args: Any, catch_exceptions: bool = False, **kwargs: Any) -> Result:
        return super().invoke(*args, catch_exceptions=catch_exceptions, **kwargs)


@pytest.fixture
def runner() -> CliRunner:
    return Runner()


@pytest.fixture
def make_workbook(tmp_path: Path, runner: CliRunner) -> MakeWorkbook:
    """A valid workbook written by `gigen new`, then filled; keyword arguments change single cells."""

    def make(name: str = "测试镇2024.xlsx", *, values: dict[str, Any] | None = None, **changes: Any) -> Path:
        path = tmp_path / name
        result = runner.invoke(app, ["new", str(path), "--org", "测试县测试镇人民政府", "--year", "2024"])
        assert result.exit_code == 0, result.output
        filled = consistent_values() if values is None else dict(values)
        filled.update(changes)
        if filled:
            fill(path, filled)
        return path

    return make
