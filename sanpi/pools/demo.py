"""Demo pools and key-list classes (idempotent; every invented move is marked 演示):
经开区 projects entered into the pool their stage allows (approved: 初审 jingkai, 终审 zhengzhou), a few
增补 and 退库 through the services, one move waiting for 郑州's 终审; and the class of each entry of the
demo's key-project lists, from the project's stage and dates."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sanpi.accounts.models import User
from sanpi.activities.models import KeyProjectEntry
from sanpi.projects.models import Project

from . import rules, services
from .models import PoolMove

ENTRY_DAY = dt.date(2024, 1, 15)
FIRST_CHOICE = {stage: sorted(pools)[-1] if pools else None for stage, pools in rules.POOLS_FOR_STAGE.items()}


def _classes() -> int:
    """新开工: started in the list's year; 续建: started before; 竣工: completed or producing in the year;
    前期预备: not started yet."""
    n = 0
    years = KeyProjectEntry.objects.filter(entry_class="").values_list("key_list__year", flat=True).distinct()
    for year in list(years):
        rules_in_order = [
            ("completing", Q(project__completed_on__year=year) | Q(project__produced_on__year=year)),
            ("new_start", Q(project__started_on__year=year)),
            ("continuing", Q(project__started_on__lt=dt.date(year, 1, 1))),
            ("preparatory", Q()),
        ]
        for entry_class, condition in rules_in_order:  # one UPDATE per class, first match wins
            ids = KeyProjectEntry.objects.filter(condition, entry_class="", key_list__year=year).values("pk")
            n += KeyProjectEntry.objects.filter(pk__in=ids).update(entry_class=entry_class)
    return n


@transaction.atomic
def build(*, stdout=None) -> None:
    classed = _classes()
    if PoolMove.objects.filter(is_demo=True).exists():
        if stdout:
            stdout.write("项目库演示数据已存在，跳过。")
        return
    zone, city = User.objects.filter(username="jingkai").first(), User.objects.filter(username="zhengzhou").first()
    if zone is None or city is None:
        return
    now = timezone.now()
    projects = list(Project.objects.filter(region_id=zone.region_id).exclude(stage="terminated").order_by("id")[:40])
    moves = []
    for p in projects[:34]:
        pool = "reserve" if p.stage in ("planned", "negotiating", "signed") else FIRST_CHOICE.get(p.stage)
        if pool:
            moves.append(PoolMove(project=p, kind="enter", to_pool=pool, moved_on=ENTRY_DAY, reason="年度集中入库（演示）",
                                  status=PoolMove.Status.APPROVED, proposed_by=zone, first_reviewed_by=zone,
                                  first_reviewed_at=now, final_reviewed_by=city, final_reviewed_at=now, is_demo=True))
    PoolMove.objects.bulk_create(moves)
    done = {"增补": 0, "退库": 0}
    for p in projects[34:37]:  # mid-year entries
        pool = "reserve" if p.stage in ("planned", "negotiating", "signed") else FIRST_CHOICE.get(p.stage)
        if pool:
            move = services.pool_move_propose(user=zone, project_id=p.pk, kind="supplement", to_pool=pool,
                                              moved_on=dt.date(2024, 7, 10), reason="年中增补（演示）", is_demo=True)
            services.pool_move_review(user=zone, move_id=move.pk, approve=True)
            services.pool_move_review(user=city, move_id=move.pk, approve=True, note="同意增补")
            done["增补"] += 1
    planned = [m.project for m in moves if m.to_pool == "reserve"][:2]
    for p in planned:
        move = services.pool_move_propose(user=zone, project_id=p.pk, kind="withdraw", to_pool="withdrawn",
                                          moved_on=dt.date(2024, 10, 8), reason="企业调整投资计划，暂缓实施（演示）",
                                          is_demo=True)
        services.pool_move_review(user=zone, move_id=move.pk, approve=True)
        services.pool_move_review(user=city, move_id=move.pk, approve=True, note="同意退库")
        done["退库"] += 1
    waiting = next((m.project for m in moves if m.to_pool == "reserve" and m.project not in planned
                    and m.project.stage == "signed"), None)
    if waiting is not None:
        move = services.pool_move_propose(user=zone, project_id=waiting.pk, kind="move", to_pool="implementation",
                                          moved_on=timezone.localdate(), reason="已签约，拟转入实施库（演示）", is_demo=True)
        services.pool_move_review(user=zone, move_id=move.pk, approve=True)
    if stdout:
        stdout.write(f"项目库演示数据：经开区 {len(moves)} 个项目入库，增补 {done['增补']} 个、退库 {done['退库']} 个，"
                     f"{'1 个转库申请待郑州市终审；' if waiting else ''}重点项目名单 {classed} 条标注类别（新开工/续建/竣工/前期预备）。")
