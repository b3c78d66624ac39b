"""Who is signing in from where: the client address django-axes counts failures against."""

from django.conf import settings
from django.shortcuts import render


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind our reverse proxy the address that proxy appended to X-Forwarded-For.

    Only the right-most entry is trusted: anything left of it was written by the client and could be
    forged to dodge the per-address lockout (or to lock out someone else's address).
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (web and admin), in Chinese, with status 429."""
    return render(request, "web/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }, status=429)
