"""The one set of project filters: the ledger page, its totals, the ledger export and the API list
all filter through `ProjectFilterSet` (django-filter), so a parameter means the same everywhere.

Callers clean their parameters first (the page drops malformed values and names them; the API
answers 422) and pass a dict of clean values; an empty value filters nothing. The region filters
are equalities on the project's materialised region columns (access.region_rule).
"""

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from sanpi.accounts.access import region_rule
from sanpi.accounts.models import Region

from .lifecycle import Stage
from .models import Category, Project
from .search import filter_name_or_code

BATCHES = {"signed": "签约一批", "started": "开工一批", "producing": "投产一批"}
LIGHTS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}
SIZE_BUCKETS = {
    # key: (label, lower bound 万元 inclusive, upper bound exclusive or None)
    "lt1": ("1亿元以下", Decimal(0), Decimal(10000)),
    "1to10": ("1亿—10亿元", Decimal(10000), Decimal(100000)),
    "10to50": ("10亿—50亿元", Decimal(100000), Decimal(500000)),
    "50to100": ("50亿—100亿元", Decimal(500000), Decimal(1000000)),
    "100plus": ("100亿元以上", Decimal(1000000), None),
}
# 'reached' = the project has ever reached the stage (the funnel's 签约 → 开工 → 投产 drill-down).
REACHED = {"signed": "signed_on", "started": "started_on", "producing": "produced_on"}


def _value(method: str, help_text: str) -> django_filters.Filter:
    return django_filters.Filter(method=method, help_text=help_text)


class ProjectFilterSet(django_filters.FilterSet):
    region = _value("by_region", "区划代码（含下级区划）")
    unit = _value("by_unit", "省辖市统计口径的一行（Region.reporting_unit）")
    stage = _value("by_stage", "当前阶段（一个或多个）")
    live = _value("by_live", "不含已终止")
    industry = _value("by_industry", "行业门类字母或大类两位代码")
    domain = _value("by_domain", "领域：类别 id，或跨年度的领域代码")
    sector = _value("by_sector", "产业类别 id")
    leader = _value("by_leader", "包联领导 id")
    owner = _value("by_owner", "建设单位 id")
    in_statistics = _value("by_in_statistics", "是否入库")
    min_investment = _value("by_min_investment", "总投资下限（万元）")
    max_investment = _value("by_max_investment", "总投资上限（万元）")
    size = _value("by_size", "总投资规模档")
    reached = _value("by_reached", "曾到达的阶段")
    period = _value("by_period", "三个一批活动期 id")
    batch = _value("by_batch", "活动期中的批次（与 period 同用）")
    keylist = _value("by_keylist", "重点项目名单 id")
    light = _value("by_light", "最近评价月的总灯色")
    q = _value("by_text", "项目名称包含，或项目代码等于")

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        # Only the filters the data names: django-filter deep-copies every declared filter (and its
        # form field) per instance, ~10 ms of a request for the 19 here; a call uses one to three.
        names = set(data or ())
        self.base_filters = {k: v for k, v in type(self).base_filters.items() if k in names}
        super().__init__(data, queryset, **kwargs)

    def by_region(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs.filter(region_rule(str(value)))

    def by_unit(self, qs, name, value):
        units = Region.objects.filter(Q(reporting_unit=value) | Q(code=value, reporting_unit__isnull=True))
        return qs.filter(region__in=units.values("code"))

    def by_stage(self, qs, name, value):
        return qs.filter(stage__in=value if isinstance(value, list | tuple) else [value])

    def by_live(self, qs, name, value):
        return qs.exclude(stage=Stage.TERMINATED)

    def by_industry(self, qs, name, value):
        if len(value) == 1:
            return qs.filter(Q(industry=value) | Q(industry__parent=value))
        return qs.filter(industry=value)

    def by_domain(self, qs, name, value):
        # A category id, or a domain code across years (the dashboard sums 领域 by code).
        if isinstance(value, int) or (value.isascii() and value.isdigit()):
            return qs.filter(domain=int(value))
        return qs.filter(domain__in=Category.objects.filter(scheme=Category.Scheme.DOMAIN, code=value).values("pk"))

    def by_sector(self, qs, name, value):
        return qs.filter(sector=value)

    def by_leader(self, qs, name, value):
        return qs.filter(leaders=value)

    def by_owner(self, qs, name, value):
        return qs.filter(owner=value)

    def by_in_statistics(self, qs, name, value):
        return qs.filter(in_statistics=str(value).lower() in ("1", "true", "是", "yes"))

    def by_min_investment(self, qs, name, value):
        return qs.filter(total_investment_wan__gte=value)

    def by_max_investment(self, qs, name, value):
        return qs.filter(total_investment_wan__lte=value)

    def by_size(self, qs, name, value):
        _, low, high = SIZE_BUCKETS[value]
        qs = qs.filter(total_investment_wan__gte=low)
        return qs.filter(total_investment_wan__lt=high) if high is not None else qs

    def by_reached(self, qs, name, value):
        return qs.filter(**{f"{REACHED[value]}__isnull": False})

    def by_period(self, qs, name, value):
        from sanpi.activities.models import ListEntry

        entries = ListEntry.objects.filter(period=value)
        if batch := self.form.cleaned_data.get("batch"):
            entries = entries.filter(batch=batch)
        return qs.filter(pk__in=entries.values("project_id"))

    def by_batch(self, qs, name, value):
        return qs  # read with `period`

    def by_keylist(self, qs, name, value):
        from sanpi.activities.models import KeyProjectEntry

        return qs.filter(pk__in=KeyProjectEntry.objects.filter(key_list=value).values("project_id"))

    def by_light(self, qs, name, value):
        """Projects whose overall light of the latest evaluated month is `value`."""
        from sanpi.progress.models import ProjectLight
        from sanpi.progress.selectors import latest_evaluated_month

        month = latest_evaluated_month()
        if month is None:
            return qs.none()
        lit = ProjectLight.objects.filter(year=month[0], month=month[1], colour=value)
        return qs.filter(pk__in=lit.values("project_id"))

    def by_text(self, qs, name, value):
        value = str(value).strip()
        return filter_name_or_code(qs, value) if value else qs


def filter_projects(qs: QuerySet, filters: dict[str, Any] | None) -> QuerySet:
    """`qs` (already access-scoped) narrowed by clean filter values (keys of ProjectFilterSet)."""
    wanted = {k: v for k, v in (filters or {}).items() if k in ProjectFilterSet.base_filters}
    if not wanted:
        return qs
    return ProjectFilterSet(wanted, queryset=qs).qs
