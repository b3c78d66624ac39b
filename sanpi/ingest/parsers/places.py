"""A small gazetteer of Henan place names (plus province names) for scope/location.

Chinese has no word boundaries, so a generic "XX市" regex grabs the wrong
characters ("讯郑州市"); names are matched against known stems instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROVINCES = (
    "河南 河北 山东 山西 湖北 湖南 安徽 江苏 浙江 江西 福建 广东 海南 四川 贵州 云南 陕西 甘肃 "
    "青海 辽宁 吉林 黑龙江 台湾"
).split()

CITIES = (
    "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源 "
    # county-level cities
    "巩义 荥阳 新密 新郑 登封 舞钢 汝州 林州 卫辉 辉县 沁阳 孟州 禹州 长葛 义马 灵宝 邓州 永城 项城 长垣"
).split()

COUNTIES = (
    "中牟 兰考 杞县 通许 尉氏 新安 栾川 嵩县 汝阳 宜阳 洛宁 伊川 宝丰 叶县 鲁山 郏县 安阳县 汤阴 滑县 "
    "内黄 浚县 淇县 新乡县 获嘉 原阳 延津 封丘 修武 博爱 武陟 温县 清丰 南乐 范县 台前 濮阳县 鄢陵 "
    "襄城 舞阳 临颍 渑池 卢氏 南召 方城 西峡 镇平 内乡 淅川 社旗 唐河 新野 桐柏 民权 睢县 宁陵 柘城 "
    "虞城 夏邑 罗山 光山 新县 商城 固始 潢川 淮滨 息县 扶沟 西华 商水 沈丘 郸城 太康 鹿邑 西平 上蔡 "
    "平舆 正阳 确山 泌阳 汝南 遂平 新蔡"
).split()

DISTRICTS = (
    "金水 二七 中原 管城回族 惠济 上街 龙亭 顺河回族 鼓楼 禹王台 祥符 老城 西工 瀍河回族 涧西 洛龙 "
    "孟津 偃师 新华 卫东 石龙 湛河 文峰 北关 殷都 龙安 鹤山 山城 淇滨 红旗 卫滨 凤泉 牧野 解放 中站 "
    "马村 山阳 华龙 魏都 建安 源汇 郾城 召陵 湖滨 陕州 宛城 卧龙 梁园 睢阳 浉河 平桥 川汇 淮阳 驿城"
).split()

ZONES = (
    "经济技术开发区 高新技术产业开发区 航空港经济综合实验区 经开区 高新区 航空港区 郑东新区 中牟新区 "
    "产业集聚区 综合保税区 示范区 开发区 港区"
).split()

_alt = lambda xs: "|".join(sorted(set(xs), key=len, reverse=True))  # noqa: E731

_CITY_PREFIX = rf"(?:{_alt(CITIES)})(?:市)?"
PLACE_RE = re.compile(
    "|".join(
        [
            rf"(?P<zone>(?:{_CITY_PREFIX})?(?:{_alt(ZONES)})|(?:{_CITY_PREFIX})[\u4e00-\u9fff]{{2,4}}?"
            rf"(?:经济技术开发区|高新技术产业开发区|产业集聚区|开发区))",
            rf"(?P<province>(?:{_alt(PROVINCES)})省)",
            rf"(?P<county>(?:{_CITY_PREFIX})?(?:{_alt([c for c in COUNTIES if c.endswith('县')])}"
            rf"|(?:{_alt([c for c in COUNTIES if not c.endswith('县')])})县))",
            rf"(?P<district>(?:{_CITY_PREFIX})?(?:{_alt(DISTRICTS)})区)",
            rf"(?P<city>(?:{_alt(CITIES)})市)",
        ]
    )
)
# 全省 / 我省 / 本市 ...: the level of the text's own place
DEICTIC_RE = re.compile(r"(?:全|我|本)(?P<level>省|市|县|区)")

_LEVEL_OF_GROUP = {"province": "省", "city": "市", "county": "县", "district": "区", "zone": "区"}


@dataclass(frozen=True)
class Place:
    name: str
    level: str  # 省 / 市 / 县 / 区
    start: int
    end: int
    deictic: bool = False


def find_places(text: str) -> list[Place]:
    out: list[Place] = []
    for m in PLACE_RE.finditer(text):
        group = m.lastgroup or "city"
        level = _LEVEL_OF_GROUP[group]
        name = m.group(0)
        # "郑州市中牟县" -> the most specific part is the place; keep as written
        out.append(Place(name, level, m.start(), m.end()))
    for m in DEICTIC_RE.finditer(text):
        # 全区/全市 inside a longer word such as 安全区 is rare; accept
        out.append(Place(m.group(0), m.group("level"), m.start(), m.end(), deictic=True))
    out.sort(key=lambda p: p.start)
    return out


_PARENT_PREFIX_RE = re.compile(rf"^(?:{_alt(CITIES)})市(?=.+[县区]$)")


def short_name(name: str) -> str:
    """'濮阳市濮阳县' -> '濮阳县', '三门峡市湖滨区' -> '湖滨区'; zones keep their city
    ('郑州经开区', '林州市红旗渠经济技术开发区') since '经开区' alone is ambiguous."""
    if re.search(r"(?:开发区|经开区|高新区|港区|新区|示范区|集聚区|实验区|保税区)$", name):
        return name
    return _PARENT_PREFIX_RE.sub("", name)


def place_at_start(text: str) -> Place | None:
    m = PLACE_RE.match(text)
    if not m:
        return None
    return Place(m.group(0), _LEVEL_OF_GROUP[m.lastgroup or "city"], 0, m.end())


def principal_places(text: str) -> dict[str, str]:
    """The first named place of each level in the document: resolves 全省/我市/全县."""
    found: dict[str, str] = {}
    for m in PLACE_RE.finditer(text):
        group = m.lastgroup or "city"
        level = _LEVEL_OF_GROUP[group]
        if group == "zone":
            continue
        found.setdefault(level, m.group(0))
    return found
