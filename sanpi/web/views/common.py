from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.views.generic import RedirectView

from sanpi.accounts.access import access_project


def get_project(user, project_id, need="read"):
    """The project through the access choke point: unknown and foreign ids give the same 404
    (sanpi.core.middleware renders NotFound/Forbidden)."""
    return access_project(user=user, project_id=project_id, need=need)


def url_or_none(name: str, *args) -> str | None:
    """A page of another app, when that app has it (links appear as the pages land)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class Favicon(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon (its URL is
    resolved per request, so a hashed static name works; not permanent, so a new icon is picked up)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("web/favicon.svg")


def landing_url(user) -> str:
    """Where a role starts after signing in: the enterprise its 待办, a 包联领导 its 包联项目, the
    offices the 驾驶舱."""
    from sanpi.accounts.access import is_global
    from sanpi.accounts.models import User

    if not is_global(user) and user.role == User.Role.ENTERPRISE:
        return reverse("web:todo")
    if not is_global(user) and user.role == User.Role.LEADER:
        return url_or_none("progress:leader") or reverse("web:dashboard")
    return reverse("web:dashboard")
