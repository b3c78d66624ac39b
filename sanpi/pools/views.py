"""The pools page: counts per pool, moves waiting for the user's review, recent moves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sanpi.core.errors import Conflict, Forbidden

from . import selectors, services
from .rules import Pool


@login_required
def pool_home(request):
    counts = selectors.pool_counts(user=request.user)
    return render(request, "pools/home.html", {
        "counts": [(p.value, p.label, counts.get(p.value, 0)) for p in Pool],
        "to_review": selectors.moves_to_review(user=request.user), "recent": selectors.recent_moves(user=request.user)})


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
