"""Bulletin extraction: the shared seed plus one test per trap (no Django). Lists are tested in
test_bulletin_lists.py, their places in test_bulletin_places.py, project names and amounts in test_bulletin_names.py."""

from decimal import Decimal

from sanpi.ingest.parsers.bulletin import clean_text, extract

from .bulletin_helpers import _lists, _projects, _seed_text


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
