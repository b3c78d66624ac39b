import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from sanpi.accounts.models import Organisation
from sanpi.ingest.exports import ledger_export
from sanpi.ingest.services.ledger import ledger_import
from sanpi.projects.models import AnnualPlan, Category, Project
from sanpi.testing import make_org, make_project, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(enterprise_org):
    """Projects with every exported field filled, in 经开区 and 高新区."""
    owner = make_org("郑州安图生物工程股份有限公司", uscc=make_uscc())
    office = make_org("郑州经开区管委会", kind=Organisation.Kind.ZONE_OFFICE)
    domain = Category.objects.get(scheme="domain", year=2024, code="innovation")
    sector = Category.objects.get(scheme="sector", year=2023, code="manufacturing")
    full = make_project(
        "安图生物体外诊断产业园（三期）", code="2401-410171-04-01-123456", owner=owner, address="经开区 第九大街 与经南五路",
        project_type="02", nature="2", industry_id="27", domain=domain, sector=sector, industrial_chain="生物医药",
        scale_content="体外诊断试剂扩能\n年产约4亿人份", total_investment_wan=Decimal("190000.50"), land_mu=Decimal("251"),
        building_area_m2=Decimal("620000.25"), expected_output_wan=Decimal("1000000"), expected_tax_wan=Decimal("0.01"),
        fund_source="out_of_province", fund_origin="广东", in_statistics=True, in_statistics_date=dt.date(2023, 11, 20),
        planned_sign_date=dt.date(2023, 1, 5), planned_start_date=dt.date(2023, 2, 1),
        planned_completion_date=dt.date(2025, 12, 31), planned_production_date=dt.date(2026, 1, 31),
        planned_capacity_date=dt.date(2027, 6, 30), phase="三期", responsible_unit=office, service_unit=office,
        contacts="张三 0371-12345678", longitude=Decimal("113.731234"), latitude=Decimal("34.712345"),
        stages=[("signed", dt.date(2023, 2, 10)), ("started", dt.date(2023, 10, 18))],
    )
    AnnualPlan.objects.create(project=full, year=timezone.localdate().year, planned_investment_wan=Decimal("30000.5"))
    bare = make_project("中兴 5G微基站项目", total_investment_wan=None)
    other = make_project("高新区项目", region="410172")
    return full, bare, other


def test_ledger_export_has_units_in_headers_and_reimports_with_no_change(tmp_path, ledger, zone_user, admin_user):
    path = tmp_path / "台账.xlsx"
    assert ledger_export(user=zone_user, target=path) == 2
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0][0].startswith("项目台账（")
    headers = rows[1]
    for header in ("总投资（万元）", f"{timezone.localdate().year}年计划投资（万元）", "占地（亩）", "建筑面积（平方米）",
                   "预计年产值（万元）", "预计年税收（万元）"):
        assert header in headers
    record = dict(zip(headers, rows[3], strict=True))
    assert (record["项目名称"], record["总投资（万元）"], record["建设地点（县区）"], record["当前阶段"]) == (
        "安图生物体外诊断产业园（三期）", 190000.5, "郑州经济技术开发区", "开工")
    assert record["领域"] == "创新驱动能力提升（2024）"

    before = (Project.objects.count(), Project.history.count(), Organisation.objects.count())
    for user in (zone_user, admin_user):
        result = ledger_import(user=user, path=path, apply=True)
        assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 2, 0), result.to_json()["issues"]
        # every exported column is either imported, or said to be read only: none is dropped silently
        assert result.ignored == []
        assert {"签约日期", "开工日期", "投产日期"} <= set(result.read_only)
        imported = {c["header"] for c in result.columns}
        assert set(headers) <= imported | set(result.read_only)
    assert (Project.objects.count(), Project.history.count(), Organisation.objects.count()) == before


def test_ledger_export_follows_the_project_list_filters(tmp_path, ledger, city_user):
    path = tmp_path / "开工.xlsx"
    assert ledger_export(user=city_user, target=path, filters={"stage": "started"}) == 1
    assert ledger_export(user=city_user, target=tmp_path / "all.xlsx") == 3
    assert ledger_export(user=city_user, target=tmp_path / "gx.xlsx", filters={"region": "410172"}) == 1


def test_period_export_writes_a_summary_and_one_sheet_per_list(tmp_path, province_user, zone_user):
    from sanpi.activities.models import ListEntry, Period
    from sanpi.ingest.exports import period_export

    period = Period.objects.create(number=11, held_on=dt.date(2024, 1, 2), host_region_id="410000", status="open")
    signed = make_project("签约项目", stages=[("signed", dt.date(2023, 12, 1))])
    started = make_project("开工项目", region="410172", stages=[("started", dt.date(2023, 12, 1))])
    ListEntry.objects.create(period=period, batch="signed", project=signed, region_id="410171",
                             declared_total_investment_wan=Decimal("66430000"))
    ListEntry.objects.create(period=period, batch="started", project=started, region_id="410172",
                             declared_total_investment_wan=Decimal("84160000"))
    path = tmp_path / "第11期.xlsx"
    assert period_export(user=province_user, period_id=period.pk, target=path) == {
        "signed": 1, "started": 1, "producing": 0}
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["汇总", "签约一批", "开工一批", "投产一批"]
    summary = book.get_sheet_by_name("汇总").to_python()
    assert summary[1] == ["批次", "项目数（个）", "总投资（万元）", "总投资（亿元）"]
    assert summary[2:] == [["签约一批", 1.0, 66430000.0, 6643.0], ["开工一批", 1.0, 84160000.0, 8416.0],
                           ["投产一批", 0.0, 0.0, 0.0]]
    assert book.get_sheet_by_name("开工一批").to_python()[2][2] == "开工项目"
    # 经开区 sees only its own entries.
    assert period_export(user=zone_user, period_id=period.pk, target=tmp_path / "zone.xlsx") == {
        "signed": 1, "started": 0, "producing": 0}


def _sheet_xml(path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as book:
        return book.read("xl/worksheets/sheet1.xml")


def test_streamed_rows_write_the_same_cells_as_the_row_by_row_writer(tmp_path, ledger, admin_user):
    """write_rows (tuples, columns compiled once) must produce the sheet the per-dict writer produced."""
    from sanpi.ingest import exports

    make_project("早于1900年三月的日期", planned_sign_date=dt.date(1900, 1, 15), total_investment_wan=Decimal("7"))
    year = timezone.localdate().year
    streamed, by_dict = tmp_path / "streamed.xlsx", tmp_path / "dicts.xlsx"
    exports.ledger_export(user=admin_user, target=streamed, year=year)
    book = exports._book(str(by_dict))
    writer = exports.SheetWriter(book, "项目台账", f"项目台账（{timezone.localdate():%Y-%m-%d} 导出，金额单位：万元）",
                                 exports.ledger_columns(year))
    for n, record in enumerate(exports.ledger_queryset(user=admin_user, year=year), start=1):
        record["_n"] = n
        writer.write(record)
    book.close()
    assert _sheet_xml(streamed) == _sheet_xml(by_dict)


def test_a_filtered_export_records_its_filters_in_the_title(tmp_path, ledger, zone_user):
    path = tmp_path / "筛选.xlsx"
    assert ledger_export(user=zone_user, target=path, filters={"stage": ["started"], "q": "安图"}) == 1
    title = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0][0]
    assert title.endswith("金额单位：万元；筛选：阶段 开工，关键词 安图）")


def test_period_list_amounts_under_a_yi_header_carry_no_unit():
    from sanpi.web.templatetags.sanpi import yi_number

    assert (yi_number(Decimal("43950000")), yi_number(Decimal("149000000")), yi_number(Decimal("25000")),
            yi_number(None)) == ("4395", "14900", "2.5", "0")
