"""Demo 前期手续 (all generated, marked 演示数据 in each item's note).

Every live project (signed or later) gets the checklist of its 管理类别. Started projects have their
items done before the start (施工许可 last, a few weeks before; in a few 先开工后补证 cases 施工许可 and
水土保持 come one to four months after the start, overdue meanwhile);
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


def _catalogue() -> dict[str, list[rules.KindRow]]:
    rows = [rules.KindRow(pk, code, applies, None, None, active, sort) for pk, code, applies, active, sort in
            ApprovalKind.objects.filter(region=None, year=None).values_list("pk", "code", "applies_to", "active", "sort")]
    return {cat: rules.pick_catalogue(rows, region_path="", year=2024, category=cat)
            for cat in ("government", "enterprise")}


def _items_for(rng: random.Random, p: tuple, kinds: list[rules.KindRow], today: dt.date, table: Table) -> None:
    pid, category, stage, signed, started, planned_start, total, project_type = p
    anchor = started or planned_start or (signed + dt.timedelta(days=120) if signed else today + dt.timedelta(days=90))
    late_permit = started is not None and rng.random() < 0.03
    lagging = started is None and rng.random() < 0.35
    n = len(kinds)
    for i, kind in enumerate(kinds):
        values = {"project_id": pid, "kind_id": kind.id, "responsible_unit": UNIT.get(kind.code, ""), "note": NOTE}
        # Items follow each other: the first ~ a year before the start, 施工许可 a few weeks before.
        planned = anchor - dt.timedelta(days=int((n - i) * rng.uniform(25, 45)))
        if kind.code == "jieneng" and (total or 0) < 5000 or kind.code == "shuibao" and project_type == "02":
            table.add(**values, status=rules.NOT_APPLICABLE, required=False)
            continue
        if started is not None:
            if late_permit and kind.code in ("shigong", "shuibao"):  # 先开工后补证: done weeks after the start
                done = started + dt.timedelta(days=rng.randint(20, 120))
                values.update(planned_on=started - dt.timedelta(days=10))
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
                             "total_investment_wan", "project_type"))
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
