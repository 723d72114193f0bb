"""docxtpl below its public API: what generator/docx/render.py relies on is still there and still behaves so.

render.py calls `DocxTemplate.patch_xml` as a pure function, renders parts with `render_xml_part` on an object it
made itself (overriding `resolve_listing`), runs `fix_tables` and `fix_docpr_ids` with its own `docx_ids_index`,
and copies the regex docxtpl applies before compiling (`_as_docxtpl_compiles`) so the compiled template in
sandbox.jinja_env() is found again. None of that is docxtpl's documented API, so pyproject.toml pins the tested
docxtpl range, and every test here names the internal that changed and points at render.py.
"""

from __future__ import annotations

import dis
import importlib
import inspect
import io
import types
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import docxtpl
import jinja2
import pytest
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from support import INPUTS, edited_template

from generator import sandbox
from generator.docx import render as render_report
from generator.docx.context import context
from generator.docx.ooxml import part_text
from generator.model import GENERATED_MARK, ReportData
from generator.shipped import default_template
from generator.xlsx import read_workbook

# generator.docx re-exports the function render, which hides the module of the same name.
render = importlib.import_module("generator.docx.render")

SAMPLE = INPUTS / "叶城县白杨镇2024.xlsx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def changed(internal: str, what: str) -> str:
    """The failure message: which docxtpl internal changed, how, and where gigen depends on it."""
    return (
        f"docxtpl {docxtpl.__version__}: DocxTemplate.{internal} {what}. generator/docx/render.py uses it below "
        "docxtpl's public API: adapt render.py to this docxtpl, then move the docxtpl pin in pyproject.toml."
    )


@pytest.fixture(scope="module")
def template() -> Path:
    return default_template()


@pytest.fixture(scope="module")
def data() -> ReportData:
    return read_workbook(SAMPLE)


@pytest.fixture(scope="module")
def template_parts(template: Path) -> dict[str, str]:
    """The parts of the default template docxtpl would clean up (as render._compile picks them), as text."""
    with zipfile.ZipFile(template) as archive:
        return {
            name: part_text(archive.read(name))
            for name in archive.namelist()
            if render._TAGGED_PART.fullmatch(name)
        }


# a. Every internal render.py uses is there, with the parameters render.py passes.

SIGNATURES = {
    # internal: (parameters, what render.py passes)
    "patch_xml": (["self", "src_xml"], "DocxTemplate.patch_xml(None, xml_text) in _compile"),
    "render_xml_part": (
        ["self", "src_xml", "part", "context", "jinja_env=None"],
        "renderer.render_xml_part(source, None, ctx, sandbox.jinja_env()) in render",
    ),
    "resolve_listing": (
        ["self", "xml"],
        "PartRenderer.resolve_listing(self, xml) overriding it in _part_renderer",
    ),
    "fix_tables": (["self", "xml"], "renderer.fix_tables(xml) in render"),
    "fix_docpr_ids": (["self", "tree"], "renderer.fix_docpr_ids(tree) in render"),
}


@pytest.mark.parametrize("internal", sorted(SIGNATURES))
def test_internal_signature(internal: str) -> None:
    expected, use = SIGNATURES[internal]
    found = inspect.getattr_static(DocxTemplate, internal, None)
    assert found is not None, changed(internal, f"is gone (render.py calls {use})")
    assert isinstance(found, types.FunctionType), changed(
        internal, f"is no longer a plain method but {type(found).__name__} (render.py calls {use})"
    )
    parameters = [
        p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}"
        for p in inspect.signature(found).parameters.values()
    ]
    assert parameters == expected, changed(
        internal, f"now takes ({', '.join(parameters)}), not ({', '.join(expected)}) (render.py calls {use})"
    )


def test_docx_ids_index_is_the_id_counter(template: Path) -> None:
    """docxtpl's render keeps the picture id counter in docx_ids_index; render.py sets it and calls fix_docpr_ids."""
    full = DocxTemplate(template)
    full.render_init()
    assert vars(full).get("docx_ids_index") == 1000, changed(
        "render_init", "no longer sets docx_ids_index = 1000 (render.py sets that attribute itself)"
    )
    renderer = type(render._part_renderer())(io.BytesIO())
    xml = (
        f'<w:document xmlns:w="{W_NS}" xmlns:wp="{WP_NS}"><w:body>'
        '<wp:docPr id="1" name="a"/><wp:docPr id="1" name="b"/></w:body></w:document>'
    )
    tree = renderer.fix_tables(xml)
    assert isinstance(tree, etree._Element), changed(
        "fix_tables",
        f"returns {type(tree).__name__}, not a parsed tree (render.py hands it to fix_docpr_ids)",
    )
    renderer.docx_ids_index = 1000
    renderer.fix_docpr_ids(tree)
    ids = [e.get("id") for e in tree.iter(f"{{{WP_NS}}}docPr")]
    assert ids == ["1001", "1002"] and renderer.docx_ids_index == 1002, changed(
        "fix_docpr_ids",
        f"no longer numbers wp:docPr from docx_ids_index (ids {ids}, docx_ids_index "
        f"{vars(renderer).get('docx_ids_index')}); render.py sets docx_ids_index = 1000 before calling it",
    )


def test_fix_tables_still_widens_the_grid() -> None:
    """{%tc %} loops: fix_tables gives the grid as many columns as the widest row (render.py relies on it)."""
    xml = (
        f'<w:document xmlns:w="{W_NS}"><w:body><w:tbl><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid>'
        "<w:tr><w:tc/><w:tc/></w:tr></w:tbl></w:body></w:document>"
    )
    tree = DocxTemplate.fix_tables(type(render._part_renderer())(io.BytesIO()), xml)
    widths = [c.get(f"{{{W_NS}}}w") for c in tree.iter(f"{{{W_NS}}}gridCol")]
    assert widths == ["500", "500"], changed("fix_tables", f"no longer widens the table grid ({widths})")


def test_render_xml_part_calls_resolve_listing_last() -> None:
    """render.py's PartRenderer overrides resolve_listing: render_xml_part must still call it on its result."""
    renderer_class = type(render._part_renderer())
    assert renderer_class.resolve_listing is not DocxTemplate.resolve_listing, (
        "render._part_renderer() no longer overrides resolve_listing"
    )
    seen: list[str] = []
    renderer = renderer_class(io.BytesIO())
    renderer.resolve_listing = lambda xml: seen.append(xml) or "RESOLVED"
    out = renderer.render_xml_part("<w:p><w:t>{{ x }}</w:t></w:p>", None, {"x": "1"}, SandboxedEnvironment())
    assert seen == ["<w:p><w:t>1</w:t></w:p>"] and out == "RESOLVED", changed(
        "render_xml_part",
        f"no longer hands its rendered XML to self.resolve_listing and returns that (saw {seen!r}, got {out!r}); "
        "render.py's PartRenderer.resolve_listing override relies on it",
    )


def test_resolve_listing_only_touches_the_listing_characters() -> None:
    """render.py skips docxtpl's resolve_listing when no _LISTING_CHARS occur: docxtpl must change nothing else."""
    base = DocxTemplate(io.BytesIO())
    for char in "\n\t\a\f":
        xml = f"<w:p><w:r><w:t>a{char}b</w:t></w:r></w:p>"
        assert render._LISTING_CHARS.search(char), f"render._LISTING_CHARS misses {char!r}"
        assert base.resolve_listing(xml) != xml, changed(
            "resolve_listing", f"no longer resolves {char!r} (render._LISTING_CHARS lists it)"
        )
    others = "".join(
        chr(c)
        for c in range(0x10000)
        if not 0xD800 <= c < 0xE000 and chr(c) not in "<>&" and not render._LISTING_CHARS.search(chr(c))
    )
    xml = f'<w:p><w:pPr/><w:r><w:rPr/><w:t xml:space="preserve">{others}</w:t></w:r></w:p>'
    resolved = base.resolve_listing(xml)
    assert resolved == xml, changed(
        "resolve_listing",
        "now changes text without \\n, \\t, \\a or \\f; render.py's PartRenderer skips it then: "
        "add the new characters to render._LISTING_CHARS",
    )


# b. patch_xml is a pure function of its text.


def test_patch_xml_never_reads_self() -> None:
    """render.py calls DocxTemplate.patch_xml(None, xml): the function must not touch self on any path."""

    def uses_self(code: types.CodeType) -> bool:
        return "self" in code.co_cellvars or any(
            i.argval == "self" for i in dis.get_instructions(code) if i.opname.startswith("LOAD")
        )

    code = DocxTemplate.patch_xml.__code__
    assert not uses_self(code), changed(
        "patch_xml", "now reads self; render._compile calls it with self=None, as a pure function"
    )


def test_patch_xml_is_a_pure_function_of_its_text(template: Path, template_parts: dict[str, str]) -> None:
    instance = DocxTemplate(template)
    instance.render_init()
    state = dict(vars(instance))
    compiled = render._compiled(template)
    for name, text in template_parts.items():
        first = DocxTemplate.patch_xml(None, text)
        assert DocxTemplate.patch_xml(None, text) == first, changed(
            "patch_xml", f"gives a different result the second time on {name}"
        )
        assert instance.patch_xml(text) == first, changed(
            "patch_xml", f"on a real DocxTemplate differs from patch_xml(None, …) on {name}"
        )
        if name in compiled.sources:
            assert compiled.sources[name] == first, changed(
                "patch_xml", f"of {name} differs from the clean-up render._compile kept"
            )
    assert vars(instance).keys() == state.keys() and all(vars(instance)[k] is v for k, v in state.items()), (
        changed("patch_xml", "changes the DocxTemplate it is called on")
    )
    assert render.DOCUMENT in compiled.sources


def test_parts_reach_patch_xml_as_docxtpl_reads_them(template: Path) -> None:
    """docxtpl serialises a header or footer with get_part_xml; render.py with ooxml.part_text: the same text."""
    instance = DocxTemplate(template)
    instance.init_docx()
    with zipfile.ZipFile(template) as archive:
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _, part in instance.get_headers_footers(uri):
                name = str(part.partname).lstrip("/")
                assert instance.get_part_xml(part) == part_text(archive.read(name)), changed(
                    "get_part_xml", f"reads {name} differently from generator/docx/ooxml.part_text"
                )


# c. The compiled template is reused.


class CompileSpy:
    """Counts jinja2 compiles: Environment.compile, and the parent from_string _CompileOnce calls on a miss."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.compiles: list[str] = []
        self.misses = 0
        compile_ = jinja2.Environment.compile
        from_string = SandboxedEnvironment.from_string

        def counting_compile(env: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
            self.compiles.append(type(env).__name__)
            return compile_(env, *args, **kwargs)

        def counting_from_string(env: SandboxedEnvironment, *args: Any, **kwargs: Any) -> Any:
            self.misses += 1
            return from_string(env, *args, **kwargs)

        monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
        monkeypatch.setattr(SandboxedEnvironment, "from_string", counting_from_string)

    def reset(self) -> None:
        self.compiles.clear()
        self.misses = 0


def test_second_render_compiles_nothing(
    template: Path, data: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = sandbox.jinja_env()
    env._compiled.clear()
    spy = CompileSpy(monkeypatch)
    render_report(data, template)
    assert spy.misses > 0, "the spy on SandboxedEnvironment.from_string saw no compile on the first render"
    kept = dict(env._compiled)
    for name, source in render._compiled(template).sources.items():
        assert render._as_docxtpl_compiles(source) in kept, changed(
            "render_xml_part",
            f"compiled {name} under another text than render._as_docxtpl_compiles gives: prepare() misses the cache",
        )
    spy.reset()
    render_report(data, template)
    assert spy.compiles == [] and spy.misses == 0, changed(
        "render_xml_part",
        f"made the second render compile again ({len(spy.compiles)} jinja2 compiles by {sorted(set(spy.compiles))}, "
        f"{spy.misses} from_string misses): it no longer compiles through jinja_env.from_string with the same text",
    )
    assert env._compiled.keys() == kept.keys() and all(env._compiled[k] is v for k, v in kept.items()), (
        changed(
            "render_xml_part",
            "made the second render add or replace compiled templates in sandbox.jinja_env()",
        )
    )


@pytest.mark.parametrize("which", ["shipped", "saved by Word"])
def test_prepare_compiles_what_render_uses(
    template: Path, data: ReportData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """A batch compiles the template with render.prepare(); the reports then compile nothing.

    The shipped template's paragraphs are all a bare <w:p>; Word writes <w:p w:rsidR=…>, so one is edited in."""
    if which != "shipped":
        template = edited_template(tmp_path / "word.docx", "<w:p>", '<w:p w:rsidR="00A1B2C3">')
    env = sandbox.jinja_env()
    env._compiled.clear()
    render.prepare(template)
    spy = CompileSpy(monkeypatch)
    render_report(data, template)
    assert spy.compiles == [] and spy.misses == 0, changed(
        "render_xml_part",
        "compiles a text render.prepare() did not: the regex it applies before jinja_env.from_string is no longer "
        "the one render._as_docxtpl_compiles copies",
    )


# d. docxtpl's text transformation before compile is _as_docxtpl_compiles.


class _Stop(Exception):
    pass


def _compiled_text(source: str) -> str:
    """The text docxtpl's render_xml_part hands to jinja_env.from_string for a source."""
    handed: list[str] = []

    class Recorder:
        def from_string(self, text: str, *args: Any, **kwargs: Any) -> Any:
            handed.append(text)
            raise _Stop

    with pytest.raises(_Stop):
        DocxTemplate.render_xml_part(render._part_renderer(), source, None, {}, Recorder())
    assert len(handed) == 1, changed("render_xml_part", f"called jinja_env.from_string {len(handed)} times")
    return handed[0]


EDGES = (
    '<w:body><w:p><w:pPr><w:pStyle w:val="a"/></w:pPr><w:proofErr w:type="x"/><w:r><w:t>{{ a }}</w:t></w:r></w:p>'
    '<w:p w:rsidR="1"><w:r><w:t>b</w:t></w:r></w:p><w:p/><w:tbl><w:tr><w:tc><w:p>\n<w:p>c</w:p></w:tc></w:tr>'
    "</w:tbl><w:permStart/><w:pict/><w:p\t/></w:body>"
)


@pytest.mark.parametrize("which", ["template", "edge cases"])
def test_text_compiled_is_as_docxtpl_compiles(template: Path, which: str) -> None:
    sources = render._compiled(template).sources if which == "template" else {"edge cases": EDGES}
    for name, source in sources.items():
        assert _compiled_text(source) == render._as_docxtpl_compiles(source), changed(
            "render_xml_part",
            f"now transforms {name} differently before jinja_env.from_string: copy its regex into "
            "render._as_docxtpl_compiles",
        )


# e. The report says what docxtpl's public render says.


def _texts(report: bytes, strip: Callable[[str], str] = lambda s: s) -> dict[str, list[Any]]:
    document = docx.Document(io.BytesIO(report))
    footers = [p.text for s in document.sections for f in (s.header, s.footer) for p in f.paragraphs]
    return {
        "paragraphs": [strip(p.text) for p in document.paragraphs],
        "table cells": [[[strip(c.text) for c in row.cells] for row in t.rows] for t in document.tables],
        "headers and footers": [strip(t) for t in footers],
    }


def test_report_reads_as_docxtpl_renders_it(template: Path, data: ReportData) -> None:
    public = DocxTemplate(template)
    public.render(
        context(data),
        jinja_env=SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined),
        autoescape=True,
    )
    saved = io.BytesIO()
    public.save(saved)
    # gigen also removes its generated-paragraph mark (and highlights, indents the closing): texts only.
    expected = _texts(saved.getvalue(), lambda s: s.replace(GENERATED_MARK, ""))
    found = _texts(render_report(data, template))
    found["paragraphs"][0] = found["paragraphs"][0].replace("\n", "")  # gigen breaks the title into lines
    assert expected["paragraphs"], "docxtpl's render gave no paragraphs"
    for what in expected:
        first = next(
            (i for i, (a, b) in enumerate(zip(found[what], expected[what], strict=False)) if a != b),
            min(len(found[what]), len(expected[what])),
        )
        assert found[what] == expected[what], changed(
            "render",
            f"(the public path) and gigen's part renderer now disagree on the {what} of {SAMPLE.name}, from "
            f"item {first} on (docxtpl: {expected[what][first : first + 1]!r}, gigen: {found[what][first : first + 1]!r}): "
            "one of patch_xml, render_xml_part, resolve_listing, fix_tables changed what it does",
        )
