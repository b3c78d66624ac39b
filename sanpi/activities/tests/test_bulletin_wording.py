"""The 通报's wording as an office writes it: whole days, every 资金来源, no internal revision numbers."""

from sanpi.activities import bulletin


def _cell(count, wan="0"):
    return {"count": count, "total_investment_wan": wan}


def test_medians_print_in_whole_days():
    stats = {"conversion": [{"k": 1, "cohort_period": 10, "signed": 4, "started": 2, "start_rate_pct": "50.0",
                             "performance_rate_pct": "50.0", "started_list": 0,
                             "median_days_signed_to_started": "111.5", "median_days_started_to_producing": None}]}
    sentence = bulletin._conversion_sentence(stats)
    assert "签约到开工中位用时112天" in sentence and "111.5" not in sentence


def test_fund_sources_add_up_to_the_lists():
    rows = [{"code": "local", "name": "本地资金", "total": _cell(3, "30000")},
            {"code": "foreign", "name": "外资", "total": _cell(1, "50000")},
            {"code": "out_of_province", "name": "省外资金", "total": _cell(0)}]
    sentence = bulletin._fund_sentence({"by_fund_source": rows})
    # every source with projects is named (the counts add up to the 4 listed), 招商引资 first
    assert sentence.index("外资项目1个") < sentence.index("本地资金项目3个")
    assert "省外资金" not in sentence


def test_the_note_names_no_internal_revision():
    stats = {"host_region": {"name": "河南省"}, "period": 11, "held_on": "2026-10-18",
             "computed_at": "2026-10-20T10:00:00", "by_city": []}
    live = bulletin._note(stats)
    assert live.endswith("统计数据截至 2026-10-20。）")
    assert "本期关闭时" in bulletin._note({**stats, "revision": 1})
    corrected = bulletin._note({**stats, "revision": 2})
    assert "更正稿" in corrected and "第2版" not in corrected and "冻结" not in corrected
