"""How much of each real published report `gigen import` reads right, against its hand transcription.

Run: python scripts/import_accuracy.py. For the five seeds (../shared/seeds/*.txt against inputs/source/*.json) and
../shared/published/*.pdf (against its .json), prints per document: table cells right / total, narrative cells
right / total, and each cell that differs (what the transcription says, what the import read). A cell is right
when the import holds exactly the transcribed value (text compared paragraph by paragraph, spaces aside).
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_import_published import transcribed_numbers  # noqa: E402

from generator import schema  # noqa: E402
from generator.published import read_report  # noqa: E402
from generator.published.normal import squeezed  # noqa: E402

SHARED = ROOT.parent / "shared"
TABLE_SHEETS = (schema.SHEET_T2, schema.SHEET_T3, schema.SHEET_T4)


def number(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def same(want: object, got: object) -> bool:
    if want is None:
        return got is None
    if isinstance(got, int | Decimal) and number(want) is not None:
        return number(want) == number(got)
    return isinstance(got, str) and re.sub(r"\s+", "", str(want)) == re.sub(r"\s+", "", got)


def score(name: str, expected: dict[str, object], got: dict[str, object]) -> tuple[int, int, int, int]:
    rows = {"tables": [0, 0], "narrative": [0, 0]}
    wrong = []
    for key, want in expected.items():
        field = schema.FIELD_BY_KEY.get(key)
        if field is None or (field.template is schema.Use.NONE and key not in schema.FEE_KEYS):
            continue  # 机关类别, 上年 cells and the 监督保障 cells are never printed: nothing to read
        kind = "tables" if field.sheet in TABLE_SHEETS and not key.startswith("prev_") else "narrative"
        rows[kind][1] += 1
        if same(want, got.get(key)):
            rows[kind][0] += 1
        else:
            wrong.append(f"    {key}: transcribed {str(want)[:60]!r}, read {str(got.get(key))[:60]!r}")
    t, n = rows["tables"], rows["narrative"]
    print(f"{name}: tables {t[0]}/{t[1]}, narrative {n[0]}/{n[1]}")
    print("\n".join(wrong))
    return t[0], t[1], n[0], n[1]


def sections(transcribed: dict[str, str], got: dict[str, object]) -> int:
    """How many of 一, 五 and 六 the import holds word for word, across the cells each is split into."""

    def words(text: str) -> str:
        return re.sub(r"[（(][一二三四五六][）)]|[。.：:\s]", "", squeezed(text))

    one = ["s1_intro", *(k for stem, _ in schema.ASPECTS for k in (f"{stem}_title", stem))]
    split = {"一": one, "五": ["s5_problems", "s5_improvements"], "六": ["s6_other"]}
    return sum(
        words("".join(str(got.get(k) or "") for k in keys)) == words(transcribed[name])
        for name, keys in split.items()
    )


def main() -> None:
    totals = [0, 0, 0, 0]
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        source = json.loads(
            (ROOT / "inputs" / "source" / f"{seed.name[:3]}.json").read_text(encoding="utf-8")
        )
        result = score(seed.name, source["values"], dict(read_report(seed).values))
        totals = [a + b for a, b in zip(totals, result, strict=True)]
    for pdf in sorted((SHARED / "published").glob("*.pdf")):
        transcription = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        expected: dict[str, object] = {**transcribed_numbers(pdf.with_suffix(".json"))}
        expected["org_name"], expected["year"] = transcription["org"], transcription["year"]
        got = dict(read_report(pdf).values)
        result = score(pdf.name, expected, got)
        right = sections(transcription["sections"], got)
        print(f"{pdf.name}: sections 一, 五, 六 {right}/3 (their words, sub-heading numbers aside)")
        totals = [a + b for a, b in zip(totals, (*result[:2], result[2] + right, result[3] + 3), strict=True)]
    print(f"all: tables {totals[0]}/{totals[1]}, narrative {totals[2]}/{totals[3]}")


if __name__ == "__main__":
    main()
