"""A gazetteer of place names for scope/location: every province-level unit, the
prefecture-level cities of the whole country, Henan's counties and districts in full,
and — for other provinces — districts, counties, banners and development zones
recognised by their suffix where a word boundary (punctuation, a known city) stands
before them.

Chinese has no word boundaries, so a generic "XX市" regex grabs the wrong
characters ("讯郑州市"); names are matched against known stems instead, and the
suffix-only forms are only accepted at a boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROVINCES = (
    "河南 河北 山东 山西 湖北 湖南 安徽 江苏 浙江 江西 福建 广东 海南 四川 贵州 云南 陕西 甘肃 "
    "青海 辽宁 吉林 黑龙江 台湾"
).split()
AUTONOMOUS_REGIONS = "内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区".split()
PROVINCE_STEMS = [p for p in PROVINCES if p not in ("吉林", "台湾")] + "内蒙古 广西 西藏 宁夏 新疆".split()
_STEM_FULL = {r[:2] if not r.startswith("内蒙古") else "内蒙古": r for r in AUTONOMOUS_REGIONS}
MUNICIPALITIES = "北京 天津 上海 重庆".split()

# prefecture-level (and a few large county-level) cities outside Henan
NATIONAL_CITIES = (
    "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 定州 辛集 "
    "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 "
    "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 "
    "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 "
    "长春 吉林 四平 辽源 通化 白山 松原 白城 延吉 "
    "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 "
    "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 昆山 江阴 张家港 常熟 "
    "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 "
    "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 "
    "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 晋江 石狮 福清 "
    "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 "
    "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 "
    "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门 "
    "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 "
    "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 "
    "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 "
    "海口 三亚 三沙 儋州 "
    "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 "
    "贵阳 六盘水 遵义 安顺 毕节 铜仁 "
    "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 "
    "拉萨 日喀则 昌都 林芝 "
    "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛 "
    "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 "
    "西宁 海东 银川 石嘴山 吴忠 固原 中卫 "
    "乌鲁木齐 克拉玛依 吐鲁番 哈密 喀什 阿克苏 库尔勒 伊宁 石河子"
).split()

CITIES = (
    "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源 "
    # county-level cities
    "巩义 荥阳 新密 新郑 登封 舞钢 汝州 林州 卫辉 辉县 沁阳 孟州 禹州 长葛 义马 灵宝 邓州 永城 项城 长垣"
).split() + NATIONAL_CITIES + MUNICIPALITIES

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
# state-level and large provincial new areas, and the Shanghai free-trade new area: zones with a
# name of their own, at city level for scope
NEW_AREAS = (
    "浦东新区 滨海新区 两江新区 舟山群岛新区 兰州新区 南沙新区 西咸新区 贵安新区 西海岸新区 金普新区 "
    "天府新区 湘江新区 江北新区 福州新区 滇中新区 哈尔滨新区 长春新区 赣江新区 雄安新区 和林格尔新区 "
    "临港新片区 横琴粤澳深度合作区 前海深港现代服务业合作区"
).split()
# autonomous prefectures and leagues ("大理州" / "大理白族自治州", "锡林郭勒盟"): city level
PREFECTURES = (
    "大理 红河 文山 西双版纳 楚雄 德宏 怒江 迪庆 湘西 黔东南 黔南 黔西南 凉山 甘孜 阿坝 延边 "
    "海西 海北 黄南 果洛 玉树 临夏 甘南 昌吉 伊犁 巴音郭楞 博尔塔拉 克孜勒苏 恩施"
).split()
LEAGUES = "锡林郭勒盟 阿拉善盟 兴安盟".split()
# prefecture-level 地区 ("喀什地区举行…"): city level, as written
DIQU = "阿克苏地区 喀什地区 和田地区 塔城地区 阿勒泰地区 阿里地区 大兴安岭地区".split()

_alt = lambda xs: "|".join(sorted(set(xs), key=len, reverse=True))  # noqa: E731

_CITY_PREFIX = rf"(?:{_alt(CITIES)})(?:市)?"
PLACE_RE = re.compile(
    "|".join(
        [
            rf"(?P<zone>(?:{_CITY_PREFIX})?(?:{_alt(NEW_AREAS)})|(?:{_CITY_PREFIX})?(?:{_alt(ZONES)})|(?:{_CITY_PREFIX})[\u4e00-\u9fff]{{2,4}}?"
            rf"(?:经济技术开发区|高新技术产业开发区|产业集聚区|开发区)"
            # "东莞松山湖高新区" / "三亚市崖州湾科技城": a zone named after its city ("海口国家高新区…" stays
            # part of a project's name)
            rf"|(?:{_CITY_PREFIX})(?!国家)[\u4e00-\u9fff]{{2,4}}?(?:高新区|经开区|科技城))",
            rf"(?P<province>(?:{_alt(PROVINCES)})省|{_alt(AUTONOMOUS_REGIONS)}"
            # "湖南重大项目集中开竣工" / "福建一季度…": a province named without 省 (not 吉林, also a
            # city; not inside a longer word: "浙江西部" is still 浙江)
            rf"|(?<![\u4e00-\u9fff])(?:{_alt(PROVINCE_STEMS)})(?![省市区县州])"
            rf"|(?<=[在于赴到和、与及])(?:{_alt(PROVINCE_STEMS)})(?![省市区县州]))",
            rf"(?P<prefecture>(?:{_alt(PREFECTURES)})(?:[\u4e00-\u9fff]{{1,5}}?族)*自治州|(?:{_alt(PREFECTURES)})州"
            rf"|{_alt(LEAGUES)}|{_alt(DIQU)})",
            rf"(?P<county>(?:{_CITY_PREFIX})?(?:{_alt([c for c in COUNTIES if c.endswith('县')])}"
            rf"|(?:{_alt([c for c in COUNTIES if not c.endswith('县')])})县))",
            rf"(?P<district>(?:{_CITY_PREFIX})?(?:{_alt(DISTRICTS)})区)",
            rf"(?P<city>(?:{_alt(CITIES)})市)",
        ]
    )
)
# 全省 / 我省 / 本市 ...: the level of the text's own place
DEICTIC_RE = re.compile(r"(?:全|我|本)(?P<level>省|市|县|区)")

_LEVEL_OF_GROUP = {"province": "省", "city": "市", "county": "县", "district": "区", "zone": "区", "prefecture": "市"}


@dataclass(frozen=True)
class Place:
    name: str
    level: str  # 省 / 市 / 县 / 区
    start: int
    end: int
    deictic: bool = False
    zone: bool = False


# Places outside the gazetteer, known only by their suffix ("镇海区", "两江新区", "准格尔旗",
# "苏州工业园区"): accepted only right after a boundary (punctuation, start of text, or a
# known province/city name ending in 省/市) so that "在幸福社区" or "全市重点区" stay out.
_GENERIC_RE = re.compile(
    r"(?:(?<=[，。；、：,;:\s\"“”（()）省市])|^)"
    r"(?P<name>(?P<zone>[\u4e00-\u9fff]{2,4}?(?:高新区|经开区|工业园区|新区|开发区|自贸片区|合作区|示范区))"
    r"|[\u4e00-\u9fff]{2,3}?(?P<suffix>区|县|旗)"
    # county-level cities outside the gazetteer ("珲春市举行…", "，满洲里市27个项目"): two or three characters and 市
    r"|[\u4e00-\u9fff]{2,3}?(?P<cty>市)(?![场民区长委级直属县域内外中])"
    r")"
)
_CITY_STOP = re.compile(r"[上超股楼夜城门都集开全我本该各在和及与等为是有了共计总投亿元点活举会届季的个项批期年月日县区省同"
                        r"从向到于至者讯报称据对把被让给进出来去回入内外中下]")
_GENERIC_STOP = re.compile(
    r"[的个项批期年月日全我本该各在和及与等为是有了共计总投亿元点活举会届季]"
    r"|(?:社|园|城|景|片|辖|市|地|矿|厂|校|库|林|牧|灾|核心|功能|试验|保护|聚|范|港|城)区$"
    # "偏远山区" / "深山区" are terrain; "璧山区" / "萧山区" (one character before 山) are districts
    r"|(?:^|[深高大老穷荒远偏贫])山区$"
    r"|(?:红|国|党|彩|锦)旗$"
)


def _generic_places(text: str, taken: list[tuple[int, int]]) -> list[Place]:
    out = []
    for m in _GENERIC_RE.finditer(text):
        name = m.group("name")
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if m.group("cty"):
            if not _CITY_STOP.search(name[:-1]):
                out.append(Place(name, "市", m.start(), m.end()))
            continue
        # "常德市鼎城区": right after its city a district is a district even when its name
        # looks like a common word (…城区)
        after_city = re.search(rf"(?:{_alt(CITIES)})市$", text[:m.start()]) is not None
        if (_GENERIC_STOP.search(name if m.group("zone") else name[:-1]) or _GENERIC_STOP.search(name)) \
                and not (after_city and not m.group("zone") and not re.match(r"[主老新旧中市城全]", name)
                         and not re.search(r"[的个项批期年月日全我本该各在和及与等为是有了共计总投亿元点活举会届季]", name)):
            if not m.group("zone") or re.search(r"[的个项批期年月日全我本该各在和及与等为是有了共计总投亿元点活举会届季]",
                                                 name):
                continue
        level = "县" if m.group("suffix") in ("县", "旗") else "区"
        out.append(Place(name, level, m.start(), m.end(), zone=bool(m.group("zone"))))
    return out


# "漳州分会场集中开工项目48个": a bare city stem before a venue word is that city
_VENUE_CITY_RE = re.compile(rf"({_alt(CITIES)})(?=(?:分会场|主会场|会场|分会|片区|\d+个))")


def find_places(text: str) -> list[Place]:
    out: list[Place] = []
    for m in PLACE_RE.finditer(text):
        group = m.lastgroup or "city"
        level = _LEVEL_OF_GROUP[group]
        name = m.group(0)
        city = re.fullmatch(rf"((?:{_alt(CITIES)})市)开发区", name)
        if city:
            # "长治市开发区…活动": the city's development zones taken together — a bare
            # 开发区 has no name of its own, so the place is the city
            out.append(Place(city.group(1), "市", m.start(), m.start() + len(city.group(1))))
            continue
        if group == "prefecture":
            stem = next((p for p in sorted(PREFECTURES, key=len, reverse=True) if name.startswith(p)), None)
            if stem and name.endswith("州"):
                name = stem + "州"  # "延边朝鲜族自治州" -> "延边州"
        if group == "province" and name in PROVINCE_STEMS:
            name = _STEM_FULL.get(name, name + "省")  # "湖南" -> "湖南省"
        # "郑州市中牟县" -> the most specific part is the place; keep as written
        out.append(Place(name, level, m.start(), m.end(), zone=group == "zone"))
    # a bare "高新区" from the gazetteer gives way to a longer suffix-form name ("东湖高新区")
    bare = {p for p in out if p.zone and p.name in ZONES}
    generic = _generic_places(text, [(p.start, p.end) for p in out if p not in bare])
    out = [p for p in out if p not in bare or not any(g.start < p.end and p.start < g.end for g in generic)]
    out += [g for g in generic if not any(p.start < g.end and g.start < p.end for p in out)]
    for m in _VENUE_CITY_RE.finditer(text):
        if not any(p.start < m.end(1) and m.start(1) < p.end for p in out):
            out.append(Place(m.group(1) + "市", "市", m.start(1), m.end(1)))
    for m in DEICTIC_RE.finditer(text):
        # 全区/全市 inside a longer word such as 安全区 is rare; accept
        out.append(Place(m.group(0), m.group("level"), m.start(), m.end(), deictic=True))
    out.sort(key=lambda p: p.start)
    return out


_PARENT_PREFIX_RE = re.compile(rf"^(?:{_alt(CITIES)})市(?=.+[县区]$)")


def short_name(name: str) -> str:
    """'濮阳市濮阳县' -> '濮阳县', '三门峡市湖滨区' -> '湖滨区'; zones keep their city
    ('郑州经开区', '林州市红旗渠经济技术开发区') since '经开区' alone is ambiguous."""
    if re.search(r"(?:开发区|经开区|高新区|港区|新区|示范区|集聚区|实验区|保税区|园区|合作区|片区)$", name):
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
    for place in find_places(text):
        if place.zone or place.deictic:
            continue
        if re.search(r"(?:在|于|设在|赴|到|来到|走进)$", text[max(0, place.start - 4):place.start]):
            continue  # "签约仪式在广州市举行": where the event took place, not whose text it is
        found.setdefault(place.level, place.name)
    return found
