from django import template
from django.utils.html import format_html

register = template.Library()

CLASS = {"red": "danger", "yellow": "warning", "green": "success"}
LABEL = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}


@register.filter
def light(colour) -> str:
    """A coloured badge: 红灯 / 黄灯 / 绿灯."""
    if not colour:
        return format_html('<span class="badge text-bg-secondary">未评价</span>')
    text = "text-bg-warning" if colour == "yellow" else f"text-bg-{CLASS.get(colour, 'secondary')}"
    return format_html('<span class="badge {}">{}</span>', text, LABEL.get(colour, colour))


@register.filter
def status_class(status) -> str:
    return {"draft": "secondary", "submitted": "primary", "returned": "danger", "approved": "success",
            "locked": "dark", "open": "danger", "in_progress": "warning", "resolved": "success"}.get(status, "secondary")


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in user's unread notification count (for the header)."""
    from sanpi.progress.selectors import notifications_unread_count

    request = context.get("request")
    return notifications_unread_count(user=request.user) if request is not None else 0
