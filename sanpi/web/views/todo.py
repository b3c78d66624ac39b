"""待办: what the signed-in user has to do next."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sanpi.stats.todo import todo_items


@login_required
def todo(request):
    today = timezone.localdate()
    return render(request, "web/todo.html", {"groups": todo_items(user=request.user, today=today), "today": today})
