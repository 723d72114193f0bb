"""How much the consistency rules cost next to reading the workbook they run on.

Run: python benchmarks/checks.py [ROUNDS]. Prints time per workbook for reading and for checking the five
example workbooks, and their ratio (the reference is reading, in the same run).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from generator.checks import check
from generator.xlsx import read_workbook

INPUTS = Path(__file__).resolve().parent.parent / "inputs"


def main(rounds: int = 20) -> None:
    paths = sorted(INPUTS.glob("*.xlsx"))
    start = time.perf_counter()
    for _ in range(rounds):
        data = [read_workbook(p) for p in paths]
    read = (time.perf_counter() - start) / (rounds * len(paths))
    start = time.perf_counter()
    for _ in range(rounds):
        for d in data:
            check(d)
    rules = (time.perf_counter() - start) / (rounds * len(paths))
    print(f"read  {read * 1000:7.2f} ms per workbook (reference)")
    print(
        f"check {rules * 1000:7.2f} ms per workbook = {rules / read:.3f} × read  ({len(paths)} workbooks × {rounds})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
