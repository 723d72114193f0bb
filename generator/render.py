"""Report data → .docx bytes through the Word template (the only module importing docxtpl)."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from . import schema
from .errors import TemplateError
from .model import ReportData, format_money, paragraphs, text_width
from .schema import Kind

TEMPLATE_NAME = "report.docx"
_RUN_IN_END = "。：:．.，,；;！？!?"


def default_template() -> Path:
    """The template shipped in the wheel, or the one in a checkout's templates/ folder."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates" / TEMPLATE_NAME, here.parent / "templates" / TEMPLATE_NAME):
        if candidate.is_file():
            return candidate
    raise TemplateError(f"找不到默认模板 {TEMPLATE_NAME}，安装可能不完整，请重新安装 gigen。")


@cache
def jinja_env() -> SandboxedEnvironment:
    """One environment for every render: sandboxed (a county may bring its own template), escaping, strict."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def context(data: ReportData) -> dict[str, Any]:
    """The template's variables: every key as printed, narrative as lists of paragraphs, and the fee statement."""
    ctx: dict[str, Any] = {}
    for f in schema.FIELDS:
        value = data.values[f.key]
        if f.kind is Kind.TEXT:
            ctx[f.key] = paragraphs(str(value))
        elif f.kind is Kind.TITLE:
            title = str(value)
            ctx[f.key] = title if title.endswith(tuple(_RUN_IN_END)) else title + "。"
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


def render(data: ReportData, template: Path, *, draft_mark: str | None = None) -> bytes:
    """The finished report as .docx bytes; with draft_mark, that text heads every page."""
    from docxtpl import DocxTemplate

    if not template.is_file():
        raise TemplateError(f"{template}：找不到模板文件。")
    _require_placeholders(template)
    try:
        doc = DocxTemplate(template)
        doc.render(context(data), jinja_env=jinja_env(), autoescape=True)
    except jinja2.UndefinedError as e:
        name = re.search(r"'([^']+)' is undefined", e.message or "")
        unknown = name.group(1) if name else (e.message or "")
        raise TemplateError(f"{template.name}：模板中的占位符“{unknown}”不是工作簿的字段（字段名见 gigen schema）。") from e
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{template.name}：模板中的 {{{{ }}}} 或 {{% %}} 标记不完整或写错了（{e.message}）。") from e
    except jinja2.TemplateError as e:
        raise TemplateError(f"{template.name}：模板有误，无法填入数据（{e.message or type(e).__name__}）。") from e
    except Exception as e:  # a damaged .docx: zip, XML or part errors from docx/docxtpl
        raise TemplateError(f"{template.name}：模板文件无法打开或已损坏（{type(e).__name__}）。") from e
    _place_closing(doc.docx)
    if draft_mark:
        from .template import mark_draft

        mark_draft(doc.docx, draft_mark)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _require_placeholders(template: Path) -> None:
    """A .docx without a single {{ }} is not a template (often a finished report picked by mistake)."""
    try:
        with zipfile.ZipFile(template) as archive:
            body = archive.read("word/document.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise TemplateError(f"{template.name}：模板文件无法打开或已损坏，请换用 .docx 格式的模板。") from e
    if "{{" not in re.sub(r"<[^>]+>", "", body):
        raise TemplateError(f"{template.name}：文件里没有任何 {{{{ 字段名 }}}} 占位符，不是 gigen 模板"
                            "（可能选成了已生成的报告）。请用 templates/report.docx 或在它的基础上修改的模板。")


def _place_closing(doc: Any) -> None:
    """GB/T 9704 §7.3.5.2: the date starts two characters right of the signature; both at least 右空二字."""
    from .template import CHAR_TWIPS, CLOSING_INDENT_CHARS, STYLE_DATE, STYLE_SIGNATURE

    found = {p.style.name: p for p in doc.paragraphs if p.style is not None
             and p.style.name in (STYLE_SIGNATURE, STYLE_DATE)}
    signature, date = found.get(STYLE_SIGNATURE), found.get(STYLE_DATE)
    if signature is None or date is None:
        return
    sig_w, date_w = text_width(signature.text), text_width(date.text)
    date_indent = max(float(CLOSING_INDENT_CHARS), sig_w - date_w)
    sig_indent = date_indent + date_w + CLOSING_INDENT_CHARS - sig_w
    twips_to_emu = 635
    signature.paragraph_format.right_indent = round(sig_indent * CHAR_TWIPS) * twips_to_emu
    date.paragraph_format.right_indent = round(date_indent * CHAR_TWIPS) * twips_to_emu
