"""`gigen template check`: what is wrong with a county's edited Word template, each problem with its place.

Pure over the template's paragraphs (docx.inspect.template_pieces): tags broken or split by Word, full-width
characters and curly quotes inside tags, names that are not fields, and required fields missing, the official
tables' cells checked one by one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from . import schema
from .docx import Piece, context, rehearse, template_pieces
from .errors import Finding, Severity
from .xlsx import empty_report

E, W = Severity.ERROR, Severity.WARNING

_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_WIDE_BRACES = re.compile(r"[｛｝％][｛｝％{}%]|[{}%][｛｝％]|｛｛|｝｝")
_WIDE = re.compile(r"[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]")
_CURLY = re.compile(r"[“”‘’]")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|‘[^’]*’")
_PREFIX = re.compile(r"^\s*-?\s*(?:p|tr|tc|r)\s+(?=\S)")  # docxtpl's {%p …%}, {%tr …%}, {%tc …%}, {{r …}}
_KEYWORDS = frozenset(
    [
        "for",
        "in",
        "if",
        "elif",
        "else",
        "endif",
        "endfor",
        "not",
        "and",
        "or",
        "is",
        "true",
        "false",
        "none",
        "True",
        "False",
        "None",
        "set",
        "endset",
        "loop",
        "range",
        "length",
        "default",
        "join",
        "lower",
        "upper",
        "trim",
        "replace",
    ]
)


def lint(pieces: Sequence[Piece], required: frozenset[str], known: frozenset[str]) -> list[Finding]:
    """Every problem of a template, in document order, then the fields it lacks."""
    declared = {name for piece in pieces for name in _declared(piece.text)}
    findings = [f for piece in pieces for f in _paragraph(piece, known | declared)]
    return findings + list(_missing(pieces, required))


def _at(piece: Piece | str, rule: str, severity: Severity, message: str) -> Finding:
    return Finding(rule, severity, "", "", message, place=piece.where if isinstance(piece, Piece) else piece)


def _paragraph(piece: Piece, known: frozenset[str]) -> Iterator[Finding]:
    text = piece.text
    if _WIDE_BRACES.search(text):
        yield _at(
            piece,
            "L-WIDE",
            E,
            f"“{_excerpt(text)}”中的花括号或百分号是全角字符（｛ ｝ ％），"
            "模板标记要用英文半角的 {{ }} 和 {% %}。",
        )
    opened, closed = text.count("{{") + text.count("{%"), text.count("}}") + text.count("%}")
    if opened != closed:
        yield _at(
            piece,
            "L-SPLIT",
            E,
            f"“{_excerpt(text)}”中的标记不完整（{opened}个开头、{closed}个结尾）："
            "一个标记必须在同一段里写完，可能被回车拆开了，或少打了括号。",
        )
    for match in _TAG.finditer(text):
        inside, tag = _inside(match), match.group(0)
        if _CURLY.search(inside):
            yield _at(
                piece,
                "L-QUOTE",
                W,
                f"标记“{tag}”中有中文引号（Word自动替换的“”‘’），请改为英文引号 \" 或 '。",
            )
        wide = _WIDE.findall(_STRING.sub("", inside))
        if wide:
            yield _at(
                piece,
                "L-WIDE",
                E,
                f"标记“{tag}”中有全角字符“{''.join(dict.fromkeys(wide))}”，"
                "标记里只能用英文半角字母、数字和符号。",
            )
            continue
        for name in _names(inside):
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f"，是不是 {close[0]}？" if close else "（字段名见 gigen schema）。"
                yield _at(piece, "L-NAME", E, f"标记“{tag}”中的“{name}”不是工作簿的字段{hint}")


def _inside(match: re.Match[str]) -> str:
    """What is between a tag's braces: {{ here }} or {% here %}."""
    return match.group(1) if match.group(1) is not None else match.group(2)


def _used(pieces: Sequence[Piece]) -> set[str]:
    """Every name the template's tags read."""
    return {
        name for piece in pieces for match in _TAG.finditer(piece.text) for name in _names(_inside(match))
    }


def _names(inside: str) -> list[str]:
    """The variable names an expression reads: not keywords, filters, attributes or strings."""
    expression = _PREFIX.sub("", _STRING.sub("''", inside))
    expression = re.sub(r"\|\s*\w+|\.\s*\w+", "", expression)
    names = re.findall(r"(?<![\w.])[A-Za-z_]\w*", expression)
    return [n for n in dict.fromkeys(names) if n not in _KEYWORDS]


def _declared(text: str) -> Iterator[str]:
    """Names a template makes itself: loop variables and {% set %}."""
    for match in _TAG.finditer(text):
        inside = match.group(2) or ""
        loop = re.match(r"\s*-?\s*(?:p|tr|tc|r)?\s*for\s+([\w\s,]+?)\s+in\s", inside)
        if loop:
            yield from (n.strip() for n in loop.group(1).split(","))
        assigned = re.match(r"\s*-?\s*set\s+(\w+)", inside)
        if assigned:
            yield assigned.group(1)


def _missing(pieces: Sequence[Piece], required: frozenset[str]) -> Iterator[Finding]:
    """Required fields the template never uses; a table's value where the official grid puts it."""
    used = _used(pieces)
    tables = {(p.table, p.row, p.col): p for p in pieces if p.table >= 0}
    found_tables = len({p.table for p in pieces if p.table >= 0})
    for k, table in enumerate(schema.TABLES):
        for cell in table.cells:
            if not cell.key:
                continue
            piece = tables.get((k, cell.row, cell.col)) if found_tables == len(schema.TABLES) else None
            if piece is not None and not re.search(r"\{\{[^}]*\b" + cell.key + r"\b", piece.text):
                label = schema.FIELD_BY_KEY[cell.key].label
                yield _at(
                    piece,
                    "L-CELL",
                    E,
                    f"这一格应为 {{{{ {cell.key} }}}}（{label}），现在是“{_excerpt(piece.text)}”。"
                    "国办格式的表格逐格固定，请勿移动或删除。",
                )
            elif piece is None and cell.key not in used:
                yield _at(
                    "模板",
                    "L-MISSING",
                    E,
                    f"模板中没有 {{{{ {cell.key} }}}}（{schema.FIELD_BY_KEY[cell.key].label}）。",
                )
    table_keys = {c.key for t in schema.TABLES for c in t.cells if c.key}
    for key in sorted(required - used - table_keys, key=_order):
        yield _at(
            "模板", "L-MISSING", E, f"模板中没有 {{{{ {key} }}}}（{_label(key)}），报告将缺少这部分内容。"
        )


def _label(key: str) -> str:
    field = schema.FIELD_BY_KEY.get(key)
    return field.label if field else schema.COMPUTED.get(key, key)


def _order(key: str) -> int:
    keys = [f.key for f in schema.FIELDS]
    return keys.index(key) if key in keys else len(keys)


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@cache
def known_names() -> frozenset[str]:
    """Every name a template may read: the template's variables as gigen fills them in."""
    return frozenset(context(empty_report()))


def lint_template(docx: bytes) -> list[Finding]:
    """Lint a template's bytes against the fields of the workbook (schema.Field.template says which it must use)."""
    return lint(template_pieces(docx), schema.template_names(schema.Use.REQUIRED), known_names())


def rehearsal(template: Path) -> list[Finding]:
    """The template filled in once with a blank workbook: what would stop every report, whatever its data (a tag
    that does not compile, a loop or string too large for the sandbox), as a finding with its place."""
    failed = rehearse(template, empty_report())
    if failed is None:
        return []
    place, why = failed
    return [_at(place, "L-RENDER", E, f"{why}，每份报告都无法生成。")]
