"""Money is kept in 万元 as exact Decimals; announcements speak 亿元 and 万亿元."""

from decimal import ROUND_HALF_UP, Decimal

WAN_PER_YI = Decimal(10000)
YI_PER_WANYI = Decimal(10000)
CENT = Decimal("0.01")


def to_decimal(value) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        raise TypeError("金额不得使用浮点数")
    return Decimal(str(value))


def wan_to_yi(wan) -> Decimal:
    """万元 -> 亿元 rounded half-up to 2 decimals, the precision announcements use."""
    return (to_decimal(wan) / WAN_PER_YI).quantize(CENT, rounding=ROUND_HALF_UP)


def _plain(d: Decimal) -> str:
    """'6643.00' -> '6643', '4044.30' -> '4044.3'; never exponent notation."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_yi(wan) -> str:
    """How a press release writes a total: '6643亿元', '4044.3亿元', '1.49万亿元' (>= 1万亿)."""
    yi = wan_to_yi(wan)
    if abs(yi) >= YI_PER_WANYI:
        wanyi = (yi / YI_PER_WANYI).quantize(CENT, rounding=ROUND_HALF_UP)
        return f"{_plain(wanyi)}万亿元"
    return f"{_plain(yi)}亿元"


def format_wan(wan) -> str:
    """A ledger cell in 万元, two decimals at most: '610000', '1234.5'."""
    if wan is None:
        return ""
    return _plain(to_decimal(wan).quantize(CENT, rounding=ROUND_HALF_UP))


def decimal_str(value) -> str | None:
    """A Decimal as the plain string the JSON outputs use (amounts in 万元), or None."""
    if value is None:
        return None
    return _plain(to_decimal(value))
