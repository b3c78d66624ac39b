"""The user's own API tokens under the account menu: list, create (the key shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sanpi.api import selectors, services
from sanpi.core.errors import NotFound


@login_required
def token_list(request):
    """GET: the user's tokens. POST: create one; its key is shown on this answer only (never stored)."""
    new_key, errors = None, {}
    if request.method == "POST":
        try:
            new_key = services.token_create(user=request.user, name=request.POST.get("name", "")).key
        except ValidationError as exc:
            errors = exc.message_dict
    return render(request, "web/token_list.html", {
        "tokens": selectors.token_list(user=request.user), "new_key": new_key, "errors": errors,
        "name": request.POST.get("name", "") if errors else "",
    })


@login_required
@require_POST
def token_revoke(request, token_id: int):
    if not selectors.token_list(user=request.user).filter(pk=token_id).exists():
        raise NotFound("令牌不存在。")
    token = services.token_revoke(user=request.user, token_id=token_id)
    messages.success(request, f"令牌“{token.name}”已吊销。")
    return redirect("web:token_list")
