"""Parsing of typed-in numbers and dates shared by every service, with the Chinese messages users see.

Each parser records a problem in `errors[field]` (the dict services raise as a ValidationError) and
returns None, so a service can collect every bad field of a form before refusing it.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from . import bounds

TOO_LARGE = bounds.MONEY_LIMIT  # kept for callers that name it; the per-field limits live in bounds.py
# Full-width digits, sign, point and comma as typed with a Chinese input method: read as their ASCII twins.
_WIDE = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)} | {0xFF0E: ".", 0xFF0D: "-", 0xFF0B: "+", 0xFF0C: ",",
                                                            0x3000: " "}
_QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(7)}


def parse_decimal(value: Any, *, field: str, label: str, errors: dict, places: int = 2, unit: str = "",
                  allow_negative: bool = False, limit: Decimal | None = None) -> Decimal | None:
    """A non-empty value as an exact Decimal with at most `places` decimals; blank gives None.

    `unit` is named in the messages ("（万元）") where the label does not already carry it. The value
    must stay below `limit` in magnitude (default: the field's bound in core/bounds.py); NaN,
    Infinity, 1e30 and anything not a number get a field error, never an exception.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        errors[field] = [f"{label}应为数字{unit}，收到“{value}”。"]
        return None
    if isinstance(value, float):
        value = repr(value)  # the shortest text that round-trips, never the binary expansion
    limit = bounds.limit_for(field) if limit is None else limit
    if isinstance(value, Decimal):  # already a number (imports read cells into Decimals): no text round trip
        number = value
    else:
        text = str(value).translate(_WIDE).replace(",", "").strip()
        try:
            number = Decimal(text) if text.isascii() else None
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        errors[field] = [f"{label}应为数字{unit}，收到“{str(value)[:40]}”。"]
    elif number < 0 and not allow_negative:
        errors[field] = [f"{label}不能为负数。"]
    elif abs(number) >= limit:
        hint = f"（应为{unit[1:-1]}）" if unit else "（应为万元、亩或平方米）"
        errors[field] = [f"{label}数值过大（应小于{limit:,.0f}），请核对单位{hint}。"]
    elif number != number.quantize(quantum := _QUANTUM.get(places) or Decimal(1).scaleb(-places)):
        errors[field] = [f"{label}最多保留{places}位小数{unit}。"]
    else:
        return number.quantize(quantum) if number.as_tuple().exponent > 0 else number
    return None


def parse_date(value: Any, *, field: str, label: str, errors: dict, required: bool = False) -> dt.date | None:
    """A date given as a date or as text 2024-01-02, within 1990-01-01 … today + 10 years (bounds.py);
    blank gives None (or an error when required)."""
    if value in (None, ""):
        if required:
            errors[field] = [f"请填写{label}。"]
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).translate(_WIDE).strip())
        except ValueError:
            errors[field] = [f"{label}“{str(value)[:40]}”不是有效日期，请按 2024-01-02 的格式填写。"]
            return None
    if message := bounds.date_error(value, label):
        errors[field] = [message]
        return None
    return value


def clean_text(value: Any, *, field: str, label: str, errors: dict, max_length: int = bounds.LONG_TEXT,
               single_line: bool = False) -> str:
    """Typed-in text without control characters, within `max_length` (the API's limits)."""
    text = bounds.strip_control(str(value or ""))
    text = " ".join(text.split()) if single_line else text.strip()
    if message := bounds.text_error(text, label, max_length):
        errors[field] = [message]
    return text
