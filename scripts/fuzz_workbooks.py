"""Feed gigen hostile workbooks and flag every way it misbehaves.

Each case is an example workbook (inputs/*.xlsx, or a blank one) with its zip or its XML mutated: truncated,
duplicate entries, huge shared strings, deep XML, entity declarations, bad styles, wrong content types, cells of
the wrong type, names pointing elsewhere, hidden sheets, merged input cells, 1904 dates, formulas in text cells,
a .xls, .csv or .html renamed .xlsx, a folder named .xlsx, a link to /dev/zero. Each case runs through
`gigen check`, `build`, `new --previous` and `rollup`, each in a process of its own with a time and memory limit.

A case is flagged for a traceback, English in the messages, an exit code other than 0 or 1, a run past the time
limit, or a changed input file. Deterministic: the same seed makes the same cases.

    python scripts/fuzz_workbooks.py [--seed N] [--count N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzing import Case, english, run_gigen, special_cases, state

__all__ = ["Case", "english", "state"]  # used by tests/test_fuzz.py
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "inputs").glob("*.xlsx"))
COMMANDS = ("check", "build", "new", "rollup")

Parts = list[tuple[str, bytes]]
Mutation = Callable[[random.Random, Parts], Parts | bytes]


# ---------------------------------------------------------------------------------------------------------
# Mutations: each takes the workbook's parts and returns new parts (rezipped) or raw bytes for the file
# ---------------------------------------------------------------------------------------------------------


def _sheet(parts: Parts, rng: random.Random) -> int:
    sheets = [i for i, (name, _) in enumerate(parts) if name.startswith("xl/worksheets/sheet")]
    return rng.choice(sheets)


def _part(parts: Parts, name: str) -> int:
    return next(i for i, (n, _) in enumerate(parts) if n == name)


def _edit(parts: Parts, index: int, change: Callable[[bytes], bytes]) -> Parts:
    out = list(parts)
    out[index] = (out[index][0], change(out[index][1]))
    return out


def truncated_file(rng: random.Random, parts: Parts) -> bytes:
    data = _zip(parts)
    return data[: rng.randrange(1, len(data))]


def flipped_bytes(rng: random.Random, parts: Parts) -> bytes:
    data = bytearray(_zip(parts))
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def truncated_part(rng: random.Random, parts: Parts) -> Parts:
    i = rng.randrange(len(parts))
    return _edit(parts, i, lambda xml: xml[: rng.randrange(len(xml) + 1)])


def duplicate_entry(rng: random.Random, parts: Parts) -> Parts:
    name, _ = parts[rng.randrange(len(parts))]
    return [*parts, (name, b"<x/>" if rng.random() < 0.5 else dict(parts)[name])]


def missing_entry(rng: random.Random, parts: Parts) -> Parts:
    out = list(parts)
    del out[rng.randrange(len(out))]
    return out


def huge_shared_string(rng: random.Random, parts: Parts) -> Parts:
    size = rng.choice([1 << 20, 8 << 20, 30 << 20])
    filler = b"\xe9\x95\x87" * (size // 3)  # 镇
    i = _part(parts, "xl/sharedStrings.xml") if "xl/sharedStrings.xml" in dict(parts) else None
    if i is None:
        return [
            *parts,
            ("xl/sharedStrings.xml", b'<sst xmlns="%s"><si><t>' % _NS + filler + b"</t></si></sst>"),
        ]
    return _edit(parts, i, lambda xml: xml.replace(b"<si><t>", b"<si><t>" + filler, 1))


def deep_xml(rng: random.Random, parts: Parts) -> Parts:
    depth = rng.choice([300, 5000, 100_000])
    nest = b"<a>" * depth + b"</a>" * depth
    return _edit(parts, _sheet(parts, rng), lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + nest, 1))


def entity_declaration(rng: random.Random, parts: Parts) -> Parts:
    dtd = rng.choice(
        [
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
            b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
            b'<!DOCTYPE x SYSTEM "http://example.com/x.dtd">',
        ]
    )
    i = rng.randrange(len(parts))
    return _edit(
        parts, i, lambda xml: re.sub(rb"^(<\?xml[^>]*\?>)?", lambda m: m.group(0) + dtd, xml, count=1)
    )


def bad_styles(rng: random.Random, parts: Parts) -> Parts:
    change = rng.choice(
        [
            lambda xml: xml.replace(b'numFmtId="', b'numFmtId="x', 1),
            lambda xml: re.sub(rb'numFmtId="\d+"', b'numFmtId="14"', xml),
            lambda xml: re.sub(rb"<cellXfs[^>]*>.*</cellXfs>", b"", xml, flags=re.S),
            lambda xml: xml.replace(b"<numFmts", b"<numFmts><numFmt numFmtId='200' formatCode='yyyy'/", 1),
            lambda xml: b"not xml at all",
        ]
    )
    return _edit(parts, _part(parts, "xl/styles.xml"), change)


def wrong_content_types(rng: random.Random, parts: Parts) -> Parts:
    change = rng.choice(
        [
            lambda xml: xml.replace(b"spreadsheetml", b"wordprocessingml"),
            lambda xml: b"<Types/>",
            lambda xml: b"",
        ]
    )
    return _edit(parts, _part(parts, "[Content_Types].xml"), change)


def wrong_cell_types(rng: random.Random, parts: Parts) -> Parts:
    def change(xml: bytes) -> bytes:
        cells = list(re.finditer(rb"<c r=\"[A-Z]+\d+\"[^>]*?(/>|>.*?</c>)", xml, flags=re.S))
        if not cells:
            return xml
        m = rng.choice(cells)
        ref = re.search(rb'r="([A-Z]+\d+)"', m.group(0)).group(1)  # type: ignore[union-attr]
        new = rng.choice(
            [
                b'<c r="%s" t="s"><v>99999999</v></c>',
                b'<c r="%s" t="s"><v>-1</v></c>',
                b'<c r="%s" t="s"><v>abc</v></c>',
                b'<c r="%s" t="n"><v>abc</v></c>',
                b'<c r="%s" t="n"><v>1e400</v></c>',
                b'<c r="%s" t="n"><v>nan</v></c>',
                b'<c r="%s" t="n"><v>-inf</v></c>',
                b'<c r="%s" t="b"><v>2</v></c>',
                b'<c r="%s" t="d"><v>not a date</v></c>',
                b'<c r="%s" t="d"><v>99999-01-01</v></c>',
                b'<c r="%s" t="e"><v>#DIV/0!</v></c>',
                b'<c r="%s" t="zz"><v>1</v></c>',
                b'<c r="%s" s="99999"><v>45000</v></c>',
                b'<c r="%s" s="x"><v>1</v></c>',
                b'<c r="%s" t="inlineStr"><is><t>\xe5\x86\x85\xe8\x81\x94</t></is></c>',
                b'<c r="%s" t="inlineStr"/>',
                b'<c r="%s"><f>1/0</f></c>',
                b'<c r="%s"><v>' + b"9" * 5000 + b"</v></c>",
            ]
        )
        return xml[: m.start()] + new % ref + xml[m.end() :]

    return _edit(parts, _sheet(parts, rng), change)


def names_elsewhere(rng: random.Random, parts: Parts) -> Parts:
    def change(xml: bytes) -> bytes:
        names = list(re.finditer(rb"(<definedName name=\"[^\"]+\"[^>]*>)([^<]*)(</definedName>)", xml))
        if not names:
            return xml
        m = rng.choice(names)
        target = rng.choice(
            [
                b"'\xe8\xa1\xa8\xe4\xba\x8c'!$A$1:$D$9",  # 表二 range
                b"'\xe6\xb2\xa1\xe6\x9c\x89'!$A$1",  # a sheet that does not exist
                b"#REF!",
                b"1+1",
                b"'\xe8\xa1\xa8\xe4\xb8\x89'!$XFD$1048576",
                b"",
                b"'\xe8\xa1\xa8\xe4\xb8\x89'!$A$0",
            ]
        )
        return xml[: m.start()] + m.group(1) + target + m.group(3) + xml[m.end() :]

    return _edit(parts, _part(parts, "xl/workbook.xml"), change)


def hidden_sheets(rng: random.Random, parts: Parts) -> Parts:
    state = rng.choice([b"hidden", b"veryHidden"])
    return _edit(
        parts,
        _part(parts, "xl/workbook.xml"),
        lambda xml: xml.replace(b"<sheet ", b'<sheet state="%s" ' % state),
    )


def merged_input_cells(rng: random.Random, parts: Parts) -> Parts:
    ref = rng.choice([b"D6:E7", b"B3:B6", b"A1:Z100"])
    merge = b'<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % ref

    def change(xml: bytes) -> bytes:
        if b"<mergeCells" in xml:
            return xml.replace(b"</mergeCells>", b'<mergeCell ref="%s"/></mergeCells>' % ref, 1)
        return xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1)

    return _edit(parts, _sheet(parts, rng), change)


def date_1904(rng: random.Random, parts: Parts) -> Parts:
    def change(xml: bytes) -> bytes:
        if b"<workbookPr" in xml:
            return xml.replace(b"<workbookPr", b'<workbookPr date1904="1"', 1)
        return xml.replace(b"<sheets>", b'<workbookPr date1904="true"/><sheets>', 1)

    return _edit(parts, _part(parts, "xl/workbook.xml"), change)


def formula_in_text(rng: random.Random, parts: Parts) -> Parts:
    formula = rng.choice(
        [
            b"<f>A1&amp;B1</f>",
            b'<f>HYPERLINK("http://x")</f><v>x</v>',
            b"<f/>",
            b"<f>" + b"(" * 5000 + b"</f>",
        ]
    )

    def change(xml: bytes) -> bytes:
        cells = list(re.finditer(rb"<c r=\"(B\d+)\"[^>]*?(/>|>.*?</c>)", xml, flags=re.S))
        if not cells:
            return xml
        m = rng.choice(cells)
        return xml[: m.start()] + b'<c r="%s" t="str">%s</c>' % (m.group(1), formula) + xml[m.end() :]

    return _edit(parts, _sheet(parts, rng), change)


def other_format(rng: random.Random, parts: Parts) -> bytes:
    return rng.choice(
        [
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
            "机关全称,年度\n白杨镇,2024\n".encode("gbk"),
            b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            b"\xef\xbb\xbf",
            b"PK\x05\x06" + bytes(18),
            b"PK\x03\x04" + os.urandom(0) + bytes(100),
        ]
    )


def zip_oddities(rng: random.Random, parts: Parts) -> bytes:
    data = bytearray(_zip(parts))
    central = data.find(b"PK\x01\x02")
    field, value = rng.choice(
        [(6, 99), (8, 0x801), (8, 0x800), (10, 9), (10, 12), (28, 0xFFFF), (24, 0xFFFFFFFF)]
    )
    size = 4 if field == 24 else 2
    data[central + field : central + field + size] = value.to_bytes(size, "little")
    return bytes(data)


def many_rows(rng: random.Random, parts: Parts) -> Parts:
    rows = b"".join(b'<row r="%d"/>' % (n + 1000) for n in range(rng.choice([10_000, 500_000])))
    return _edit(
        parts, _sheet(parts, rng), lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)
    )


def many_entries(rng: random.Random, parts: Parts) -> Parts:
    return parts + [(f"xl/media/image{n}.png", b"") for n in range(rng.choice([1999, 2001, 5000]))]


def odd_targets(rng: random.Random, parts: Parts) -> Parts:
    target = rng.choice(
        [b"../../../../etc/passwd", b"/xl/worksheets/sheet99.xml", b"worksheets/%E8%A1%A8.xml", b""]
    )
    return _edit(
        parts,
        _part(parts, "xl/_rels/workbook.xml.rels"),
        lambda xml: re.sub(rb'Target="worksheets/sheet\d+\.xml"', b'Target="%s"' % target, xml, count=1),
    )


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        truncated_file,
        flipped_bytes,
        truncated_part,
        duplicate_entry,
        missing_entry,
        huge_shared_string,
        deep_xml,
        entity_declaration,
        bad_styles,
        wrong_content_types,
        wrong_cell_types,
        names_elsewhere,
        hidden_sheets,
        merged_input_cells,
        date_1904,
        formula_in_text,
        other_format,
        zip_oddities,
        many_rows,
        many_entries,
        odd_targets,
    )
}
_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _zip(parts: Parts) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            with out.open(zipfile.ZipInfo(name), "w", force_zip64=len(data) > 1 << 30) as stream:
                stream.write(data)
    return buffer.getvalue()


def _parts(path: Path) -> Parts:
    with zipfile.ZipFile(path) as source:
        return [(info.filename, source.read(info)) for info in source.infolist()]


# ---------------------------------------------------------------------------------------------------------
# Cases and runs
# ---------------------------------------------------------------------------------------------------------


def cases(seed: int, count: int, folder: Path, bases: list[Path]) -> Iterator[Case]:
    """`count` mutated workbooks written into `folder`, the same for the same seed; then the special files."""
    rng = random.Random(seed)
    names = sorted(MUTATIONS)
    for n in range(count):
        mutation = names[n % len(names)] if n < len(names) else rng.choice(names)
        base = rng.choice(bases)
        made = MUTATIONS[mutation](rng, _parts(base))
        path = folder / f"{mutation}-{seed}-{n}.xlsx"
        path.write_bytes(made if isinstance(made, bytes) else _zip(made))
        yield Case(path.stem, path)
    yield from special_cases(folder, ".xlsx")


def command(kind: str, path: Path, out: Path) -> list[str]:
    if kind == "check":
        return ["check", str(path)]
    if kind == "build":
        return ["build", str(path), "-o", str(out), "--draft"]
    if kind == "new":
        return ["new", str(out / "next.xlsx"), "--previous", str(path)]
    return ["rollup", str(path), "-o", str(out / "rollup.xlsx")]


def run(case: Case, kind: str, work: Path) -> list[str]:
    """Problems of one command on one case, as short English notes for whoever reads the fuzz log."""
    out = work / f"out-{case.name}-{kind}"
    return run_gigen(command(kind, case.path, out), case, out, work).problems


def fuzz(seed: int, count: int, work: Path, kinds: tuple[str, ...] = COMMANDS) -> dict[str, list[str]]:
    """Every problem found, by case and command (empty when gigen handled every case)."""
    folder = work / "cases"
    folder.mkdir(parents=True, exist_ok=True)
    blank = folder / "blank.xlsx"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "new",
            str(blank),
            "--org",
            "测试镇人民政府",
            "--year",
            "2024",
            "--force",
        ],
        check=True,
        capture_output=True,
    )
    found: dict[str, list[str]] = {}
    for case in list(cases(seed, count, folder, [*EXAMPLES, blank])):
        for kind in kinds:
            problems = run(case, kind, work)
            if problems:
                found[f"{case.name} {kind}"] = problems
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=len(MUTATIONS) * 3)
    parser.add_argument("--keep", type=Path, help="a folder to keep the cases in (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        found = fuzz(args.seed, args.count, work)
    for where, problems in found.items():
        print(where, "; ".join(problems))
    print(f"{len(found)} problem(s) in {args.count + 2} cases x {len(COMMANDS)} commands (seed {args.seed})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
