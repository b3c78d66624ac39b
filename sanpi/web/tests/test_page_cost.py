"""The tags that write the ledger's filter options and the dashboard's rate cells in Python (issue 12):
the same HTML the template loops wrote, escaped the same way."""

from decimal import Decimal

import pytest
from django.template import engines
from django.utils.safestring import SafeString

from sanpi.accounts.models import Leader
from sanpi.stats.rates import Rate
from sanpi.web.templatetags.sanpi import rate_cell, select_options


def test_select_options_marks_the_selected_value_and_escapes():
    html = select_options([("410100", "郑州市"), ("x\"<", "A & <B>")], "410100")
    assert isinstance(html, SafeString)
    assert html == ('<option value="410100" selected>郑州市</option>'
                    '<option value="x&quot;&lt;">A &amp; &lt;B&gt;</option>')


def test_select_options_compares_ids_as_the_filters_hold_them():
    # The ledger's filters hold ids as int (LedgerQuery.INT_KEYS): only the same id is selected.
    assert select_options([(7, "张波"), (17, "李明")], 7) == (
        '<option value="7" selected>张波</option><option value="17">李明</option>')
    assert " selected" not in select_options([(7, "张波")], "")


def test_select_options_equals_the_template_loop_it_replaced():
    engine = engines["django"]
    choices = [("a", "甲 & 乙"), ("b", "<丙>"), ("c", "丁")]
    loop = engine.from_string('{% for v, label in choices %}<option value="{{ v }}"{% if sel == v %} selected'
                              '{% endif %}>{{ label }}</option>{% endfor %}')
    tag = engine.from_string("{% load sanpi %}{% select_options choices sel %}")
    for sel in ("b", "", "z"):
        assert tag.render({"choices": choices, "sel": sel}) == loop.render({"choices": choices, "sel": sel})


@pytest.mark.parametrize("rate", [
    Rate("funds_arrival", "资金到位率", Decimal("1234.5"), Decimal("2000"), "万元", "累计到位", "计划/下达"),
    Rate("start", "开工率", Decimal(3), Decimal(0), "个", "已开工", "<应开工>"),
])
def test_rate_cell_equals_the_template_it_replaced(rate):
    engine = engines["django"]
    loop = engine.from_string(
        '{% load sanpi %}{% with d=rate.as_dict %}<td class="num" title="{{ d.numerator_label }} '
        '{{ d.numerator|wan }}{{ d.unit }} ÷ {{ d.denominator_label }} {{ d.denominator|wan }}{{ d.unit }}">'
        '{{ d.text }}<div class="text-muted">{{ d.numerator|wan }}/{{ d.denominator|wan }}</div></td>{% endwith %}')
    assert rate_cell(rate) == loop.render({"rate": rate})


def test_rate_cell_shows_the_rate_and_its_parts():
    rate = Rate("funds_arrival", "资金到位率", Decimal("1234.5"), Decimal("2000"), "万元", "累计到位", "计划/下达")
    assert rate_cell(rate) == ('<td class="num" title="累计到位 1234.5万元 ÷ 计划/下达 2000万元">61.7%'
                               '<div class="text-muted">1234.5/2000</div></td>')


@pytest.mark.django_db
def test_ledger_filter_bar_keeps_the_chosen_leader_and_region(client, province_user):
    leader = Leader.objects.create(name="张<波>", title="主任", region_id="410100")
    client.force_login(province_user)
    page = client.get(f"/projects/?region=410100&leader={leader.pk}&stage=started").content.decode()
    assert f'<option value="{leader.pk}" selected>张&lt;波&gt;（主任）</option>' in page
    assert '<option value="410100" selected>\u3000郑州市</option>' in page
    assert '<option value="started" selected>开工</option>' in page
    assert '<option value="410200">\u3000开封市</option>' in page  # not chosen, still offered


@pytest.mark.django_db
def test_ledger_page_reads_its_rows_in_a_fixed_number_of_queries(client, province_user, enterprise_org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sanpi.projects.models import Category
    from sanpi.testing import make_project

    domain = Category.objects.filter(scheme=Category.Scheme.DOMAIN).first()
    fields = {"owner": enterprise_org, "industry_id": "C", "domain": domain, "code": None}
    project = make_project("安图生物体外诊断产业园", total_investment_wan=Decimal("190000.5"), **fields)
    client.force_login(province_user)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/projects/?sort=-investment").content.decode()
        return len(captured.captured_queries), page

    queries()  # the filter bar's reference choices go into the shared cache
    one, page = queries()
    # Every column a row shows is read with the row (ledger.ROW_FIELDS), none by a query of its own.
    missing = [text for text in ("安图生物体外诊断产业园", project.region.name, "190000.5", enterprise_org.name,
                                 domain.name, "制造业") if text not in page]
    assert not missing, missing
    for i in range(20):
        make_project(f"项目{i}", **fields)
    assert queries()[0] == one


@pytest.mark.django_db
def test_cached_region_choices_stay_within_each_scope(client, province_user, city_user):
    # The reference choices are cached per scope (web/filters.py): a city office after the province
    # office still gets only its own regions, the province still gets every city.
    client.force_login(province_user)
    assert '<option value="410200">\u3000开封市</option>' in client.get("/projects/").content.decode()
    client.force_login(city_user)
    page = client.get("/projects/").content.decode()
    assert 'value="410200"' not in page and 'value="410100"' in page
    client.force_login(province_user)
    assert '<option value="410200">\u3000开封市</option>' in client.get("/projects/").content.decode()
