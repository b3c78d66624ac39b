"""Reads of the API app (tokens). Reads of the ledger go through the domain apps' selectors."""

from django.db.models import QuerySet

from .models import ApiToken
from .services import is_token_admin


def token_list(*, user, all_users: bool = False) -> QuerySet:
    """The user's tokens; an administrator may ask for everyone's."""
    qs = ApiToken.objects.select_related("user").order_by("-id")
    if all_users and is_token_admin(user):
        return qs
    return qs.filter(user=user)
