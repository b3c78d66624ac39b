"""Reads of the project pools: a project's pool is its latest approved move's target."""

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from sanpi.accounts import access
from sanpi.projects.models import Project

from .models import PoolMove


def _latest_approved():
    return (PoolMove.objects.filter(project=OuterRef("pk"), status=PoolMove.Status.APPROVED)
            .order_by("-moved_on", "-id").values("to_pool")[:1])


def current_pool(*, project_id: int) -> str | None:
    move = (PoolMove.objects.filter(project_id=project_id, status=PoolMove.Status.APPROVED)
            .order_by("-moved_on", "-id").first())
    return move.to_pool if move else None


def pool_counts(*, user) -> dict[str, int]:
    """Projects in each pool in the user's scope (one query)."""
    qs = access.scope_projects(Project.objects.all(), user).annotate(pool=Subquery(_latest_approved()))
    return dict(qs.exclude(pool=None).values_list("pool").annotate(n=Count("id")).order_by())


def moves_to_review(*, user) -> list[PoolMove]:
    """Moves waiting for a step this user may take."""
    qs = access.scope_projects(PoolMove.objects.filter(status__in=[PoolMove.Status.FIRST, PoolMove.Status.FINAL]),
                               user, region_field="project__region").select_related("project", "project__region")
    return [m for m in qs.order_by("moved_on", "id")[:200]
            if access.may_review_pool_move(user, m, "first" if m.status == PoolMove.Status.FIRST else "final")]


def recent_moves(*, user, limit: int = 50) -> QuerySet:
    return (access.scope_projects(PoolMove.objects.all(), user, region_field="project__region")
            .select_related("project", "project__region").order_by("-moved_on", "-id")[:limit])


def project_pool(*, user, project_id) -> tuple[Any, str | None, list[PoolMove]]:
    """A project the user sees, its current pool and every move (newest first, refused ones too)."""
    project = access.access_project(user=user, project_id=project_id)
    moves = list(PoolMove.objects.filter(project=project).select_related(
        "proposed_by", "first_reviewed_by", "final_reviewed_by").order_by("-moved_on", "-id"))
    current = next((m.to_pool for m in moves if m.status == PoolMove.Status.APPROVED), None)
    return project, current, moves


def project_by_reference(*, user, reference: str) -> Project | None:
    """A project the user may see by its 项目代码 or 系统编号 (as typed on the pools page), or None."""
    reference = (reference or "").strip()
    if not reference:
        return None
    rule = Q(code=reference)
    if reference.isdigit() and len(reference) < 19:
        rule |= Q(pk=int(reference))
    return access.scope_projects(Project.objects.filter(rule), user).order_by("pk").first()
