"""Report data → .docx bytes through the Word template (the only module importing docxtpl)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from . import schema
from .errors import TemplateError
from .model import GENERATED_MARK, ReportData, format_money, paragraphs
from .schema import Kind

TEMPLATE_NAME = "report.docx"
_TITLE_END = "。．.，,；;：:"  # a sub-heading on its own line ends without a stop or colon


def default_template() -> Path:
    """The template shipped in the wheel, or the one in a checkout's templates/ folder."""
    return shipped(TEMPLATE_NAME, f"找不到默认模板 {TEMPLATE_NAME}")


def shipped(name: str, missing: str) -> Path:
    """A file or folder of templates/: inside the installed package, or in a checkout beside it."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates" / name, here.parent / "templates" / name):
        if candidate.exists():
            return candidate
    raise TemplateError(f"{missing}，安装可能不完整，请重新安装 gigen。")


class _CompileOnce(SandboxedEnvironment):
    """A sandboxed environment that compiles each template source once per process.

    docxtpl hands the whole document XML to from_string on every render; compiling it took most of a render's
    time. The XML of one template is the same every time, so its compiled form is kept (a few templates at most).
    """

    _KEEP = 16

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= self._KEEP:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


@cache
def jinja_env() -> SandboxedEnvironment:
    """One environment for every render: sandboxed (a county may bring its own template), escaping, strict."""
    return _CompileOnce(autoescape=True, undefined=jinja2.StrictUndefined)


def context(data: ReportData) -> dict[str, Any]:
    """The template's variables: every key as printed, narrative as lists of paragraphs, and the fee statement."""
    ctx: dict[str, Any] = {}
    for f in schema.FIELDS:
        value = data.values[f.key]
        if f.kind is Kind.TEXT:
            ctx[f.key] = paragraphs(str(value))
            if f.key in data.generated:  # marked, so the report shows which paragraphs gigen wrote
                ctx[f.key] = [GENERATED_MARK + p for p in ctx[f.key]]
        elif f.kind is Kind.TITLE:
            ctx[f.key] = str(value).rstrip(_TITLE_END)
        elif f.kind is Kind.MONEY:
            ctx[f.key] = format_money(data.money(f.key))
        else:
            ctx[f.key] = str(value)
    ctx["signature"] = ctx["signature"] or ctx["org_name"]
    ctx["fee_statement"] = fee_statement(data)
    return ctx


def fee_statement(data: ReportData) -> str:
    """The 信息处理费 sentence that opens 六, correctly cited, from fee_notices and fee_collected."""
    notices, amount = data.count("fee_notices"), data.money("fee_collected")
    if amount:
        return schema.FEE_COLLECTED.format(notices=notices, amount=format_money(amount))
    if notices:
        return schema.FEE_NOTICES_ONLY.format(notices=notices)
    return schema.FEE_NONE


def render(data: ReportData, template: Path, *, draft_mark: str | None = None, highlight: bool = True) -> bytes:
    """The finished report as .docx bytes; with draft_mark, that text heads every page; paragraphs gigen wrote are
    highlighted unless highlight=False.

    The template is taken apart once per process (see _Compiled); a report is its tagged XML parts rendered with
    docxtpl's own part renderer, and every other part copied as it is.
    """
    from .template import finish_part, mark_draft

    compiled = _compiled(template)
    ctx = context(data)
    renderer = _part_renderer()
    rendered: dict[str, bytes] = {}
    with _template_errors(template.name):
        for name, source in compiled.sources.items():
            xml = renderer.render_xml_part(source, None, ctx, jinja_env())
            if name == DOCUMENT:
                # What docxtpl's full render does after rendering the body, when the template needs it.
                if compiled.column_loops or compiled.pictures:
                    # {%tc %} loops: the table grid gets as many columns as cells; and the part is parsed for ids.
                    xml = renderer.fix_tables(xml)
                if compiled.pictures:
                    renderer.docx_ids_index = 1000
                    renderer.fix_docpr_ids(xml)  # pictures repeated by a loop: unique ids, or Word "repairs" it
            rendered[name] = finish_part(xml, template.name, compiled.closing if name == DOCUMENT else None,
                                         highlight=highlight)
    report = _zip(compiled.entries, rendered)
    return mark_draft(report, draft_mark) if draft_mark else report


def prepare_source(template: Path) -> bytes:
    """The template's bytes, once it is known to open as a gigen template (else the same TemplateError as render)."""
    _compiled(template)
    return template.read_bytes()


def prepare(template: Path) -> None:
    """Take the template apart and compile it now: a batch finds a broken template before its first township."""
    compiled = _compiled(template)
    with _template_errors(template.name):
        for source in compiled.sources.values():
            jinja_env().from_string(_as_docxtpl_compiles(source))


def _as_docxtpl_compiles(source: str) -> str:
    """The text docxtpl's render_xml_part hands to jinja2 (so a compiled template is found again in the cache)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", source)


@contextmanager
def _template_errors(name: str) -> Iterator[None]:
    """Every way filling in a template can fail, as one Chinese sentence naming the template."""
    try:
        yield
    except TemplateError:
        raise
    except jinja2.UndefinedError as e:
        quoted = re.search(r"'([^']+)' is undefined", e.message or "")
        if quoted is None:  # e.g. {{ s1_platform[0] }} on a township that left the cell blank
            raise TemplateError(f"{name}：模板有误，无法填入数据（{e.message}）。") from e
        raise TemplateError(f"{name}：模板中的占位符“{quoted.group(1)}”不是工作簿的字段（字段名见 gigen schema）。") from e
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{name}：模板中的 {{{{ }}}} 或 {{% %}} 标记不完整或写错了（{e.message}）。") from e
    except jinja2.TemplateError as e:
        raise TemplateError(f"{name}：模板有误，无法填入数据（{e.message or type(e).__name__}）。") from e
    except Exception as e:  # an expression the template computes with, e.g. {{ t3_new_total + 1 }} on text
        raise TemplateError(f"{name}：模板中的表达式无法计算（{type(e).__name__}：{e}），请只用 {{{{ 字段名 }}}} 填入数据。") from e


DOCUMENT = "word/document.xml"
# The parts docxtpl renders: the body, headers and footers, notes, and the document properties.
_TAGGED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml")


@dataclass(frozen=True)
class _Compiled:
    """A template taken apart once: every zip entry as it is, and the parts holding tags after docxtpl's clean-up.

    docxtpl opens the .docx with python-docx, cleans up its XML and compiles it with jinja2 for every report, then
    saves every part again; here the first three happen once per template and process (the compiled jinja2
    templates stay in jinja_env()), and a report only renders its tagged parts.
    """

    entries: tuple[_Entry, ...]
    sources: dict[str, str]  # part name → XML text, ready for jinja2
    closing: tuple[str, str] | None  # the style ids of 署名 and 成文日期, when the template has both
    column_loops: bool = False  # the body has {%tc %} loops
    pictures: bool = False  # the body has pictures


def _compiled(template: Path) -> _Compiled:
    """The compiled template, made once per process for as long as the file is unchanged."""
    try:
        stat = template.stat()
    except OSError:
        stat = None
    if stat is None or not template.is_file():
        raise TemplateError(f"{template}：找不到模板文件。")
    return _compile(template.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _compile(template: Path, mtime_ns: int, size: int) -> _Compiled:
    from docxtpl import DocxTemplate

    from .template import closing_styles, part_text

    try:
        source = template.read_bytes()
    except OSError as e:
        raise TemplateError(f"{template.name}：模板文件无法读取（{e.strerror}）。") from e
    _require_placeholders(template, source)
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
            entries = tuple(_entry(source, info) for info in archive.infolist())
        sources = {}
        for name, data in parts.items():
            if _TAGGED_PART.fullmatch(name) and (name == DOCUMENT or b"{" in data):
                sources[name] = DocxTemplate.patch_xml(None, part_text(data))  # a pure function of the XML text
        closing = closing_styles(parts["word/styles.xml"]) if "word/styles.xml" in parts else None
    except Exception as e:  # a damaged .docx: zip or XML errors
        raise TemplateError(f"{template.name}：模板文件无法打开或已损坏（{type(e).__name__}）。") from e
    document = parts.get(DOCUMENT, b"")
    return _Compiled(entries, sources, closing, column_loops=re.search(rb"\{%-?\s*tc\s", _plain_xml(document)) is not None,
                     pictures=b"docPr" in document)


def _plain_xml(xml: bytes) -> bytes:
    return re.sub(rb"<[^>]+>", b"", xml)


@cache
def _part_renderer() -> Any:
    """A docxtpl template object used only for its part renderer (jinja2, then docxtpl's own XML fix-ups)."""
    from docxtpl import DocxTemplate

    class PartRenderer(DocxTemplate):  # type: ignore[misc]
        def resolve_listing(self, xml: str) -> str:
            # docxtpl's pass turns \n, \t, \a and \f inside text into breaks (its Listing objects), one regex per
            # paragraph: two thirds of a render. gigen's text never holds them; anything else still gets the pass.
            return xml if not _LISTING_CHARS.search(xml) else str(super().resolve_listing(xml))

    return PartRenderer(io.BytesIO())


_LISTING_CHARS = re.compile(r"[\n\t\a\f]")


@dataclass(frozen=True)
class _Entry:
    """One file of the template's zip, kept compressed: copied into every report as it is, or replaced."""

    name: str
    raw: bytes  # the compressed bytes, exactly as stored
    crc: int
    size: int
    method: int
    date_time: tuple[int, int, int, int, int, int]


def _entry(source: bytes, info: zipfile.ZipInfo) -> _Entry:
    # The local header is 30 bytes, then the name and an extra field whose lengths it gives, then the data.
    name_length, extra_length = struct.unpack_from("<HH", source, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    return _Entry(info.filename, source[start:start + info.compress_size], info.CRC, info.file_size,
                  info.compress_type, info.date_time)


def _zip(entries: tuple[_Entry, ...], replaced: dict[str, bytes]) -> bytes:
    """The .docx: the template's entries in their order, rendered parts replacing theirs.

    Unchanged parts are copied still compressed (styles.xml alone is 350 KB of XML: deflating it again for every
    report took a third of a render); only the rendered parts are deflated.
    """
    out = io.BytesIO()
    central = []
    for entry in entries:
        if entry.name in replaced:
            data = replaced[entry.name]
            deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw, crc, size, method = deflate.compress(data) + deflate.flush(), zlib.crc32(data), len(data), 8
        else:
            raw, crc, size, method = entry.raw, entry.crc, entry.size, entry.method
        name = entry.name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800  # bit 11: the name is UTF-8
        year, month, day, hour, minute, second = entry.date_time
        time, date = hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, time, date, crc, len(raw), size,
                              len(name), 0) + name + raw)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, time, date, crc,
                                   len(raw), size, len(name), 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _require_placeholders(template: Path, source: bytes) -> None:
    """A .docx without a single {{ }} is not a template (often a finished report picked by mistake)."""
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            body = archive.read("word/document.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise TemplateError(f"{template.name}：模板文件无法打开或已损坏，请换用 .docx 格式的模板。") from e
    if "{{" not in re.sub(r"<[^>]+>", "", body):
        raise TemplateError(f"{template.name}：文件里没有任何 {{{{ 字段名 }}}} 占位符，不是 gigen 模板"
                            "（可能选成了已生成的报告）。请用 templates/report.docx 或在它的基础上修改的模板。")
