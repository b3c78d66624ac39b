"""Bulletin extraction, projects: where a name starts and ends, and which amount is its total
investment (no Django)."""

from decimal import Decimal

from sanpi.ingest.parsers.bulletin import extract

from .bulletin_helpers import _figs, _one


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


def test_goal_phrase_ending_in_a_base_is_not_a_name():
    ex = extract("襄阳冷链物流项目位于樊城区，将打造华中地区最大的冷链物流基地，总投资20亿元。")
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [("襄阳冷链物流项目", Decimal(200000))]


def test_breakdown_lines_and_event_phrases_are_not_projects():
    ex = extract("宁波市召开项目建设推进会，集中开工50个重点项目，总投资300亿元，其中产业项目总投资200亿元、"
                 "社会民生项目总投资40亿元。")
    assert ex.projects == []


def test_ordinal_connectors_and_another_are_not_part_of_names():
    ex = extract("首先是岳麓区人工智能产业园项目，总投资25亿元；其次是天心区数字文创项目，总投资8亿元。"
                 "另有总投资约15亿元的浏阳智能制造基地项目同步开工。")
    names = [p.name for p in ex.projects]
    assert not any(n.startswith(("首先", "其次", "次是", "另有")) for n in names), names
    assert len(names) == 3


def test_category_breakdowns_are_breakdowns_not_projects():
    ex = extract("6月18日，宝鸡市重点项目集中开工，全市集中开工重点项目118个，总投资680.5亿元。其中，战略性新兴产业项目38个、"
                 "总投资265亿元；社会民生项目8个、总投资40亿元。")
    assert ex.projects == []
    assert [(b["label"], b["count"]) for b in _one(ex, "开工").breakdowns] == [("战略性新兴产业", 38), ("社会民生", 8)]


def test_taking_part_in_an_activity_and_a_counted_groups_total_is_no_projects():
    ex = extract("焦作市重点项目集中开工活动举行。本次共有30个项目参加集中开工。项目总投资达120亿元。")
    assert _figs(ex) == [("开工", 30, Decimal(1200000), "焦作市")]
    ex = extract("北海市举行港口产业项目集中签约活动。签约项目中，临港工业项目10个，总投资100亿元。")
    assert ex.projects == []
    ex = extract("A市新材料产业园项目位于高新区，建设厂房5个，总投资18亿元。")
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [("A市新材料产业园项目", Decimal(180000))]


def test_a_projects_total_after_a_list_word_is_no_list_and_its_place_is_no_scope():
    ex = extract("集中开工项目：\n1．丹江口水源区生态修复项目，总投资12.3亿元；\n2．郧阳区汽车零部件产业园项目，总投资8亿元。")
    assert ex.lists == []
    assert len(ex.projects) == 2
    ex = extract("会上，总投资30亿元的武陟县新能源装备项目等10个重点项目进行了集中签约，签约总额达80亿元。")
    assert _figs(ex) == [("签约", 10, Decimal(800000), None)]


# --- rules generalised from heldout/, heldout2/ and fourteenth/ (development data since this round)


def _named(ex):
    return [(p.name, p.total_investment_wan) for p in ex.projects]


def test_names_after_existential_words_and_amounts_before_names():
    ex = extract("本次开工项目中，既有总投资25亿元的甲市数据中心二期项目，也有计划总投资9亿元的乙县新材料产业园项目。")
    assert _named(ex) == [("甲市数据中心二期项目", Decimal(250000)), ("乙县新材料产业园项目", Decimal(90000))]
    ex = extract("竣工项目中，包含总投资4.5亿元的丙县光伏组件项目、总投资3亿元的丁镇污水处理厂项目等。")
    assert [n for n, _ in _named(ex)] == ["丙县光伏组件项目", "丁镇污水处理厂项目"]
    ex = extract("其中，投资12亿元的电池隔膜项目和投资6.5亿元的冷链仓储项目同步开工。")
    assert _named(ex) == [("电池隔膜项目", Decimal(120000)), ("冷链仓储项目", Decimal(65000))]
    ex = extract("此外，某海洋科技有限公司将投资5200万元建设海洋牧场研发中心。")
    assert _named(ex) == [("海洋牧场研发中心", Decimal(5200))]


def test_foreign_currency_totals_and_works_not_ending_in_xiangmu():
    ex = extract("一家外资企业投资建设的高端涂料项目总投资3亿美元（约合21亿元）；另一家外资企业投资1亿美元的精密轴承项目同步签约。")
    assert _named(ex)[0] == ("高端涂料项目", Decimal(210000))
    assert all(t is None for n, t in _named(ex) if "轴承" in n)  # an amount in 美元 alone is no total in 元
    ex = extract("名单中的重大项目有：沿江高铁湖北段，总投资约600亿元；某工业园区标准厂房（二期），总投资2.1亿元。")
    assert [t for _, t in _named(ex)] == [Decimal(6000000), Decimal(21000)]
    ex = extract("总投资8亿元的东区工业园区危废集中处置工程同步开建。")
    assert _named(ex) == [("东区工业园区危废集中处置工程", Decimal(80000))]
    ex = extract("当天视频连线的集中开工项目是某职业技术学院三期工程，项目位于新区，总投资3.6亿元。")
    assert [t for _, t in _named(ex)] == [Decimal(36000)]


def test_company_and_verbs_before_a_name_and_single_body_words_inside_it():
    ex = extract("签约仪式上，甲公司与该县签订了年产8万台电机项目合作协议，协议投资9亿元。")
    assert _named(ex) == [("年产8万台电机项目", Decimal(90000))]
    ex = extract("主会场开工的某硅材料有限公司年产10万吨有机硅单体项目，总投资30亿元。")
    assert _named(ex) == [("某硅材料有限公司年产10万吨有机硅单体项目", Decimal(300000))]


def test_amounts_in_brackets_and_names_after_a_header_that_lists_them():
    ex = extract("其中，3个亿元以上项目分别是：甲镇智能仓储项目（7亿元）、乙镇食品加工项目（2.5亿元）。")
    assert _named(ex) == [("甲镇智能仓储项目", Decimal(70000)), ("乙镇食品加工项目", Decimal(25000))]
    ex = extract("开工项目包括总投资9亿元的城南水厂及配套管网工程、总投资4亿元的县职业中专新校区建设项目等。")
    assert _named(ex) == [("城南水厂及配套管网工程", Decimal(90000)), ("县职业中专新校区建设项目", Decimal(40000))]


def test_you_as_a_verb_is_peeled_but_not_as_the_start_of_a_name():
    ex = extract("在主会场，有机硅密封胶生产线项目总投资6亿元；还有年产2万吨铝型材项目，总投资3亿元。")
    assert [n for n, _ in _named(ex)] == ["有机硅密封胶生产线项目", "年产2万吨铝型材项目"]


def test_estimated_totals_and_a_length_clause_between_a_work_and_its_total():
    ex = extract("城东快速路改造工程全长5.2公里，总投资概算3.6亿元。")
    assert _named(ex) == [("城东快速路改造工程", Decimal(36000))]
    ex = extract("滨江光伏电站项目装机容量10万千瓦，项目估算总投资4.2亿元。")
    assert _named(ex) == [("滨江光伏电站项目", Decimal(42000))]
