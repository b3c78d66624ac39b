"""Project coordinates (WGS-84): the check against the county boundary (a flag, never a refusal) and
the suggestion from a report photo's EXIF GPS (progress/photos.py reads it at upload)."""

from dataclasses import dataclass
from decimal import Decimal

from sanpi.progress.models import ReportPhoto
from sanpi.projects.models import Project

from . import boundaries


@dataclass(frozen=True)
class Suggestion:
    longitude: Decimal
    latitude: Decimal
    taken_at: object
    report: str


def location_warning(project: Project) -> str | None:
    """A Chinese warning when the project's point lies outside its county (a zone: its city)."""
    if project.longitude is None or project.latitude is None:
        return None
    found = boundaries.region_geometry(project.region.path)
    if found is None:
        return None
    inside = boundaries.point_in_region(project.region.path, float(project.longitude), float(project.latitude))
    if inside:
        return None
    area = project.region.name if found[0] == project.region_id else f"{project.region.name}所在城市"
    return (f"坐标（经度 {project.longitude}，纬度 {project.latitude}）不在{area}的边界内，请核对：应为 WGS-84 "
            "（GPS 原始坐标）；从国内地图（GCJ-02）取的点会偏移数百米，经纬度填反也会落在区外。")


def photo_suggestion(*, project_id: int) -> Suggestion | None:
    """The latest report photo of the project that carries EXIF GPS, as a suggested point.
    Callers have already checked access to the project."""
    photo = (ReportPhoto.objects.filter(report__project_id=project_id, latitude__isnull=False,
                                        longitude__isnull=False)
             .select_related("report").order_by("-taken_at", "-id").first())
    if photo is None:
        return None
    return Suggestion(longitude=photo.longitude, latitude=photo.latitude, taken_at=photo.taken_at,
                      report=f"{photo.report.year}年{photo.report.month}月月报照片")
