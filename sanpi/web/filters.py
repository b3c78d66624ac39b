"""Choices of the ledger's filter bar, limited to what the user can see."""


from sanpi.accounts.access import is_global, scope_regions
from sanpi.accounts.models import Leader, Region
from sanpi.activities.models import KeyProjectList, Period
from sanpi.projects.lifecycle import Stage
from sanpi.projects.models import Category, Industry
from sanpi.stats.ledger import BATCHES, LIGHTS, SIZE_BUCKETS
from sanpi.stats.selectors import near_regions


def filter_options(user) -> dict:
    regions = scope_regions(Region.objects.all(), user).order_by("path").values_list("code", "name", "path")
    base = 1 if is_global(user) or not user.region_id else len(user.region.path.strip("/").split("/"))
    domains = {}
    for code, name in Category.objects.filter(scheme=Category.Scheme.DOMAIN).order_by("sort").values_list("code", "name"):
        domains.setdefault(code, name)
    return {
        "regions": [(code, "\u3000" * max(len(path.strip("/").split("/")) - base, 0) + name)
                    for code, name, path in regions[:400]],
        "stages": [(s.value, s.label) for s in Stage],
        "industries": list(Industry.objects.filter(kind=Industry.Kind.SECTION).values_list("code", "name")),
        "domains": list(domains.items()),
        "periods": list(Period.objects.filter(near_regions(user, "host_region")).select_related("host_region")[:20]),
        "batches": list(BATCHES.items()),
        "keylists": list(KeyProjectList.objects.filter(near_regions(user))[:30]),
        "lights": list(LIGHTS.items()),
        "sizes": [(k, label) for k, (label, _, _) in SIZE_BUCKETS.items()],
        "leaders": list(Leader.objects.filter(near_regions(user)).order_by("name")[:300]),
        "sorts": [("-id", "最新登记"), ("-investment", "总投资从高到低"), ("investment", "总投资从低到高"),
                  ("name", "名称"), ("-name", "名称（倒序）"), ("-stage_date", "阶段日期（新→旧）"), ("stage_date", "阶段日期（旧→新）")],
    }
