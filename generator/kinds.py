"""The kinds of 行政机关 that publish the annual report: each kind's name, who may make 规章, and how the report
calls the 机关 (我镇, 我街道, 我局, 我县…), inferred from the 机关全称 when the workbook leaves the kind blank.

Pure: names in, names out. The national format is one for every 行政机关; only a few rules and words differ.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum


class OrgKind(Enum):
    """The kinds offered in the workbook's drop-down list (基本信息), in the order a county lists its units."""

    TOWNSHIP = "乡镇人民政府"
    SUBDISTRICT = "街道办事处"
    COUNTY = "县级人民政府"
    COUNTY_DEPT = "县级政府部门"
    CITY = "设区的市人民政府"
    CITY_DEPT = "市级政府部门"
    PROVINCE = "省级人民政府"
    PROVINCE_DEPT = "省级政府部门"
    STATE_DEPT = "国务院部门"
    ZONE = "开发区管委会"
    OTHER = "其他"


NAMES = tuple(k.value for k in OrgKind)
DEFAULT_WE = "本机关"


class Rules(Enum):
    """Whether a kind may report 规章 in table 二 (《立法法》第九十一条、第九十三条)."""

    MAKES = "makes"  # 国务院部门 (部门规章); 省级 and 设区的市、自治州 governments (地方政府规章)
    DRAFTS = (
        "drafts"  # a 市级 or 省级 department drafts its government's 规章 but does not make them: a warning
    )
    NEVER = "never"  # no power at all, nor has its government: the row must be 0 (an error)
    UNKNOWN = "unknown"  # 其他: gigen cannot tell, so it says nothing


# A 市级 or 省级 department is not a 规章 maker: 地方政府规章 are made and published by the 本级人民政府. Yet
# such a department drafts them and some reports count what it drafted, so that is a warning to explain it. A
# 县级 department cannot even draft one (its county government has no such power), and neither can 乡镇, 街道,
# 县级人民政府 or a 开发区管委会 (an agency of its government): for these a 规章 count is an error.
RULES: dict[OrgKind, Rules] = {
    OrgKind.TOWNSHIP: Rules.NEVER,
    OrgKind.SUBDISTRICT: Rules.NEVER,
    OrgKind.COUNTY: Rules.NEVER,
    OrgKind.COUNTY_DEPT: Rules.NEVER,
    OrgKind.CITY: Rules.MAKES,
    OrgKind.CITY_DEPT: Rules.DRAFTS,
    OrgKind.PROVINCE: Rules.MAKES,
    OrgKind.PROVINCE_DEPT: Rules.DRAFTS,
    OrgKind.STATE_DEPT: Rules.MAKES,
    OrgKind.ZONE: Rules.NEVER,
    OrgKind.OTHER: Rules.UNKNOWN,
}

_GOVERNMENTS = frozenset({OrgKind.TOWNSHIP, OrgKind.COUNTY, OrgKind.CITY, OrgKind.PROVINCE})
_DEPARTMENTS = frozenset({OrgKind.COUNTY_DEPT, OrgKind.CITY_DEPT, OrgKind.PROVINCE_DEPT, OrgKind.STATE_DEPT})

# One unit of a place name: a name that holds no level word, then its level (新疆维吾尔自治区, 喀什地区, 叶城县).
# A 州 followed by 市 or 省 is part of the name (苏州市, 贵州省), and a unit may begin with 市 (济南市市中区).
_NAME_CHAR = r"(?:[^省市州盟县区旗]|州(?=[市省]))"
_UNIT = re.compile(rf"(?:{_NAME_CHAR}|市){_NAME_CHAR}{{0,11}}?(?:自治区|省|市|地区|州(?![市省])|盟|县|旗|区)")
_MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_NOT_PLACES = frozenset({"城市"})  # 城市管理局: a department's own words, not a place
_PROVINCE, _CITY, _COUNTY = 1, 2, 3

_GOVERNMENT_ENDS = ("人民政府", "政府")
_TOWNSHIP_ENDS = ("镇", "乡", "苏木")
_SUBDISTRICT_ENDS = ("街道办事处", "街道办", "街道")
_ZONE_WORDS = ("开发区", "园区", "新区", "高新区", "保税区", "试验区", "示范区", "合作区", "工业区", "产业园")
_ZONE_ENDS = ("管委会", "管理委员会")
# Department endings, longest first, and what the report calls the department.
_DEPARTMENT_WE = (
    ("办公室", "我办"),
    ("委员会", "我委"),
    ("总局", "我局"),
    ("局", "我局"),
    ("厅", "我厅"),
    ("委", "我委"),
    ("办", "我办"),
    ("署", "我署"),
    ("中心", "我中心"),
    ("部", "我部"),
)
_STATE_STARTS = ("国家", "国务院", "中华人民共和国", "中国")
# Not 行政机关 under the 条例's annual report: Party organs, congresses, courts, procuratorates.
_NOT_ADMINISTRATIVE = (
    "中共",
    "中国共产党",
    "人民代表大会",
    "人大常委会",
    "政治协商会议",
    "政协",
    "法院",
    "检察院",
)


def parse(text: str) -> OrgKind | None:
    """The kind a cell names: its exact name, or the one name it begins (乡镇 → 乡镇人民政府); else None."""
    text = re.sub(r"\s", "", text)
    matches = [k for k in OrgKind if k.value == text] or [
        k for k in OrgKind if text and k.value.startswith(text)
    ]
    return matches[0] if len(matches) == 1 else None


def infer(name: str) -> OrgKind:
    """The kind of a 机关 from its 机关全称; 其他 when the name does not say.

    Where a name cannot tell two kinds apart, the one with fewer rules wins, so a wrong guess never makes a false
    error: 昆山市人民政府 reads as a 设区的市 (a 县级市 cannot be told from its name), 沙湾市教育局 as 市级.
    """
    name = re.sub(r"\s", "", name)
    if not name or any(word in name for word in _NOT_ADMINISTRATIVE) or name.endswith("行政公署"):
        return OrgKind.OTHER  # a 地区行政公署 is an agency of its province, neither 设区的市 nor department
    if name.endswith("管委会") or (name.endswith(_ZONE_ENDS) and any(w in name for w in _ZONE_WORDS)):
        return OrgKind.ZONE
    if name.endswith(_SUBDISTRICT_ENDS):
        return OrgKind.SUBDISTRICT
    for end in _GOVERNMENT_ENDS:
        if name.endswith(end):
            return _government(name.removesuffix(end))
    if name.endswith(_TOWNSHIP_ENDS):
        return OrgKind.TOWNSHIP
    if name.endswith(tuple(end for end, _ in _DEPARTMENT_WE)):
        return _department(name)
    return OrgKind.OTHER


def _government(place: str) -> OrgKind:
    if place.endswith(_TOWNSHIP_ENDS):
        return OrgKind.TOWNSHIP
    units, rest = _units(place)
    level = _level(units)
    if rest or not level:
        return OrgKind.OTHER
    return {_PROVINCE: OrgKind.PROVINCE, _CITY: OrgKind.CITY, _COUNTY: OrgKind.COUNTY}[level]


def _department(name: str) -> OrgKind:
    level = _level(_units(name)[0])
    if level:
        return {_PROVINCE: OrgKind.PROVINCE_DEPT, _CITY: OrgKind.CITY_DEPT, _COUNTY: OrgKind.COUNTY_DEPT}[
            level
        ]
    if name.startswith(_STATE_STARTS) or name.endswith(("部", "总局", "署")):
        return OrgKind.STATE_DEPT
    return OrgKind.OTHER


def _units(place: str) -> tuple[list[str], str]:
    """The place units a name opens with (喀什地区, 叶城县), and what follows them."""
    units: list[str] = []
    pos = 0
    while (m := _UNIT.match(place, pos)) and m.group() not in _NOT_PLACES:
        units.append(m.group())
        pos = m.end()
    return units, place[pos:]


def _level(units: list[str]) -> int:
    """How local the last of the units is: 省级, 市级 (设区的市, 自治州, 地区, 盟) or 县级; 0 for none."""
    level = 0
    for unit in units:
        if unit in _MUNICIPALITIES or unit.endswith(("省", "自治区")):
            here = _PROVINCE
        elif unit.endswith(("地区", "州", "盟")):
            here = _CITY
        elif unit.endswith("市"):
            here = _COUNTY if level >= _CITY else _CITY  # 苏州市昆山市: a 县级市 under its city
        else:
            here = _COUNTY
        level = max(level, here)
    return level


def we(name: str, kind: OrgKind) -> str:
    """How the report calls the 机关 itself: 我镇, 我乡, 我街道, 我县, 我区, 我市, 我局, 我委, 我办…; else 本机关."""
    name = re.sub(r"\s", "", name)
    if kind is OrgKind.SUBDISTRICT:
        return "我街道"
    if kind in _GOVERNMENTS:
        place = next((name.removesuffix(e) for e in _GOVERNMENT_ENDS if name.endswith(e)), name)
        return _place_we(place, kind)
    if kind in _DEPARTMENTS:
        return next((word for end, word in _DEPARTMENT_WE if name.endswith(end)), DEFAULT_WE)
    if kind is OrgKind.ZONE:
        place = next((name.removesuffix(e) for e in _ZONE_ENDS if name.endswith(e)), name)
        return "我区" if place.endswith("区") else DEFAULT_WE
    return DEFAULT_WE


def _place_we(place: str, kind: OrgKind) -> str:
    if kind is OrgKind.TOWNSHIP:
        return next((f"我{end}" for end in _TOWNSHIP_ENDS if place.endswith(end)), DEFAULT_WE)
    units, rest = _units(place)
    if rest or not units:
        return DEFAULT_WE
    last = units[-1]
    if last.endswith("自治区"):
        return "我区"
    if last.endswith("地区"):
        return DEFAULT_WE  # 我地区 is not said, and 我区 would read as a 市辖区
    return f"我{last[-1]}"


def of(values: Mapping[str, object]) -> OrgKind:
    """A report's kind: its 机关类别 cell when filled with a kind, else the kind its 机关全称 says."""
    chosen = parse(str(values.get("org_kind") or ""))
    return chosen if chosen is not None else infer(str(values.get("org_name") or ""))


def we_of(values: Mapping[str, object]) -> str:
    """How a report's standard paragraphs call its 机关, from its kind and its name."""
    return we(str(values.get("org_name") or ""), of(values))
