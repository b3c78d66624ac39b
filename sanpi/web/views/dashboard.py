"""驾驶舱: the user's region at a glance; every figure links to the list it was summed from."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from sanpi.activities import rules as activity_rules
from sanpi.activities.selectors import current_period_summary
from sanpi.progress.verdict import verdict_month
from sanpi.ranking.selectors import dashboard_targets
from sanpi.stats import selectors


def _period_cards(summary) -> list[dict]:
    if summary is None:
        return []
    period = summary["period"]
    cards = []
    for batch in activity_rules.BATCHES:
        label = activity_rules.BATCH_LABELS[batch]
        figures = summary["lists"][label]
        cards.append({
            "batch": batch, "label": f"{'结转' if batch == 'producing' else ''}“{label}一批”",
            "count": figures["count"], "total_wan": figures["total_investment_wan"],
            "link": period.get_absolute_url() + "?" + urlencode({"batch": batch}),
            "ledger_link": "/projects/?" + urlencode({"period": period.pk, "batch": batch}),
        })
    return cards


@login_required
def dashboard(request):
    user = request.user
    today = timezone.localdate()
    figures = selectors.dashboard_figures(user=user, today=today)
    overview = figures["ledger"]
    summary = current_period_summary(user=user)
    charts = {
        "regions": [b.as_chart() for b in overview.by_region],
        "domains": [b.as_chart() for b in overview.by_domain],
        "sizes": [b.as_chart() for b in overview.by_size],
        "funnel": [b.as_chart() for b in overview.funnel],
        "stages": [b.as_chart() for b in overview.by_stage],
        "completion": figures["completion"]["rows"],
    }
    targets = dashboard_targets(user=user, completion=figures["completion"])
    year, month = verdict_month(today)  # the month of the summary, the bars and the lights
    rates = figures.get("rates")
    if rates is None:  # a snapshot stored before the rates were part of it
        rates = selectors.dashboard_rates(user=user, today=today)
    return render(request, "web/dashboard.html", {
        "rates": rates, "rates_year": year, "rates_month": month,
        "rate_labels": [r.label for r in rates[0]["rates"]] if rates else [],
        "overview": overview, "summary": summary, "period_cards": _period_cards(summary),
        "lights": figures["lights"], "keys": figures["keys"], "completion": {**figures["completion"], "rows": targets["rows"]},
        "charts": charts, "computed_at": figures["computed_at"],
        "computed_today": timezone.localtime(figures["computed_at"]).date() == today,
        "targets": targets,
    })
