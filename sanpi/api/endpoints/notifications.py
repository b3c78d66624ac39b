"""The signed-in user's notifications (reminders, returned reports): list with the unread count, mark
read. Thin: reads from progress.selectors, writes through progress.services."""

import datetime as dt

from ninja import Router, Schema

from sanpi.progress import selectors
from sanpi.progress.services.reminders import notification_mark_read, notifications_mark_all_read

from ..errors import ERRORS
from ..schemas import PathId

router = Router(tags=["站内通知"])
LIMIT = 200


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    year: int | None
    month: int | None
    text: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationList(Schema):
    unread: int
    items: list[NotificationOut]


class Marked(Schema):
    unread: int
    marked: int


def notification_out(n) -> dict:
    return {"id": n.id, "kind": n.kind, "kind_label": n.get_kind_display(), "year": n.year, "month": n.month,
            "text": n.text, "link": n.link, "created_at": n.created_at, "read_at": n.read_at}


@router.get("/notifications", response={200: NotificationList, **ERRORS}, summary="我的站内通知（最近 200 条）")
def notification_list(request, unread_only: bool = False):
    items = selectors.notifications_for(user=request.auth, unread_only=unread_only)[:LIMIT]
    return {"unread": selectors.notifications_unread_count(user=request.auth),
            "items": [notification_out(n) for n in items]}


@router.post("/notifications/{notification_id}/read", response={200: NotificationOut, **ERRORS},
             summary="标记一条通知为已读")
def notification_read(request, notification_id: PathId):
    return notification_out(notification_mark_read(user=request.auth, notification_id=notification_id))


@router.post("/notifications/read-all", response={200: Marked, **ERRORS}, summary="全部标记为已读")
def notification_read_all(request):
    marked = notifications_mark_all_read(user=request.auth)
    return {"marked": marked, "unread": selectors.notifications_unread_count(user=request.auth)}
