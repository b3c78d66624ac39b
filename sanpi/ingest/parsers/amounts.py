"""Money amounts and counts as written in Chinese press bulletins.

Everything is pure Python (no Django): ``parse_amount("总投资1.49万亿元")`` returns an
:class:`AmountParse` whose ``value_wan`` is an exact :class:`~decimal.Decimal` in 万元
(1亿 = 10000万元, 1万亿 = 100000000万元, 元 amounts are divided by 10000 exactly).

Ranges ("10亿—50亿元", "30亿至50亿") and thresholds ("10亿元以上项目124个", "超亿元项目")
are not values: they come back with ``kind="range"`` / ``kind="threshold"`` and
``value_wan=None`` so callers cannot mistake them for a total.

Qualifiers are kept, the value stays the stated number:

====================  ============
约 / 大约 / 左右        ``about``
超 / 超过 / 逾 / 余 / 多 / 突破 / 过   ``over``
近 / 将近 / 接近         ``nearly``
以上 / 及以上            ``at_least``
====================  ============

The numerals themselves (``parse_number``, ``normalize_width``, ``format_decimal``) live
in :mod:`.numerals` and are re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .numerals import (
    _CN_CHARS,
    _CN_DIGIT,
    _CN_SMALL_UNIT,
    _parse_number,
    format_decimal,
    normalize_width,
    parse_number,
)

__all__ = [
    "AmountParse",
    "CountParse",
    "find_amounts",
    "find_counts",
    "format_decimal",
    "normalize_width",
    "parse_amount",
    "parse_count",
    "parse_number",
]

# --------------------------------------------------------------------------- numeric runs

# A numeric run: starts with a digit or a Chinese numeral, may contain thousands
# separators, a decimal point, big units and an inner 余/多 ("100余亿元", "3亿多元").
_RUN_RE = re.compile(
    rf"(?:\d|\.\d|[{_CN_CHARS}])"
    rf"(?:\d|\.(?=\d)|,(?=\d{{3}}(?:\D|$))|[{_CN_CHARS}]|点(?=[{''.join(_CN_DIGIT)}])|[余多](?=[\d{_CN_CHARS}元]))*"
)

_QUAL_PRE = [
    ("大约", "about"), ("约为", "about"), ("约", "about"),
    ("超过", "over"), ("超", "over"), ("逾", "over"), ("突破", "over"), ("过", "over"),
    ("将近", "nearly"), ("接近", "nearly"), ("近", "nearly"),
]
_QUAL_POST = [("及以上", "at_least"), ("以上", "at_least"), ("左右", "about"), ("余", "over"), ("多", "over")]

# After a bare 万/亿 (no 元) these start a physical unit, so the number is not money.
_MEASURE_START = set("平亩人吨台套辆件千瓦头只个株米公里份次户家张kKmM立方标箱千克斤度句字名位条座栋间片颗块盏支枚架艘场部项种倍")
_FOREIGN = ("美元", "欧元", "港元", "港币", "日元", "英镑")
_RANGE_SEP_RE = re.compile(r"\s*(?:—{1,2}|-|–|~|～|至|到)\s*")
# qualifiers such as 以上/超 followed by (的)? ≤6 ideographs and 项目/企业: a class of projects.
_THRESHOLD_TAIL_RE = re.compile(r"(?:及以上|以上)?(?:的)?[\u4e00-\u9fff]{0,6}?(?:项目|企业)")
# "2,315个" (thousands separator), "1200余个" (an approximate count is still the count)
_COUNT_RE = re.compile(rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|[{''.join(_CN_DIGIT)}{''.join(_CN_SMALL_UNIT)}万]+)\s*(?:余|多)?"
                       rf"(?P<unit>个|家|项|宗)")


# --------------------------------------------------------------------------- amounts


@dataclass(frozen=True)
class AmountParse:
    """One money expression.

    kind: ``"value"`` (a stated amount), ``"range"`` (low–high, not a value) or
    ``"threshold"`` (a class of projects such as "10亿元以上项目": not a value).
    ``value_wan`` is set only for ``kind == "value"``; ranges carry ``low_wan``/``high_wan``,
    thresholds carry the threshold in ``low_wan``.
    """

    kind: str
    value_wan: Decimal | None
    qualifier: str | None = None
    unit: str = ""
    low_wan: Decimal | None = None
    high_wan: Decimal | None = None
    text: str = ""
    start: int = 0
    end: int = 0

    @property
    def is_value(self) -> bool:
        return self.kind == "value"


@dataclass(frozen=True)
class _Money:
    start: int
    end: int  # after unit and post qualifier
    num_end: int  # after the unit (before a post qualifier)
    number: Decimal  # in 元 (or in the bare unit when no 元 was written)
    unit: str
    has_yuan: bool
    pre: str | None
    post: str | None
    inner_more: bool


def _scan_run(text: str, pos: int, default_unit: str | None = None) -> _Money | None:
    """Parse a numeric run starting exactly at ``pos`` followed by a money unit."""
    m = _RUN_RE.match(text, pos)
    if not m:
        return None
    raw = m.group(0).rstrip(".,")
    end = pos + len(raw)
    if not raw:
        return None
    inner_more = "余" in raw or "多" in raw
    number = parse_number(raw)
    if number is None:
        return None
    rest = text[end:]
    post_more = False
    if rest[:1] in ("余", "多") and rest[1:2] == "元":
        post_more = True
        end += 1
        rest = text[end:]
    has_yuan = False
    if rest.startswith(_FOREIGN):
        return None
    if rest[:1] == "元":
        has_yuan = True
        end += 1
    big = re.search(r"[万亿萬億]+$", raw.replace("余", "").replace("多", ""))
    unit_mag = big.group(0) if big else ""
    if not has_yuan:
        if unit_mag:
            nxt = text[end:end + 1]
            if nxt and (nxt in _MEASURE_START):
                return None
            if nxt == "多" or nxt == "余":
                return None
        elif default_unit:
            number = number * {"元": 1, "万元": 10**4, "亿元": 10**8, "万亿元": 10**12}[default_unit]
            unit_mag = default_unit.rstrip("元")
        else:
            return None
    num_end = end
    post = None
    for word, q in _QUAL_POST:
        if text.startswith(word, end):
            if word in ("余", "多") and not has_yuan:
                continue
            post = q
            end += len(word)
            break
    pre = None
    word = _pre_word(text, pos)
    if word:
        pre = dict(_QUAL_PRE)[word]
    unit = unit_mag + ("元" if has_yuan else "")
    return _Money(pos, end, num_end, number, unit, has_yuan, pre, post, inner_more or post_more)


def _to_wan(number: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return number / Decimal(10000)


def _scan_bare_number(text: str, pos: int) -> tuple[int, Decimal] | None:
    m = _RUN_RE.match(text, pos)
    if not m:
        return None
    raw = m.group(0).rstrip(".,")
    if not raw:
        return None
    n = parse_number(raw)
    return (pos + len(raw), n) if n is not None else None


def find_amounts(text: str, default_unit: str | None = None) -> list[AmountParse]:
    """All money expressions in ``text`` (already width-normalised text is expected;
    positions refer to ``text``)."""
    out: list[AmountParse] = []
    pos = 0
    n = len(text)
    while pos < n:
        ch = text[pos]
        if not (ch.isdigit() or ch in _CN_CHARS or (ch == "." and text[pos + 1:pos + 2].isdigit())):
            pos += 1
            continue
        # do not start inside a run (e.g. the "2" of "12")
        if pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] in _CN_CHARS or text[pos - 1] == "."):
            pos += 1
            continue
        money = _scan_run(text, pos, default_unit)
        if money is None:
            # "10—50亿元": a bare number followed by a range separator and money
            bare = _scan_bare_number(text, pos)
            if bare:
                b_end, low = bare
                sep = _RANGE_SEP_RE.match(text, b_end)
                if sep and sep.end() > b_end:
                    hi = _scan_run(text, sep.end(), default_unit)
                    if hi is not None:
                        mag = re.search(r"[万亿]+$", hi.unit.rstrip("元"))
                        factor = _parse_number(mag.group(0)) if mag else Decimal(1)
                        lo_num = low * factor
                        out.append(_range(text, pos, hi.end, lo_num, hi, None))
                        pos = hi.end
                        continue
                pos = b_end
            else:
                pos += 1
            continue
        # range with units on both sides: "10亿—50亿元", "30亿至50亿"
        sep = _RANGE_SEP_RE.match(text, money.num_end)
        if sep and sep.end() > money.num_end and money.post is None:
            hi = _scan_run(text, sep.end(), default_unit)
            if hi is not None:
                lo_num = money.number
                if not money.has_yuan and hi.has_yuan:
                    pass  # 10亿—50亿元: both already absolute
                out.append(_range(text, pos, hi.end, lo_num, hi, money.pre))
                pos = hi.end
                continue
        qualifier = money.pre or money.post or ("over" if money.inner_more else None)
        start = pos - len(_pre_word(text, pos)) if money.pre else pos
        wan = _to_wan(money.number)
        tail = _THRESHOLD_TAIL_RE.match(text, money.end if money.post != "at_least" else money.end)
        is_threshold = (
            money.post == "at_least" or money.pre in ("over",) or money.inner_more
        ) and tail is not None
        if money.post == "at_least" and text[money.end:money.end + 1] == "的":
            is_threshold = True
        if is_threshold:
            out.append(AmountParse("threshold", None, qualifier, money.unit, wan, None,
                                   text[start:money.end], start, money.end))
        else:
            out.append(AmountParse("value", wan, qualifier, money.unit, None, None,
                                   text[start:money.end], start, money.end))
        pos = money.end
    return out


def _pre_word(text: str, pos: int) -> str:
    for word, _q in _QUAL_PRE:
        if text.endswith(word, 0, pos):
            if word == "过" and text[pos - 2:pos - 1] in ("通", "经", "度", "越", "超", "不"):
                return ""
            return word
    return ""


def _range(text: str, start: int, end: int, lo_num: Decimal, hi: _Money, pre: str | None) -> AmountParse:
    s = start - len(_pre_word(text, start)) if pre else start
    return AmountParse("range", None, pre, hi.unit, _to_wan(lo_num), _to_wan(hi.number),
                       text[s:end], s, end)


def parse_amount(text: str, default_unit: str | None = None) -> AmountParse | None:
    """The first money expression in ``text`` or None. Never raises.

    ``default_unit`` ("元", "万元", "亿元") lets a bare number ("两千") count as money,
    e.g. when reading a spreadsheet column headed 万元. Whitespace inside the
    expression ("1 . 49 万亿元", "超过 100亿元") is ignored.
    """
    try:
        clean = _squeeze(normalize_width(text or ""))
        found = find_amounts(clean, default_unit)
        return found[0] if found else None
    except Exception:  # noqa: BLE001 - a parser of scraped text must never raise
        return None


_SPACE_RE = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    """Drop whitespace unless it separates two ASCII letters/digits."""

    def repl(m: re.Match) -> str:
        a = text[m.start() - 1] if m.start() > 0 else ""
        b = text[m.end()] if m.end() < len(text) else ""
        if a.isascii() and b.isascii() and a.isalnum() and b.isalnum() and not (a.isdigit() or b.isdigit()):
            return " "
        return ""

    return _SPACE_RE.sub(repl, text)


# --------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class CountParse:
    value: int
    unit: str
    text: str
    start: int
    end: int


def find_counts(text: str) -> list[CountParse]:
    out = []
    for m in _COUNT_RE.finditer(text):
        # not the tail of a larger number / not "第三个"
        prev = text[m.start() - 1] if m.start() > 0 else ""
        if prev.isdigit() or prev == "第" or (prev in ".," and m.start() > 1 and text[m.start() - 2].isdigit()):
            continue
        n = parse_number(m.group("num").replace(",", ""))
        if n is None or n != n.to_integral_value():
            continue
        out.append(CountParse(int(n), m.group("unit"), m.group(0), m.start(), m.end()))
    return out


def parse_count(text: str) -> int | None:
    """'751个' -> 751, '三十二个' -> 32, '１２个' -> 12; None when there is no count."""
    try:
        found = find_counts(_squeeze(normalize_width(text or "")))
        return found[0].value if found else None
    except Exception:  # noqa: BLE001
        return None
