"""Bulletin extraction, lists: kinds, counts and totals phrased in the many ways bulletins use
(sentences written for the tests, not corpus text; no Django)."""

from decimal import Decimal

from sanpi.ingest.parsers.bulletin import extract

from .bulletin_helpers import _figs, _one


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


def test_the_same_figure_twice_is_one_list_and_sub_counts_are_not_the_list():
    ex = extract("石家庄市春季重点项目集中开工。全市集中开工项目156个，总投资886亿元。\n\n"
                 "全市156个项目集中开工，将为全年经济增长提供支撑。")
    assert [(f.kind, f.count) for f in ex.lists] == [("开工", 156)]
    ex = extract("7月12日，江宁区重大项目集中开工，集中开工项目53个，总投资326亿元，其中亿元以上项目38个、总投资301亿元。")
    assert [(f.count, f.total_investment_wan) for f in ex.lists] == [(53, Decimal(3260000))]


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


def test_totals_respectively_after_counted_lists_and_numbered_lines():
    ex = extract("遵义市举行“三个一批”项目集中活动，签约项目10个、开工项目20个，总投资分别为50亿元、80亿元。")
    assert [(k, c, t) for k, c, t, _ in _figs(ex)] == [("签约", 10, Decimal(500000)), ("开工", 20, Decimal(800000))]
    ex = extract("主要项目如下：\n1. 湘东区陶瓷新材料项目 5.2亿元\n2. 安源区物流园二期项目 3.8亿元")
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [
        ("湘东区陶瓷新材料项目", Decimal(52000)), ("安源区物流园二期项目", Decimal(38000))]


# --- rules generalised from heldout/, heldout2/ and fourteenth/ (development data since this round)


def test_started_or_resumed_and_online_signing_are_activity_lists():
    ex = extract("5月6日，临湘市一季度重大项目集中开（复）工活动举行。此次集中开复工项目88个，总投资301.5亿元。")
    assert _figs(ex) == [("开工", 88, Decimal(3015000), "临湘市")]
    ex = extract("6月2日，江津区举行招商项目集中“云签约”活动，14个项目通过视频连线落户，协议总投资约76亿元。")
    assert _figs(ex) == [("签约", 14, Decimal(760000), "江津区")]
    ex = extract("永春县“云签约”9个产业链项目，总投资达41亿元。")
    assert _figs(ex) == [("签约", 9, Decimal(410000), "永春县")]


def test_parts_of_a_total_named_by_their_verb_alone():
    ex = extract("3月9日，桐庐县“三个一批”活动举行，共签约、开工、投产项目27个，总投资95亿元，其中签约10个、总投资40亿元，"
                 "开工11个、总投资38亿元，投产6个、总投资17亿元。")
    assert _figs(ex) == [("合计", 27, Decimal(950000), "桐庐县"), ("签约", 10, Decimal(400000), "桐庐县"),
                         ("开工", 11, Decimal(380000), "桐庐县"), ("投产", 6, Decimal(170000), "桐庐县")]
    # the event and the whole city before the pushed total
    ex = extract("9月1日，晋中市第二期“三个一批”活动举行。本次活动全市共推进项目40个，总投资120亿元。")
    assert _figs(ex)[0] == ("合计", 40, Decimal(1200000), "晋中市")


def test_counts_standing_before_an_expansion_mention():
    ex = extract("德清县举行存量企业增资扩产项目集中签约活动，9个增资扩产项目现场签约，总投资15.2亿元。")
    assert _figs(ex) == [("增资", 9, Decimal(152000), "德清县")]
    ex = extract("庚市招商推介会举行，现场签约项目12个，总投资80亿元。此外，还有4个本地企业增资扩产项目签约，新增投资合计6亿元。")
    assert ("增资", 4, Decimal(60000)) in [f[:3] for f in _figs(ex)]


def test_negotiating_inspected_and_promoted_projects_are_other_lists():
    ex = extract("辛市第三季度项目集中签约活动举行，集中签约项目11个，签约金额52亿元。此外，全市目前在谈项目20个，意向投资额约150亿元。")
    assert ("其他", 20, Decimal(1500000)) in [f[:3] for f in _figs(ex)]
    ex = extract("7月2日，壬市重点项目观摩活动举行，观摩团实地察看了18个项目，总投资96亿元。")
    assert [f[:3] for f in _figs(ex)] == [("其他", 18, Decimal(960000))]
    ex = extract("癸市招商引资推介会举行。会上集中发布了涵盖新材料、文旅等领域的招商项目60个，总投资380亿元。")
    assert [f[:3] for f in _figs(ex)] == [("其他", 60, Decimal(3800000))]


def test_preparatory_key_projects_and_a_plan_stated_by_its_count():
    ex = extract("省发展改革委印发重点项目名单，省重点项目共安排300个、总投资9000亿元。另有省重点前期项目80个，总投资约4000亿元。")
    assert [f[:3] for f in _figs(ex)] == [("重点项目", 300, Decimal(90000000)), ("重点项目", 80, Decimal(40000000))]
    ex = extract("子旗重点项目集中竣工活动举行，此次集中竣工项目12个，总投资60亿元。今年全旗计划实施重点项目95个。")
    assert ("重点项目", 95, None) in [f[:3] for f in _figs(ex)]
    # a plan stated with a sentence running on is no count-only list
    ex = extract("今年全旗计划实施重点项目95个左右，力争完成投资百亿元。")
    assert _figs(ex) == []


def test_count_and_total_in_two_sentences_and_a_part_after_the_list_in_a_later_sentence():
    ex = extract("4月9日，衢州市春季重大项目集中开工活动举行。本次活动共有项目52个。这些项目总投资达210亿元，年度计划投资70亿元。"
                 "据悉，全市此次集中开工的52个项目中，产业项目40个，总投资180亿元。")
    assert _figs(ex) == [("开工", 52, Decimal(2100000), "衢州市")]
    # parts that add up to the list: the total after them is the list's
    ex = extract("瑞金县举行招商项目集中签约仪式。本次集中签约的12个项目中，工业项目9个、服务业项目3个，合同总投资40亿元。")
    assert _figs(ex) == [("签约", 12, Decimal(400000), "瑞金县")]


def test_carried_over_stated_in_the_next_sentence_and_a_bare_amount_word():
    ex = extract("卯市第二批重大项目集中竣工投产活动举行。本批共有20个项目竣工投产，总投资150亿元。"
                 "这批项目均由去年秋季集中开工项目转化而来。")
    assert [(f.kind, f.count, f.carried_over) for f in ex.lists] == [("投产", 20, True)]
    ex = extract("本届洽谈会集中签约项目30个，金额120亿元。")
    assert [f[:3] for f in _figs(ex)] == [("签约", 30, Decimal(1200000))]


def test_signing_funds_and_places_given_respectively():
    ex = extract("4月1日，黔东南州一季度招商引资集中签约活动举行，新签约项目38个，协议签约资金176.5亿元。")
    assert _figs(ex) == [("签约", 38, Decimal(1765000), "黔东南州")]
    ex = extract("1月10日，扬州市举行重大项目集中开工活动，全市共集中开工重大项目50个，总投资380亿元。"
                 "当天，仪征市、高邮市分别集中开工项目14个、9个，总投资分别为96亿元、61亿元。")
    assert _figs(ex) == [("开工", 50, Decimal(3800000), "扬州市"), ("开工", 14, Decimal(960000), "仪征市"),
                         ("开工", 9, Decimal(610000), "高邮市")]


def test_planning_over_a_quoted_period_and_projects_built_or_put_into_use():
    ex = extract("温州市初步谋划“十五五”重大项目860个，总投资约2.1万亿元。")
    assert _figs(ex) == [("谋划", 860, Decimal(210000000), "温州市")]
    ex = extract("6月28日，丽水市举行重大项目集中建成投产活动，21个项目建成投产，总投资88亿元。")
    assert _figs(ex) == [("投产", 21, Decimal(880000), "丽水市")]
    ex = extract("12月5日，萍乡市举行一批重大项目集中投用仪式，共有14个项目集中投用，总投资47亿元。")
    assert _figs(ex) == [("投产", 14, Decimal(470000), "萍乡市")]


def test_contracted_capital_as_a_total_and_a_key_plan_stated_by_its_count():
    ex = extract("3月30日，汨罗市一季度招商引资项目集中签约仪式举行，现场签约项目11个，合同引资额52.4亿元。")
    assert _figs(ex) == [("签约", 11, Decimal(524000), "汨罗市")]
    ex = extract("浏阳市召开重大项目推进会。今年全市共有重点项目70个。")
    assert [f[:3] for f in _figs(ex)] == [("重点项目", 70, None)]
    # followed by its yearly planned investment only, the plan's count is no list
    ex = extract("今年全市共有重点项目70个，年度计划投资96亿元。")
    assert _figs(ex) == []


def test_counts_in_zong():
    ex = extract("5月6日，江门市举行重大项目集中签约活动，共签约项目26宗，总投资312亿元。")
    assert _figs(ex) == [("签约", 26, Decimal(3120000), "江门市")]


def test_one_projects_figure_after_an_event_word_is_no_list():
    ex = extract("6月1日，集中开工暨滨湖特色小镇项目奠基仪式举行，该项目总投资30亿元。")
    assert ex.lists == []
    assert [(p.name, p.total_investment_wan) for p in ex.projects] == [("滨湖特色小镇项目", Decimal(300000))]
