"""The kind of 行政机关 read from its 机关全称, and how its report calls it: a table of hand-written names."""

from __future__ import annotations

import pytest

from generator.kinds import OrgKind, Rules, infer, of, parse, we, we_of

K = OrgKind

# (机关全称, kind, how the standard paragraphs call it)
NAMES = [
    # 乡镇: 镇, 乡, 民族乡, 苏木, with or without the county, with or without 人民政府
    ("叶城县白杨镇人民政府", K.TOWNSHIP, "我镇"),
    ("宜阳县白杨镇人民政府", K.TOWNSHIP, "我镇"),
    ("白杨镇人民政府", K.TOWNSHIP, "我镇"),
    ("叶城县白杨镇", K.TOWNSHIP, "我镇"),
    ("叶城县柯克亚乡人民政府", K.TOWNSHIP, "我乡"),
    ("凤庆县腰街彝族乡人民政府", K.TOWNSHIP, "我乡"),
    ("北京市朝阳区常营回族乡人民政府", K.TOWNSHIP, "我乡"),
    ("阿巴嘎旗伊和高勒苏木人民政府", K.TOWNSHIP, "我苏木"),
    ("叶城县 白杨镇人民政府", K.TOWNSHIP, "我镇"),  # a space typed in the name
    # 街道
    ("叶城县喀格勒克街道办事处", K.SUBDISTRICT, "我街道"),
    ("上海市黄浦区南京东路街道办事处", K.SUBDISTRICT, "我街道"),
    ("南京东路街道", K.SUBDISTRICT, "我街道"),
    # 县级人民政府: 县, 自治县, 旗, 市辖区, 县级市 under its city
    ("叶城县人民政府", K.COUNTY, "我县"),
    ("新疆维吾尔自治区喀什地区叶城县人民政府", K.COUNTY, "我县"),
    ("北京市朝阳区人民政府", K.COUNTY, "我区"),
    ("阿巴嘎旗人民政府", K.COUNTY, "我旗"),
    ("江苏省苏州市昆山市人民政府", K.COUNTY, "我市"),
    ("贵州省黔东南苗族侗族自治州凯里市人民政府", K.COUNTY, "我市"),
    ("济南市市中区人民政府", K.COUNTY, "我区"),
    # 设区的市 (and what cannot be told from one: 昆山市 alone reads as one), 自治州
    ("苏州市人民政府", K.CITY, "我市"),
    ("镇江市人民政府", K.CITY, "我市"),
    ("广州市人民政府", K.CITY, "我市"),  # 州 followed by 市 is part of the name, not a level
    ("昆山市人民政府", K.CITY, "我市"),
    ("克孜勒苏柯尔克孜自治州人民政府", K.CITY, "我州"),
    # 省级: 省, 自治区, 直辖市
    ("河南省人民政府", K.PROVINCE, "我省"),
    ("贵州省人民政府", K.PROVINCE, "我省"),
    ("新疆维吾尔自治区人民政府", K.PROVINCE, "我区"),
    ("北京市人民政府", K.PROVINCE, "我市"),
    # departments, by their place's level
    ("叶城县教育局", K.COUNTY_DEPT, "我局"),
    ("叶城县城市管理局", K.COUNTY_DEPT, "我局"),  # 城市 is the department's word, not a place
    ("叶城县发展和改革委员会", K.COUNTY_DEPT, "我委"),
    ("叶城县人民政府办公室", K.COUNTY_DEPT, "我办"),
    ("苏州市生态环境局", K.CITY_DEPT, "我局"),
    ("苏州市卫生健康委员会", K.CITY_DEPT, "我委"),
    ("镇江市教育局", K.CITY_DEPT, "我局"),
    ("苏州市市场监督管理局", K.CITY_DEPT, "我局"),
    ("河南省教育厅", K.PROVINCE_DEPT, "我厅"),
    ("北京市教育委员会", K.PROVINCE_DEPT, "我委"),
    ("国家税务总局", K.STATE_DEPT, "我局"),
    ("教育部", K.STATE_DEPT, "我部"),
    ("海关总署", K.STATE_DEPT, "我署"),
    # 开发区管委会
    ("叶城县经济开发区管委会", K.ZONE, "我区"),
    ("苏州工业园区管理委员会", K.ZONE, "我区"),
    ("喀什经济开发区管理委员会", K.ZONE, "我区"),
    # odd names: not a 行政机关, not a kind, nothing at all
    ("", K.OTHER, "本机关"),
    ("喀什地区行政公署", K.OTHER, "本机关"),
    ("中共叶城县委员会", K.OTHER, "本机关"),
    ("叶城县人民法院", K.OTHER, "本机关"),
    ("叶城县人民代表大会常务委员会", K.OTHER, "本机关"),
    ("叶城县白杨供销合作社", K.OTHER, "本机关"),
    ("某某公司", K.OTHER, "本机关"),
]


@pytest.mark.parametrize(("name", "kind", "called"), NAMES, ids=[n or "空" for n, _, _ in NAMES])
def test_kind_and_name_of_a_mechanism(name: str, kind: OrgKind, called: str) -> None:
    assert (infer(name), we(name, infer(name))) == (kind, called)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("乡镇人民政府", K.TOWNSHIP),
        ("乡镇", K.TOWNSHIP),
        (" 街道办事处 ", K.SUBDISTRICT),
        ("开发区", K.ZONE),
        ("国务院部门", K.STATE_DEPT),
        ("县级", None),  # 县级人民政府 or 县级政府部门: not one kind
        ("镇", None),
        ("", None),
    ],
)
def test_the_kind_cell_reads_a_kind_or_the_one_it_begins(typed: str, kind: OrgKind | None) -> None:
    assert parse(typed) is kind


def test_a_filled_kind_cell_wins_over_the_name() -> None:
    assert of({"org_name": "叶城县白杨镇人民政府", "org_kind": "县级政府部门"}) is K.COUNTY_DEPT
    assert we_of({"org_name": "叶城县白杨镇人民政府", "org_kind": "县级政府部门"}) == "本机关"
    assert we_of({"org_name": "叶城县教育局", "org_kind": None}) == "我局"
    assert we_of({"org_name": "苏州工业园区管理委员会", "org_kind": "开发区管委会"}) == "我区"
    assert of({"org_name": "叶城县白杨镇人民政府", "org_kind": None}) is K.TOWNSHIP
    assert of({"org_name": "叶城县白杨镇人民政府", "org_kind": "不知道"}) is K.TOWNSHIP


@pytest.mark.parametrize(
    ("kind", "rules"),
    [
        (K.TOWNSHIP, Rules.NEVER),
        (K.SUBDISTRICT, Rules.NEVER),
        (K.COUNTY, Rules.NEVER),
        (K.COUNTY_DEPT, Rules.NEVER),
        (K.ZONE, Rules.NEVER),
        (K.CITY, Rules.MAKES),  # 设区的市 make 地方政府规章 (《立法法》第九十三条)
        (K.PROVINCE, Rules.MAKES),
        (K.STATE_DEPT, Rules.MAKES),  # 部门规章 (第九十一条)
        (K.CITY_DEPT, Rules.DRAFTS),
        (K.PROVINCE_DEPT, Rules.DRAFTS),
        (K.OTHER, Rules.UNKNOWN),
    ],
)
def test_who_may_report_rules(kind: OrgKind, rules: Rules) -> None:
    from generator.kinds import RULES

    assert RULES[kind] is rules
