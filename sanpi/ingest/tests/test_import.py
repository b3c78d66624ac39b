import datetime as dt
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from sanpi.accounts.models import Organisation
from sanpi.core.errors import Forbidden
from sanpi.ingest.services.jobs import error_workbook_bytes
from sanpi.ingest.services.ledger import ledger_import
from sanpi.projects.models import AnnualPlan, Project, StageEvent
from sanpi.testing import make_project, make_uscc

from .books import HEADERS, write_ledger

pytestmark = pytest.mark.django_db


def ledger_rows(uscc: str) -> list[list]:
    blank = [None] * len(HEADERS)

    def row(**cells):
        values = list(blank)
        for header, value in cells.items():
            values[[h.split("（")[0].split("(")[0].split("\n")[0] for h in HEADERS].index(header)] = value
        return values

    return [
        row(序号=1, 项目名称="安图生物体外诊断\n产业园（三期）", 建设单位="郑州测试生物科技有限公司", 所在县区="郑州经开区",
            总投资="１９", **{"2024年计划投资": "12,000"}, 占地=10, 建筑面积=62, 计划开工时间=45292, 是否入库="是",
            入库日期=dt.date(2023, 11, 20), 建设规模及内容="  体外诊断试剂扩能\n年产约4亿人份 ", 当前阶段="开工",
            阶段日期="2023年10月18日", 备注="不导入的列"),
        row(序号=2, 项目名称="超亚医药 新药研发及其配套项目", 项目代码="２４０１－410171-04-01-123456",
            建设单位="超亚医药有限公司", 统一社会信用代码=uscc, 所在县区="410171", 总投资=5,
            **{"2024年计划投资": 3000.5}, 占地="6.8", 计划开工时间="2024/3/1", 是否入库="否", 当前阶段="签约",
            阶段日期="2023.03"),
        row(序号=3, 项目名称="中兴5G微基站和智慧杆塔集成项目", 建设单位="中兴通讯股份有限公司", 所在县区="郑州经济技术开发区",
            总投资="61", 建筑面积="64", 当前阶段="谋划"),
        row(序号=4, 项目名称="坏数字项目", 所在县区="郑州经开区", 总投资="约一亿"),
        row(序号=5, 项目名称="坏区划项目", 所在县区="不存在区", 总投资="1"),
        row(序号=6, 项目名称="坏日期项目", 所在县区="郑州经开区", 总投资="2", 计划开工时间="2024-13-01"),
        row(序号=7, 项目名称="入库门槛项目", 所在县区="郑州经开区", 总投资="0.03", 是否入库="是"),
        row(序号=8, 项目名称="中兴5G微基站和智慧杆塔集成项目", 所在县区="410171", 总投资="61"),
        row(项目名称="合计", 总投资=100.03),
    ]


@pytest.fixture
def book(tmp_path, enterprise_org):
    return write_ledger(tmp_path / "台账.xlsx", ledger_rows(make_uscc("410171")))


def counts() -> tuple:
    return (Project.objects.count(), Project.history.count(), Organisation.objects.count(),
            AnnualPlan.objects.count(), StageEvent.objects.count())


BAD_LINES = [7, 8, 9, 10, 11]


def test_preview_reads_units_full_width_digits_serial_dates_and_reports_bad_rows(book, zone_user):
    before = counts()
    result = ledger_import(user=zone_user, path=book)
    assert counts() == before
    assert (result.header_line, result.total) == (3, 9)
    assert (result.created, result.updated, result.unchanged, result.errors) == (3, 0, 0, 5)
    assert result.ignored == ["备注"]
    assert result.new_orgs == ["超亚医药有限公司", "中兴通讯股份有限公司"]
    assert [(r["line"], r["name"], r["total_investment_wan"]) for r in result.created_rows] == [
        (4, "安图生物体外诊断产业园（三期）", "190000"),
        (5, "超亚医药新药研发及其配套项目", "50000"),
        (6, "中兴5G微基站和智慧杆塔集成项目", "610000"),
    ]
    assert [(i.line, i.column, i.value, i.reason) for i in result.issues] == [
        (7, "总投资（亿元）", "约一亿", "总投资（亿元）应为确定的数字，不能填“约”。"),
        (8, "所在县区", "不存在区", "所在县区“不存在区”不是您管辖范围内的区划名称，请填写区划名称或6位区划代码。"),
        (9, "计划开工时间", "2024-13-01", "计划开工时间不是有效日期。"),
        (10, "是否入库", "是", "总投资500万元以下的项目不能入库。"),
        (11, "项目名称", "中兴5G微基站和智慧杆塔集成项目", "与第6行是同一个项目，请合并为一行。"),
    ]


def test_all_or_nothing_apply_with_bad_rows_writes_nothing(book, zone_user):
    before = counts()
    result = ledger_import(user=zone_user, path=book, apply=True)
    assert result.rejected is True and result.applied is False
    assert counts() == before


@pytest.mark.parametrize("bulk", [False, True], ids=["services", "bulk"])
def test_valid_only_writes_good_rows_returns_exactly_the_bad_ones_and_reimport_changes_nothing(book, zone_user, bulk):
    result = ledger_import(user=zone_user, path=book, apply=True, valid_only=True, bulk=bulk)
    assert result.applied and (result.created, result.errors) == (3, 5)
    antu = Project.objects.get(name="安图生物体外诊断产业园（三期）")
    assert (antu.region_id, antu.owner.name, antu.total_investment_wan, antu.land_mu, antu.building_area_m2) == (
        "410171", "郑州测试生物科技有限公司", Decimal("190000.00"), Decimal("150.00"), Decimal("620000.00"))
    assert (antu.planned_start_date, antu.in_statistics, antu.in_statistics_date) == (
        dt.date(2024, 1, 1), True, dt.date(2023, 11, 20))
    assert antu.scale_content == "体外诊断试剂扩能\n年产约4亿人份"
    assert (antu.stage, antu.started_on, antu.history.count()) == ("started", dt.date(2023, 10, 18),
                                                                    1 if bulk else 2)
    assert antu.history.first().history_user == zone_user
    assert AnnualPlan.objects.get(project=antu, year=2024).planned_investment_wan == Decimal("12000.00")
    chaoya = Project.objects.get(code="2401-410171-04-01-123456")
    assert (chaoya.owner.name, chaoya.owner.region_id, chaoya.stage, chaoya.signed_on, chaoya.land_mu) == (
        "超亚医药有限公司", "410171", "signed", dt.date(2023, 3, 1), Decimal("102.00"))
    assert AnnualPlan.objects.get(project=chaoya).planned_investment_wan == Decimal("3000.50")
    zte = Project.objects.get(name="中兴5G微基站和智慧杆塔集成项目")
    assert (zte.stage, zte.building_area_m2, zte.stage_events.count()) == ("planned", Decimal("640000.00"), 0)

    errors = CalamineWorkbook.from_object(io.BytesIO(error_workbook_bytes(result))).get_sheet_by_index(0).to_python()
    assert errors[1][-1] == "错误原因"
    assert errors[1][:-1] == HEADERS
    assert [r[1] for r in errors[2:]] == ["坏数字项目", "坏区划项目", "坏日期项目", "入库门槛项目",
                                          "中兴5G微基站和智慧杆塔集成项目"]
    assert [r[-1].split("：")[0] for r in errors[2:]] == [f"第{n}行" for n in BAD_LINES]

    before = counts()
    again = ledger_import(user=zone_user, path=book, apply=True, valid_only=True, bulk=bulk)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 3, 5)
    assert counts() == before


def test_changed_cells_are_previewed_field_by_field_then_updated_with_history(tmp_path, zone_user, enterprise_org):
    project = make_project("安图生物体外诊断产业园（三期）", owner=enterprise_org, total_investment_wan=Decimal(180000),
                           land_mu=Decimal(150))
    path = write_ledger(tmp_path / "改.xlsx", [
        ["1", "安图生物体外诊断产业园（三期）", None, "郑州测试生物科技有限公司", None, "郑州经开区", "19", "12000", 10]
    ])
    result = ledger_import(user=zone_user, path=path)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert result.updated_rows[0]["changes"] == [["总投资（万元）", "180000", "190000"],
                                                 ["2024年度计划投资（万元）", "", "12000"]]
    ledger_import(user=zone_user, path=path, apply=True)
    project.refresh_from_db()
    assert (project.total_investment_wan, project.version) == (Decimal("190000.00"), 2)
    assert project.history.first().history_user == zone_user


def test_enterprise_may_not_import_and_a_neighbour_cannot_write_into_another_zone(book, enterprise_user, other_zone_user):
    with pytest.raises(Forbidden):
        ledger_import(user=enterprise_user, path=book)
    result = ledger_import(user=other_zone_user, path=book)
    assert result.created == 0
    assert {i.line for i in result.issues} == {4, 5, 6, 7, 8, 9, 10, 11}


def test_csv_in_gb18030_is_read(tmp_path, zone_user):
    path = tmp_path / "台账.csv"
    path.write_bytes("项目名称,建设地点,总投资(万元),建设单位\n新项目一,郑州经开区,\"1,234.5\",某某有限公司\n".encode("gb18030"))
    result = ledger_import(user=zone_user, path=path)
    assert (result.created, result.errors) == (1, 0)
    assert result.created_rows[0]["total_investment_wan"] == "1234.5"


def test_old_mixed_fund_source_and_the_management_category_column(tmp_path, zone_user):
    headers = ["项目名称", "所在县区", "总投资（万元）", "资金来源", "管理类别"]
    path = write_ledger(tmp_path / "类别.xlsx", [
        ["政府投资老写法项目", "郑州经开区", 800, "政府投资", None],
        ["企业备案项目", "郑州经开区", 900, "省外资金", "备案"],
        ["审批类项目", "郑州经开区", 700, "本地资金", "政府投资"],
    ], headers=headers)
    result = ledger_import(user=zone_user, path=path, apply=True)
    assert result.errors == 0 and result.applied
    got = {p.name: (p.fund_source, p.management_category) for p in Project.objects.filter(name__contains="项目")}
    assert got == {"政府投资老写法项目": ("local", "government"), "企业备案项目": ("out_of_province", "enterprise"),
                   "审批类项目": ("local", "government")}
