"""OC4IDS project package of the projects the caller may see (authentication required, like the rest)."""

from django.http import HttpResponse
from ninja import Query, Router, Schema

from .. import oc4ids
from ..errors import ERRORS
from ..pagination import cursor_decode, cursor_encode
from ..schemas import Id, ProjectFilters

router = Router(tags=["开放数据（OC4IDS）"])


class Oc4idsFilters(ProjectFilters):
    project: Id | None = None


class Package(Schema):
    """An OC4IDS 0.9 project package (schema: standard.open-contracting.org/infrastructure)."""

    version: str
    uri: str
    publishedDate: str  # noqa: N815 - OC4IDS field names
    publisher: dict
    license: str | None
    publicationPolicy: str | None  # noqa: N815
    projects: list[dict]


@router.get("/oc4ids", response={200: Package, **ERRORS}, summary="OC4IDS 项目数据包")
def oc4ids_package(request, response: HttpResponse, filters: Query[Oc4idsFilters]):
    """Filters as the project list (`region`, `stage` …, or `project`); at most `limit` projects a
    call, newest first. When more remain, the `Link` header names the next page (`rel="next"`)."""
    wanted = filters.dict(exclude={"cursor", "limit", "project"}, exclude_none=True)
    qs = oc4ids.export_queryset(user=request.auth, project=filters.project, filters=wanted)
    if filters.cursor:
        qs = qs.filter(id__lt=cursor_decode(filters.cursor))
    projects = list(oc4ids.records(qs, user=request.auth, limit=filters.limit + 1,
                                   chunk=min(filters.limit + 1, 1000)))
    uri = request.build_absolute_uri()
    if len(projects) > filters.limit:
        projects = projects[: filters.limit]
        last = int(projects[-1]["id"].rsplit("-", 1)[1])
        query = request.GET.copy()
        query["cursor"] = cursor_encode(last)
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'
    return oc4ids.package(projects, uri=uri)
