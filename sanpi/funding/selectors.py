"""Reads of money by source: a project's lines with their cumulative figures."""

from decimal import Decimal

from django.db.models import Q, Sum

from .models import FundingLine


def funding_lines(*, project, year: int | None = None, month: int = 12) -> list[FundingLine]:
    """A project's lines (the project already access-checked), each annotated with its cumulative
    到位 and 支付 up to `month` of its year, its 到位率 (到位 ÷ 计划/下达) and the share of its 到位 paid
    (支付 ÷ 到位, what the 资金支付滞后 light follows; None without a divisor), and its months prefetched."""
    qs = FundingLine.objects.filter(project=project)
    if year is not None:
        qs = qs.filter(year=year)
    upto = Q(months__month__lte=month)
    lines = list(qs.annotate(arrived=Sum("months__arrived_wan", filter=upto), paid=Sum("months__paid_wan", filter=upto))
                 .prefetch_related("months").order_by("-year", "source", "bond_batch"))
    for line in lines:
        line.arrived = line.arrived or Decimal(0)
        line.paid = line.paid or Decimal(0)
        line.arrival_rate = line.arrived / line.allocated_wan if line.allocated_wan else None
        line.paid_share = line.paid / line.arrived if line.arrived else None
    return lines
