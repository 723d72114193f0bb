"""Report data → .docx bytes through a Word template, with docxtpl (the only module importing docxtpl).

The template is taken apart once per process (see _Compiled); a report is its tagged XML parts rendered with
docxtpl's own part renderer, and every other part copied as it is.

docxtpl is used below its public API, because its full render re-opens and re-saves the whole document for every
report. What is used (`DocxTemplate.patch_xml`, `render_xml_part`, `resolve_listing`, `fix_tables`,
`fix_docpr_ids`, `docx_ids_index`) is pinned in pyproject.toml, and tests/test_docxtpl.py fails loudly when it
changes or when the compiled template stops being reused.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .. import archive, sandbox, schema
from ..errors import TemplateError
from ..model import ReportData
from .context import context
from .finish import closing_styles, finish_part, mark_draft
from .ooxml import W, parse, part_text
from .package import Entry, entry, write_zip
from .parts import core_properties


def render(
    data: ReportData, template: Path, *, draft_mark: str | None = None, highlight: bool = True
) -> bytes:
    """The finished report as .docx bytes; with draft_mark, that text heads every page; paragraphs gigen wrote are
    highlighted unless highlight=False.

    The template is taken apart once per process (see _Compiled); a report is its tagged XML parts rendered with
    docxtpl's own part renderer, and every other part copied as it is.
    """
    compiled = _compiled(template)
    ctx = context(data)
    renderer = _part_renderer()
    rendered: dict[str, bytes] = {}
    with sandbox.budget():  # one report's loops, output and time, over all its parts
        for name, source in compiled.sources.items():
            with _template_errors(template.name, name, source):
                xml = renderer.render_xml_part(source, None, ctx, sandbox.jinja_env())
                if name == DOCUMENT:
                    # What docxtpl's full render does after rendering the body, when the template needs it.
                    if compiled.column_loops or compiled.pictures:
                        # {%tc %} loops: the grid gets as many columns as cells; and the part is parsed for ids.
                        xml = renderer.fix_tables(xml)
                    if compiled.pictures:
                        renderer.docx_ids_index = 1000
                        renderer.fix_docpr_ids(
                            xml
                        )  # pictures repeated by a loop: unique ids, or Word "repairs" it
                rendered[name] = finish_part(
                    xml,
                    template.name,
                    compiled.closing if name == DOCUMENT else None,
                    highlight=highlight,
                    title=name == DOCUMENT,
                )
    title = schema.TITLE_PATTERN.format(org_name=ctx["org_name"], year=ctx["year"])
    rendered[CORE] = core_properties(title, str(ctx["org_name"]), datetime.now(UTC))
    report = write_zip(compiled.entries, rendered)
    return mark_draft(report, draft_mark) if draft_mark else report


def prepare_source(template: Path) -> bytes:
    """The template's bytes, once it is known to open as a gigen template (else the same TemplateError as render)."""
    _compiled(template)
    return template.read_bytes()


def prepare(template: Path) -> None:
    """Take the template apart and compile it now: a batch finds a broken template before its first township."""
    compiled = _compiled(template)
    for name, source in compiled.sources.items():
        with _template_errors(template.name, name, source):
            sandbox.jinja_env().from_string(_as_docxtpl_compiles(source))


def rehearse(template: Path, data: ReportData) -> tuple[str, str] | None:
    """Fill the template in once with `data`: (place, reason) when its tags cannot compile, ask for more than a
    report can hold (sandbox limits) or reach for what the sandbox forbids, whatever the data; else None."""
    compiled = _compiled(template)
    ctx = context(data)
    with sandbox.budget():
        for name, source in compiled.sources.items():
            try:
                sandbox.jinja_env().from_string(_as_docxtpl_compiles(source)).render(ctx)
            except (
                sandbox.LimitError,
                sandbox.TemplateSyntaxError,
                sandbox.SecurityError,
                RecursionError,
                MemoryError,
            ) as e:
                return _place(name, source, e), _reason(e)
            except Exception:  # data-dependent (a blank cell read as a list): build tells
                continue
    return None


def _as_docxtpl_compiles(source: str) -> str:
    """The text docxtpl's render_xml_part hands to jinja2 (so a compiled template is found again in the cache)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", source)


_PARTS = {"document": "正文", "header": "页眉", "footer": "页脚", "footnotes": "脚注", "endnotes": "尾注"}


def _place(part: str, source: str, e: BaseException) -> str:
    """Where in the template an error arose: the part, and the text of the paragraph its line holds."""
    stem = part.removeprefix("word/").removesuffix(".xml")
    kind = next((label for key, label in _PARTS.items() if stem.startswith(key)), "文档属性")
    where = kind if kind == "正文" else f"{kind}（{part.rsplit('/', 1)[-1]}）"
    line = sandbox.template_line(e)
    lines = _as_docxtpl_compiles(source).split("\n")
    text = re.sub(r"<[^>]+>", "", lines[line - 1]).strip() if line and 0 < line <= len(lines) else ""
    return f"{where}“{text if len(text) <= 40 else text[:40] + '…'}”处" if text else f"{where}中"


def _reason(e: BaseException) -> str:
    """Why filling in failed, in Chinese (jinja2's and Python's own words are English)."""
    if isinstance(e, sandbox.LimitError):
        return e.reason
    if isinstance(e, sandbox.TemplateSyntaxError):
        return "{{ }} 或 {% %} 标记不完整或写错了（如 {% for %} 少了要循环的字段、少了 {% endfor %}）"
    if isinstance(e, sandbox.SecurityError):
        return "使用了模板不允许的写法（模板只能读取工作簿的字段）"
    if isinstance(e, RecursionError):
        return "宏或循环无休止地调用自己"
    if isinstance(e, MemoryError):
        return "计算结果过大（内存不够）"
    if isinstance(e, sandbox.UndefinedError):
        return "取不到数据（工作簿中对应的格可能为空）"
    return "表达式无法计算（请只用 {{ 字段名 }} 填入数据）"


@contextmanager
def _template_errors(name: str, part: str, source: str) -> Iterator[None]:
    """Every way filling in a template can fail, as one Chinese sentence naming the template and the place."""
    try:
        yield
    except TemplateError:
        raise
    except sandbox.UndefinedError as e:
        quoted = re.search(r"'([^']+)' is undefined", e.message or "")
        if quoted is not None:
            raise TemplateError(
                f"{name}：模板中的占位符“{quoted.group(1)}”不是工作簿的字段（字段名见 gigen schema）。"
            ) from e
        raise TemplateError(f"{name}：模板{_place(part, source, e)}{_reason(e)}，无法生成报告。") from e
    except Exception as e:  # also an expression computed with, e.g. {{ t3_new_total + 1 }} on text
        raise TemplateError(f"{name}：模板{_place(part, source, e)}{_reason(e)}，无法生成报告。") from e


DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
# The parts docxtpl renders: the body, headers and footers, notes, and the document properties.
_TAGGED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml")


@dataclass(frozen=True)
class _Compiled:
    """A template taken apart once: every zip entry as it is, and the parts holding tags after docxtpl's clean-up.

    docxtpl opens the .docx with python-docx, cleans up its XML and compiles it with jinja2 for every report, then
    saves every part again; here the first three happen once per template and process (the compiled jinja2
    templates stay in sandbox.jinja_env()), and a report only renders its tagged parts.
    """

    entries: tuple[Entry, ...]
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
    if stat is None:
        raise TemplateError(f"{template}：找不到模板文件。")
    if not template.is_file():  # a folder, /dev/zero, a pipe: there, but no file to read
        what = "文件夹" if template.is_dir() else "设备、管道或套接字"
        raise TemplateError(f"{template}：这是{what}，不是Word模板文件（.docx）。")
    return _compile(template.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _compile(template: Path, mtime_ns: int, size: int) -> _Compiled:
    from docxtpl import DocxTemplate

    parts, entries = _open_template(template)
    _require_placeholders(template, parts)
    _refuse_unsafe(template, parts)
    _refuse_too_many_tags(template, parts)
    try:
        sources = {}
        for name, data in parts.items():
            if _TAGGED_PART.fullmatch(name) and (name == DOCUMENT or b"{" in data):
                sources[name] = DocxTemplate.patch_xml(
                    None, part_text(data)
                )  # a pure function of the XML text
        closing = closing_styles(parts[STYLES])
    except Exception as e:  # a damaged .docx: zip or XML errors
        raise TemplateError(f"{template.name}：模板文件无法打开或已损坏，请换用 .docx 格式的模板。") from e
    document = parts.get(DOCUMENT, b"")
    return _Compiled(
        entries,
        sources,
        closing,
        column_loops=re.search(rb"\{%-?\s*tc\s", _plain_xml(document)) is not None,
        pictures=b"docPr" in document,
    )


def _plain_xml(xml: bytes) -> bytes:
    return re.sub(rb"<[^>]+>", b"", xml)


@cache
def _part_renderer() -> Any:
    """A docxtpl template object used only for its part renderer (jinja2, then docxtpl's own XML fix-ups)."""
    from docxtpl import DocxTemplate

    class PartRenderer(DocxTemplate):  # type: ignore[misc]  # docxtpl ships no types: its class is Any
        def resolve_listing(self, xml: str) -> str:
            # docxtpl's pass turns \n, \t, \a and \f inside text into breaks (its Listing objects), one regex per
            # paragraph: two thirds of a render. gigen's text never holds them; anything else still gets the pass.
            return xml if not _LISTING_CHARS.search(xml) else str(super().resolve_listing(xml))

    return PartRenderer(io.BytesIO())


_LISTING_CHARS = re.compile(r"[\n\t\a\f]")


def _open_template(template: Path) -> tuple[dict[str, bytes], tuple[Entry, ...]]:
    """The template's parts and entries, read within the limits of archive (a zip bomb is refused)."""
    try:
        source = archive.read_file(template)
        with archive.Package(io.BytesIO(source)) as package:
            parts = {info.filename: package.read(info) for info in package.infos}
            entries = tuple(entry(source, info) for info in package.infos)
    except OSError as e:
        raise TemplateError(f"{template.name}：模板文件无法读取（{archive.read_reason(e)}）。") from e
    except archive.ArchiveError as e:
        if not e.hostile:
            raise TemplateError(
                f"{template.name}：模板文件无法打开或已损坏，请换用 .docx 格式的模板。"
            ) from e
        raise TemplateError(f"{template.name}：模板文件无法使用（{e}）。") from e
    return parts, entries


STYLES = "word/styles.xml"
# Relationships to outside files that Word follows when it opens every report: a picture or a template fetched
# from a server (a tracking pixel, or a prompt for credentials). Hyperlinks are only followed when clicked.
_FETCHED = frozenset({"image", "attachedTemplate", "oleObject", "subDocument", "frame", "package"})


def _refuse_unsafe(template: Path, parts: dict[str, bytes]) -> None:
    """A template every report of which Word could not open, or would open by fetching something from outside."""
    if STYLES not in parts:
        raise TemplateError(
            f"{template.name}：模板缺少样式部件（word/styles.xml），生成的报告无法正常打开；"
            "请在 Word 中打开模板后另存为 .docx 再试。"
        )
    for name, data in parts.items():
        fetched = [kind for kind in _external(data) if kind in _FETCHED] if name.endswith(".rels") else []
        if fetched:
            kind = "图片" if fetched[0] == "image" else "外部文件"
            raise TemplateError(
                f"{template.name}：模板的“{archive.escaped(name)}”链接了网络或外部的{kind}，每份报告打开时都会去读取它；"
                "请在 Word 中把它换成嵌入的内容（或删除）后再试。"
            )
        field = _fetching_field(data) if _TAGGED_PART.fullmatch(name) else None
        if field:
            raise TemplateError(
                f"{template.name}：模板的“{archive.escaped(name)}”中有 {field} 域，"
                "报告打开或更新域时会去读取外部的文件或运行外部程序；请在 Word 中删除这个域（或换成嵌入的内容）后再试。"
            )


# Fields that make Word read a file or a web address, or start a program, when the report is opened or its fields
# are updated: a picture or text "included" from a server is the same leak as an external relationship.
_FIELD_NAME = re.compile(r"\s*([A-Za-z]+)")
_FETCHING_FIELDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT"})


def _fetching_field(part: bytes) -> str | None:
    """The first field of a part that reads from outside (its name), from its codes as Word runs them."""
    try:
        root = parse(part)
    except Exception:  # damaged XML: refused later, where the part is rendered
        return None
    codes: list[str] = []
    for element in root.iter(W + "fldChar", W + "instrText", W + "fldSimple"):
        if element.tag == W + "fldChar" and element.get(W + "fldCharType") == "begin":
            codes.append("")
        elif element.tag == W + "instrText" and codes:
            codes[-1] += element.text or ""
        elif element.tag == W + "fldSimple":
            codes.append(element.get(W + "instr") or "")
    names = [m.group(1).upper() for m in map(_FIELD_NAME.match, codes) if m]  # INCLUDEPICTURE"http…" too
    return next((name for name in names if name in _FETCHING_FIELDS), None)


# {{ }} and {% %} in a template: the default has about 250; compiling 40,000 took 25 s and 1.3 GB.
MAX_TAGS = 5000


def _refuse_too_many_tags(template: Path, parts: dict[str, bytes]) -> None:
    """A template of a few KB with tens of thousands of tags: compiling it would take the machine, not the tags."""
    tags = sum(
        data.count(b"{{") + data.count(b"{%") for name, data in parts.items() if _TAGGED_PART.fullmatch(name)
    )
    if tags > MAX_TAGS:
        raise TemplateError(
            f"{template.name}：模板中有{tags}个 {{{{ }}}} 或 {{% %}} 标记，远多于一份报告所需"
            f"（默认模板约250个，至多{MAX_TAGS}个），未使用；请删去重复的标记后再试。"
        )


def _external(rels: bytes) -> list[str]:
    """The kinds (the end of the Type) of a relationships part's links to outside the package."""
    try:
        root = parse(rels)
    except Exception:  # damaged XML: Word drops such a part, and with it its links
        return []
    links = root.iter(f"{{{_RELATIONSHIPS}}}Relationship")
    return [r.get("Type", "").rsplit("/", 1)[-1] for r in links if r.get("TargetMode") == "External"]


_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _require_placeholders(template: Path, parts: dict[str, bytes]) -> None:
    """A .docx without a single {{ }} is not a template (often a finished report picked by mistake)."""
    if DOCUMENT not in parts:
        raise TemplateError(f"{template.name}：模板文件无法打开或已损坏，请换用 .docx 格式的模板。")
    body = parts[DOCUMENT].decode("utf-8", "replace")
    if "{{" not in re.sub(r"<[^>]+>", "", body):
        raise TemplateError(
            f"{template.name}：文件里没有任何 {{{{ 字段名 }}}} 占位符，不是 gigen 模板"
            "（可能选成了已生成的报告）。请用 templates/report.docx 或在它的基础上修改的模板。"
        )
