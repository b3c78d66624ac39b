"""The limits every write path shares (web forms, API schemas, imports, commands), in one place.

Why each number (also in docs/decisions.md):

- Money (万元) < 10^8, i.e. below 1万亿元 per project: the largest single projects in China are a few
  thousand 亿元 (3×10^7 万元), so this leaves room, while a sum over a million projects stays below
  10^14, which `MoneyField` (numeric(16,2); integer hundredths on SQLite) holds and every page formats.
- 占地 < 10^6 亩 (667 km², larger than any single project) and 建筑面积 < 10^8 ㎡: their columns are
  numeric(12,2) and numeric(14,2), so sums over 10,000 projects at the limit still fit.
- Dates 1990-01-01 … today + 10 years: the ledger starts with projects of the 1990s; plans reach a
  decade ahead at most. 0001-01-01 and 9999-12-31 are typing errors.
- Long text ≤ 5,000 characters (the API's limit), names by each model's max_length; control characters
  other than tab and line breaks are removed (a \\x01 broke the .docx letters).
- Ids in query strings: ASCII digits only, below 2^63 (a 23-digit id overflowed SQLite).
"""

import datetime as dt
import re
from decimal import Decimal

MONEY_LIMIT = Decimal(10) ** 8  # 万元, exclusive
LAND_LIMIT = Decimal(10) ** 6  # 亩, exclusive
AREA_LIMIT = Decimal(10) ** 8  # 平方米, exclusive
LIMITS = {"land_mu": LAND_LIMIT, "building_area_m2": AREA_LIMIT}
UNIT_OF = {"land_mu": "亩", "building_area_m2": "平方米"}

DATE_MIN = dt.date(1990, 1, 1)
DATE_YEARS_AHEAD = 10

LONG_TEXT = 5000
MAX_ID = 2**63 - 1

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def limit_for(field: str) -> Decimal:
    """The exclusive upper bound of a numeric field (money unless it is an area)."""
    return LIMITS.get(field, MONEY_LIMIT)


def limit_text(field: str) -> str:
    limit = limit_for(field)
    unit = UNIT_OF.get(field, "万元")
    return f"{limit:,.0f}{unit}"


def date_max(today: dt.date | None = None) -> dt.date:
    from django.utils import timezone

    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + DATE_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + DATE_YEARS_AHEAD, day=28)


def date_error(value: dt.date, label: str) -> str | None:
    """The Chinese message when `value` is outside 1990-01-01 … today + 10 years, else None."""
    # Most dates are years inside the range: the local today is within a day of the machine's, so a
    # year up to this one + 8 is before today + 10 years wherever it is read, without asking the
    # time zone (timezone.localdate cost ~40 µs a date in an import).
    if value >= DATE_MIN and value.year <= dt.date.today().year + DATE_YEARS_AHEAD - 2:
        return None
    high = date_max()
    if value < DATE_MIN or value > high:
        return f"{label}（{value:%Y-%m-%d}）超出范围，应在 {DATE_MIN:%Y-%m-%d} 至 {high:%Y-%m-%d} 之间。"
    return None


def strip_control(text: str) -> str:
    """Text without control characters (tab and line breaks stay) or lone surrogates."""
    return _CONTROL.sub("", text)


def text_error(text: str, label: str, max_length: int) -> str | None:
    if len(text) > max_length:
        return f"{label}不能超过{max_length}个字符（现有{len(text)}个）。"
    return None


def parse_id(value) -> int | None:
    """An id from a query string: ASCII digits below 2^63, else None (never an exception)."""
    text = str(value or "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
