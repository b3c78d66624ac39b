"""Choices of the ledger's filter bar, limited to what the user can see: (value, label) pairs, which
the template writes with {% select_options %} (web/templatetags/sanpi.py)."""

from django.core.cache import cache

from sanpi.accounts.access import is_global, scope_regions
from sanpi.accounts.models import Leader, Region
from sanpi.activities.models import KeyProjectList, Period
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Category, Industry
from sanpi.stats.ledger import BATCHES, LIGHTS, SIZE_BUCKETS
from sanpi.stats.selectors import near_regions

# Regions, 行业门类 and 领域 are reference data (fixtures, the admin): kept in the shared cache, they
# spare every ledger page three queries (0.8 of its ~11 ms of CPU with 8 concurrent readers, issue 12).
# A region renamed in the admin shows here within REFERENCE_CACHE_SECONDS.
REFERENCE_CACHE_SECONDS = 300


def _reference_options(user) -> dict:
    """Regions of the user's scope (indented by depth), 行业门类 and 领域: the same for every user of
    the scope."""
    scope = "global" if is_global(user) else (user.region.path if user.region_id else "")
    key = f"ledger-filter-reference:{scope or 'none'}"
    found = cache.get(key)
    if found is not None:
        return found
    regions = scope_regions(Region.objects.all(), user).order_by("path").values_list("code", "name", "path")
    base = 1 if is_global(user) or not user.region_id else len(user.region.path.strip("/").split("/"))
    domains = {}
    for code, name in Category.objects.filter(scheme=Category.Scheme.DOMAIN).order_by("sort").values_list("code", "name"):
        domains.setdefault(code, name)
    found = {
        "regions": [(code, "\u3000" * max(len(path.strip("/").split("/")) - base, 0) + name)
                    for code, name, path in regions[:400]],
        "industries": [(code, f"{code} {name}") for code, name in
                       Industry.objects.filter(kind=Industry.Kind.SECTION).values_list("code", "name")],
        "domains": list(domains.items()),
    }
    cache.set(key, found, REFERENCE_CACHE_SECONDS)
    return found


def filter_options(user) -> dict:
    """Every choice of the filter bar. Periods, key-project lists and leaders, which offices add as they
    work, are read live."""
    return {
        **_reference_options(user),
        "stages": [(s.value, s.label) for s in Stage],
        "periods": [(p.pk, f"{p}（{p.held_on:%Y-%m-%d}）") for p in
                    Period.objects.filter(near_regions(user, "host_region")).select_related("host_region")[:20]],
        "batches": list(BATCHES.items()),
        "keylists": list(KeyProjectList.objects.filter(near_regions(user)).values_list("pk", "name")[:30]),
        "lights": list(LIGHTS.items()),
        "sizes": [(k, label) for k, (label, _, _) in SIZE_BUCKETS.items()],
        "leaders": [(leader.pk, str(leader)) for leader in Leader.objects.filter(near_regions(user)).order_by("name")[:300]],
        "sorts": [("-id", "最新登记"), ("-investment", "总投资从高到低"), ("investment", "总投资从低到高"),
                  ("name", "名称"), ("-name", "名称（倒序）"), ("-stage_date", "阶段日期（新→旧）"), ("stage_date", "阶段日期（旧→新）")],
    }
