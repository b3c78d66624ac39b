"""Demo 前期手续 (all generated, marked 演示数据 in each item's note).

Every live project (signed or later) gets the checklist of its 管理类别. Started projects have most
items done before the start (施工许可 last, a few weeks before). A minority build while approving
(边建边批, as offices do): one to three of 规划许可、节能审查、水土保持、施工许可 (a later phase's) are done
weeks to five years after the start or are still 办理中, some of them past their planned date (the
yellow and red 前期手续滞后 lights of started projects). How many differs by 省辖市, so the regional
前期手续办结率 spread (about 75–95%) instead of all reading 100%;
signed projects not yet started have the early items done and the later ones in progress, planned
before the planned start — some of those dates have passed (the overdue ones the lights show).
Small projects need no separate 节能审查, 技改 none for 水土保持 (不涉及). Written set-based, then one
baseline history record per item. Idempotent: skipped when items exist.
"""

import datetime as dt
import random
import time

from django.db import transaction
from django.utils import timezone

from sanpi.projects.bulk import Table, history_baseline
from sanpi.projects.models import Project

from . import rules
from .models import ApprovalItem, ApprovalKind

NOTE = "演示数据"
UNIT = {"lixiang": "发展和改革委员会", "keyan": "发展和改革委员会", "chushe": "发展和改革委员会",
        "hezhun_beian": "发展和改革委员会", "jieneng": "发展和改革委员会", "yongdi": "自然资源和规划局",
        "guihua": "自然资源和规划局", "huanping": "生态环境局", "shuibao": "水利局", "shigong": "住房和城乡建设局"}
PREFIX = {"lixiang": "发改投资", "keyan": "发改审批", "chushe": "发改设计", "hezhun_beian": "发改备", "jieneng": "发改能审",
          "yongdi": "自然资预", "guihua": "规许", "huanping": "环审", "shuibao": "水保许", "shigong": "施许"}


# Items an office lets follow the start (边建边批): later-phase permits, not the 立项/用地/环评 basis.
PHASED = ("guihua", "jieneng", "shuibao", "shigong")
PHASED_OVERDUE = 0.5  # of those, the share whose planned date passes before they are done


def _phased_share(region_code: str) -> float:
    """Share of a 省辖市's started projects that build while approving: offices differ, so each city
    (by the first four digits of its code) draws its own, the same on every build."""
    return random.Random(f"phased-{region_code[:4]}").uniform(0.3, 0.85)


def _not_applicable(code: str, total, project_type: str) -> bool:
    """Small projects need no separate 节能审查, 技改 none for 水土保持."""
    return code == "jieneng" and (total or 0) < 5000 or code == "shuibao" and project_type == "02"


def _catalogue() -> dict[str, list[rules.KindRow]]:
    rows = [rules.KindRow(pk, code, applies, None, None, active, sort) for pk, code, applies, active, sort in
            ApprovalKind.objects.filter(region=None, year=None).values_list("pk", "code", "applies_to", "active", "sort")]
    return {cat: rules.pick_catalogue(rows, region_path="", year=2024, category=cat)
            for cat in ("government", "enterprise")}


def _items_for(rng: random.Random, p: tuple, kinds: list[rules.KindRow], today: dt.date, table: Table) -> None:
    pid, category, stage, signed, started, planned_start, total, project_type, region = p
    anchor = started or planned_start or (signed + dt.timedelta(days=120) if signed else today + dt.timedelta(days=90))
    phased: set[str] = set()
    if started is not None and rng.random() < _phased_share(region):
        open_codes = [k.code for k in kinds if k.code in PHASED and not _not_applicable(k.code, total, project_type)]
        phased = set(rng.sample(open_codes, min(len(open_codes), rng.choice((1, 1, 2, 2, 3)))))
    lagging = started is None and rng.random() < 0.35
    n = len(kinds)
    for i, kind in enumerate(kinds):
        values = {"project_id": pid, "kind_id": kind.id, "responsible_unit": UNIT.get(kind.code, ""), "note": NOTE}
        # Items follow each other: the first ~ a year before the start, 施工许可 a few weeks before.
        planned = anchor - dt.timedelta(days=int((n - i) * rng.uniform(25, 45)))
        if _not_applicable(kind.code, total, project_type):
            table.add(**values, status=rules.NOT_APPLICABLE, required=False)
            continue
        if started is not None:
            if kind.code in phased:  # 边建边批: done after the start, or still 办理中
                # some within months, most a later phase's permit that takes one to five years
                done = started + dt.timedelta(days=rng.randint(20, 240) if rng.random() < 0.4 else rng.randint(300, 1800))
                if rng.random() < PHASED_OVERDUE:  # promised for a date that passed: weeks to eight months late
                    values.update(planned_on=max(done - dt.timedelta(days=rng.randint(10, 240)), started))
                else:
                    values.update(planned_on=done + dt.timedelta(days=rng.randint(0, 60)))
                if done < today:
                    values.update(status="done", done_on=done,
                                  document_number=f"{PREFIX[kind.code]}〔{done.year}〕{rng.randint(3, 260)}号")
                else:
                    values.update(status="in_progress")
            else:
                done = min(planned + dt.timedelta(days=rng.randint(-20, 15)), started - dt.timedelta(days=3))
                values.update(status="done", planned_on=planned, done_on=done,
                              document_number=f"{PREFIX[kind.code]}〔{done.year}〕{rng.randint(3, 260)}号")
        else:
            share_done = i / n < (0.55 if lagging else 0.7)
            due = planned if not lagging else planned - dt.timedelta(days=rng.randint(20, 80))
            if share_done and due < today:
                done = min(due + dt.timedelta(days=rng.randint(-15, 10)), today - dt.timedelta(days=1))
                values.update(status="done", planned_on=due, done_on=done,
                              document_number=f"{PREFIX[kind.code]}〔{done.year}〕{rng.randint(3, 260)}号")
            else:
                values.update(status="in_progress" if due < today + dt.timedelta(days=60) else "not_started",
                              planned_on=due)
        table.add(**values)


def build(*, stdout=None) -> None:
    if ApprovalItem.objects.exists():
        if stdout:
            stdout.write("前期手续演示数据已存在，跳过。")
        return
    began = time.perf_counter()
    rng = random.Random(13)
    today = timezone.localdate()
    catalogue = _catalogue()
    projects = (Project.objects.exclude(stage__in=["planned", "negotiating", "terminated"]).order_by("id")
                .values_list("id", "management_category", "stage", "signed_on", "started_on", "planned_start_date",
                             "total_investment_wan", "project_type", "region_id"))
    table = Table(ApprovalItem, with_pk=False)
    count = 0
    with transaction.atomic():
        for p in projects.iterator(chunk_size=2000):
            _items_for(rng, p, catalogue[p[1]], today, table)
            count += 1
            if len(table.rows) > 20000:
                table.flush()
        table.flush()
        history_baseline(ApprovalItem, reason=NOTE)
    if stdout:
        stdout.write(f"已生成 {count} 个项目的前期手续 {ApprovalItem.objects.count()} 项"
                     f"（用时 {time.perf_counter() - began:.1f} 秒）。")
