"""Parsing of typed-in numbers and dates shared by every service, with the Chinese messages users see.

Each parser records a problem in `errors[field]` (the dict services raise as a ValidationError) and
returns None, so a service can collect every bad field of a form before refusing it.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

TOO_LARGE = Decimal(10) ** 13


def parse_decimal(value: Any, *, field: str, label: str, errors: dict, places: int = 2, unit: str = "",
                  allow_negative: bool = False) -> Decimal | None:
    """A non-empty value as an exact Decimal with at most `places` decimals; blank gives None.

    `unit` is named in the messages ("（万元）") where the label does not already carry it.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        value = repr(value)  # the shortest text that round-trips, never the binary expansion
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        errors[field] = [f"{label}应为数字{unit}，收到“{value}”。"]
    elif number < 0 and not allow_negative:
        errors[field] = [f"{label}不能为负数。"]
    elif number != number.quantize(Decimal(1).scaleb(-places)):
        errors[field] = [f"{label}最多保留{places}位小数{unit}。"]
    elif abs(number) >= TOO_LARGE:
        hint = f"（应为{unit[1:-1]}）" if unit else "（应为万元、亩或平方米）"
        errors[field] = [f"{label}数值过大，请核对单位{hint}。"]
    else:
        return number
    return None


def parse_date(value: Any, *, field: str, label: str, errors: dict, required: bool = False) -> dt.date | None:
    """A date given as a date or as text 2024-01-02; blank gives None (or an error when required)."""
    if value in (None, ""):
        if required:
            errors[field] = [f"请填写{label}。"]
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[field] = [f"{label}“{value}”不是有效日期，请按 2024-01-02 的格式填写。"]
        return None
