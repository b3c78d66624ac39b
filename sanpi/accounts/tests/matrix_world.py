"""The shared world of the access matrix (test_access_matrix.py): two objects of every kind, "A" in
经开区 (visible on its line of regions) and "B" in 洛阳 (foreign to all but the province), with a user
per role and the stored files the download routes serve."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from sanpi.accounts.models import Leader
from sanpi.activities import services as activity_services
from sanpi.activities.models import KeyProjectEntry, KeyProjectList, ListEntry, Period
from sanpi.api.services import token_create
from sanpi.approvals.models import ApprovalItem, ApprovalKind
from sanpi.funding.models import FundingLine
from sanpi.ingest.models import ExportJob, ImportJob
from sanpi.progress.models import (
    MonthlyReport,
    Notification,
    Problem,
    ProblemEscalation,
    ReportPhoto,
    RuleSet,
)
from sanpi.projects.models import StageEvent
from sanpi.testing import make_org, make_project, make_user


class World:
    users: dict
    projects: dict
    events: dict
    approval_items: dict
    funding_lines: dict
    reports: dict
    problems: dict
    periods: dict
    key_lists: dict
    rule_sets: dict
    jobs: dict
    export_jobs: dict
    photos: dict
    letters: dict
    tokens: dict
    keys: dict
    schemes: dict
    inspections: dict
    pool_moves: dict
    notifications: dict


# The smallest valid PNG (1×1): the photo only has to exist and be served.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def build_world(media_root) -> World:
    w = World()
    org = make_org("矩阵测试企业有限公司", region="410171")
    w.users = {
        "province": make_user("m_province", role="province", region="410000"),
        "city": make_user("m_city", role="city", region="410100"),
        "zone": make_user("m_zone", role="zone", region="410171"),
        "other_zone": make_user("m_other_zone", role="zone", region="410172"),
        "enterprise": make_user("m_enterprise", role="enterprise", region="410171", organisation=org),
        "leader": make_user("m_leader", role="leader", region="410171"),
        "other": make_user("m_other", role="zone", region="410171"),
    }
    leader = Leader.objects.create(name="矩阵领导", region_id="410171", user=w.users["leader"])
    signed = [("signed", dt.date(2023, 6, 1))]
    w.projects = {"A": make_project("矩阵本地项目", region="410171", owner=org, stages=signed),
                  "B": make_project("矩阵洛阳项目", region="410302", stages=signed)}
    w.projects["A"].leaders.add(leader)
    w.events = {k: StageEvent.objects.get(project=p) for k, p in w.projects.items()}
    for event in w.events.values():  # stored files: evidence, photos, closure evidence, letters
        event.evidence.save("e.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    kind = ApprovalKind.objects.get(code="shigong", region=None, year=None)
    w.approval_items = {k: ApprovalItem.objects.create(project=p, kind=kind) for k, p in w.projects.items()}
    for item in w.approval_items.values():
        item.evidence.save("a.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    w.funding_lines = {k: FundingLine.objects.create(project=p, year=2024, source="bank_loan", allocated_wan=Decimal(10))
                       for k, p in w.projects.items()}
    w.reports = {k: MonthlyReport.objects.create(project=p, year=2024, month=5, month_completed_wan=Decimal(1),
                                                 ytd_completed_wan=Decimal(1), since_start_completed_wan=Decimal(1))
                 for k, p in w.projects.items()}
    w.problems = {k: Problem.objects.create(project=p, kind="land", description="用地", raised_at="2024-01-05",
                                            deadline="2024-03-01", responsible_department="自然资源局")
                  for k, p in w.projects.items()}
    w.photos, w.letters = {}, {}
    for k in w.projects:
        photo = ReportPhoto(report=w.reports[k])
        photo.image.save("p.png", ContentFile(PNG), save=True)
        w.photos[k] = photo
        w.problems[k].closure_evidence.save("c.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
        letter = ProblemEscalation(problem=w.problems[k], level="reminder", number=f"提醒{k}")
        letter.letter.save("l.docx", ContentFile(b"PK"), save=True)
        w.letters[k] = letter
    province = activity_services.period_create(user=w.users["province"], number=11, held_on=dt.date(2024, 1, 2),
                                               host_region="410000", status="open")
    for p in w.projects.values():
        ListEntry.objects.create(period=province, batch="signed", project=p, region_id=p.region_id,
                                 declared_total_investment_wan=Decimal(10000))
    activity_services.period_close(user=w.users["province"], period_id=province.pk)
    luoyang = Period.objects.create(number=3, held_on=dt.date(2024, 2, 1), level="city", host_region_id="410300",
                                    status="open")
    w.periods = {"A": province, "B": luoyang}
    w.key_lists = {"A": KeyProjectList.objects.create(region_id="410000", year=2024, name="矩阵省名单"),
                   "B": KeyProjectList.objects.create(region_id="410300", year=2024, level="city", name="矩阵洛阳名单")}
    for which, kl in w.key_lists.items():
        KeyProjectEntry.objects.create(key_list=kl, project=w.projects[which], declared_total_investment_wan=1)
    zhengzhou = RuleSet.objects.get(place="三亚")
    zhengzhou.scope_region_id = "410100"
    zhengzhou.save()
    w.rule_sets = {"A": RuleSet.objects.get(is_default=True), "B": zhengzhou}
    w.jobs = {}
    for role, user in w.users.items():
        job = ImportJob.objects.create(user=user, original_name="台账.xlsx", status=ImportJob.Status.PREVIEWED)
        job.file.save("台账.xlsx", ContentFile(b"PK"), save=False)
        job.error_file.save("errors.xlsx", ContentFile(b"PK"), save=False)
        job.save()
        w.jobs[role] = job
    w.export_jobs = {}
    for role, user in w.users.items():
        export = ExportJob.objects.create(user=user, status=ExportJob.Status.DONE, total=1, done=1)
        export.file.save("x.xlsx", ContentFile(b"PK"), save=True)
        w.export_jobs[role] = export
    _ranking(w)
    w.tokens, w.keys = {}, {}
    for role, user in w.users.items():
        new = token_create(user=user, name="矩阵")
        w.tokens[role], w.keys[role] = new.token, new.key
    w.notifications = {role: Notification.objects.create(user=user, text="矩阵通知", link="/progress/reports/")
                       for role, user in w.users.items()}
    return w


def _ranking(w: World) -> None:
    """Scoring schemes and 观摩 events: "A" the province's, "B" 洛阳's (one group, one indicator, one visit)."""
    from sanpi.ranking.models import InspectionEvent, InspectionItem, InspectionProject, RegionGroup, Scheme

    w.schemes, w.inspections = {}, {}
    for which, owner, member in (("A", "410000", "410100"), ("B", "410300", "410302")):
        scheme = Scheme.objects.create(name=f"矩阵考评{which}", owner_region_id=owner)
        scheme.indicators.create(indicator="new_starts", weight=Decimal(100), method="rank")
        RegionGroup.objects.create(scheme=scheme, name="全部").regions.set([member])
        w.schemes[which] = scheme
        event = InspectionEvent.objects.create(name=f"矩阵观摩{which}", region_id=owner, held_on=dt.date(2024, 6, 3))
        InspectionItem.objects.create(event=event, name="形象进度", weight=Decimal(40))
        InspectionProject.objects.create(event=event, project=w.projects[which], region_id=w.projects[which].region_id)
        w.inspections[which] = event
    from sanpi.pools.models import PoolMove

    w.pool_moves = {k: PoolMove.objects.create(project=p, kind="enter", to_pool="reserve", moved_on=dt.date(2024, 1, 5))
                    for k, p in w.projects.items()}
