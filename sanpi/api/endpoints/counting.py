"""纳统 of a project: the counted investment per month beside the dispatch figure, the 入库 checklist,
and recording a month's counted figure. Thin: selectors of sanpi.stats.uncounted, services of
sanpi.progress.services.statistics."""

import datetime as dt
from typing import Annotated

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from sanpi.accounts.access import access_project
from sanpi.core.money import decimal_str
from sanpi.progress import counting
from sanpi.progress.models import StatisticsDocument
from sanpi.progress.services.statistics import counted_investment_set
from sanpi.stats.uncounted import counted_by_month

from ..errors import ERRORS
from ..schemas import Money, PathId, Text

router = Router(tags=["纳统"])
Year = Annotated[int, Path(ge=2000, le=2100)]
Month = Annotated[int, Path(ge=1, le=12)]


class CountedMonthOut(Schema):
    month: int
    completed_wan: str | None = Field(description="月报本月完成投资（调度数，万元）")
    counted_wan: str | None = Field(description="本月入库纳统投资（万元）")
    note: str


class CountingDocumentOut(Schema):
    kind: str
    label: str
    received_on: dt.date | None = Field(description="报送日期；未报送为 null")


class CountedOut(Schema):
    project: int
    year: int
    should_count: bool = Field(description="是否应统（已开工且计划总投资达到纳统门槛）")
    threshold_wan: int = Field(description="纳统门槛（万元）")
    registration_due: dt.date | None = Field(description="入库资料报送截止日期（开工次月10日）")
    months: list[CountedMonthOut]
    documents: list[CountingDocumentOut]


class CountedQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度（默认：今年）")


class CountedIn(Schema):
    counted_wan: Money = Field(description="本月入库纳统投资（万元）")
    note: Text(200) = ""


def _month(row: dict) -> dict:
    return {"month": row["month"], "completed_wan": decimal_str(row["completed_wan"]),
            "counted_wan": decimal_str(row["counted_wan"]), "note": row["note"]}


@router.get("/projects/{project_id}/counted", response={200: CountedOut, **ERRORS}, summary="纳统投资（按月）与入库资料")
def counted_list(request, project_id: PathId, query: Query[CountedQuery]):
    project = access_project(user=request.auth, project_id=project_id)
    today = timezone.localdate()
    year = query.year or today.year
    received = dict(StatisticsDocument.objects.filter(project=project).values_list("kind", "received_on"))
    return {"project": project.pk, "year": year,
            "should_count": counting.should_count(total_wan=project.total_investment_wan,
                                                  started_on=project.started_on, as_of=today),
            "threshold_wan": int(counting.THRESHOLD_WAN),
            "registration_due": counting.registration_due(project.started_on) if project.started_on else None,
            "months": [_month(r) for r in counted_by_month(project=project, year=year)],
            "documents": [{"kind": code, "label": label, "received_on": received.get(code)}
                          for code, label in counting.DOCUMENTS]}


@router.put("/projects/{project_id}/counted/{year}/{month}", response={200: CountedMonthOut, **ERRORS},
            summary="填报某月纳统投资")
def counted_set(request, project_id: PathId, year: Year, month: Month, payload: CountedIn):
    row = counted_investment_set(user=request.auth, project_id=project_id, year=year, month=month,
                                 counted_wan=payload.counted_wan, note=payload.note)
    [out] = [r for r in counted_by_month(project=row.project, year=row.year) if r["month"] == row.month]
    return _month(out)
