"""Bulletin extraction, the place of each list (``scope``) and lists given place by place (no Django)."""

from decimal import Decimal

from sanpi.ingest.parsers.bulletin import extract

from .bulletin_helpers import _figs, _one


def test_scope_comes_from_the_text_or_stays_empty():
    ex = extract("4月8日上午，泉州市第二季度重大项目集中开工活动在晋江市主会场举行。此次集中开工的193个项目总投资1350亿元。")
    assert _one(ex, "开工").scope == "泉州市"  # the venue after 在 is not the scope
    ex = extract("本季度重大项目集中开工活动昨日举行。我市此次集中开工项目64个，总投资305亿元。")
    assert _one(ex, "开工").scope is None  # "我市" with no city named: no guess
    ex = extract("3月20日，重庆市一季度重大项目集中开工活动举行，全市共有361个项目集中开工，总投资2107亿元。")
    assert _one(ex, "开工").scope == "重庆市"


def test_district_scope_after_its_city():
    # "铁山区" looks like a common word (…山区), but right after its city it is the district
    ex = extract("黄石市铁山区一季度招商项目集中签约\n\n3月20日，铁山区招商引资项目集中签约仪式举行。现场集中签约项目12个，"
                 "合同引资总额30亿元。今年以来，全区累计签约招商项目30个，总金额80亿元。")
    assert sorted((f.kind, f.count, f.scope) for f in ex.lists) == [("签约", 12, "铁山区"), ("签约", 30, "铁山区")]
    # "长治市开发区": the city's zones together, no zone of its own name
    ex = extract("长治市开发区第三次“三个一批”活动举行。本次活动“签约一批”项目22个，签约额58.4亿元。")
    assert [(f.kind, f.scope) for f in ex.lists] == [("签约", "长治市")]


def test_scope_from_the_text_province_stems_prefectures_new_areas_and_venues():
    assert _figs(extract("福建一季度重大项目集中开工，此次集中开工项目300个，总投资2000亿元。"))[0][3] == "福建省"
    assert _figs(extract("大理州集中开工项目20个，总投资80亿元。"))[0][3] == "大理州"
    assert _figs(extract("临港新片区集中竣工项目12个，总投资150亿元。"))[0][3] == "临港新片区"
    # the venue city is not the text's own place
    ex = extract("洽谈会暨项目签约仪式在深圳市举行，我市有6个项目顺利签约，协议总金额达50亿元。")
    assert _figs(ex) == [("签约", 6, Decimal(500000), None)]
    ex = extract("昆山开发区举行集中签约活动，15个项目集中签约，总投资90亿元；同日，高新区6个项目签约，总投资30亿元。")
    assert [f.scope for f in ex.lists] == ["昆山开发区", "高新区"]


def test_sum_over_batches_and_the_sentence_subject_as_scope():
    ex = extract("信阳市第一批重点项目集中开工，共开工项目50个，总投资200亿元。第二批重点项目集中开工，共开工项目40个，"
                 "总投资150亿元。两批项目合计90个，总投资350亿元。")
    assert ("合计", 90, Decimal(3500000), "信阳市") in _figs(ex)
    ex = extract("广西一季度重大项目集中开工活动在南宁举行，全区集中开工项目500个，总投资2800亿元。"
                 "桂林市作为分会场之一，当天开工项目40个，总投资200亿元。")
    assert sorted((f.count, f.scope) for f in ex.lists) == [(40, "桂林市"), (500, "广西壮族自治区")]


def test_paragraph_headed_by_a_place_and_per_place_lists_of_a_named_activity():
    ex = extract("全省第十一期“三个一批”项目建设活动举行。\n\n许昌市：“签约一批”项目30个，总投资200亿元；"
                 "“开工一批”项目40个，总投资150亿元。")
    assert [(f.kind, f.scope) for f in ex.lists] == [("签约", "许昌市"), ("开工", "许昌市")]
    ex = extract("据悉，在本次集中开工的项目中，洛阳市32个，总投资150亿元；平顶山市21个，总投资88亿元。")
    assert sorted((f.kind, f.count, f.scope) for f in ex.lists) == [("开工", 21, "平顶山市"), ("开工", 32, "洛阳市")]
    ex = extract("各地情况如下：郑州市签约项目42个，总投资380亿元；开封市签约项目18个，总投资96亿元。")
    assert [(f.count, f.scope) for f in ex.lists] == [(42, "郑州市"), (18, "开封市")]
    assert extract("今年，郑州市签约项目42个，总投资380亿元，同比增长20%。").lists == []


def test_per_place_parts_of_a_list():
    ex = extract("浙江省第二批重大项目集中开工。全省此次集中开工重大项目300个，总投资3000亿元。分地区看，杭州市集中开工项目40个，总投资500亿元；"
                 "宁波市35个，总投资420亿元；温州市28个，总投资260亿元。")
    got = sorted((f.count, f.total_investment_wan, f.scope) for f in ex.lists if f.scope != "浙江省")
    assert got == [(28, Decimal(2600000), "温州市"), (35, Decimal(4200000), "宁波市"), (40, Decimal(5000000), "杭州市")]


def test_per_place_parts_after_qizhong_and_verb_category_count():
    ex = extract("孝感市集中开工项目80个，总投资300亿元。其中，安陆市20个，总投资60亿元；云梦县15个，总投资40亿元。")
    assert sorted((f.count, f.scope) for f in ex.lists) == [(15, "云梦县"), (20, "安陆市"), (80, "孝感市")]
    ex = extract("阿拉善盟新能源项目集中开工仪式举行，此次开工新能源项目12个，总投资150亿元。")
    assert _figs(ex) == [("开工", 12, Decimal(1500000), "阿拉善盟")]
    ex = extract("湘西土家族苗族自治州集中开工项目30个，总投资90亿元。")
    assert _figs(ex) == [("开工", 30, Decimal(900000), "湘西州")]


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


def test_rounded_headline_total_and_per_place_lists_with_their_verb_after_qizhong():
    ex = extract("浙江重大项目集中开工 总投资超两千亿元\n\n全省共有300个重大项目集中开工，总投资2130亿元。其中，"
                 "杭州市开工项目60个，总投资500亿元；宁波市开工项目50个，总投资400亿元。")
    assert sorted((f.count, f.scope) for f in ex.lists) == [(50, "宁波市"), (60, "杭州市"), (300, "浙江省")]


# --- rules generalised from heldout/, heldout2/ and fourteenth/ (development data since this round)


def test_county_level_cities_prefecture_areas_and_zones_named_after_their_city():
    ex = extract("6月3日，瑞丽市举行重大项目集中开工仪式，全市集中开工项目15个，总投资42亿元。")
    assert _figs(ex) == [("开工", 15, Decimal(420000), "瑞丽市")]
    ex = extract("和田地区2026年招商引资项目集中签约仪式举行，共签约项目20个，签约总额86亿元。")
    assert _figs(ex)[0][3] == "和田地区"
    ex = extract("5月8日，苏州相城高新区举行重大项目集中签约活动，签约项目16个，总投资95亿元。")
    assert _figs(ex)[0][3] == "苏州相城高新区"
    ex = extract("7月1日，璧山区举行重大项目集中开工活动，开工项目10个，总投资30亿元。")
    assert _figs(ex)[0][3] == "璧山区"
    # terrain is no place
    ex = extract("偏远山区集中开工项目8个，总投资3亿元。")
    assert _figs(ex) == [] or _figs(ex)[0][3] != "偏远山区"


def test_event_names_hold_no_scope_and_a_headline_takes_the_bodys_place():
    ex = extract("10月8日，我区在第五届中国（湖南）国际投资洽谈会期间举行专场签约活动，集中签约项目9个，签约总额60亿元。")
    assert _figs(ex) == [("签约", 9, Decimal(600000), None)]
    ex = extract("天津滨海新区重点项目集中签约 协议投资额300亿元\n\n"
                 "5月6日，天津市滨海新区重点项目集中签约活动举行。本次共签约项目20个，协议投资额300亿元。")
    assert _figs(ex) == [("签约", 20, Decimal(3000000), "天津市滨海新区")]


def test_parts_of_a_list_county_by_county():
    ex = extract("8月5日，阿克苏地区招商引资项目集中签约仪式举行，共签约项目30个，签约总额150亿元。\n\n"
                 "从县市看，库车市签约8个、签约额40亿元，沙雅县签约6个、签约额22亿元。")
    assert _figs(ex) == [("签约", 30, Decimal(1500000), "阿克苏地区"), ("签约", 8, Decimal(400000), "库车市"),
                         ("签约", 6, Decimal(220000), "沙雅县")]


def test_three_character_cities_and_enshi_prefecture_but_no_phrase_ending_in_shi():
    ex = extract("3月3日，满洲里市举行重大项目集中开工仪式，开工项目12个，总投资28亿元。")
    assert _figs(ex)[0][3] == "满洲里市"
    ex = extract("10月10日，恩施州举行项目集中签约活动，签约项目20个，签约金额110亿元。")
    assert _figs(ex)[0][3] == "恩施州"
    ex = extract("宁德市重大项目集中开竣工。记者从市发改委获悉，此次集中开工项目40个，总投资120亿元。")
    assert _figs(ex)[0][3] == "宁德市"
