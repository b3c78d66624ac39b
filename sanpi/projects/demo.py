"""Demo data of the foundation: demo users, the seed's 经开区 projects and generated projects around them.

From the seed newspaper page (郑州经开区, 2024-01): the projects' names, phases, owners and the figures
it gives each of them (安图三期 251亩/62万㎡/19亿元, 超亚 102亩/5亿元), the 2023 建成投用 list, and
郑州中兴产业园's park-level figures (425亩, 61亿元, 64万㎡ for 一期 and 二期 together). The park
figures are the park's, not 二期's: they stay in 二期's 建设内容 text and are never stored in a
project's 占地/总投资/建筑面积, so no total sums them (二期's own figures were not published).

Invented (演示) and marked so on each stage event: every 签约/开工/投产/竣工 date, the 入库 dates, and
the 2023-12-20 date of the 建成投用 list, 中兴二期's among them (the page gives only the year). Generated projects are
marked 演示 in their names. Idempotent: running it twice adds nothing.
"""

import datetime as dt
from decimal import Decimal

from django.core.management import call_command

from sanpi.accounts.models import Leader, Organisation, Region, User

from . import services
from .generator import generate
from .models import Category, Industry, Project

INVENTED = "演示数据：日期为虚构（报道未给出）"
DEMO_PASSWORD = "demo12345"
ZONE = "410171"  # 郑州经济技术开发区

DEMO_USERS = [
    # username, role, region, description
    ("admin", None, None, "系统管理员（超级用户）"),
    ("province", User.Role.PROVINCE, "410000", "河南省发改委 重点项目办"),
    ("zhengzhou", User.Role.CITY, "410100", "郑州市发改委"),
    ("jingkai", User.Role.ZONE, ZONE, "郑州经开区项目办"),
    ("enterprise", User.Role.ENTERPRISE, ZONE, "郑州安图生物工程股份有限公司（经开区企业）"),
    ("leader", User.Role.LEADER, ZONE, "包联领导 张波（经开区管委会主任）"),
]


def reference_data_load(*, stdout=None) -> None:
    if not Region.objects.exists():
        call_command("loaddata", "regions", "industries", "categories", verbosity=0)
        if stdout:
            stdout.write(f"已加载参考数据：区划 {Region.objects.count()} 个、行业 {Industry.objects.count()} 个。")


def _org(name: str, region: str, kind=Organisation.Kind.ENTERPRISE) -> Organisation:
    org = Organisation.objects.filter(name=name).first()
    return org or services.organisation_create(name=name, region=region, kind=kind)


def _category(scheme: str, code: str, year: int = 2024) -> Category | None:
    return Category.objects.filter(scheme=scheme, code=code, year=year).first()


def users_create() -> dict[str, User]:
    users = {}
    antu = _org("郑州安图生物工程股份有限公司", ZONE)
    for username, role, region, _ in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            if role is None:
                user = User.objects.create_superuser(username, f"{username}@example.invalid", DEMO_PASSWORD)
            else:
                user = User.objects.create_user(username, f"{username}@example.invalid", DEMO_PASSWORD,
                                                role=role, region_id=region,
                                                organisation=antu if role == User.Role.ENTERPRISE else None)
        users[username] = user
    return users


def seed_projects_create(*, admin: User) -> list[Project]:
    """The seed's projects in 郑州经开区, with the figures the newspaper gives."""
    if Project.objects.filter(region=ZONE, name="中兴5G微基站和智慧杆塔集成项目").exists():
        return list(Project.objects.filter(region=ZONE, phase__in=["一期", "二期", "三期"]))
    zone_office = _org("郑州经开区管委会", ZONE, Organisation.Kind.ZONE_OFFICE)
    zte = _org("中兴通讯股份有限公司", ZONE)
    antu = _org("郑州安图生物工程股份有限公司", ZONE)
    chaoya = _org("超亚医药", ZONE)
    for name in ("中桥集团有限公司", "河南中源钛业有限公司", "河南中宜创芯发展有限公司"):
        _org(name, "410000")  # named in the seed as 三个一批 representatives; their county is not given
    leader = Leader.objects.get_or_create(name="张波", title="经开区管委会主任", region_id=ZONE)[0]
    manufacturing = _category("sector", "manufacturing")
    emerging = _category("sector", "emerging")
    transformation = _category("domain", "industry_transformation")
    innovation = _category("domain", "innovation")

    def make(fields, stages, leaders=()):
        base = {"region": ZONE, "responsible_unit": zone_office.pk, "nature": "1", "project_type": "01"}
        project = services.project_create(user=admin, fields={**base, **fields}, leaders=list(leaders))
        for stage, on in stages:
            services.stage_advance(user=admin, project_id=project.pk, stage=stage, occurred_on=on,
                                   note=INVENTED)
        return project

    zte1 = make({"name": "郑州中兴产业园一期", "phase": "一期", "owner": zte.pk, "industry": "39",
                 "sector": emerging and emerging.pk, "domain": transformation and transformation.pk},
                [("signed", dt.date(2019, 6, 1)), ("started", dt.date(2020, 3, 1)), ("producing", dt.date(2021, 9, 1))])
    zte2 = make({
        "name": "中兴5G微基站和智慧杆塔集成项目", "phase": "二期", "previous_phase": zte1.pk, "owner": zte.pk,
        "industry": "39", "industrial_chain": "新一代信息技术（5G）", "sector": emerging and emerging.pk,
        "domain": transformation and transformation.pk,
        # The seed's 425亩/61亿元/64万㎡ are 郑州中兴产业园's (一期 and 二期 together): kept in the text only.
        "expected_output_wan": Decimal(500000),
        "scale_content": "郑州中兴产业园二期以“中兴5G微基站和智慧杆塔集成产品”为核心，上下游产业链高度协同、"
                         "总产值规模50亿元的产业园区平台。产业园（一、二期合计）总占地425亩、总投资61亿元、"
                         "建筑面积64万平方米；二期单独的占地、总投资和建筑面积报道未给出，故未填写。",
        "in_statistics": True, "in_statistics_date": dt.date(2023, 4, 10),
    }, [("signed", dt.date(2022, 5, 20)), ("started", dt.date(2023, 3, 15)),
        ("completed", dt.date(2023, 12, 20))], [leader])  # the seed: 中兴二期 建成投用 in 2023
    antu1 = make({"name": "安图生物体外诊断产业园（一期）", "phase": "一期", "owner": antu.pk, "industry": "27"},
                 [("started", dt.date(2014, 5, 1)), ("producing", dt.date(2016, 10, 1))])
    antu2 = make({"name": "安图生物体外诊断产业园（二期）", "phase": "二期", "owner": antu.pk, "industry": "27",
                  "previous_phase": antu1.pk},
                 [("started", dt.date(2020, 4, 1)), ("producing", dt.date(2023, 6, 30))])
    antu3 = make({
        "name": "安图生物体外诊断产业园（三期）", "phase": "三期", "owner": antu.pk, "industry": "27",
        "previous_phase": antu2.pk, "industrial_chain": "生物医药（体外诊断）",
        "sector": manufacturing and manufacturing.pk, "domain": innovation and innovation.pk,
        "land_mu": Decimal(251), "building_area_m2": Decimal(620000), "total_investment_wan": Decimal(190000),
        "scale_content": "1号地安图生物体外诊断试剂扩能项目、2号地安图生物诊断仪器产业园项目（总投资19亿元），"
                         "主要用于体外诊断试剂的扩大生产，年产体外诊断试剂约4亿人份；总建筑面积约62万平方米。",
        "in_statistics": True, "in_statistics_date": dt.date(2023, 12, 8),
    }, [("signed", dt.date(2023, 2, 10)), ("started", dt.date(2023, 11, 18))], [leader])
    chaoya_project = make({
        "name": "超亚医药新药研发及其配套项目", "owner": chaoya.pk, "industry": "27",
        "industrial_chain": "生物医药", "sector": manufacturing and manufacturing.pk,
        "domain": innovation and innovation.pk, "land_mu": Decimal(102), "total_investment_wan": Decimal(50000),
        "scale_content": "主要建设生产车间、新药生产线、化验室、研发中心等，建设智能化生物医药产业园。",
        "in_statistics": True, "in_statistics_date": dt.date(2023, 12, 5),
    }, [("signed", dt.date(2023, 3, 8)), ("started", dt.date(2023, 11, 1))], [leader])
    # Named by the seed among the 34 projects 经开区 completed or put into use in 2023.
    for name in ("豫喆项目", "华耀项目", "亿华通项目", "圣恒项目", "华夏碧水项目", "中欧班列集结调度指挥中心",
                 "郑大二附院项目", "迪奥项目", "科技创新园项目"):
        make({"name": name}, [("started", dt.date(2022, 3, 1)), ("completed", dt.date(2023, 12, 20))])
    return [zte1, zte2, antu1, antu2, antu3, chaoya_project]


def build(*, stdout=None, generated: int = 3000) -> None:
    reference_data_load(stdout=stdout)
    users = users_create()
    seed_projects_create(admin=users["admin"])
    existing = Project.objects.count()
    if existing < generated:
        counts = generate(projects=generated - existing, seed=2024)
        if stdout:
            stdout.write(f"已生成演示项目 {counts['projects']} 个。")
