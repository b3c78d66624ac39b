"""The pools page: counts per pool, moves waiting for the user's review, recent moves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanpi.accounts import access
from sanpi.core.errors import Conflict, Forbidden
from sanpi.core.inputs import parse_date

from . import selectors, services
from .rules import MoveKind, Pool


@login_required
def pool_home(request):
    """The page; a POST proposes a move (入库、增补、转库、退库), which then waits for 初审 and 终审."""
    errors: dict = {}
    if request.method == "POST":
        project = selectors.project_by_reference(user=request.user, reference=request.POST.get("project", ""))
        moved_on = parse_date(request.POST.get("moved_on"), field="moved_on", label="日期", errors=errors,
                              required=True)
        if project is None:
            errors["project"] = ["没有找到该项目（请填系统编号或项目代码，且在您的管辖范围内）。"]
        if not errors:
            try:
                move = services.pool_move_propose(user=request.user, project_id=project.pk,
                                                  kind=request.POST.get("kind", ""),
                                                  to_pool=request.POST.get("to_pool", ""), moved_on=moved_on,
                                                  reason=request.POST.get("reason", "")[:300])
            except ValidationError as exc:
                errors = exc.message_dict
            except (Conflict, Forbidden) as exc:
                errors = {"project": [str(exc)]}
            else:
                messages.success(request, f"已申报“{move.project.name}”{move.get_kind_display()}至"
                                          f"{move.get_to_pool_display()}，待项目所在地项目办初审。")
                return redirect("pools:home")
    counts = selectors.pool_counts(user=request.user)
    return render(request, "pools/home.html", {
        "counts": [(p.value, p.label, counts.get(p.value, 0)) for p in Pool],
        "to_review": selectors.moves_to_review(user=request.user), "recent": selectors.recent_moves(user=request.user),
        "may_propose": access.can_edit_ledger(request.user), "kinds": MoveKind.choices, "pools": Pool.choices,
        "errors": errors, "post": request.POST, "today": timezone.localdate()})


@login_required
@require_POST
def move_review(request, pk: int):
    approve = request.POST.get("decision") == "approve"
    try:
        move = services.pool_move_review(user=request.user, move_id=pk, approve=approve,
                                         note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(m for ms in exc.message_dict.values() for m in ms))
    except (Conflict, Forbidden) as exc:  # NotFound goes on to the one error mapping (404)
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{move.project.name}”{move.get_kind_display()}：{move.get_status_display()}。")
    return redirect("pools:home")
