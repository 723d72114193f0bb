"""Rewrite the example workbooks inputs/*.xlsx from the seed transcriptions in inputs/source/*.json.

Each JSON file holds {"file_stem", "notes", "values"}: values by workbook key, as the seed report printed them.
Totals that agree with their parts are left to the workbook's formulas.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator import schema
from generator.files import write_atomic
from generator.xlsx import blank_workbook

ROOT = Path(__file__).resolve().parent.parent


def example(source: Path) -> tuple[str, bytes]:
    values, notes = example_values(source)
    stem = json.loads(source.read_text(encoding="utf-8"))["file_stem"]
    return stem, blank_workbook(values=values, notes=notes)


def example_values(source: Path) -> tuple[dict[str, object], list[str]]:
    """An example's values by key (a total left to its formula where it is the sum) and its workbook's notes."""
    spec = json.loads(source.read_text(encoding="utf-8"))
    values = dict(spec["values"])
    for key, value in list(values.items()):
        field = schema.FIELD_BY_KEY[key]
        if field.derived and value == sum(values.get(p, 0) for p in field.parts):
            del values[key]
    notes = ["本工作簿按该镇公开发布的年报原文录入（数字和文字照录），用于演示和测试。", *spec["notes"]]
    return values, notes


def main() -> None:
    for source in sorted((ROOT / "inputs" / "source").glob("*.json")):
        stem, data = example(source)
        target = write_atomic(ROOT / "inputs" / f"{stem}.xlsx", data, force=True)
        print(target.relative_to(ROOT), file=sys.stdout)


if __name__ == "__main__":
    main()
