"""What ``extract()`` returns: list figures and project drafts, with their JSON form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from ..numerals import format_decimal

# --------------------------------------------------------------------------- data


@dataclass
class ListFigure:
    batch: str
    count: int | None
    total_investment_wan: Decimal | None
    scope: str | None
    source: str
    carried_over: bool = False

    def to_json(self) -> dict:
        return {
            "batch": self.batch,
            "carried_over": self.carried_over,
            "count": self.count,
            "total_investment_wan": format_decimal(self.total_investment_wan),
            "scope": self.scope,
            "source": self.source,
        }


@dataclass
class ProjectDraft:
    name: str
    owner: str | None = None
    location: str | None = None
    total_investment_wan: Decimal | None = None
    land_mu: Decimal | None = None
    building_area_m2: Decimal | None = None
    output_value_wan: Decimal | None = None
    phase: str | None = None
    stage: str | None = None
    source: str = ""

    def to_json(self) -> dict:
        d = asdict(self)
        for k in ("total_investment_wan", "land_mu", "building_area_m2", "output_value_wan"):
            d[k] = format_decimal(d[k])
        return d


@dataclass
class Extraction:
    lists: list[ListFigure] = field(default_factory=list)
    projects: list[ProjectDraft] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"lists": [x.to_json() for x in self.lists], "projects": [p.to_json() for p in self.projects]}
