"""Numerals as written in Chinese press bulletins and spreadsheets, and character width.

Everything is pure Python (no Django): ``parse_number("一百二十亿")`` returns an exact
:class:`~decimal.Decimal` (Arabic, Chinese, financial 大写 and mixed numerals, full-width
digits, thousands separators); ``normalize_width`` turns full-width ASCII into half-width.
Money and count expressions built on these are in :mod:`.amounts`, which re-exports
the public names of this module.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, localcontext

__all__ = [
    "format_decimal",
    "normalize_width",
    "parse_number",
]

# --------------------------------------------------------------------------- width

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x00A0] = 0x20  # nbsp
_FULLWIDTH[0x2014] = ord("—")  # keep em dash as is (explicit for readability)
_FULLWIDTH.update({ord("．"): ord("."), ord("〜"): ord("~")})


def normalize_width(text: str) -> str:
    """Full-width ASCII (１２３．５, （）, ，) -> half-width; ideographic space -> space.

    The ideographic full stop 。 and the enumeration comma 、 are kept: they are
    sentence structure, not ASCII look-alikes.
    """
    return text.translate(_FULLWIDTH)


# --------------------------------------------------------------------------- numerals

_CN_DIGIT = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "貳": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNIT = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

_CN_CHARS = "".join(_CN_DIGIT) + "".join(_CN_SMALL_UNIT) + "".join(_CN_BIG_UNIT)
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+"
_TOKEN_RE = re.compile(rf"(?P<num>{_ARABIC})|(?P<cn>[{_CN_CHARS}])")


def parse_number(text: str) -> Decimal | None:
    """Arabic, Chinese or mixed numerals -> exact Decimal: '一百二十亿' -> 12000000000,
    '1.2万亿' -> 1200000000000, '两千' -> 2000, '１２３．５' -> 123.5, '1,200' -> 1200."""
    try:
        return _parse_number(normalize_width(text).strip())
    except (InvalidOperation, ValueError, ArithmeticError):
        return None


def _parse_number(s: str) -> Decimal | None:
    s = s.replace("余", "").replace("多", "")
    if not s:
        return None
    m = re.fullmatch(rf"(.*?)点([{''.join(_CN_DIGIT)}]+)([万亿萬億]*)", s)
    if m and m.group(1):  # 一百零七点五亿 -> (107 + 0.5) 亿
        whole = _parse_number(m.group(1))
        if whole is None:
            return None
        frac = Decimal("0." + "".join(str(_CN_DIGIT[c]) for c in m.group(2)))
        mag = _parse_number(m.group(3)) if m.group(3) else Decimal(1)
        return (whole + frac) * mag
    pos = 0
    total = Decimal(0)  # everything at or above 亿
    section = Decimal(0)  # 万 level
    current = Decimal(0)  # below 万
    digit: Decimal | None = None
    digit_is_cn = False
    seen = False
    with localcontext() as ctx:
        ctx.prec = 60
        while pos < len(s):
            m = _TOKEN_RE.match(s, pos)
            if not m:
                return None
            pos = m.end()
            seen = True
            if m.group("num") is not None:
                if digit is not None:
                    return None  # two arabic numbers in a row: not one number
                digit = Decimal(m.group("num").replace(",", ""))
                digit_is_cn = False
                continue
            ch = m.group("cn")
            if ch in _CN_DIGIT:
                v = Decimal(_CN_DIGIT[ch])
                if digit is not None and digit_is_cn:
                    digit = digit * 10 + v  # 二〇二四
                elif digit is not None:
                    return None
                else:
                    digit = v
                digit_is_cn = True
            elif ch in _CN_SMALL_UNIT:
                current += (digit if digit is not None else Decimal(1)) * _CN_SMALL_UNIT[ch]
                digit = None
            elif _CN_BIG_UNIT[ch] == 10**4:
                val = section + current + (digit or 0)
                section = (val if val else Decimal(1)) * 10**4
                current, digit = Decimal(0), None
            else:  # 亿
                val = section + current + (digit or 0)
                total = (total + (val if val else Decimal(1))) * 10**8
                section, current, digit = Decimal(0), Decimal(0), None
        if not seen:
            return None
        return total + section + current + (digit or 0)


def format_decimal(d: Decimal | None) -> str | None:
    """Plain string without exponent and trailing zeros: 6.643E+7 -> '66430000'."""
    if d is None:
        return None
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
