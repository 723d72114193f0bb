"""Standard paragraphs from the numbers, for narrative cells a township left blank.

Each paragraph is a jinja2 text snippet in templates/standard/<key>.j2 (a county may edit them, or keep its own in
a folder given with --standard). They read only the tables' numbers, so they agree with the tables by
construction; 五 gets a marked placeholder, never invented problems. Paragraphs gigen wrote are listed in
ReportData.generated, so the report can highlight them and the build can name them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path

from . import archive, kinds, sandbox, schema
from .errors import TemplateError
from .model import ReportData, paragraphs
from .shipped import standard_folder

# The keys with a standard paragraph, in report order. 五's two are placeholders: the checks leave them blank.
WRITTEN = schema.STANDARD_WRITTEN
PLACEHOLDERS = schema.STANDARD_PLACEHOLDERS
# Every key a paragraph of gigen's may stand in, in report order: the five aspects of 一 (a blank one without a
# standard paragraph gets a placeholder in a draft) and 五's two parts.
IN_ORDER = (*(stem for stem, _ in schema.ASPECTS), *PLACEHOLDERS)


def label(key: str) -> str:
    """How the build names a paragraph it wrote: 一、（二）依申请公开, 五、（一）存在问题."""
    field = schema.FIELD_BY_KEY[key]
    return f"一、{field.label}" if field.sheet == schema.SHEET_ONE else field.label


def fill(data: ReportData, keys: tuple[str, ...] = WRITTEN, folder: Path | None = None) -> ReportData:
    """The data with each of `keys` left blank by the township written from its snippet, and marked generated."""
    if folder is not None and not folder.is_dir():
        raise TemplateError(f"{folder}：找不到这个标准段落模板文件夹。")
    blank = [key for key in keys if not data.text(key).strip() and key not in data.generated]
    if not blank:
        return data
    numbers = variables(data)
    values = dict(data.values)
    written = set()
    for key in blank:
        snippet = _snippet(key, folder)
        try:
            values[key] = snippet.render(numbers).strip()
        except Exception as e:  # a county's snippet: jinja2's and Python's own words are English
            raise TemplateError(f"{key}.j2：标准段落模板{_why(e)}，可用的数字见 gigen 说明。") from e
        if values[key]:  # a snippet with nothing to say (监督保障 without its cells) leaves the cell blank
            written.add(key)
    return replace(data, values=values, generated=data.generated | frozenset(written))


def blank_aspects(data: ReportData, covered: frozenset[str], places: Mapping[str, str]) -> ReportData:
    """The aspects of 一 still blank: those the intro covers left out of the report (sub-heading and all), the others
    (`places`: stem → where to write it) a marked 【待填写】 placeholder, which only a draft gets this far with."""
    names = dict(schema.ASPECTS)
    values = dict(data.values)
    for stem, place in places.items():
        values[stem] = schema.ASPECT_TO_FILL.format(name=names[stem], place=place)
    return replace(
        data, values=values, generated=data.generated | frozenset(places), omitted=data.omitted | covered
    )


def variables(data: ReportData) -> dict[str, int | str | None]:
    """What a snippet may use: the numbers (schema.SNIPPET_NUMBERS) from tables 二, 三 and 四, the year, `we`, how the
    机关 calls itself (我镇, 我街道, 我局, 我县…; kinds.we), and the 监督保障 cells: `assessment`, `evaluation` and
    `accountability` as one paragraph each ("" when blank), `accountability_cases` (None when blank)."""
    duties: dict[str, int | str | None] = {}
    for key in schema.DUTY_KEYS:
        name = key.removeprefix("s1_")
        if schema.FIELD_BY_KEY[key].kind is schema.Kind.COUNT:
            duties[name] = None if key in data.blank else data.count(key)
        else:
            duties[name] = _sentences(data.text(key))
    return {
        "year": data.count("year"),
        "we": kinds.we_of(data.values),
        **{name: data.total(keys) for name, keys in schema.SNIPPET_NUMBERS.items()},
        **duties,
    }


def _sentences(text: str) -> str:
    """A clerk's cell as one run of sentences inside a paragraph: its lines joined, ending with a full stop."""
    return "".join(p if p.endswith(_STOPS) else p + "。" for p in paragraphs(text))


_STOPS = ("。", "！", "？", "；", "…", "”", "）")


def _snippet(key: str, folder: Path | None) -> sandbox.Template:
    path = (
        (folder / f"{key}.j2")
        if folder is not None and (folder / f"{key}.j2").is_file()
        else standard_folder() / f"{key}.j2"
    )
    return _compiled(path)


def _why(e: Exception) -> str:
    """Why a snippet could not be filled in, in Chinese."""
    if isinstance(e, sandbox.LimitError):
        return e.reason
    undefined = re.search(r"'(\w+)' is undefined", str(e)) if isinstance(e, sandbox.UndefinedError) else None
    if undefined:
        return f"中的“{undefined.group(1)}”不是可用的数字"
    return "中的表达式无法计算"


_MAX_SNIPPET = 1 << 20  # a paragraph's snippet is a few hundred bytes
_MAX_TAGS = 1000  # {{ }} and {% %}: the shipped snippets have a few dozen


@cache
def _compiled(path: Path) -> sandbox.Template:
    try:
        text = archive.read_file(path, _MAX_SNIPPET).decode("utf-8")
        tags = text.count("{{") + text.count("{%")
        if tags > _MAX_TAGS:  # compiling is what takes the machine: 40,000 tags took 25 s and 1.3 GB
            raise TemplateError(
                f"{path.name}：标准段落模板中有{tags}个标记，远多于一段文字所需（至多{_MAX_TAGS}个）。"
            )
        return sandbox.text_env().from_string(text)
    except OSError as e:
        raise TemplateError(f"{path}：找不到或无法读取标准段落模板。") from e
    except archive.ArchiveError as e:
        raise TemplateError(f"{path.name}：标准段落模板无法使用（{e}）。") from e
    except UnicodeDecodeError as e:
        raise TemplateError(
            f"{path.name}：标准段落模板不是UTF-8编码，请在记事本中另存为“UTF-8”编码后再试。"
        ) from e
    except sandbox.TemplateSyntaxError as e:
        raise TemplateError(
            f"{path.name}：标准段落模板第{e.lineno}行写错了（{{{{ }}}} 或 {{% %}} 标记不完整或写错了）。"
        ) from e
