"""Templates that would harm every report: a zip bomb, a missing styles part, pictures or templates fetched from
a server. `template check` and `build` refuse each in one Chinese sentence, exit 1, and write nothing."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from support import TEMPLATE, rewrite_part

from generator.cli import app

EXTERNAL_IMAGE = (
    b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    b'Target="http://example.com/pixel.png" TargetMode="External"/>'
)
ATTACHED = (
    b'<Relationship Id="rIdY" TargetMode="External" Target="http://example.com/a.dotm" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"/>'
)
HYPERLINK = (
    b'<Relationship Id="rIdZ" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
    b'Target="http://www.gov.cn/" TargetMode="External"/>'
)


def _with_relationship(target: Path, part: str, relationship: bytes) -> Path:
    return rewrite_part(
        target,
        part,
        lambda xml: xml.replace(b"</Relationships>", relationship + b"</Relationships>"),
        source=TEMPLATE,
    )


def _without(target: Path, part: str) -> Path:
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info))
    return target


def _bomb(target: Path) -> Path:
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<!--" + b" " * (40 << 20) + b"--></w:body>")
            dst.writestr(info, data)
    return target


def _refused(runner, make_workbook, tmp_path: Path, template: Path, sentence: str) -> None:
    before = (template.read_bytes(), template.stat().st_mtime_ns)
    checked = runner.invoke(app, ["template", "check", str(template)])
    assert (checked.exit_code, checked.stdout, checked.stderr) == (1, "", sentence + "\n")
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(make_workbook()), "--template", str(template), "-o", str(out)])
    assert (built.exit_code, built.stderr) == (1, sentence + "\n")
    assert not out.exists() or list(out.iterdir()) == []
    assert (template.read_bytes(), template.stat().st_mtime_ns) == before


@pytest.mark.parametrize(
    ("part", "relationship", "kind"),
    [
        ("word/_rels/document.xml.rels", EXTERNAL_IMAGE, "图片"),
        ("word/_rels/settings.xml.rels", ATTACHED, "外部文件"),
    ],
    ids=["image", "attachedTemplate"],
)
def test_a_template_fetching_from_a_server_is_refused(
    runner, make_workbook, tmp_path, part, relationship, kind
):
    if part == "word/_rels/settings.xml.rels":
        template = tmp_path / "县模板.docx"
        with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info))
            dst.writestr(
                part,
                b"<?xml version='1.0'?><Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
                + relationship
                + b"</Relationships>",
            )
    else:
        template = _with_relationship(tmp_path / "县模板.docx", part, relationship)
    _refused(
        runner,
        make_workbook,
        tmp_path,
        template,
        f"县模板.docx：模板的“{part}”链接了网络或外部的{kind}，每份报告打开时都会去读取它；"
        "请在 Word 中把它换成嵌入的内容（或删除）后再试。",
    )


def test_a_hyperlink_to_a_website_is_allowed(runner, tmp_path):
    template = _with_relationship(tmp_path / "县模板.docx", "word/_rels/document.xml.rels", HYPERLINK)
    result = runner.invoke(app, ["template", "check", str(template)])
    assert result.exit_code == 0, result.stderr


def test_a_template_without_styles_is_refused(runner, make_workbook, tmp_path):
    _refused(
        runner,
        make_workbook,
        tmp_path,
        _without(tmp_path / "县模板.docx", "word/styles.xml"),
        "县模板.docx：模板缺少样式部件（word/styles.xml），生成的报告无法正常打开；请在 Word 中打开模板后另存为 .docx 再试。",
    )


def test_a_template_that_is_a_zip_bomb_is_refused_before_it_is_inflated(runner, make_workbook, tmp_path):
    template = _bomb(tmp_path / "县模板.docx")
    assert template.stat().st_size < 1 << 20  # 40 MB of XML in under 1 MB on disk
    _refused(
        runner,
        make_workbook,
        tmp_path,
        template,
        "县模板.docx：模板文件无法使用（压缩包中的“word/document.xml”解压后超过32MB（或全部文件超过128MB），"
        "远大于正常的文件，可能是恶意构造的压缩包，未读取）。",
    )


LONG_NAME = "新疆维吾尔自治区" * 8 + "人民政府"  # 68 characters: a title no file system takes as a name


def test_a_name_too_long_for_a_file_is_found_at_its_cell_and_a_draft_still_written(
    runner, make_workbook, tmp_path
):
    workbook = make_workbook(org_name=LONG_NAME)
    before = workbook.read_bytes()
    checked = runner.invoke(app, ["check", str(workbook)])
    assert checked.exit_code == 1
    assert (
        f"{workbook.name} 基本信息!B3 错误：机关全称有68个字，超过50个字，报告的标题和文件名都放不下。"
        "请只填写本机关的正式全称，不要加上级机关或说明文字。 [META-NAME]"
    ) in checked.stdout.splitlines()
    out = tmp_path / "out"
    refused = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert refused.exit_code == 1 and not out.exists()
    assert f"{workbook.name} 基本信息!B3 错误：机关全称有68个字" in refused.stderr
    assert "文件名太长" not in refused.stderr and str(tmp_path) not in refused.stderr
    draft = runner.invoke(app, ["build", str(workbook), "-o", str(out), "--draft"])
    assert draft.exit_code == 0, draft.stderr
    (written,) = out.iterdir()
    assert written.name.endswith("2024年政府信息公开工作年度报告（草稿）.docx")
    assert len(written.name.encode()) <= 255 and written.name.startswith("新疆维吾尔自治区")
    assert workbook.read_bytes() == before


@pytest.mark.parametrize(
    ("tag", "reason"),
    [
        ("{{ 'x' * 10**10 }}", "要求的长度或次数过大（10000000000，超过1000000）"),
        ("{{ org_name * 100000000 }}", "要求的长度或次数过大（100000000，超过1000000）"),
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}{{ b }}{% endfor %}{% endfor %}",
            "循环次数过多（超过100000次）",
        ),
        ("{{ '%99999999999s' % org_name }}", "格式中的宽度过大"),
        ("{{ ('x' * 999999).replace('', 'x' * 999999) }}", "计算结果过大（超过1000000个字符或元素）"),
        ("{{ ('x' * 999999) | replace('x', 'yy' * 99999) }}", "计算结果过大（超过1000000个字符或元素）"),
    ],
    ids=["string-power", "name-repeated", "nested-range", "format-width", "str-replace", "replace-filter"],
)
def test_a_template_asking_for_more_than_a_report_holds_is_refused_quickly(
    runner, make_workbook, tmp_path, tag, reason
):
    import time

    from support import edited_template

    template = edited_template(tmp_path / "县模板.docx", paragraphs=[tag])
    before = (template.read_bytes(), template.stat().st_mtime_ns)
    started = time.monotonic()
    checked = runner.invoke(app, ["template", "check", str(template)])
    assert checked.exit_code == 1
    assert f"{reason}" in checked.stdout + checked.stderr
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(make_workbook()), "--template", str(template), "-o", str(out)])
    assert built.exit_code == 1 and reason in built.stderr
    assert "Error" not in built.stderr and "Traceback" not in built.stderr
    assert not out.exists() or list(out.iterdir()) == []
    assert time.monotonic() - started < 20  # refused, not computed
    assert (template.read_bytes(), template.stat().st_mtime_ns) == before


def test_a_tag_with_a_syntax_error_is_refused_where_it_stands(runner, make_workbook, tmp_path):
    from support import edited_template

    template = edited_template(tmp_path / "县模板.docx", paragraphs=["{% for x in %}"])
    before = (template.read_bytes(), template.stat().st_mtime_ns)
    checked = runner.invoke(app, ["template", "check", str(template)])
    assert (checked.exit_code, checked.stdout, checked.stderr) == (
        1,
        "县模板.docx 正文“{% for x in %}”处 错误：{{ }} 或 {% %} 标记不完整或写错了"
        "（如 {% for %} 少了要循环的字段、少了 {% endfor %}），每份报告都无法生成。 [L-RENDER]\n",
        "县模板.docx：模板有1处错误（见上）。改正后可用 gigen template check 再检查一遍。\n",
    )
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(make_workbook()), "--template", str(template), "-o", str(out)])
    assert built.exit_code == 1
    assert built.stderr.endswith(
        "县模板.docx：模板有1处错误（见上），未生成报告。改正后可用 gigen template check 再检查一遍。\n"
    )
    assert "县模板.docx 正文“{% for x in %}”处 错误：" in built.stderr
    assert not out.exists()
    assert (template.read_bytes(), template.stat().st_mtime_ns) == before


def test_lorem_ipsum_of_a_million_paragraphs_is_no_name_a_template_can_use(runner, tmp_path):
    """jinja2's lipsum(n) makes n paragraphs of Latin: minutes for a million, and no report prints any."""
    import time

    from support import edited_template

    template = edited_template(tmp_path / "县模板.docx", paragraphs=["{{ lipsum(10**6) }}"])
    started = time.monotonic()
    checked = runner.invoke(app, ["template", "check", str(template)])
    assert checked.exit_code == 1
    assert (
        "标记“{{ lipsum(10**6) }}”中的“lipsum”不是工作簿的字段（字段名见 gigen schema）。 [L-NAME]"
        in checked.stdout
    )
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda folder: (folder / "模板.docx").mkdir() or folder / "模板.docx", "文件夹"),
        (lambda folder: os.mkfifo(folder / "模板.docx") or folder / "模板.docx", "设备、管道或套接字"),
        (lambda folder: Path("/dev/zero"), "设备、管道或套接字"),
    ],
    ids=["folder", "fifo", "dev-zero"],
)
def test_a_template_that_is_no_file_is_named_as_what_it_is(runner, make_workbook, tmp_path, make, what):
    template = make(tmp_path)
    sentence = f"{template}：这是{what}，不是Word模板文件（.docx）。\n"
    checked = runner.invoke(app, ["template", "check", str(template)])
    assert (checked.exit_code, checked.stdout, checked.stderr) == (1, "", sentence)
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(make_workbook()), "--template", str(template), "-o", str(out)])
    assert (built.exit_code, built.stderr) == (1, sentence)
    assert not out.exists()


@pytest.mark.parametrize(
    ("snippet", "sentence"),
    [
        (
            b"{{ 'x' * 10**10 }}",
            "s1_request.j2：标准段落模板要求的长度或次数过大（10000000000，超过1000000），可用的数字见 gigen 说明。",
        ),
        (
            "本镇{{ year }}年".encode("gbk"),  # saved by Notepad on a Chinese Windows
            "s1_request.j2：标准段落模板不是UTF-8编码，请在记事本中另存为“UTF-8”编码后再试。",
        ),
        (b"{{ nosuch }}", "s1_request.j2：标准段落模板中的“nosuch”不是可用的数字，可用的数字见 gigen 说明。"),
        (
            b"{{ lipsum(10**6) }}",
            "s1_request.j2：标准段落模板中的“lipsum”不是可用的数字，可用的数字见 gigen 说明。",
        ),
        (b"{% for %}", "s1_request.j2：标准段落模板第1行写错了（{{ }} 或 {% %} 标记不完整或写错了）。"),
        (b"{{ 1 / 0 }}", "s1_request.j2：标准段落模板中的表达式无法计算，可用的数字见 gigen 说明。"),
        (b"a" * (2 << 20), "s1_request.j2：标准段落模板无法使用（文件超过1MB，远大于正常的文件，未读取）。"),
        (
            b"{{ year }}" * 40000,
            "s1_request.j2：标准段落模板中有40000个标记，远多于一段文字所需（至多1000个）。",
        ),
    ],
    ids=["repeat", "gbk", "unknown", "lipsum", "syntax", "division", "huge", "tags"],
)
def test_a_hostile_standard_paragraph_is_one_chinese_sentence(
    runner, make_workbook, tmp_path, snippet, sentence
):
    folder = tmp_path / "标准段落"
    folder.mkdir()
    (folder / "s1_request.j2").write_bytes(snippet)
    workbook = make_workbook(s1_request="")
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(workbook), "--standard", str(folder), "-o", str(out), "--draft"])
    assert (built.exit_code, built.stderr.splitlines()[-1]) == (1, sentence)
    assert not out.exists()


def test_a_template_of_tens_of_thousands_of_tags_is_refused_before_it_is_compiled(
    runner, make_workbook, tmp_path
):
    """40 KB of repeated tags took 25 s and 1.3 GB to compile: a template bomb, refused by its count of tags."""
    import time

    from support import edited_template

    template = edited_template(
        tmp_path / "县模板.docx", paragraphs=["{{ org_name }}{% if year %}{% endif %}"] * 40000
    )
    with zipfile.ZipFile(template) as package:
        tags = sum(
            package.read(name).count(b"{{") + package.read(name).count(b"{%") for name in package.namelist()
        )
    assert tags > 120000
    started = time.monotonic()
    _refused(
        runner,
        make_workbook,
        tmp_path,
        template,
        f"县模板.docx：模板中有{tags}个 {{{{ }}}} 或 {{% %}} 标记，远多于一份报告所需（默认模板约250个，至多5000个），"
        "未使用；请删去重复的标记后再试。",
    )
    assert time.monotonic() - started < 20


# A picture included from a server as a field, its code split over two runs as Word splits it when it is typed.
INCLUDED = (
    b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPIC'
    b'</w:instrText></w:r><w:r><w:instrText xml:space="preserve">TURE "http://tracker.example/x.png" \\d '
    b'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)
NO_SPACE = b'<w:p><w:fldSimple w:instr="INCLUDEPICTURE&quot;http://tracker.example/x.png&quot;"/></w:p>'
DDE = (
    b'<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot; "/></w:p>'
)


@pytest.mark.parametrize(
    ("part", "field", "name"),
    [
        ("word/document.xml", INCLUDED, "INCLUDEPICTURE"),
        ("word/document.xml", NO_SPACE, "INCLUDEPICTURE"),
        ("word/footer1.xml", DDE, "DDEAUTO"),
    ],
    ids=["includepicture", "no-space", "ddeauto"],
)
def test_a_field_that_reads_from_outside_is_refused(runner, make_workbook, tmp_path, part, field, name):
    end = b"</w:body>" if part == "word/document.xml" else b"</w:ftr>"
    template = rewrite_part(
        tmp_path / "县模板.docx", part, lambda xml: xml.replace(end, field + end), source=TEMPLATE
    )
    _refused(
        runner,
        make_workbook,
        tmp_path,
        template,
        f"县模板.docx：模板的“{part}”中有 {name} 域，报告打开或更新域时会去读取外部的文件或运行外部程序；"
        "请在 Word 中删除这个域（或换成嵌入的内容）后再试。",
    )


def test_the_page_number_field_is_no_such_field(runner, tmp_path):
    assert b"PAGE" in zipfile.ZipFile(TEMPLATE).read("word/footer1.xml")
    result = runner.invoke(app, ["template", "check", str(TEMPLATE)])
    assert result.exit_code == 0, result.stderr
