"""GB/T 4754-2017 industries and the year-scoped 领域 / 产业 category lists, as fixture objects.

Split from build_reference_data.py (which documents the sources): these tables are typed in from the
published standard and the Henan lists, not read from a package.
"""

# ---------------------------------------------------------------- industries

# GB/T 4754-2017 门类 -> (name, [(大类 code, name), ...])
GB4754_2017 = [
    (
        "A",
        "农、林、牧、渔业",
        [
            ("01", "农业"),
            ("02", "林业"),
            ("03", "畜牧业"),
            ("04", "渔业"),
            ("05", "农、林、牧、渔专业及辅助性活动"),
        ],
    ),
    (
        "B",
        "采矿业",
        [
            ("06", "煤炭开采和洗选业"),
            ("07", "石油和天然气开采业"),
            ("08", "黑色金属矿采选业"),
            ("09", "有色金属矿采选业"),
            ("10", "非金属矿采选业"),
            ("11", "开采专业及辅助性活动"),
            ("12", "其他采矿业"),
        ],
    ),
    (
        "C",
        "制造业",
        [
            ("13", "农副食品加工业"),
            ("14", "食品制造业"),
            ("15", "酒、饮料和精制茶制造业"),
            ("16", "烟草制品业"),
            ("17", "纺织业"),
            ("18", "纺织服装、服饰业"),
            ("19", "皮革、毛皮、羽毛及其制品和制鞋业"),
            ("20", "木材加工和木、竹、藤、棕、草制品业"),
            ("21", "家具制造业"),
            ("22", "造纸和纸制品业"),
            ("23", "印刷和记录媒介复制业"),
            ("24", "文教、工美、体育和娱乐用品制造业"),
            ("25", "石油、煤炭及其他燃料加工业"),
            ("26", "化学原料和化学制品制造业"),
            ("27", "医药制造业"),
            ("28", "化学纤维制造业"),
            ("29", "橡胶和塑料制品业"),
            ("30", "非金属矿物制品业"),
            ("31", "黑色金属冶炼和压延加工业"),
            ("32", "有色金属冶炼和压延加工业"),
            ("33", "金属制品业"),
            ("34", "通用设备制造业"),
            ("35", "专用设备制造业"),
            ("36", "汽车制造业"),
            ("37", "铁路、船舶、航空航天和其他运输设备制造业"),
            ("38", "电气机械和器材制造业"),
            ("39", "计算机、通信和其他电子设备制造业"),
            ("40", "仪器仪表制造业"),
            ("41", "其他制造业"),
            ("42", "废弃资源综合利用业"),
            ("43", "金属制品、机械和设备修理业"),
        ],
    ),
    (
        "D",
        "电力、热力、燃气及水生产和供应业",
        [("44", "电力、热力生产和供应业"), ("45", "燃气生产和供应业"), ("46", "水的生产和供应业")],
    ),
    (
        "E",
        "建筑业",
        [
            ("47", "房屋建筑业"),
            ("48", "土木工程建筑业"),
            ("49", "建筑安装业"),
            ("50", "建筑装饰、装修和其他建筑业"),
        ],
    ),
    ("F", "批发和零售业", [("51", "批发业"), ("52", "零售业")]),
    (
        "G",
        "交通运输、仓储和邮政业",
        [
            ("53", "铁路运输业"),
            ("54", "道路运输业"),
            ("55", "水上运输业"),
            ("56", "航空运输业"),
            ("57", "管道运输业"),
            ("58", "多式联运和运输代理业"),
            ("59", "装卸搬运和仓储业"),
            ("60", "邮政业"),
        ],
    ),
    ("H", "住宿和餐饮业", [("61", "住宿业"), ("62", "餐饮业")]),
    (
        "I",
        "信息传输、软件和信息技术服务业",
        [("63", "电信、广播电视和卫星传输服务"), ("64", "互联网和相关服务"), ("65", "软件和信息技术服务业")],
    ),
    ("J", "金融业", [("66", "货币金融服务"), ("67", "资本市场服务"), ("68", "保险业"), ("69", "其他金融业")]),
    ("K", "房地产业", [("70", "房地产业")]),
    ("L", "租赁和商务服务业", [("71", "租赁业"), ("72", "商务服务业")]),
    (
        "M",
        "科学研究和技术服务业",
        [("73", "研究和试验发展"), ("74", "专业技术服务业"), ("75", "科技推广和应用服务业")],
    ),
    (
        "N",
        "水利、环境和公共设施管理业",
        [
            ("76", "水利管理业"),
            ("77", "生态保护和环境治理业"),
            ("78", "公共设施管理业"),
            ("79", "土地管理业"),
        ],
    ),
    (
        "O",
        "居民服务、修理和其他服务业",
        [("80", "居民服务业"), ("81", "机动车、电子产品和日用产品修理业"), ("82", "其他服务业")],
    ),
    ("P", "教育", [("83", "教育")]),
    ("Q", "卫生和社会工作", [("84", "卫生"), ("85", "社会工作")]),
    (
        "R",
        "文化、体育和娱乐业",
        [
            ("86", "新闻和出版业"),
            ("87", "广播、电视、电影和录音制作业"),
            ("88", "文化艺术业"),
            ("89", "体育"),
            ("90", "娱乐业"),
        ],
    ),
    (
        "S",
        "公共管理、社会保障和社会组织",
        [
            ("91", "中国共产党机关"),
            ("92", "国家机构"),
            ("93", "人民政协、民主党派"),
            ("94", "社会保障"),
            ("95", "群众团体、社会团体和其他成员组织"),
            ("96", "基层群众自治组织及其他组织"),
        ],
    ),
    ("T", "国际组织", [("97", "国际组织")]),
]


def build_industries():
    sections = [s for s, _, _ in GB4754_2017]
    divisions = [d for _, _, ds in GB4754_2017 for d, _ in ds]
    assert sections == [chr(c) for c in range(ord("A"), ord("T") + 1)], sections
    assert divisions == [f"{i:02d}" for i in range(1, 98)], divisions
    objects = []
    for code, name, divs in GB4754_2017:
        objects.append(
            {
                "model": "projects.industry",
                "pk": code,
                "fields": {"name": name, "kind": "section", "parent": None},
            }
        )
        for dcode, dname in divs:
            objects.append(
                {
                    "model": "projects.industry",
                    "pk": dcode,
                    "fields": {"name": dname, "kind": "division", "parent": code},
                }
            )
    return objects


# ---------------------------------------------------------------- categories

YEARS = range(2021, 2027)
# Henan's 领域 lists by year, as its own announcements name them. A year missing here is unknown:
# it gets no Category rows (not a copy of another year's) and a CategoryList row saying so.
DOMAINS_2024_2025 = [
    ("innovation", "创新驱动能力提升"),
    ("infrastructure", "基础设施建设"),
    ("new_infrastructure", "新型基础设施建设"),
    ("industry_transformation", "产业转型发展"),
    ("green", "绿色低碳转型"),
    ("livelihood", "民生社会事业改善"),
]
DOMAINS = {
    # 2022: "创新驱动能力提升、新基建、新型城镇化、重大基础设施、产业转型升级、生态环保、民生和社会事业七大领域"
    # (省发展改革委, reported 2022-03-15). Codes shared with later years where the meaning is the same.
    2022: ([("innovation", "创新驱动能力提升"), ("new_infrastructure", "新基建"), ("urbanization", "新型城镇化"),
            ("infrastructure", "重大基础设施"), ("industry_transformation", "产业转型升级"), ("ecology", "生态环保"),
            ("livelihood", "民生和社会事业")],
           "2022年河南省重点建设项目名单：七大领域（省发展改革委，2022-03报道）"),
    2024: (DOMAINS_2024_2025, "2024年河南省重点建设项目名单：六大领域（2024-01-02报道；名称同2025年，待逐项核实）"),
    2025: (DOMAINS_2024_2025, "2025年河南省重点建设项目名单：六大领域（河南日报 2025-01-20）"),
}
DOMAINS_UNKNOWN = {
    2021: "未找到2021年领域清单的公开来源：领域未知，不沿用其他年度清单。",
    2023: "2023年为五大领域，名称未核实：领域未知，不沿用其他年度清单。",
    2026: "2026年清单尚未公布或未核实：领域未知，不沿用其他年度清单。",
}
SECTORS = [
    ("manufacturing", "先进制造业"),
    ("emerging", "战略性新兴产业"),
    ("digital", "数字经济和新型基础设施"),
    ("infrastructure", "重大基础设施"),
    ("services", "现代服务业"),
    ("social", "社会民生"),
    ("attraction", "招商引资项目"),
]
SECTORS_SOURCE = "三个一批列入门槛与分类统计所用产业类别（各市规则“原则上”的分类，非逐年公布的清单；可按年调整）"


def build_categories():
    objects = []
    lists = []

    def add(scheme, year, items):
        for sort, (code, name) in enumerate(items, start=1):
            objects.append({"model": "projects.category", "pk": len(objects) + 1,
                            "fields": {"scheme": scheme, "year": year, "code": code, "name": name, "sort": sort}})

    def note(scheme, year, known, source):
        lists.append({"model": "projects.categorylist", "pk": len(lists) + 1,
                      "fields": {"scheme": scheme, "year": year, "known": known, "source": source}})

    for year in YEARS:
        if year in DOMAINS:
            items, source = DOMAINS[year]
            add("domain", year, items)
            note("domain", year, True, source)
        else:
            note("domain", year, False, DOMAINS_UNKNOWN[year])
    for year in YEARS:
        add("sector", year, SECTORS)
        note("sector", year, True, SECTORS_SOURCE)
    return objects + lists
