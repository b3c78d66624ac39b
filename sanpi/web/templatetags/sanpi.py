from django import template

from sanpi.core.money import format_wan, format_yi

register = template.Library()


@register.filter
def yi(wan) -> str:
    """万元 -> '6643亿元' / '1.49万亿元'."""
    return "" if wan is None else format_yi(wan)


@register.filter
def wan(value) -> str:
    """A 万元 amount as a ledger writes it ('610000', '1234.5')."""
    return format_wan(value)
