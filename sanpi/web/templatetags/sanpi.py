from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from sanpi.core.money import format_wan, format_yi
from sanpi.web import navigation

register = template.Library()


@register.filter
def yi(wan) -> str:
    """万元 -> '6643亿元' / '1.49万亿元'."""
    return "" if wan is None else format_yi(wan)


@register.filter
def wan(value) -> str:
    """A 万元 amount as a ledger writes it ('610000', '1234.5')."""
    return format_wan(value)


@register.simple_tag(takes_context=True)
def nav_items(context):
    request = context.get("request")
    if request is None:
        return []
    return navigation.nav_items(request.user, request.path)


@register.simple_tag
def select_options(choices, selected) -> str:
    """The <option>s of a select from (value, label) pairs, the one equal to `selected` marked. Written
    here rather than as a {% for %} in the template: the ledger's filter bar has some 300 options (every
    county of the province, the leaders), and the template engine's cost per node made them a quarter
    of the page's time, which 8 concurrent readers multiply (issue 12). Escaped here as the template
    would (html.escape is what Django's escape calls); f-strings, not format_html per option, which
    costs as much as the loop it replaces."""
    return mark_safe("".join(  # every value and label is escaped
        f'<option value="{escape(str(value))}"{" selected" if value == selected else ""}>'
        f"{escape(str(label))}</option>" for value, label in choices))


@register.simple_tag
def rate_cell(rate) -> str:
    """A cell of the dashboard's rates table: the rate, its numerator and denominator (and both in the
    title). A province's table has 19 rows × 8 rates; written as template nodes, these cells were a third of
    the dashboard's time (issue 12)."""
    raw = rate.as_dict()
    numerator, denominator = escape(format_wan(raw["numerator"])), escape(format_wan(raw["denominator"]))
    d = {k: escape(str(raw[k])) for k in ("numerator_label", "denominator_label", "unit", "text")}
    return mark_safe(  # every part is escaped (as the template did; format_html costs 15 µs a cell)
        f'<td class="num" title="{d["numerator_label"]} {numerator}{d["unit"]} ÷ {d["denominator_label"]} '
        f'{denominator}{d["unit"]}">{d["text"]}<div class="text-muted">{numerator}/{denominator}</div></td>')


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None or "" removes them)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    return "?" + urlencode(sorted((k, v) for k in params for v in params.getlist(k)))


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.972 -> '97.2%'; None -> '—'."""
    if value is None:
        return "—"
    scaled = (Decimal(str(value)) * 100).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    return f"{scaled}%"


@register.filter
def width_class(value) -> str:
    """37.6 -> 'w-pct-38': a bar's width as a class of app.css, because the CSP refuses style="" attributes."""
    try:
        pct = float(value or 0)
    except (TypeError, ValueError):
        pct = 0.0
    if pct != pct:  # NaN
        pct = 0.0
    return f"w-pct-{max(0, min(100, round(pct)))}"


@register.simple_tag(takes_context=True)
def sort_th(context, current: str, key: str, label: str, cls: str = "", desc_first: bool = False,
            param: str = "sort"):
    """A sortable column header: a link that keeps every other parameter (filters) of the page and
    sorts by `key`, toggling the direction when the list is already sorted by it. `desc_first`
    makes the first click sort from the largest (money, dates); `param` names the query parameter when
    a page has two sortable tables."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if current == key:
        target, arrow, aria = f"-{key}", "▲", "ascending"
    elif current == f"-{key}":
        target, arrow, aria = key, "▼", "descending"
    else:
        target, arrow, aria = (f"-{key}" if desc_first else key), "", "none"
    params[param] = target
    href = "?" + urlencode(sorted((k, v) for k in params for v in params.getlist(k)))
    return format_html('<th class="sortable {}" aria-sort="{}"><a href="{}" data-sort="{}">{}{}</a></th>',
                       cls, aria, href, key, label,
                       format_html('<span class="sort-arrow" aria-hidden="true">{}</span>', arrow) if arrow else "")


@register.filter
def narrow_hint(count) -> bool:
    """True when a list is long enough that the pager should suggest a filter."""
    from sanpi.web.listing import NARROW_HINT_ROWS

    return (count or 0) > NARROW_HINT_ROWS


@register.filter
def elided_pages(paginator, number):
    """Page numbers around `number`, the first and the last, '…' between (Paginator.get_elided_page_range)."""
    return [str(n) if n == paginator.ELLIPSIS else n
            for n in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)]


@register.filter
def yi_number(wan) -> str:
    """万元 -> the number of 亿元 without the unit, for a column whose header already says 亿元
    (25000 -> '2.5', 43950000 -> '4395'; never '1.49万亿'). None -> '0'."""
    if wan is None:
        return "0"
    yi_value = (Decimal(str(wan)) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{yi_value:f}".rstrip("0").rstrip(".")
    return text or "0"
