"""Regions (within the caller's scope) and reference data (industries, year-scoped categories)."""

from ninja import Query, Router

from sanpi.accounts.access import scope_regions
from sanpi.accounts.models import Region
from sanpi.core.errors import NotFound
from sanpi.projects.models import Category, Industry

from ..errors import ERRORS
from ..schemas import CategoryOut, IndustryOut, RegionCode, RegionOut, SchemeCode

router = Router(tags=["区划与参考数据"])


def region_out(r: Region) -> dict:
    return {"code": r.code, "name": r.name, "kind": r.kind, "parent": r.parent_id,
            "reporting_unit": r.reporting_unit_id, "valid_from": r.valid_from, "valid_to": r.valid_to}


@router.get("/regions", response={200: list[RegionOut], **ERRORS}, summary="区划（本辖区及下级）")
def region_list(request, parent: RegionCode | None = Query(None, description="只列此区划的直接下级")):
    """Without `parent`: the caller's own region and every region below it."""
    qs = scope_regions(Region.objects.all(), request.auth)
    if parent:
        qs = qs.filter(parent=parent)
    return [region_out(r) for r in qs.order_by("code")]


@router.get("/regions/{code}", response={200: RegionOut, **ERRORS}, summary="区划详情")
def region_detail(request, code: RegionCode):
    region = scope_regions(Region.objects.all(), request.auth).filter(pk=code).first()
    if region is None:
        raise NotFound()
    return region_out(region)


@router.get("/industries", response={200: list[IndustryOut], **ERRORS}, summary="国民经济行业（GB/T 4754-2017）")
def industry_list(request):
    return [{"code": i.code, "name": i.name, "kind": i.kind, "parent": i.parent_id}
            for i in Industry.objects.order_by("code")]


@router.get("/categories", response={200: list[CategoryOut], **ERRORS}, summary="领域与产业类别（按年度）")
def category_list(request, scheme: SchemeCode | None = None,
                  year: int | None = Query(None, ge=2000, le=2100, description="年度")):
    qs = Category.objects.all()
    if scheme:
        qs = qs.filter(scheme=scheme)
    if year:
        qs = qs.filter(year=year)
    return [{"id": c.id, "scheme": c.scheme, "year": c.year, "code": c.code, "name": c.name}
            for c in qs.order_by("scheme", "year", "sort", "id")]
