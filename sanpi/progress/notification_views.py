"""The signed-in user's notifications page (a minimal list: the UX branch builds the full one) and
marking one read on the way to the thing it asks for."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors
from .services.reminders import notification_mark_read, notifications_mark_all_read


@login_required
def notification_list(request):
    return render(request, "progress/notification_list.html", {
        "notifications": selectors.notifications_for(user=request.user)[:200],
        "unread": selectors.notifications_unread_count(user=request.user),
    })


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark read, then go to the notification's link (a local path only)."""
    note = notification_mark_read(user=request.user, notification_id=pk)
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()}):
        return redirect(note.link)
    return redirect("progress:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    notifications_mark_all_read(user=request.user)
    return redirect("progress:notification_list")
