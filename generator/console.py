"""What a batch shows on screen: a progress bar and the result table (the only module importing rich)."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO


@contextmanager
def progress(total: int, what: str, *, stream: TextIO | None = None) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal, naming the township just done; nothing at all when output is redirected."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield lambda _name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # No refresh thread (auto_refresh=False): worker processes are forked while the bar runs.
    bar = Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(file=stream),
        auto_refresh=False,
        transient=True,
    )
    with bar:
        task = bar.add_task("", total=total)

        def advance(name: str) -> None:
            bar.update(task, advance=1, description=name)
            bar.refresh()

        yield advance


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    stream: TextIO | None = None,
    failed: Sequence[bool] = (),
) -> None:
    """The result table: boxed and coloured by rich on a terminal; plain aligned columns when redirected to a file."""
    stream = stream or sys.stdout
    if not stream.isatty():
        # Plain text, computed directly: a script or a log file gets the same columns, at once and unwrapped.
        widths = [max(_width(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
        for row in (headers, *rows):
            cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths, strict=True)]
            stream.write("  ".join(cells).rstrip() + "\n")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    grid = Table(*headers, box=box.SIMPLE_HEAD, pad_edge=False)
    for i, row in enumerate(rows):
        grid.add_row(*row, style="red" if i < len(failed) and failed[i] else None)
    Console(file=stream, highlight=False).print(grid)


def _width(text: str) -> int:
    """Columns a text takes in a terminal: two for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
