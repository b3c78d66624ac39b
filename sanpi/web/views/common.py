from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from sanpi.accounts.access import access_project
from sanpi.core.errors import Forbidden, NotFound


def get_project(user, project_id, need="read"):
    """The project through the access choke point: unknown and foreign ids give the same 404."""
    try:
        return access_project(user=user, project_id=project_id, need=need)
    except NotFound:
        raise Http404("记录不存在，或您无权访问。") from None
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from None


def url_or_none(name: str, *args) -> str | None:
    """A page of another app, when that app has it (links appear as the pages land)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
