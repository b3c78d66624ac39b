"""The dashboard's figures as JSON, for DashboardSnapshot and the shared cache.

The figures are plain values and a few small dataclasses (bars, progress bars, key projects); each
value that JSON has no type for is written as a one-key object naming its type ({"$d": "1.50"} for a
Decimal, {"$t": "Bar", ...} for a dataclass), so reading gives back exactly what was computed — no
float ever stands in for money, and nothing but these listed types can come back (unlike a pickle).
"""

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from .project_page import Milestone, ProgressBar


@dataclasses.dataclass
class KeyProject:
    """A key project as the dashboard shows it (a model instance would not survive JSON)."""

    id: int
    name: str
    url: str
    region: str
    stage: str
    total_investment_wan: Decimal | None


def _types() -> dict[str, type]:
    from .rates import Rate
    from .selectors import Bar, LedgerOverview

    return {cls.__name__: cls for cls in (Bar, LedgerOverview, ProgressBar, Milestone, KeyProject, Rate)}


def to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$d": str(value)}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$t": type(value).__name__, **fields}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"驾驶舱快照不能保存 {type(value).__name__} 类型的值")


def from_json(value: Any, types: dict[str, type] | None = None) -> Any:
    types = types or _types()
    if isinstance(value, list):
        return [from_json(v, types) for v in value]
    if not isinstance(value, dict):
        return value
    if "$d" in value:
        return Decimal(value["$d"])
    if "$dt" in value:
        return dt.datetime.fromisoformat(value["$dt"])
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if "$t" in value:
        cls = types[value["$t"]]
        return cls(**{k: from_json(v, types) for k, v in value.items() if k != "$t"})
    return {k: from_json(v, types) for k, v in value.items()}
