from django import template

from sanpi.outlook.locations import location_warning

register = template.Library()


@register.simple_tag
def location_note(project) -> str:
    """The coordinate check of a project page: empty when fine or unknown."""
    return location_warning(project) or ""
