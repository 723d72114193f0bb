"""The workbook and the report as data: every key, label, sheet, cell and table grid, declared once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from . import kinds

# The workbook's format version, stored in the hidden defined name FORMAT_NAME. It is raised whenever fields are
# added (each Field names the version that brought it, `since`) and whenever one is renamed or removed. The reader
# takes every version up to this one: a field newer than the workbook reads as blank. A newer workbook is refused.
FORMAT_VERSION = 3
FORMAT_NAME = "gigen_format_version"
COPIED_PREFIX = (
    "gigen_copied_"  # + key: a hidden name holding the fingerprint of the text copied from last year
)


class Kind(Enum):
    """What a cell holds, which decides how it is validated, read and printed."""

    TEXT = "文本"
    LINE = "单行文本"
    TITLE = "小标题"
    COUNT = "整数"
    MONEY = "金额"
    YEAR = "年度"
    DATE = "日期"
    CHOICE = "选项"


class Use(Enum):
    """Whether a report template must print a field, may print it, or never does (it feeds other text or checks)."""

    REQUIRED = "必需"
    OPTIONAL = "可选"
    NONE = "不印"


@dataclass(frozen=True)
class Field:
    """One input cell of the workbook: its key (also its Excel defined name) and where it lives."""

    key: str
    label: str
    kind: Kind
    sheet: str
    cell: str
    required: bool = False
    default: str = ""
    parts: tuple[str, ...] = ()  # a derived field is the sum of these keys
    hint: str = ""
    template: Use = Use.REQUIRED  # what a report template does with it
    carried_from: str = ""  # next year's workbook takes this cell from last year's cell of that key
    since: int = 1  # the format version that brought the field: older workbooks read it as blank
    choices: tuple[str, ...] = ()  # a CHOICE cell's drop-down list

    @property
    def derived(self) -> bool:
        return bool(self.parts)

    @property
    def numeric(self) -> bool:
        return self.kind in (Kind.COUNT, Kind.MONEY)


@dataclass(frozen=True)
class GridCell:
    """One cell of an official table: a fixed label, or the value of a key. Rows and columns count from 0."""

    row: int
    col: int
    text: str = ""
    key: str = ""
    rowspan: int = 1
    colspan: int = 1
    left: bool = False  # long row labels read better left-aligned; everything else is centred


@dataclass(frozen=True)
class Table:
    """An official table: its grid as the national format draws it, and where the workbook puts it."""

    name: str
    sheet: str
    title: str
    rows: int
    cols: int
    cells: tuple[GridCell, ...]
    widths: tuple[int, ...]  # Word column widths in twips; they add up to the text width
    first_row: int  # the Excel row of grid row 0 on its sheet

    def excel_cell(self, row: int, col: int) -> str:
        return f"{column_letter(col)}{row + self.first_row}"


def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------------------------------------------------
# Sheets
# ---------------------------------------------------------------------------------------------------------

SHEET_GUIDE = "填写说明"
SHEET_META = "基本信息"
SHEET_ONE = "一、总体情况"
SHEET_T2 = "表二"
SHEET_T3 = "表三"
SHEET_T4 = "表四"
SHEET_FIVE_SIX = "五、六"
SHEETS = (SHEET_GUIDE, SHEET_META, SHEET_ONE, SHEET_T2, SHEET_T3, SHEET_T4, SHEET_FIVE_SIX)
SHEET_RECORD = "导入记录"  # a workbook `gigen import` wrote: where in the published report each value stood

# ---------------------------------------------------------------------------------------------------------
# The report's fixed wording
# ---------------------------------------------------------------------------------------------------------

TITLE_PATTERN = "{org_name}{year}年政府信息公开工作年度报告"

HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# In the header of every page of a report built with --draft while errors remain.
DRAFT_MARK = "草稿　尚有{errors}处错误未改正，改正后重新生成，不得印发"
DRAFT_SUFFIX = "（草稿）"

ORDINALS = ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）")

FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
TO_FILL = "【待填写："  # how every placeholder of a draft begins: what the clerk still has to write
FEE_TO_FILL = TO_FILL + "本年发出信息处理费收费通知的件数和实际收取的金额（五、六 B5、B6，没有也填0）】"
# In a draft, where a number could not be read (text in a count cell): never a 0 the township did not write.
TO_FIX = "【待改正：{place}】"
# Under the sub-heading of an aspect of 一 left blank that the intro does not cover, in a draft only (a final build
# refuses it): the national format requires all five aspects, and gigen writes none it cannot know.
ASPECT_TO_FILL = TO_FILL + "本年度{name}方面的情况（{place}）】"
FEE_NONE = "本年度，本机关依据" + FEE_RULES + "的规定，未发出信息处理费收费通知，未收取信息处理费。"
FEE_NOTICES_ONLY = (
    "本年度，本机关依据" + FEE_RULES + "的规定，发出信息处理费收费通知{notices}件，未实际收取信息处理费。"
)
FEE_COLLECTED = (
    "本年度，本机关依据"
    + FEE_RULES
    + "的规定，发出信息处理费收费通知{notices}件，实际收取信息处理费{amount}元。"
)

# ---------------------------------------------------------------------------------------------------------
# 基本信息 and the narrative sections
# ---------------------------------------------------------------------------------------------------------

TEXT_HINT = "可分段：在单元格内按 Alt+Enter 换行，每行成为报告中的一段。"

META_FIELDS = (
    Field(
        "org_name",
        "机关全称",
        Kind.LINE,
        SHEET_META,
        "B3",
        required=True,
        hint="如：叶城县白杨镇人民政府。报告标题为“机关全称+年度+年政府信息公开工作年度报告”。",
    ),
    Field("year", "报告年度", Kind.YEAR, SHEET_META, "B4", required=True, hint="四位数字，如 2024。"),
    Field("signature", "署名", Kind.LINE, SHEET_META, "B5", hint="不填则用机关全称。"),
    Field(
        "date",
        "成文日期",
        Kind.DATE,
        SHEET_META,
        "B6",
        hint="如 2025年1月26日；可填Excel日期。不填则报告不印日期。",
    ),
    Field(
        "preface",
        "开头段落（可选）",
        Kind.TEXT,
        SHEET_META,
        "B7",
        hint="印在“一、总体情况”之前，如编制依据、统计期限、联系方式。" + TEXT_HINT,
        template=Use.OPTIONAL,
    ),
    Field(
        "org_kind",
        "机关类别",
        Kind.CHOICE,
        SHEET_META,
        "B8",
        hint="从下拉列表选择；不填则按机关全称判断（…镇人民政府为乡镇人民政府，…县教育局为县级政府部门）。"
        "它决定表二“规章”一行的核对和标准段落的称谓（我镇、我街道、我局、我县…）。",
        template=Use.NONE,
        since=2,
        choices=kinds.NAMES,
    ),
)

# (key stem, default sub-heading) of the five aspects of 一、总体情况, in order
ASPECTS = (
    ("s1_proactive", "主动公开"),
    ("s1_request", "依申请公开"),
    ("s1_management", "政府信息管理"),
    ("s1_platform", "政府信息公开平台建设"),
    ("s1_oversight", "监督保障"),
)


# The cells 监督保障's standard paragraph is written from (format 3): the national format requires 一 to state the
# 工作考核, 社会评议 and 责任追究 results, and gigen prints none of them unless a cell says so.
DUTY_HINT = (
    "“（五）监督保障”一格留空时，程序按这几格写出那一段；那一格已填写的，这几格不印出，请写在那一格里。"
)
DUTY_FIELDS = (
    Field(
        "s1_assessment",
        "监督保障：工作考核",
        Kind.TEXT,
        SHEET_ONE,
        "B14",
        hint="是否将政府信息公开工作纳入本机关年度工作考核（绩效考核），怎样考核，如“纳入年度绩效考核，占2分”；"
        "没有纳入的也如实写明。" + DUTY_HINT,
        template=Use.NONE,
        since=3,
    ),
    Field(
        "s1_evaluation",
        "监督保障：社会评议",
        Kind.TEXT,
        SHEET_ONE,
        "B15",
        hint="本年度开展了哪些社会评议（群众评议、满意度测评、第三方评估等），结果如何；没有开展的如实写明。"
        + DUTY_HINT,
        template=Use.NONE,
        since=3,
    ),
    Field(
        "s1_accountability_cases",
        "监督保障：责任追究件数",
        Kind.COUNT,
        SHEET_ONE,
        "B16",
        hint="本年因政府信息公开工作被责任追究的件数，整数，没有就填0；不填则报告不写责任追究的件数。",
        template=Use.NONE,
        since=3,
    ),
    Field(
        "s1_accountability",
        "监督保障：责任追究情况",
        Kind.TEXT,
        SHEET_ONE,
        "B17",
        hint="有责任追究的，写明原因、对象和处理结果；件数填0的可不填。" + DUTY_HINT,
        template=Use.NONE,
        since=3,
    ),
)
DUTY_KEYS = tuple(f.key for f in DUTY_FIELDS)


def _section_one() -> tuple[Field, ...]:
    fields = [Field("s1_intro", "开头段落", Kind.TEXT, SHEET_ONE, "B3", hint=TEXT_HINT)]
    for n, (stem, default) in enumerate(ASPECTS):
        row = 4 + 2 * n
        ordinal = ORDINALS[n]
        extra = (
            "须写明工作考核、社会评议和责任追究结果情况；留空则由程序按下面几格写出。"
            if stem == "s1_oversight"
            else ""
        )
        fields.append(
            Field(
                f"{stem}_title",
                f"{ordinal}小标题",
                Kind.TITLE,
                SHEET_ONE,
                f"B{row}",
                default=default,
                hint="可改写，如“主动公开方面”；不要写序号“（一）”。",
                template=Use.OPTIONAL,
            )
        )
        fields.append(
            Field(stem, f"{ordinal}{default}", Kind.TEXT, SHEET_ONE, f"B{row + 1}", hint=extra + TEXT_HINT)
        )
    return (*fields, *DUTY_FIELDS)


SECTION_ONE_FIELDS = _section_one()

FIVE_SIX_FIELDS = (
    Field("s5_problems", "五、（一）存在问题", Kind.TEXT, SHEET_FIVE_SIX, "B3", hint=TEXT_HINT),
    Field(
        "s5_improvements",
        "五、（二）改进情况",
        Kind.TEXT,
        SHEET_FIVE_SIX,
        "B4",
        hint="并对照上年年报提出的问题说明整改情况。" + TEXT_HINT,
    ),
    Field(
        "fee_notices",
        "六、本年发出信息处理费收费通知的件数",
        Kind.COUNT,
        SHEET_FIVE_SIX,
        "B5",
        hint="整数，没有就填0。",
        template=Use.NONE,
    ),
    Field(
        "fee_collected",
        "六、本年实际收取的信息处理费（元）",
        Kind.MONEY,
        SHEET_FIVE_SIX,
        "B6",
        hint="单位：元，没有就填0。",
        template=Use.NONE,
    ),
    Field(
        "s6_other",
        "六、其他需要报告的事项",
        Kind.TEXT,
        SHEET_FIVE_SIX,
        "B7",
        hint="信息处理费的说明由程序按上两格自动写出，这里只写其他事项（年度工作要点落实、建议提案办理公开、创新做法等）。"
        + TEXT_HINT,
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Table 二 (第二十条), 4 grid columns × 14 rows
# ---------------------------------------------------------------------------------------------------------

T2_FIRST_ROW = 3
T2_DOCUMENTS = (("rules", "规章"), ("norms", "行政规范性文件"))  # the rows of 第二十条第（一）项


def _table_two() -> tuple[Table, tuple[Field, ...]]:
    cells: list[GridCell] = []
    fields: list[Field] = []

    def value(row: int, col: int, key: str, label: str, kind: Kind = Kind.COUNT, colspan: int = 1) -> None:
        cells.append(GridCell(row, col, key=key, colspan=colspan))
        cell = f"{column_letter(col)}{row + T2_FIRST_ROW}"
        fields.append(Field(key, label, kind, SHEET_T2, cell))

    def section(row: int, text: str) -> None:
        cells.append(GridCell(row, 0, text, colspan=4))

    section(0, "第二十条第（一）项")
    cells += [
        GridCell(1, 0, "信息内容"),
        GridCell(1, 1, "本年制发件数"),
        GridCell(1, 2, "本年废止件数"),
        GridCell(1, 3, "现行有效件数"),
    ]
    for row, (stem, name) in enumerate(T2_DOCUMENTS, start=2):
        cells.append(GridCell(row, 0, name))
        for col, part, head in (
            (1, "issued", "本年制发件数"),
            (2, "repealed", "本年废止件数"),
            (3, "in_force", "现行有效件数"),
        ):
            value(row, col, f"t2_{stem}_{part}", f"表二“{name}/{head}”")
    section(4, "第二十条第（五）项")
    cells += [
        GridCell(5, 0, "信息内容"),
        GridCell(5, 1, "本年处理决定数量", colspan=3),
        GridCell(6, 0, "行政许可"),
    ]
    value(6, 1, "t2_licensing", "表二“行政许可/本年处理决定数量”", colspan=3)
    section(7, "第二十条第（六）项")
    cells += [
        GridCell(8, 0, "信息内容"),
        GridCell(8, 1, "本年处理决定数量", colspan=3),
        GridCell(9, 0, "行政处罚"),
    ]
    value(9, 1, "t2_penalty", "表二“行政处罚/本年处理决定数量”", colspan=3)
    cells.append(GridCell(10, 0, "行政强制"))
    value(10, 1, "t2_coercion", "表二“行政强制/本年处理决定数量”", colspan=3)
    section(11, "第二十条第（八）项")
    cells += [
        GridCell(12, 0, "信息内容"),
        GridCell(12, 1, "本年收费金额（单位：万元）", colspan=3),
        GridCell(13, 0, "行政事业性收费"),
    ]
    value(13, 1, "t2_fees", "表二“行政事业性收费/本年收费金额（万元）”", Kind.MONEY, colspan=3)

    table = Table(
        "二",
        SHEET_T2,
        "表二 主动公开政府信息情况",
        14,
        4,
        tuple(cells),
        widths=(2211,) * 4,
        first_row=T2_FIRST_ROW,
    )
    below = T2_FIRST_ROW + 14 + 2
    fields += [
        Field(
            f"prev_{stem}_in_force",
            f"上年“{name}/现行有效件数”",
            Kind.COUNT,
            SHEET_T2,
            f"B{below + n}",
            hint="可不填；填了用于跨年度核对。",
            template=Use.NONE,
            carried_from=f"t2_{stem}_in_force",
        )
        for n, (stem, name) in enumerate(T2_DOCUMENTS)
    ]
    return table, tuple(fields)


TABLE_TWO, T2_FIELDS = _table_two()

# ---------------------------------------------------------------------------------------------------------
# Table 三, 10 grid columns × 28 rows: 25 data rows × 7 value columns
# ---------------------------------------------------------------------------------------------------------

T3_COLUMNS = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
)
T3_APPLICANTS = tuple(key for key, _ in T3_COLUMNS[:-1])

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_RESULTS = "三、本年度办理结果"


@dataclass(frozen=True)
class T3Row:
    """A data row of table 三: its key, its own label cell, and the group label that spans it, if any."""

    key: str
    label: str
    group: str = ""

    @property
    def full_label(self) -> str:
        return f"{self.group} {self.label}" if self.group else self.label


_T3_GROUPS = (
    (
        "（三）不予公开",
        (
            ("denied_secret", "1.属于国家秘密"),
            ("denied_law", "2.其他法律行政法规禁止公开"),
            ("denied_safety", "3.危及“三安全一稳定”"),
            ("denied_third_party", "4.保护第三方合法权益"),
            ("denied_internal", "5.属于三类内部事务信息"),
            ("denied_process", "6.属于四类过程性信息"),
            ("denied_enforcement", "7.属于行政执法案卷"),
            ("denied_query", "8.属于行政查询事项"),
        ),
    ),
    (
        "（四）无法提供",
        (
            ("unable_no_info", "1.本机关不掌握相关政府信息"),
            ("unable_need_creation", "2.没有现成信息需要另行制作"),
            ("unable_unclear", "3.补正后申请内容仍不明确"),
        ),
    ),
    (
        "（五）不予处理",
        (
            ("rejected_complaint", "1.信访举报投诉类申请"),
            ("rejected_repeat", "2.重复申请"),
            ("rejected_publication", "3.要求提供公开出版物"),
            ("rejected_massive", "4.无正当理由大量反复申请"),
            ("rejected_confirm", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    (
        "（六）其他处理",
        (
            ("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other_other", "3.其他"),
        ),
    ),
)

T3_RESULT_ROWS = (
    T3Row("granted", "（一）予以公开"),
    T3Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    *(T3Row(key, label, group) for group, rows in _T3_GROUPS for key, label in rows),
)
T3_ROWS = (
    T3Row("new", "一、本年新收政府信息公开申请数量"),
    T3Row("carried_over", "二、上年结转政府信息公开申请数量"),
    *T3_RESULT_ROWS,
    T3Row("handled", "（七）总计"),
    T3Row("carried_forward", "四、结转下年度继续办理"),
)
# The balance of every column of table 三: 一 + 二 = （七）总计 + 四.
T3_BALANCE_ROWS = ("new", "carried_over", "handled", "carried_forward")
T3_FIRST_ROW = 3
T3_BODY = 3  # grid row of the first data row


def t3_key(row: str, col: str) -> str:
    return f"t3_{row}_{col}"


def t3_total(row: str) -> str:
    """The key of a row's 总计 cell."""
    return t3_key(row, "total")


def t3_group_totals(prefix: str) -> tuple[str, ...]:
    """The 总计 keys of a group of result rows: "denied_" gives the eight rows of （三）不予公开."""
    return tuple(t3_total(r.key) for r in T3_RESULT_ROWS if r.key.startswith(prefix))


def _table_three() -> tuple[Table, tuple[Field, ...]]:
    cells = [
        GridCell(0, 0, T3_NOTE, rowspan=3, colspan=3),
        GridCell(0, 3, "申请人情况", colspan=7),
        GridCell(1, 3, "自然人", rowspan=2),
        GridCell(1, 4, "法人或其他组织", colspan=5),
        GridCell(1, 9, "总计", rowspan=2),
        *(GridCell(2, 4 + i, name) for i, (_, name) in enumerate(T3_COLUMNS[1:6])),
    ]
    fields: list[Field] = []
    result_keys = tuple(row.key for row in T3_RESULT_ROWS)
    for i, row in enumerate(T3_ROWS):
        r = T3_BODY + i
        if row.key in ("new", "carried_over", "carried_forward"):
            cells.append(GridCell(r, 0, row.label, colspan=3))
        elif row.key in ("granted", "partial", "handled"):
            if row.key == "granted":
                cells.append(GridCell(r, 0, T3_RESULTS, rowspan=len(T3_RESULT_ROWS) + 1))
            cells.append(GridCell(r, 1, row.label, colspan=2, left=True))
        else:
            group_rows = next(rows for group, rows in _T3_GROUPS if group == row.group)
            if row.key == group_rows[0][0]:
                cells.append(GridCell(r, 1, row.group, rowspan=len(group_rows), left=True))
            cells.append(GridCell(r, 2, row.label, left=True))
        for j, (col, name) in enumerate(T3_COLUMNS):
            key = t3_key(row.key, col)
            cells.append(GridCell(r, 3 + j, key=key))
            if col == "total":
                parts = tuple(t3_key(row.key, c) for c in T3_APPLICANTS)
            elif row.key == "handled":
                parts = tuple(t3_key(k, col) for k in result_keys)
            else:
                parts = ()
            cell = f"{column_letter(3 + j)}{r + T3_FIRST_ROW}"
            carried = t3_key("carried_forward", col) if row.key == "carried_over" and not parts else ""
            fields.append(
                Field(
                    key,
                    f"表三“{row.full_label}/{name}”",
                    Kind.COUNT,
                    SHEET_T3,
                    cell,
                    parts=parts,
                    carried_from=carried,
                )
            )
    table = Table(
        "三",
        SHEET_T3,
        "表三 收到和处理政府信息公开申请情况",
        T3_BODY + len(T3_ROWS),
        10,
        tuple(cells),
        # As published: 三、本年度办理结果 one character a line, （三）不予 / 公开, 自然人 on one line (its three
        # 五号 characters and two cell margins take 744 twips exactly, which a renderer that rounds up wraps).
        widths=(420, 1170, 2924, 790) + (580,) * 5 + (634,),
        first_row=T3_FIRST_ROW,
    )
    return table, tuple(fields)


TABLE_THREE, T3_FIELDS = _table_three()

# ---------------------------------------------------------------------------------------------------------
# Table 四, 15 grid columns × 4 rows
# ---------------------------------------------------------------------------------------------------------

T4_GROUPS = (
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼·未经复议直接起诉"),
    ("suit_after_review", "行政诉讼·复议后起诉"),
)
T4_RESULTS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
T4_FIRST_ROW = 3


def _table_four() -> tuple[Table, tuple[Field, ...]]:
    cells = [
        GridCell(0, 0, "行政复议", colspan=5),
        GridCell(0, 5, "行政诉讼", colspan=10),
        *(GridCell(1, i, name, rowspan=2) for i, (_, name) in enumerate(T4_RESULTS)),
        GridCell(1, 5, "未经复议直接起诉", colspan=5),
        GridCell(1, 10, "复议后起诉", colspan=5),
        *(GridCell(2, 5 + i, name) for i, (_, name) in enumerate(T4_RESULTS)),
        *(GridCell(2, 10 + i, name) for i, (_, name) in enumerate(T4_RESULTS)),
    ]
    fields = []
    for g, (group, group_name) in enumerate(T4_GROUPS):
        for i, (result, name) in enumerate(T4_RESULTS):
            col = 5 * g + i
            key = f"t4_{group}_{result}"
            cells.append(GridCell(3, col, key=key))
            parts = tuple(f"t4_{group}_{r}" for r, _ in T4_RESULTS[:-1]) if result == "total" else ()
            fields.append(
                Field(
                    key,
                    f"表四“{group_name}/{name}”",
                    Kind.COUNT,
                    SHEET_T4,
                    f"{column_letter(col)}{3 + T4_FIRST_ROW}",
                    parts=parts,
                )
            )
    table = Table(
        "四",
        SHEET_T4,
        "表四 政府信息公开行政复议、行政诉讼情况",
        4,
        15,
        tuple(cells),
        widths=(589,) * 15,
        first_row=T4_FIRST_ROW,
    )
    return table, tuple(fields)


TABLE_FOUR, T4_FIELDS = _table_four()

REVIEW_TOTAL = "t4_review_total"
SUIT_TOTALS = ("t4_suit_direct_total", "t4_suit_after_review_total")  # 行政诉讼 is both groups together

TABLES = (TABLE_TWO, TABLE_THREE, TABLE_FOUR)

# ---------------------------------------------------------------------------------------------------------
# All fields, in workbook order
# ---------------------------------------------------------------------------------------------------------

FIELDS: tuple[Field, ...] = (
    META_FIELDS + SECTION_ONE_FIELDS + T2_FIELDS + T3_FIELDS + T4_FIELDS + FIVE_SIX_FIELDS
)
FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
assert len(FIELD_BY_KEY) == len(FIELDS), "duplicate key in the schema"
assert all(f.since <= FORMAT_VERSION for f in FIELDS), "a field newer than the format version"

TEXT_KEYS = tuple(f.key for f in FIELDS if f.kind is Kind.TEXT)
SECTION_ONE_KEYS = tuple(f.key for f in SECTION_ONE_FIELDS)
FEE_KEYS = ("fee_notices", "fee_collected")  # the two cells 六's 信息处理费 sentence is written from
PREVIOUS_KEYS = tuple(f.key for f in T2_FIELDS if f.carried_from)  # 上年 cells a clerk may leave blank

# Values the report template gets besides the fields, and what they are called in a message.
COMPUTED = {"fee_statement": "六、信息处理费的说明"}

FIVE_KEYS = ("s5_problems", "s5_improvements")  # 五's two parts, each under its own sub-heading

# Narrative cells that get a standard paragraph when left blank (templates/standard/<key>.j2): written from the
# numbers for these aspects of 一, and a marked placeholder for 五 (never invented problems).
STANDARD_WRITTEN = ("s1_proactive", "s1_request", "s1_management", "s1_oversight")
STANDARD_PLACEHOLDERS = FIVE_KEYS

# The numbers a standard paragraph may use: name → the keys whose counts add up to it (all from tables 二, 三, 四).
SNIPPET_NUMBERS: dict[str, tuple[str, ...]] = {
    **{f"{row}_total": (t3_total(row),) for row in T3_BALANCE_ROWS},
    "granted": (t3_total("granted"),),
    "partial": (t3_total("partial"),),
    **{group: t3_group_totals(f"{group}_") for group in ("denied", "unable", "rejected", "other")},
    **{f"norms_{part}": (f"t2_norms_{part}",) for part in ("issued", "repealed", "in_force")},
    **{name: (f"t2_{name}",) for name in ("licensing", "penalty", "coercion")},
    "review_total": (REVIEW_TOTAL,),
    "suit_total": SUIT_TOTALS,
}

# What a county looks at first, per 机关: (column heading, the keys whose values add up to it).
KEY_FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("新收", (t3_total("new"),)),
    ("上年结转", (t3_total("carried_over"),)),
    ("办结", (t3_total("handled"),)),
    ("结转下年度", (t3_total("carried_forward"),)),
    ("予以公开", (t3_total("granted"),)),
    ("不予公开", t3_group_totals("denied_")),
    ("行政复议", (REVIEW_TOTAL,)),
    ("行政诉讼", SUIT_TOTALS),
    ("规范性文件制发", ("t2_norms_issued",)),
    ("规范性文件现行有效", ("t2_norms_in_force",)),
    ("行政事业性收费（万元）", ("t2_fees",)),
    ("信息处理费（元）", ("fee_collected",)),
)


def template_names(use: Use) -> frozenset[str]:
    """The names a report template must (REQUIRED) or may (OPTIONAL) use, outside the three tables' cells."""
    table_keys = {c.key for t in TABLES for c in t.cells if c.key}
    names = {f.key for f in FIELDS if f.template is use and f.key not in table_keys}
    return frozenset(names | (set(COMPUTED) if use is Use.REQUIRED else set()))


def report_title(org_name: str, year: int) -> str:
    return TITLE_PATTERN.format(org_name=org_name, year=year)
