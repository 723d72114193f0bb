"""Feed gigen hostile published reports and flag every way it misbehaves.

Each case is a real report (the five examples built by gigen as .docx, their PDF and HTML exports by LibreOffice,
a township report copied from the web as .txt, a city's WPS PDF) damaged: truncated, bytes flipped, NUL bytes; a
.docx with entries duplicated, missing, huge, deep XML, entity bombs or external entities; a PDF with a bad xref,
a huge /Length, broken filters, deep nesting, a page tree loop; HTML nested deep, huge rowspan and colspan, a wrong
or absent charset; text of millions of tabs or one giant line; a file renamed to another suffix, a folder named
.pdf, a link to /dev/zero named .txt. Each case runs through `gigen import`, `gigen check` and
`gigen new X.xlsx --previous CASE`, each in a process of its own with a time and memory limit (scripts/fuzzing.py).

Deterministic: the same seed makes the same cases. The sources are built once into WORK/sources (LibreOffice).

    python scripts/fuzz_reports.py [--seed N] [--count N] [--keep DIR] [--slowest N]
"""

from __future__ import annotations

import argparse
import io
import random
import re
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzzing import Case, Run, english, leftovers, run_gigen, special_cases, state

__all__ = ["english", "leftovers", "state"]  # used by tests/test_fuzz.py

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = sorted((ROOT / "inputs").glob("*.xlsx"))
COMMANDS = ("import", "check", "new")
SUFFIXES = (".docx", ".pdf", ".html", ".txt", ".md", ".htm", ".doc")

Mutation = Callable[[random.Random, bytes], bytes]


# ---------------------------------------------------------------------------------------------------------
# Mutations of any file
# ---------------------------------------------------------------------------------------------------------


def truncated(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def flipped_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def nul_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 50)):
        at = rng.randrange(len(out))
        out[at:at] = b"\x00" * rng.choice([1, 2, 1000])
    return bytes(out)


# ---------------------------------------------------------------------------------------------------------
# .docx: the zip and its XML
# ---------------------------------------------------------------------------------------------------------

Parts = list[tuple[str, bytes]]
DOCUMENT = "word/document.xml"


def _parts(data: bytes) -> Parts:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return [(info.filename, source.read(info)) for info in source.infolist()]


def _zip(parts: Parts) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            out.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _document(parts: Parts, change: Callable[[bytes], bytes]) -> bytes:
    return _zip([(n, change(d) if n == DOCUMENT else d) for n, d in parts])


def docx_duplicate_entry(rng: random.Random, data: bytes) -> bytes:
    parts = _parts(data)
    name, content = rng.choice([p for p in parts if p[0] == DOCUMENT] + parts[:3])
    return _zip([*parts, (name, rng.choice([b"<x/>", content, b""]))])


def docx_missing_entry(rng: random.Random, data: bytes) -> bytes:
    parts = _parts(data)
    gone = rng.choice([DOCUMENT, DOCUMENT, "_rels/.rels", "[Content_Types].xml", "word/styles.xml"])
    return _zip([p for p in parts if p[0] != gone])


def docx_huge_entry(rng: random.Random, data: bytes) -> bytes:
    size = rng.choice([40 << 20, 300 << 20])
    filler = rng.choice([b"\x00", b" ", "镇".encode()]) * (size // 3)
    if rng.random() < 0.5:
        return _zip([*_parts(data), ("word/media/image1.png", filler)])
    run = b"<w:p><w:r><w:t>" + filler + b"</w:t></w:r></w:p>"
    return _document(_parts(data), lambda xml: xml.replace(b"<w:body>", b"<w:body>" + run, 1))


def docx_deep_xml(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([300, 5000, 200_000])
    nest = rng.choice(
        [
            b"<a>" * depth + b"</a>" * depth,
            b"<w:tbl><w:tr><w:tc>" * depth + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * depth,
            b"<w:sdt><w:sdtContent>" * depth + b"</w:sdtContent></w:sdt>" * depth,
        ]
    )
    return _document(_parts(data), lambda xml: xml.replace(b"<w:body>", b"<w:body>" + nest, 1))


_ENTITIES = (
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    b'<!ENTITY f "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>',
    b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
    b'<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
)


def docx_entities(rng: random.Random, data: bytes) -> bytes:
    dtd = rng.choice(_ENTITIES)
    use = rng.choice([b"", b"<w:p><w:r><w:t>&e;&g;</w:t></w:r></w:p>"])
    parts = _parts(data)
    name = rng.choice([DOCUMENT, DOCUMENT, "_rels/.rels", "word/styles.xml", "word/numbering.xml"])

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb"^(<\?xml[^>]*\?>)?", lambda m: m.group(0) + dtd, xml, count=1)
        return xml.replace(b"<w:body>", b"<w:body>" + use, 1)

    return _zip([(n, change(d) if n == name else d) for n, d in parts])


def docx_many_blocks(rng: random.Random, data: bytes) -> bytes:
    cell = b"<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    many = rng.choice(
        [
            b"<w:tbl><w:tr>" + cell * rng.choice([30_000, 300_000]) + b"</w:tr></w:tbl>",
            b"<w:tbl>" + (b"<w:tr>" + cell + b"</w:tr>") * rng.choice([3_000, 200_000]) + b"</w:tbl>",
            b"<w:p><w:r><w:t>\xe4\xb8\x80\xe3\x80\x81</w:t></w:r></w:p>" * rng.choice([50_000, 500_000]),
            b"<w:p>" + b"<w:r><w:t>1</w:t></w:r>" * rng.choice([100_000, 800_000]) + b"</w:p>",
        ]
    )
    return _document(_parts(data), lambda xml: xml.replace(b"<w:body>", b"<w:body>" + many, 1))


def docx_huge_span(rng: random.Random, data: bytes) -> bytes:
    span = rng.choice([b"2147483647", b"99999", b"-5", b"x"])
    return _document(
        _parts(data),
        lambda xml: re.sub(
            rb"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="%s"/>' % span, xml, count=rng.randint(1, 40)
        ),
    )


# ---------------------------------------------------------------------------------------------------------
# .pdf: objects and streams
# ---------------------------------------------------------------------------------------------------------


def pdf_bad_xref(rng: random.Random, data: bytes) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return re.sub(rb"startxref\s+\d+", b"startxref\n999999999", data)
    if choice == 1:
        return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % rng.randrange(len(data)), data)
    if choice == 2:
        return re.sub(rb"\d{10} \d{5} n", lambda m: b"%010d 00000 n" % rng.randrange(len(data)), data)
    return data.replace(b"xref", b"xxxx").replace(b"/XRef", b"/Xxxx")


def pdf_huge_length(rng: random.Random, data: bytes) -> bytes:
    big = rng.choice([b"99999999999", b"-1", b"2147483648", b"0"])
    return re.sub(rb"/Length\s+\d+", b"/Length " + big, data, count=rng.randint(1, 1000))


def pdf_broken_filter(rng: random.Random, data: bytes) -> bytes:
    new = rng.choice(
        [
            b"/Filter/LZWDecode",
            b"/Filter/ASCII85Decode",
            b"/Filter/NoSuchDecode",
            b"/Filter[/FlateDecode/FlateDecode/FlateDecode]",
            b"/Filter/FlateDecode/DecodeParms<</Predictor 15/Columns 99999999/Colors 255>>",
            b"/Filter/RunLengthDecode",
            b"/Filter/DCTDecode",
        ]
    )
    out = re.sub(rb"/Filter\s*/FlateDecode", new, data, count=rng.randint(1, 50))
    if rng.random() < 0.5:  # damage the inside of a stream too
        streams = [m.end() for m in re.finditer(rb"stream\r?\n", out)]
        if streams:
            at = rng.choice(streams)
            out = out[:at] + bytes(rng.randrange(256) for _ in range(20)) + out[at + 20 :]
    return out


def pdf_deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([1000, 100_000, 1_000_000])
    nest = rng.choice([b"[" * depth + b"]" * depth, b"<<" * depth + b">>" * depth, b"[" * depth])
    return re.sub(rb"/Type\s*/Page\b", lambda m: m.group(0) + b"/X " + nest, data, count=1)


def pdf_page_tree_loop(rng: random.Random, data: bytes) -> bytes:
    pages = re.search(rb"(\d+) 0 obj\s*<<[^>]*?/Type\s*/Pages", data)
    if pages is None:
        return data
    me = pages.group(1)
    loop = rng.choice([b"/Kids[%s 0 R " % me, b"/Kids[%s 0 R %s 0 R " % (me, me)])
    out = re.sub(rb"/Kids\s*\[", loop, data, count=1)
    if rng.random() < 0.5:  # every page its own parent's parent
        out = re.sub(rb"/Parent\s+\d+ 0 R", b"/Parent %s 0 R/Kids[%s 0 R]" % (me, me), out, count=3)
    if rng.random() < 0.5:
        out = re.sub(rb"/Count\s+\d+", b"/Count 2147483647", out)
    return out


def pdf_many_pages(rng: random.Random, data: bytes) -> bytes:
    kids = b" ".join(b"%d 0 R" % rng.randrange(1, 50) for _ in range(rng.choice([500, 50_000])))
    return re.sub(rb"/Kids\s*\[", b"/Kids[" + kids + b" ", data, count=1)


def _pdf_update(data: bytes, content: bytes) -> bytes:
    """The PDF with its first page's content replaced by `content` (deflated), as an incremental update."""
    page = re.search(rb"(\d+) 0 obj\s*(<<(?:(?!endobj).)*?/Type\s*/Page\b(?:(?!endobj).)*)endobj", data, re.S)
    root = re.findall(rb"/Root\s+(\d+ \d+ R)", data)
    start = re.findall(rb"startxref\s+(\d+)", data)
    if page is None or not root or not start:
        return data
    size = 1 + max(int(n) for n in re.findall(rb"(\d+) 0 obj", data))
    body = re.sub(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", b"/Contents %d 0 R" % size, page.group(2))
    out = bytearray(data + b"\n")
    offsets = [len(out)]
    out += page.group(1) + b" 0 obj\n" + body + b"endobj\n"
    offsets.append(len(out))
    stream = zlib.compress(content, 9)
    out += b"%d 0 obj\n<</Length %d/Filter/FlateDecode>>\nstream\n" % (size, len(stream))
    out += stream + b"\nendstream\nendobj\n"
    xref = len(out)
    out += b"xref\n%s 1\n%010d 00000 n \n%d 1\n%010d 00000 n \n" % (
        page.group(1),
        offsets[0],
        size,
        offsets[1],
    )
    out += b"trailer\n<</Size %d/Root %s/Prev %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        size + 1,
        root[-1],
        start[-1],
        xref,
    )
    return bytes(out)


def pdf_content_bomb(rng: random.Random, data: bytes) -> bytes:
    """A page whose content inflates to hundreds of MB, or holds a million drawing operations."""
    kind = rng.randrange(4)
    if kind == 0:
        content = b" " * rng.choice([100 << 20, 600 << 20])
    elif kind == 1:  # a grid of rules, as tables are drawn
        content = b"".join(
            b"%d 0 m %d 800 l S 0 %d m 600 %d l S\n" % (i % 600, i % 600, i % 800, i % 800)
            for i in range(rng.choice([2_000, 20_000, 200_000]))
        )
    elif kind == 2:  # thin filled boxes, as Word draws borders
        content = b"".join(
            b"%d %d 0.5 9 re f\n" % (i % 590, (i * 7) % 840)
            for i in range(rng.choice([3_000, 40_000, 300_000]))
        )
    else:  # deep graphics states and an unbalanced text object
        content = b"q " * rng.choice([1000, 400_000]) + b"BT " * rng.choice([1000, 100_000])
    return _pdf_update(data, content)


# ---------------------------------------------------------------------------------------------------------
# .html
# ---------------------------------------------------------------------------------------------------------


def html_deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([1000, 100_000, 500_000])
    tag = rng.choice([b"div", b"table", b"span", b"td", b"b"])
    nest = b"<%s>" % tag * depth + b"\xe9\x95\x87" + b"</%s>" % tag * depth
    if tag == b"table":
        nest = b"<table><tr><td>" * depth + b"x" + b"</td></tr></table>" * depth
    return (
        data.replace(b"<body", nest + b"<body", 1)
        if rng.random() < 0.3
        else data.replace(b"</body>", nest + b"</body>", 1)
    )


def html_huge_span(rng: random.Random, data: bytes) -> bytes:
    span = rng.choice(
        [b"65534", b"2147483647", b"99999999999999999999", b"-3", b"0", b"1e9", b"\xe4\xb8\x80"]
    )
    attribute = rng.choice([b"rowspan", b"colspan"])
    return re.sub(rb"<td", b'<td %s="%s"' % (attribute, span), data, count=rng.randint(1, 30))


def html_charset(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    text = re.sub(r"<meta[^>]*charset[^>]*>", "", text, flags=re.I)
    kind = rng.randrange(5)
    if kind == 0:  # absent charset, GBK bytes
        return text.encode("gbk", "replace")
    if kind == 1:  # says GBK, is UTF-8
        return text.replace("<head>", '<head><meta charset="gbk">', 1).encode()
    if kind == 2:  # says a charset that does not exist
        return text.replace("<head>", '<head><meta charset="x-no-such">', 1).encode()
    if kind == 3:  # UTF-16 without saying so
        return text.encode("utf-16")
    return text.replace("<head>", '<head><meta charset="utf-8">', 1).encode("big5", "replace")


def html_many_cells(rng: random.Random, data: bytes) -> bytes:
    cells = b"<td>1</td>" * rng.choice([10_000, 300_000])
    return data.replace(b"<tr", b"<tr>" + cells + b"</tr><tr", 1)


# ---------------------------------------------------------------------------------------------------------
# .txt / .md
# ---------------------------------------------------------------------------------------------------------


def text_tabs(rng: random.Random, data: bytes) -> bytes:
    tabs = rng.choice([b"\t", b"\t1", b"|"]) * rng.choice([1_000_000, 5_000_000])
    at = rng.randrange(len(data))
    return data[:at] + tabs + data[at:]


def text_giant_line(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.5:
        return data.replace(b"\n", rng.choice([b" ", b"", b"\t"]))
    return data + rng.choice(["镇".encode(), b"1", b"x "]) * rng.choice([3_000_000, 20_000_000])


def text_encoding(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    return rng.choice(
        [
            lambda: text.encode("gbk", "replace"),
            lambda: text.encode("utf-16"),
            lambda: text.encode("utf-16-le"),
            lambda: b"\xef\xbb\xbf" + data,
            lambda: text.encode("big5", "replace"),
            lambda: data.replace(b"\n", b"\r"),
            lambda: bytes(rng.randrange(256) for _ in range(len(data) // 10)),
        ]
    )()


def text_many_lines(rng: random.Random, data: bytes) -> bytes:
    line = rng.choice([b"\n", "（一）主动公开\n".encode(), b"| 1 | 2 | 3 |\n", "二、\n".encode()])
    return data + line * rng.choice([200_000, 2_000_000])


MUTATIONS: dict[str, dict[str, Mutation]] = {
    kind: {f.__name__: f for f in functions}
    for kind, functions in {
        "any": (truncated, flipped_bytes, nul_bytes),
        ".docx": (
            docx_duplicate_entry,
            docx_missing_entry,
            docx_huge_entry,
            docx_deep_xml,
            docx_entities,
            docx_huge_span,
            docx_many_blocks,
        ),
        ".pdf": (
            pdf_bad_xref,
            pdf_huge_length,
            pdf_broken_filter,
            pdf_deep_nesting,
            pdf_page_tree_loop,
            pdf_many_pages,
        ),
        ".html": (html_deep_nesting, html_huge_span, html_charset, html_many_cells),
        ".txt": (text_tabs, text_giant_line, text_encoding, text_many_lines),
    }.items()
}


# ---------------------------------------------------------------------------------------------------------
# Sources, cases and runs
# ---------------------------------------------------------------------------------------------------------


def sources(folder: Path, examples: list[Path] = EXAMPLES) -> list[Path]:
    """The real reports the cases are made of, built once: .docx by gigen, .pdf, .html and one .doc by LibreOffice."""
    folder.mkdir(parents=True, exist_ok=True)
    built = sorted(folder.glob("*.docx"))
    if len(built) < len(examples):
        for example in examples:
            gigen = [
                sys.executable,
                "-m",
                "generator",
                "build",
                str(example),
                "-o",
                str(folder),
                "--force",
                "--draft",
            ]
            subprocess.run(gigen, check=True, capture_output=True)
        built = sorted(folder.glob("*.docx"))
    for kind, filter_, of in ((".pdf", "pdf", built), (".html", "html", built), (".doc", "doc", built[:1])):
        missing = [d for d in of if not d.with_suffix(kind).exists()]
        if missing:
            profile = (folder / "profile").resolve().as_uri()
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    filter_,
                    "--outdir",
                    str(folder),
                    *map(str, missing),
                ],
                check=True,
                capture_output=True,
                timeout=600,
            )
    found = built + [path for kind in (".pdf", ".html", ".doc") for path in sorted(folder.glob(f"*{kind}"))]
    found += sorted((SHARED / "seeds").glob("*.txt"))[:2]
    found += sorted((SHARED / "published").glob("*.pdf"))
    return found


def _kind(path: Path) -> str:
    return ".txt" if path.suffix in (".txt", ".md") else path.suffix


def cases(seed: int, count: int, folder: Path, bases: list[Path]) -> Iterator[Case]:
    """`count` damaged reports written into `folder`, the same for the same seed; then renamed and special files.

    The first cases take each mutation in turn (each on a source of its kind), the rest at random.
    """
    rng = random.Random(seed)
    every = [(kind, name) for kind in sorted(MUTATIONS) for name in sorted(MUTATIONS[kind])]
    for n in range(count):
        kind, name = every[n] if n < len(every) else rng.choice(every)
        base = rng.choice([b for b in bases if kind in ("any", _kind(b))])
        made = MUTATIONS[kind][name](rng, base.read_bytes())
        path = folder / f"{name}-{seed}-{n}{base.suffix}"
        path.write_bytes(made)
        yield Case(path.stem, path)
    for n, base in enumerate(bases):  # each source under another suffix
        suffix = rng.choice([s for s in SUFFIXES if s != base.suffix])
        path = folder / f"renamed-{seed}-{n}{suffix}"
        path.write_bytes(base.read_bytes())
        yield Case(path.stem + suffix, path)
    yield from special_cases(folder, ".pdf")
    for case in special_cases(folder, ".txt"):
        yield Case(case.name + ".txt", case.path)


def command(kind: str, path: Path, out: Path) -> list[str]:
    if kind == "import":
        return ["import", str(path), "-o", str(out)]
    if kind == "check":
        return ["check", str(path)]
    return ["new", str(out / "next.xlsx"), "--previous", str(path)]


def fuzz(
    seed: int, count: int, work: Path, kinds: tuple[str, ...] = COMMANDS
) -> tuple[dict[str, list[str]], dict[str, float]]:
    """Every problem found, by case and command (empty when gigen handled every case), and every run's time."""
    folder = work / "cases"
    folder.mkdir(parents=True, exist_ok=True)
    bases = sources(work / "sources")
    found: dict[str, list[str]] = {}
    seconds: dict[str, float] = {}
    for case in list(cases(seed, count, folder, bases)):
        for kind in kinds:
            out = work / f"out-{case.name}-{kind}"
            done: Run = run_gigen(command(kind, case.path, out), case, out, work)
            seconds[f"{case.name} {kind}"] = done.seconds
            if done.problems:
                found[f"{case.name} {kind}"] = done.problems
                print(case.name, kind, "; ".join(done.problems), flush=True)
    return found, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=sum(map(len, MUTATIONS.values())) * 3)
    parser.add_argument(
        "--keep", type=Path, help="a folder to keep the sources and cases in (default: temporary)"
    )
    parser.add_argument("--slowest", type=int, default=10, help="how many of the slowest runs to list")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        found, seconds = fuzz(args.seed, args.count, work)
    for where, took in sorted(seconds.items(), key=lambda item: -item[1])[: args.slowest]:
        print(f"{took:6.1f} s  {where}")
    runs = len(seconds)
    print(
        f"{len(found)} problem(s) in {runs} runs ({runs // len(COMMANDS)} cases x {len(COMMANDS)} commands, seed {args.seed})"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
