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
    kind: str = ""  # 签约/开工/投产/竣工/重点项目/谋划/增资/合计/其他
    breakdowns: list[dict] = field(default_factory=list)  # [{label, count, total_investment_wan}]

    def __post_init__(self):
        self.kind = self.kind or self.batch

    def to_json(self) -> dict:
        out = {
            "batch": self.batch,
            "kind": self.kind,
            "carried_over": self.carried_over,
            "count": self.count,
            "total_investment_wan": format_decimal(self.total_investment_wan),
            "scope": self.scope,
            "source": self.source,
        }
        if self.breakdowns:
            out["breakdowns"] = [{**b, "total_investment_wan": format_decimal(b["total_investment_wan"])}
                                 for b in self.breakdowns]
        return out


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
