"""The writes of a period's 通报 beside its figures: the office's 存在问题 and 下步要求 (kept as new rows,
never overwritten). The organising office writes them, also after the period has closed."""

from django.core.exceptions import ValidationError
from django.db import transaction

from sanpi.accounts.access import access_period
from sanpi.core.inputs import clean_text

from .models import BulletinText


@transaction.atomic
def bulletin_text_set(*, user, period_id: int, problems: str, requirements: str) -> BulletinText:
    """Save the 通报's 存在问题 and 下步要求 (one item a line) as the period's current text; the earlier
    text stays. Only the office that may run the period (access_period need="run"); 404 otherwise."""
    period = access_period(user=user, period_id=period_id, need="run", lock=True)
    errors: dict = {}
    problems = clean_text(problems, field="problems", label="存在问题", errors=errors)
    requirements = clean_text(requirements, field="requirements", label="下步要求", errors=errors)
    if errors:
        raise ValidationError(errors)
    return BulletinText.objects.create(period=period, problems=problems or "", requirements=requirements or "",
                                       written_by=user if getattr(user, "pk", None) else None)


def bulletin_text_of(*, period) -> BulletinText | None:
    """The period's current 存在问题 / 下步要求, or None before any was written."""
    return BulletinText.objects.filter(period=period).order_by("-written_at", "-id").first()
