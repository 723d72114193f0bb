"""What a batch shows on screen: a progress bar and the result table (the only module importing rich)."""

from __future__ import annotations

import io
import sys
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
    bar = Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.description}"), console=Console(file=stream), auto_refresh=False,
                   transient=True)
    with bar:
        task = bar.add_task("", total=total)

        def advance(name: str) -> None:
            bar.update(task, advance=1, description=name)
            bar.refresh()

        yield advance


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, stream: TextIO | None = None,
          failed: Sequence[bool] = ()) -> None:
    """The result table: boxed and coloured on a terminal, plain aligned text when redirected to a file."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    stream = stream or sys.stdout
    terminal = stream.isatty()
    grid = Table(*headers, box=box.SIMPLE_HEAD if terminal else None, pad_edge=False)
    for i, row in enumerate(rows):
        bad = i < len(failed) and failed[i]
        grid.add_row(*row, style="red" if bad and terminal else None)
    if terminal:
        Console(file=stream, highlight=False).print(grid)
        return
    # Redirected to a file: no colour, wide enough that a report's name is never wrapped, no trailing blanks.
    buffer = io.StringIO()
    Console(file=buffer, width=240, no_color=True, highlight=False).print(grid)
    stream.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
