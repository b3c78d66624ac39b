"""Bulletin extraction: the shared seed plus one test per trap (no Django)."""

from decimal import Decimal
from pathlib import Path

import pytest

from sanpi.ingest.parsers.bulletin import clean_text, extract

SEED_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "seed"


def _seed_text() -> str:
    files = sorted(SEED_DIR.glob("000_*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        pytest.skip("shared/seed not present (only in CI and dev sessions)")
    return files[0].read_text(encoding="utf-8")


def _lists(ex):
    return {(f.batch, f.carried_over): f for f in ex.lists}


def _projects(ex):
    return {p.name: p for p in ex.projects}


def test_seed_lists():
    ex = extract(_seed_text())
    lists = _lists(ex)
    assert set(lists) == {("签约", False), ("开工", False), ("投产", True)}
    assert (lists[("签约", False)].count, lists[("签约", False)].total_investment_wan) == (751, Decimal(66430000))
    assert (lists[("开工", False)].count, lists[("开工", False)].total_investment_wan) == (795, Decimal(84160000))
    assert (lists[("投产", True)].count, lists[("投产", True)].total_investment_wan) == (1672, Decimal(149000000))
    assert {f.scope for f in ex.lists} == {"河南省"}
    assert all("签约一批" in f.source for f in ex.lists)
    js = ex.to_json()
    assert js["lists"][0]["total_investment_wan"] == "66430000"
    assert js["lists"][2]["total_investment_wan"] == "149000000"


def test_seed_projects():
    ex = extract(_seed_text())
    ps = _projects(ex)
    assert set(ps) == {"中兴5G微基站和智慧杆塔集成项目", "安图生物体外诊断产业园(三期)项目", "超亚医药新药研发及其配套项目"}
    zx = ps["中兴5G微基站和智慧杆塔集成项目"]
    assert (zx.land_mu, zx.total_investment_wan, zx.building_area_m2, zx.output_value_wan, zx.phase) == (
        Decimal(425), Decimal(610000), Decimal(640000), Decimal(500000), "二期")
    at = ps["安图生物体外诊断产业园(三期)项目"]
    assert (at.land_mu, at.building_area_m2, at.total_investment_wan, at.phase) == (
        Decimal(251), Decimal(620000), Decimal(190000), "三期")
    # "(一、二、三期)全面建成后产值超过100亿元" is for all three phases: not 三期's own output
    assert at.output_value_wan is None
    cy = ps["超亚医药新药研发及其配套项目"]
    assert (cy.land_mu, cy.total_investment_wan) == (Decimal(102), Decimal(50000))
    assert cy.stage is None  # "竣工投产后" is a future condition, not a stage
    assert {p.location for p in ex.projects} == {"经开区"}
    assert all(p.owner is None for p in ex.projects)
    for p in ex.to_json()["projects"]:
        assert " " not in p["name"]


def test_seed_layout_spaces_removed():
    paragraphs = clean_text(_seed_text())
    joined = "\n".join(paragraphs)
    assert "项目为王抓投资" in joined and "中国式现代化" in joined
    # the page break inside the 安图 paragraph is joined
    assert any("项目主要用于体外诊断试剂" in p for p in paragraphs)


def test_annual_planned_investment_is_not_total():
    ex = extract('全市"开工一批"项目102个，年度计划投资286亿元，总投资735亿元。\n\n'
                 "淇滨区光电显示材料项目年度计划完成投资2.3亿元，项目总投资9亿元。")
    assert ex.lists[0].total_investment_wan == Decimal(7350000)
    assert _projects(ex)["光电显示材料项目"].total_investment_wan == Decimal(90000)


def test_sales_revenue_and_tax_are_not_output():
    ex = extract("宝丰县不锈钢管加工项目总投资6.8亿元，达产后年销售收入20亿元，年税收1亿元，利税2亿元。")
    p = _projects(ex)["不锈钢管加工项目"]
    assert p.output_value_wan is None and p.total_investment_wan == Decimal(68000)
    ex = extract("宝丰县不锈钢管加工项目总投资6.8亿元，年税收1亿元，年产值30亿元。")
    assert _projects(ex)["不锈钢管加工项目"].output_value_wan == Decimal(300000)


def test_threshold_count_is_not_a_total_or_count():
    ex = extract('全省"开工一批"项目795个，其中10亿元以上项目124个，总投资8416亿元。')
    f = ex.lists[0]
    assert f.count == 795
    assert f.total_investment_wan is None  # the total after 其中 is not read; 124 is not the count
    ex = extract('此次活动"签约一批"10亿元以上项目124个。')
    assert all(f.total_investment_wan is None for f in ex.lists)


def test_range_is_not_a_total():
    ex = extract("鲁山县文旅康养综合体项目计划总投资10亿—15亿元。")
    assert _projects(ex)["文旅康养综合体项目"].total_investment_wan is None


def test_figures_split_across_lines():
    ex = extract('本报讯 全县"开工一批"项目\n共18个，总投资\n56.8亿元；"签约一\n批"项目9个，签约总额 42 亿元。')
    lists = _lists(ex)
    assert lists[("开工", False)].count == 18
    assert lists[("开工", False)].total_investment_wan == Decimal(568000)
    assert lists[("签约", False)].total_investment_wan == Decimal(420000)


def test_traditional_chinese():
    ex = extract('鄭州市第十一期"三個一批"項目建設活動舉行。全市"簽約一批"項目120個，總投資約1320億元；'
                 '結轉"投產一批"項目98個，總投資超過900億元。')
    lists = _lists(ex)
    assert lists[("签约", False)].total_investment_wan == Decimal(13200000)
    assert lists[("投产", True)].count == 98
    assert lists[("签约", False)].scope == "郑州市"


def test_yuan_amounts_and_fullwidth():
    ex = extract("其中，新乡华兰生物疫苗扩产项目总投资１，２００，０００，０００元，占地１５０亩；"
                 "新乡化纤生物基纤维项目总投资3500万元，建筑面积1.2万平方米。")
    ps = _projects(ex)
    assert ps["新乡华兰生物疫苗扩产项目"].total_investment_wan == Decimal(120000)
    assert ps["新乡华兰生物疫苗扩产项目"].land_mu == Decimal(150)
    assert ps["新乡化纤生物基纤维项目"].total_investment_wan == Decimal(3500)
    assert ps["新乡化纤生物基纤维项目"].building_area_m2 == Decimal(12000)


def test_owner_and_stage():
    ex = extract("中牟县汽车电子产业园项目由河南中牟汽车电子有限公司投资建设，总投资18.5亿元。该项目当天集中开工。")
    p = _projects(ex)["汽车电子产业园项目"]
    assert (p.owner, p.location, p.stage) == ("河南中牟汽车电子有限公司", "中牟县", "开工")
    ex = extract("陕州区果品冷链物流中心项目已完成投资8000万元，预计年底竣工。")
    p = _projects(ex)["果品冷链物流中心项目"]
    assert p.stage is None and p.total_investment_wan is None


def test_enumerated_projects_share_no_total():
    ex = extract("其中，宇通新能源商用车零部件项目、海康威视郑州科技园项目等2个项目总投资98亿元。")
    assert all(p.total_investment_wan is None for p in ex.projects)


def test_to_json_shape():
    js = extract("").to_json()
    assert js == {"lists": [], "projects": []}


# --------------------------------------------------------------------------- issue 15: other provinces' shapes


def _one(ex, kind):
    found = [f for f in ex.lists if f.kind == kind]
    assert len(found) == 1, [(f.kind, f.count) for f in ex.lists]
    return found[0]


def test_batches_other_than_the_three_lists_carry_their_kind():
    ex = extract("甲市召开2026年重大项目谋划发布会，会上发布谋划储备重大项目32个，总投资465亿元。")
    assert (_one(ex, "谋划").count, _one(ex, "谋划").total_investment_wan) == (32, Decimal(4650000))
    ex = extract("乙省下达第一批省重点项目投资计划。第一批省重点项目共586个、总投资2.8万亿元，其中新开工项目231个、总投资832亿元。")
    key = _one(ex, "重点项目")
    assert (key.count, key.total_investment_wan, key.scope) == (586, Decimal(280000000), None)
    assert key.breakdowns == [{"label": "新开工", "count": 231, "total_investment_wan": Decimal(8320000)}]
    ex = extract("6月12日，镇海区举行增资扩产项目集中签约活动，共签约增资扩产项目18个，总投资126.5亿元。")
    assert (_one(ex, "增资").count, _one(ex, "增资").scope) == (18, "镇海区")
    ex = extract("3月6日，长春市举行集中动工活动，集中动工项目26个，总投资89.4亿元。")
    assert _one(ex, "开工").count == 26
    ex = extract("9月12日，大连市举行重大项目集中竣工投产活动，32个项目集中竣工投产，总投资186亿元。")
    assert _one(ex, "投产").count == 32 and not [f for f in ex.lists if f.kind == "竣工"]


def test_a_total_across_lists_and_its_parts():
    ex = extract("9月26日，襄阳市举行集中签约开工投产活动。本次活动共签约、开工、投产项目133个，总投资1048.4亿元，"
                 "其中签约项目44个、总投资412.6亿元，开工项目61个、总投资455.3亿元，投产项目28个、总投资180.5亿元。")
    got = {f.kind: (f.count, f.total_investment_wan, f.scope) for f in ex.lists}
    assert got == {"合计": (133, Decimal(10484000), "襄阳市"), "签约": (44, Decimal(4126000), "襄阳市"),
                   "开工": (61, Decimal(4553000), "襄阳市"), "投产": (28, Decimal(1805000), "襄阳市")}
    # the parts in the next sentence
    ex = extract("成都市举行集中签约开工投产活动，共签约、开工、投产项目446个，总投资3468亿元。"
                 "其中签约项目112个、总投资1562亿元，开工项目238个、总投资1498亿元，投产项目96个、总投资408亿元。")
    assert sorted(f.kind for f in ex.lists) == ["合计", "开工", "投产", "签约"]


def test_scope_comes_from_the_text_or_stays_empty():
    ex = extract("4月8日上午，泉州市第二季度重大项目集中开工活动在晋江市主会场举行。此次集中开工的193个项目总投资1350亿元。")
    assert _one(ex, "开工").scope == "泉州市"  # the venue after 在 is not the scope
    ex = extract("本季度重大项目集中开工活动昨日举行。我市此次集中开工项目64个，总投资305亿元。")
    assert _one(ex, "开工").scope is None  # "我市" with no city named: no guess
    ex = extract("3月20日，重庆市一季度重大项目集中开工活动举行，全市共有361个项目集中开工，总投资2107亿元。")
    assert _one(ex, "开工").scope == "重庆市"


def test_the_same_figure_twice_is_one_list_and_sub_counts_are_not_the_list():
    ex = extract("石家庄市春季重点项目集中开工。全市集中开工项目156个，总投资886亿元。\n\n"
                 "全市156个项目集中开工，将为全年经济增长提供支撑。")
    assert [(f.kind, f.count) for f in ex.lists] == [("开工", 156)]
    ex = extract("7月12日，江宁区重大项目集中开工，集中开工项目53个，总投资326亿元，其中亿元以上项目38个、总投资301亿元。")
    assert [(f.count, f.total_investment_wan) for f in ex.lists] == [(53, Decimal(3260000))]


def test_category_breakdowns_are_breakdowns_not_projects():
    ex = extract("6月18日，宝鸡市重点项目集中开工，全市集中开工重点项目118个，总投资680.5亿元。其中，战略性新兴产业项目38个、"
                 "总投资265亿元；社会民生项目8个、总投资40亿元。")
    assert ex.projects == []
    assert [(b["label"], b["count"]) for b in _one(ex, "开工").breakdowns] == [("战略性新兴产业", 38), ("社会民生", 8)]


def test_phrases_ending_in_xiangmu_are_not_names():
    ex = extract("今年以来，我市保持了项目建设热度，掀起一波项目建设高潮，积极协调化解项目难题，以更大力度推动项目落地。"
                 "1-3月重大投资项目完成投资52亿元。海口江东新区免税城二期项目为单体投资最大项目，总投资45亿元。")
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [("海口江东新区免税城二期项目", Decimal(450000))]


def test_enumerators_and_connectors_are_stripped_from_names():
    ex = extract("主要开工项目有：①华为云数据中心二期项目，总投资约60亿元；二是精细化工新材料项目，总投资18亿元。"
                 "(一)长水机场改扩建配套项目，总投资42亿元。其中投资金额最大为华晨宝马大东工厂改造升级项目，总投资150亿元。")
    assert {p.name for p in ex.projects} == {"华为云数据中心二期项目", "精细化工新材料项目", "长水机场改扩建配套项目",
                                             "华晨宝马大东工厂改造升级项目"}


def test_investment_forms():
    ex = extract("主要包括：准格尔旗煤制烯烃升级示范项目，260亿元；康巴什区数据中心项目，15亿元。"
                 "江宁开发区新能源汽车零部件产业园项目（总投资23亿元）当天开工。石狮市纺织新材料产业园项目计划总投资4.23亿元。"
                 "投资50亿元的冰雪装备制造产业园项目现场签约。城阳区智能家电配件项目，总投资8500万元。"
                 "比亚迪襄阳新能源电池项目投资额最大，达120亿元。")
    totals = {p.name: p.total_investment_wan for p in ex.projects}
    assert totals == {"准格尔旗煤制烯烃升级示范项目": Decimal(2600000), "康巴什区数据中心项目": Decimal(150000),
                      "江宁开发区新能源汽车零部件产业园项目": Decimal(230000), "纺织新材料产业园项目": Decimal(42300),
                      "冰雪装备制造产业园项目": Decimal(500000), "城阳区智能家电配件项目": Decimal(8500),
                      "比亚迪襄阳新能源电池项目": Decimal(1200000)}


def test_traditional_text_from_another_province():
    ex = extract("10月28日，東湖高新區舉行重大項目集中簽約活動，集中簽約項目30個，簽約總額達580億元。"
                 "其中，光谷量子計算產業園項目總投資約80億元。")
    sign = _one(ex, "签约")
    assert (sign.count, sign.total_investment_wan, sign.scope) == (30, Decimal(5800000), "东湖高新区")
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [("光谷量子计算产业园项目", Decimal(800000))]


def test_lists_phrased_around_the_count_or_split_across_sentences():
    ex = extract("4月10日，乌鲁木齐市举行重点项目集中开工仪式。此次集中开工的86个项目总投资502亿元。")
    assert (_one(ex, "开工").count, _one(ex, "开工").total_investment_wan) == (86, Decimal(5020000))
    ex = extract("5月26日，两江新区共有36个项目集中开工。据介绍，这批项目总投资达408亿元。")
    assert (_one(ex, "开工").count, _one(ex, "开工").total_investment_wan, _one(ex, "开工").scope) == (
        36, Decimal(4080000), "两江新区")
    ex = extract("顺德区第二批重大项目集中动工仪式举行。本批次集中动工项目共有45个。这些项目总投资达312亿元。")
    assert (_one(ex, "开工").count, _one(ex, "开工").total_investment_wan) == (45, Decimal(3120000))
    assert ex.projects == []


# --- rules generalised from the independent set (corpus/independent, measured once at 231ac12)


def test_names_not_ending_in_xiangmu_when_a_figure_is_attached():
    ex = extract("重点项目有：宜宾至攀枝花高速公路(宜宾段)，总投资120亿元；岷江港口物流配套工程，总投资36亿元；"
                 "翠屏区动力电池材料产业园三期，总投资18亿元。江安县冷链物流集散中心总投资2.5亿元，"
                 "兴文县竹产业精深加工基地计划总投资3.2亿元，总投资6亿元的高县绿色化工集聚区已开工。"
                 "市区将建设中心，完善交通工程。")
    totals = {p.name: p.total_investment_wan for p in ex.projects}
    assert totals == {"宜宾至攀枝花高速公路(宜宾段)": Decimal(1200000), "岷江港口物流配套工程": Decimal(360000),
                      "翠屏区动力电池材料产业园三期": Decimal(180000), "江安县冷链物流集散中心": Decimal(25000),
                      "兴文县竹产业精深加工基地": Decimal(32000), "高县绿色化工集聚区": Decimal(60000)}


def test_header_before_the_name_is_not_a_project():
    ex = extract("主会场项目为新都区航空发动机维修基地项目，总投资40亿元。本批代表性项目有：总投资12亿元的金堂县氢能装备项目。")
    totals = {p.name: p.total_investment_wan for p in ex.projects}
    assert totals == {"新都区航空发动机维修基地项目": Decimal(400000), "金堂县氢能装备项目": Decimal(120000)}


def test_totals_given_respectively():
    ex = extract("江油市特种钢材深加工项目、三台县纺织印染升级改造工程总投资分别为22亿元和9.5亿元。")
    totals = {p.name: p.total_investment_wan for p in ex.projects}
    assert totals == {"江油市特种钢材深加工项目": Decimal(220000), "三台县纺织印染升级改造工程": Decimal(95000)}


def test_capital_increase_lists_and_amounts():
    ex = extract("7月2日，常州经济技术开发区举行企业增资扩产项目集中推进会。此次集中推进增资扩产项目15个，新增投资32.4亿元。"
                 "其中，常州恒锐电机扩产项目增资6亿元。今年以来，经开区累计推动增资扩产项目40个，新增投资88亿元。")
    got = sorted((f.kind, f.count, f.total_investment_wan, f.scope) for f in ex.lists)
    assert got == [("增资", 15, Decimal(324000), "常州经济技术开发区"), ("增资", 40, Decimal(880000), "常州经济技术开发区")]
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [("常州恒锐电机扩产项目", Decimal(60000))]


def test_combined_totals_and_their_parts():
    ex = extract("一季度，酒泉市新增“五个一批”项目共90个，总投资500亿元。其中：新增谋划项目30个，总投资200亿元；"
                 "新增签约项目20个，总投资120亿元；新增开工项目25个，总投资130亿元；新增增资项目15个，总投资50亿元。")
    got = sorted((f.kind, f.count, f.total_investment_wan) for f in ex.lists)
    assert got == [("合计", 90, Decimal(5000000)), ("增资", 15, Decimal(500000)), ("开工", 25, Decimal(1300000)),
                   ("签约", 20, Decimal(1200000)), ("谋划", 30, Decimal(2000000))]
    ex = extract("5月8日，柳州市举行重大项目集中开竣工活动。此次集中开竣工项目共40个，总投资210亿元。")
    assert [(f.kind, f.count) for f in ex.lists] == [("合计", 40)]
    ex = extract("9月1日，晋城市开发区“三个一批”活动举行。本次活动共推进项目30个，总投资90亿元。其中，“签约一批”项目10个，"
                 "签约额30亿元；“投产一批”项目20个（均由前期开工项目转化而来），总投资60亿元。")
    got = sorted((f.kind, f.count, f.total_investment_wan, f.scope, f.carried_over) for f in ex.lists)
    assert got == [("合计", 30, Decimal(900000), "晋城市", False), ("投产", 20, Decimal(600000), "晋城市", True),
                   ("签约", 10, Decimal(300000), "晋城市", False)]


def test_mobilisation_list_and_count_closing_an_enumeration():
    ex = extract("我市第二批开工动员项目50个，总投资200亿元。")
    assert [(f.kind, f.count, f.total_investment_wan) for f in ex.lists] == [("开工", 50, Decimal(2000000))]
    ex = extract("汉中市重点项目集中开工活动举行。本次集中开工的项目包括A区电子材料项目、B县物流基地等30个市县两级重点项目，"
                 "总投资90亿元。")
    assert [(f.kind, f.count, f.total_investment_wan) for f in ex.lists] == [("开工", 30, Decimal(900000))]


def test_district_scope_after_its_city():
    # "铁山区" looks like a common word (…山区), but right after its city it is the district
    ex = extract("黄石市铁山区一季度招商项目集中签约\n\n3月20日，铁山区招商引资项目集中签约仪式举行。现场集中签约项目12个，"
                 "合同引资总额30亿元。今年以来，全区累计签约招商项目30个，总金额80亿元。")
    assert sorted((f.kind, f.count, f.scope) for f in ex.lists) == [("签约", 12, "铁山区"), ("签约", 30, "铁山区")]
    # "长治市开发区": the city's zones together, no zone of its own name
    ex = extract("长治市开发区第三次“三个一批”活动举行。本次活动“签约一批”项目22个，签约额58.4亿元。")
    assert [(f.kind, f.scope) for f in ex.lists] == [("签约", "长治市")]


def test_per_place_parts_of_a_list():
    ex = extract("浙江省第二批重大项目集中开工。全省此次集中开工重大项目300个，总投资3000亿元。分地区看，杭州市集中开工项目40个，总投资500亿元；"
                 "宁波市35个，总投资420亿元；温州市28个，总投资260亿元。")
    got = sorted((f.count, f.total_investment_wan, f.scope) for f in ex.lists if f.scope != "浙江省")
    assert got == [(28, Decimal(2600000), "温州市"), (35, Decimal(4200000), "宁波市"), (40, Decimal(5000000), "杭州市")]


def test_breakdown_attaches_to_one_list_only():
    ex = extract("8月1日，顺德区产业项目集中签约活动举行，共签约项目20个，计划总投资100亿元。本次签约项目中，制造业项目15个，"
                 "计划总投资80亿元；现代服务业项目5个，计划总投资20亿元。")
    assert [(f.kind, f.count) for f in ex.lists] == [("签约", 20)]
    assert [(b["label"], b["count"]) for b in ex.lists[0].breakdowns] == [("制造业", 15), ("现代服务业", 5)]
    ex = extract("本次活动共集中开工项目40个，总投资200亿元；集中竣工项目30个，总投资100亿元。\n\n开工项目中，产业项目25个、"
                 "总投资150亿元，基础设施项目15个、总投资50亿元。")
    by_kind = {f.kind: f for f in ex.lists}
    assert [b["label"] for b in by_kind["开工"].breakdowns] == ["产业", "基础设施"]
    assert by_kind["竣工"].breakdowns == []


def test_pushed_total_needs_the_event_as_subject_and_enumerated_projects_are_no_list():
    ex = extract("太原市第四期“三个一批”活动举行。本期共推进项目45个，总投资320亿元。")
    assert [(f.kind, f.count, f.total_investment_wan) for f in ex.lists] == [("合计", 45, Decimal(3200000))]
    assert extract("今年全市共推进项目300个，完成投资500亿元。").lists == []
    ex = extract("此次集中开工的重点项目中，光谷科创大走廊配套工程总投资25亿元，汉南区通用航空产业基地项目总投资12亿元。")
    assert ex.lists == []
    assert len(ex.projects) == 2
    ex = extract("洛阳市集中开工项目60个，总投资300亿元；其中，伊川县18个，总投资60亿元；宜阳县12个，总投资40亿元。")
    assert sorted((f.count, f.scope) for f in ex.lists) == [(12, "宜阳县"), (18, "伊川县"), (60, "洛阳市")]


def test_goal_phrase_ending_in_a_base_is_not_a_name():
    ex = extract("襄阳冷链物流项目位于樊城区，将打造华中地区最大的冷链物流基地，总投资20亿元。")
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [("襄阳冷链物流项目", Decimal(200000))]


def _figs(ex):
    return [(f.kind, f.count, f.total_investment_wan, f.scope) for f in ex.lists]


def test_count_before_the_verb_and_total_in_the_next_sentence():
    # sentences written for the test (not corpus text)
    ex = extract("绵阳市举行重大项目集中开工仪式，全市共有27个项目集中开工，总投资88亿元。")
    assert _figs(ex) == [("开工", 27, Decimal(880000), "绵阳市")]
    ex = extract("芜湖市三季度重大项目集中开工。本批次共有33个项目开工建设。这批项目总投资约120亿元。")
    assert _figs(ex) == [("开工", 33, Decimal(1200000), "芜湖市")]
    ex = extract("盐城市举行项目集中签约活动，本次活动共签约项目26个。签约项目总投资达210.5亿元。")
    assert _figs(ex) == [("签约", 26, Decimal(2105000), "盐城市")]
    # "这批项目中" opens a breakdown, not a total
    ex = extract("常州市集中开工项目30个，总投资90亿元。这批项目中，工业项目20个，总投资60亿元。")
    assert _figs(ex) == [("开工", 30, Decimal(900000), "常州市")]


def test_verb_before_the_counted_projects_and_a_threshold_inside_the_list():
    ex = extract("本次活动，全省共签约120个项目、开工98个项目、投产75个项目。")
    assert [(k, c, t) for k, c, t, _ in _figs(ex)] == [("签约", 120, None), ("开工", 98, None), ("投产", 75, None)]
    ex = extract("9月1日，湖南省重点合作项目签约仪式举行。全省成功签约28个重大项目，签约额560亿元。")
    assert _figs(ex) == [("签约", 28, Decimal(5600000), "湖南省")]
    ex = extract("当天集中开工1亿元以上重大项目320个，总投资1800亿元。")
    assert [f.kind for f in ex.lists] == ["开工"]
    ex = extract("陕西省与央企签署21个项目合作协议，涉及协议金额超900亿元。")
    assert _figs(ex) == [("签约", 21, Decimal(9000000), "陕西省")]


def test_progress_statistics_are_not_lists():
    assert extract("今年以来，全市累计签约项目236个，开工项目198个。").lists == []
    assert extract("A中心、B产业园等150个项目开工建设，占年度计划的80%。").lists == []
    assert extract("开工项目数量首次突破600个，创历史新高。").lists == []


def test_one_total_over_two_counts_and_sums_after_the_parts():
    ex = extract("江门市集中开工40个、竣工25个重点项目，总投资300亿元。")
    assert sorted(_figs(ex), key=str) == sorted([("开工", 40, None, "江门市"), ("竣工", 25, None, "江门市"),
                                                 ("合计", 65, Decimal(3000000), "江门市")], key=str)
    ex = extract("晋城市“三个一批”活动：签约一批项目10个，总投资50亿元；开工一批项目12个，总投资60亿元；"
                 "投产一批项目8个，总投资30亿元。三类项目合计30个，总投资140亿元。")
    assert ("合计", 30, Decimal(1400000), "晋城市") in _figs(ex)
    ex = extract("柳州市举行项目集中开工、竣工活动。此次活动共有50个项目参加，总投资200亿元，其中集中开工项目30个，"
                 "总投资150亿元，集中竣工项目20个，总投资50亿元。")
    assert sorted(_figs(ex), key=str) == sorted([("合计", 50, Decimal(2000000), "柳州市"),
                                                 ("开工", 30, Decimal(1500000), "柳州市"),
                                                 ("竣工", 20, Decimal(500000), "柳州市")], key=str)


def test_category_counts_and_key_batches_counted_before_the_name():
    ex = extract("本次开工项目共开工产业发展项目60个，总投资300亿元。")
    assert ex.lists == []
    ex = extract("省发展改革委下达计划，150项省重点建设项目总投资3800亿元。其中装备制造项目20项。")
    assert [(f.kind, f.count, f.total_investment_wan) for f in ex.lists] == [("重点项目", 150, Decimal(38000000))]
    assert ex.projects == []
    ex = extract("今年全区重点推进120个自治区重大项目建设，总投资4000亿元。")
    assert [(f.kind, f.count) for f in ex.lists] == [("重点项目", 120)]


def test_scope_from_the_text_province_stems_prefectures_new_areas_and_venues():
    assert _figs(extract("福建一季度重大项目集中开工，此次集中开工项目300个，总投资2000亿元。"))[0][3] == "福建省"
    assert _figs(extract("大理州集中开工项目20个，总投资80亿元。"))[0][3] == "大理州"
    assert _figs(extract("临港新片区集中竣工项目12个，总投资150亿元。"))[0][3] == "临港新片区"
    # the venue city is not the text's own place
    ex = extract("洽谈会暨项目签约仪式在深圳市举行，我市有6个项目顺利签约，协议总金额达50亿元。")
    assert _figs(ex) == [("签约", 6, Decimal(500000), None)]
    ex = extract("昆山开发区举行集中签约活动，15个项目集中签约，总投资90亿元；同日，高新区6个项目签约，总投资30亿元。")
    assert [f.scope for f in ex.lists] == ["昆山开发区", "高新区"]


def test_breakdown_lines_and_event_phrases_are_not_projects():
    ex = extract("宁波市召开项目建设推进会，集中开工50个重点项目，总投资300亿元，其中产业项目总投资200亿元、"
                 "社会民生项目总投资40亿元。")
    assert ex.projects == []


def test_respectively_headline_totals_and_restated_lists():
    ex = extract("本次活动签约、开工、投产项目分别为20个、30个、10个，总投资分别为100亿元、150亿元、50亿元。")
    assert [(k, c, t) for k, c, t, _ in _figs(ex)] == [("签约", 20, Decimal(1000000)), ("开工", 30, Decimal(1500000)),
                                                       ("投产", 10, Decimal(500000))]
    ex = extract("总投资600亿元！南平88个项目集中开工\n\n本报讯 昨日，南平市重大项目集中开工。")
    assert _figs(ex) == [("开工", 88, Decimal(6000000), "南平市")]
    ex = extract("3月1日，襄阳市重大项目集中开工。本次开工的45个项目，总投资近180亿元。")
    assert _figs(ex) == [("开工", 45, Decimal(1800000), "襄阳市")]
    ex = extract("山西省重大项目集中开工活动举行，主会场设在晋中市。全省集中开工重大项目300个，总投资1500亿元。\n\n"
                 "晋中市主会场开工的太谷新材料项目，总投资20亿元。我省此次开工的300个重大项目，产业项目占比过半。")
    assert [(k, c) for k, c, _, _ in _figs(ex)] == [("开工", 300)]


def test_a_projects_total_after_a_list_word_is_no_list_and_its_place_is_no_scope():
    ex = extract("集中开工项目：\n1．丹江口水源区生态修复项目，总投资12.3亿元；\n2．郧阳区汽车零部件产业园项目，总投资8亿元。")
    assert ex.lists == []
    assert len(ex.projects) == 2
    ex = extract("会上，总投资30亿元的武陟县新能源装备项目等10个重点项目进行了集中签约，签约总额达80亿元。")
    assert _figs(ex) == [("签约", 10, Decimal(800000), None)]


def test_counts_with_separators_or_approximation_and_more_total_words():
    assert _figs(extract("全省重大项目集中开工活动举行，全省共开工项目2,315个，总投资1.2万亿元。")) == [
        ("开工", 2315, Decimal(120000000), None)]
    assert _figs(extract("广东省集中开工项目1200余个，总投资超5000亿元。")) == [("开工", 1200, Decimal(50000000), "广东省")]
    assert _figs(extract("东莞市集中签约重大项目20个，协议引资120亿元。")) == [("签约", 20, Decimal(1200000), "东莞市")]
    assert _figs(extract("梅州市本次活动共观摩项目36个，总投资218亿元。")) == [("其他", 36, Decimal(2180000), "梅州市")]


def test_figures_in_the_sentence_after_the_event_and_totals_two_sentences_on():
    ex = extract("漳州市举行重大项目集中开工活动。此次活动共有60个项目，总投资300亿元。")
    assert _figs(ex) == [("开工", 60, Decimal(3000000), "漳州市")]
    ex = extract("龙岩市重大项目集中签约。项目共计25个，总投资120亿元。")
    assert _figs(ex) == [("签约", 25, Decimal(1200000), "龙岩市")]
    ex = extract("三明市重大项目集中签约仪式举行。本次签约的项目共18个，涉及新材料等领域。总投资达90亿元。")
    assert _figs(ex) == [("签约", 18, Decimal(900000), "三明市")]
    # a sentence without an event before it is not continued
    assert extract("今年工作成效明显。此次活动共有60个项目，总投资300亿元。").lists == []


def test_per_place_parts_after_qizhong_and_verb_category_count():
    ex = extract("孝感市集中开工项目80个，总投资300亿元。其中，安陆市20个，总投资60亿元；云梦县15个，总投资40亿元。")
    assert sorted((f.count, f.scope) for f in ex.lists) == [(15, "云梦县"), (20, "安陆市"), (80, "孝感市")]
    ex = extract("阿拉善盟新能源项目集中开工仪式举行，此次开工新能源项目12个，总投资150亿元。")
    assert _figs(ex) == [("开工", 12, Decimal(1500000), "阿拉善盟")]
    ex = extract("湘西土家族苗族自治州集中开工项目30个，总投资90亿元。")
    assert _figs(ex) == [("开工", 30, Decimal(900000), "湘西州")]


def test_expansion_named_as_a_part_does_not_make_the_signing_an_expansion():
    ex = extract("金华市举行增资扩产暨招商项目集中签约仪式。当天共签约项目20个，总投资100亿元，其中增资扩产项目8个，"
                 "总投资30亿元；新引进项目12个，总投资70亿元。")
    assert [(f.kind, f.count) for f in ex.lists] == [("签约", 20)]
    assert [b["label"] for b in ex.lists[0].breakdowns] == ["增资扩产", "新引进"]
    ex = extract("台州市企业增资扩产项目集中签约活动举行，签约项目18个，总投资60亿元。")
    assert [(f.kind, f.count) for f in ex.lists] == [("增资", 18)]


def test_counts_after_a_comma_and_lists_later_in_an_event_text():
    ex = extract("昨日，泉州市举行重大项目集中开工仪式，42个项目总投资128亿元。")
    assert _figs(ex) == [("开工", 42, Decimal(1280000), "泉州市")]
    ex = extract("莆田市举行一季度重大项目集中开工活动，涉及项目36个，总投资150亿元。")
    assert _figs(ex) == [("开工", 36, Decimal(1500000), "莆田市")]
    ex = extract("4月8日，宁德市举行重大项目集中开工仪式。市委书记出席并宣布开工。开工项目42个，总投资128亿元。")
    assert _figs(ex) == [("开工", 42, Decimal(1280000), "宁德市")]
    # progress statistics and threshold classes in such a text are not lists
    ex = extract("4月8日，宁德市举行重大项目集中开工仪式。今年以来，全市开工项目123个，总投资456亿元。")
    assert ex.lists == []
    ex = extract("4月8日，宁德市举行重大项目集中开工仪式。总投资10亿元以上的开工项目有8个，包括：A产业园项目，总投资32亿元。")
    assert ex.lists == []


def test_per_place_lists_with_their_verb_comparisons_and_counted_expansions():
    ex = extract("商丘市集中开工项目90个，总投资400亿元。分县市区看，梁园区开工项目12个，总投资50亿元；"
                 "永城市开工项目15个，总投资70亿元。")
    assert sorted((f.count, f.scope) for f in ex.lists) == [(12, "梁园区"), (15, "永城市"), (90, "商丘市")]
    ex = extract("当天，盐城市40个重大项目集中开工，总投资200亿元。去年同期，全市集中开工项目31个。")
    assert [(f.count, f.total_investment_wan) for f in ex.lists] == [(40, Decimal(2000000))]
    ex = extract("今年以来，常州经开区共有12个企业增资扩产项目集中落地，总投资30亿元。")
    assert [(f.kind, f.count, f.total_investment_wan) for f in ex.lists] == [("增资", 12, Decimal(300000))]
    ex = extract("杭州市共安排市重点实施项目300个，总投资9000亿元。")
    assert [(f.kind, f.count) for f in ex.lists] == [("重点项目", 300)]


def test_ordinal_connectors_and_another_are_not_part_of_names():
    ex = extract("首先是岳麓区人工智能产业园项目，总投资25亿元；其次是天心区数字文创项目，总投资8亿元。"
                 "另有总投资约15亿元的浏阳智能制造基地项目同步开工。")
    names = [p.name for p in ex.projects]
    assert not any(n.startswith(("首先", "其次", "次是", "另有")) for n in names), names
    assert len(names) == 3


def test_paragraph_headed_by_a_place_and_per_place_lists_of_a_named_activity():
    ex = extract("全省第十一期“三个一批”项目建设活动举行。\n\n许昌市：“签约一批”项目30个，总投资200亿元；"
                 "“开工一批”项目40个，总投资150亿元。")
    assert [(f.kind, f.scope) for f in ex.lists] == [("签约", "许昌市"), ("开工", "许昌市")]
    ex = extract("据悉，在本次集中开工的项目中，洛阳市32个，总投资150亿元；平顶山市21个，总投资88亿元。")
    assert sorted((f.kind, f.count, f.scope) for f in ex.lists) == [("开工", 21, "平顶山市"), ("开工", 32, "洛阳市")]
    ex = extract("各地情况如下：郑州市签约项目42个，总投资380亿元；开封市签约项目18个，总投资96亿元。")
    assert [(f.count, f.scope) for f in ex.lists] == [(42, "郑州市"), (18, "开封市")]
    assert extract("今年，郑州市签约项目42个，总投资380亿元，同比增长20%。").lists == []


def test_rounded_headline_total_and_per_place_lists_with_their_verb_after_qizhong():
    ex = extract("浙江重大项目集中开工 总投资超两千亿元\n\n全省共有300个重大项目集中开工，总投资2130亿元。其中，"
                 "杭州市开工项目60个，总投资500亿元；宁波市开工项目50个，总投资400亿元。")
    assert sorted((f.count, f.scope) for f in ex.lists) == [(50, "宁波市"), (60, "杭州市"), (300, "浙江省")]


def test_sum_over_batches_and_the_sentence_subject_as_scope():
    ex = extract("信阳市第一批重点项目集中开工，共开工项目50个，总投资200亿元。第二批重点项目集中开工，共开工项目40个，"
                 "总投资150亿元。两批项目合计90个，总投资350亿元。")
    assert ("合计", 90, Decimal(3500000), "信阳市") in _figs(ex)
    ex = extract("广西一季度重大项目集中开工活动在南宁举行，全区集中开工项目500个，总投资2800亿元。"
                 "桂林市作为分会场之一，当天开工项目40个，总投资200亿元。")
    assert sorted((f.count, f.scope) for f in ex.lists) == [(40, "桂林市"), (500, "广西壮族自治区")]


def test_figures_before_the_event_sentence_and_kaijungong_after_the_count():
    ex = extract("晋中市“三个一批”活动\n\n签约项目 20个 总投资 100亿元\n开工项目 25个 总投资 80亿元\n\n"
                 "晋中市“三个一批”活动6月6日举行。")
    assert [(k, c, t) for k, c, t, _ in _figs(ex)] == [("签约", 20, Decimal(1000000)), ("开工", 25, Decimal(800000))]
    ex = extract("六盘水市共有40个项目集中开竣工，总投资150亿元，其中开工项目30个，总投资120亿元；竣工项目10个，"
                 "总投资30亿元。")
    assert sorted((k, c) for k, c, _, _ in _figs(ex)) == [("合计", 40), ("开工", 30), ("竣工", 10)]
    ex = extract("湖北省重大项目集中开工活动举行。全省共开工项目1000个，总投资3000亿元。"
                 "我市30个项目参加集中开工，总投资100亿元。")
    assert sorted((f.count, f.scope) for f in ex.lists) == [(30, None), (1000, "湖北省")]


def test_new_lists_of_this_event_but_not_yearly_new_starts():
    ex = extract("本次活动新签约项目30个，总投资200亿元；新开工项目40个，总投资150亿元。")
    assert [(k, c) for k, c, _, _ in _figs(ex)] == [("签约", 30), ("开工", 40)]
    assert extract("今年以来全市新开工项目120个，完成投资80亿元。").lists == []


def test_running_totals_are_not_lists():
    ex = extract("渭南市重点项目集中开工，全市集中开工项目70个，总投资200亿元。2026年以来，全市已累计开工项目180个。")
    assert [(f.count, f.total_investment_wan) for f in ex.lists] == [(70, Decimal(2000000))]


def test_taking_part_in_an_activity_and_a_counted_groups_total_is_no_projects():
    ex = extract("焦作市重点项目集中开工活动举行。本次共有30个项目参加集中开工。项目总投资达120亿元。")
    assert _figs(ex) == [("开工", 30, Decimal(1200000), "焦作市")]
    ex = extract("北海市举行港口产业项目集中签约活动。签约项目中，临港工业项目10个，总投资100亿元。")
    assert ex.projects == []
    ex = extract("A市新材料产业园项目位于高新区，建设厂房5个，总投资18亿元。")
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [("A市新材料产业园项目", Decimal(180000))]


def test_totals_respectively_after_counted_lists_and_numbered_lines():
    ex = extract("遵义市举行“三个一批”项目集中活动，签约项目10个、开工项目20个，总投资分别为50亿元、80亿元。")
    assert [(k, c, t) for k, c, t, _ in _figs(ex)] == [("签约", 10, Decimal(500000)), ("开工", 20, Decimal(800000))]
    ex = extract("主要项目如下：\n1. 湘东区陶瓷新材料项目 5.2亿元\n2. 安源区物流园二期项目 3.8亿元")
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [
        ("湘东区陶瓷新材料项目", Decimal(52000)), ("安源区物流园二期项目", Decimal(38000))]
