"""Amount/count parsing: exact examples plus hypothesis properties (no Django)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanpi.ingest.parsers.amounts import (
    find_amounts,
    format_decimal,
    normalize_width,
    parse_amount,
    parse_count,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "wan", "qualifier"),
    [
        ("总投资6643亿元", "66430000", None),
        ("总投资1.49万亿元", "149000000", None),
        ("总投资8416亿元", "84160000", None),
        ("一百二十亿", "1200000", None),
        ("三十五万", "35", None),
        ("1.2万亿", "120000000", None),
        ("两千元", "0.2", None),
        ("两千万元", "2000", None),
        ("三亿五千万元", "35000", None),
        ("两百零六亿元", "2060000", None),
        ("１２３．５亿元", "1235000", None),
        ("总投资12.5亿元", "125000", None),
        ("总投资3500万元", "3500", None),
        ("投资1,200,000,000元", "120000", None),
        ("约62亿元", "620000", "about"),
        ("超过 100亿元", "1000000", "over"),
        ("超百亿", "1000000", "over"),
        ("逾30亿元", "300000", "over"),
        ("100余亿元", "1000000", "over"),
        ("100多亿元", "1000000", "over"),
        ("近5亿元", "50000", "nearly"),
        ("总投资100亿元以上，", "1000000", "at_least"),
        ("20亿元左右", "200000", "about"),
        ("壹佰亿元", "1000000", None),
        ("總投資1.49萬億元", "149000000", None),
    ],
)
def test_values(text, wan, qualifier):
    a = parse_amount(text)
    assert a is not None and a.kind == "value"
    assert a.value_wan == Decimal(wan)
    assert format_decimal(a.value_wan) == wan
    assert a.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("10亿—50亿元", "100000", "500000"), ("30亿至50亿", "300000", "500000"),
     ("10—50亿元", "100000", "500000"), ("3亿~5亿元", "30000", "50000"), ("5亿到8亿元", "50000", "80000")],
)
def test_ranges_are_not_values(text, low, high):
    a = parse_amount(text)
    assert a.kind == "range" and a.value_wan is None and not a.is_value
    assert (a.low_wan, a.high_wan) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize(
    "text", ["10亿元以上项目124个", "其中10亿元以上项目58个", "超亿元项目45个", "5000万元以上的工业项目",
             "10亿元及以上项目", "投资超10亿元的项目"],
)
def test_thresholds_are_not_values(text):
    a = parse_amount(text)
    assert a.kind == "threshold" and a.value_wan is None


@pytest.mark.parametrize(
    "text", ["", "年产体外诊断试剂约4亿人份", "建筑面积64万平方米", "第十一期", "三个一批", "1亿美元", "两千",
             "2024年1月2日", "年接待游客500万人次"],
)
def test_not_money(text):
    assert parse_amount(text) is None


def test_default_unit_for_bare_numbers():
    assert parse_amount("两千", default_unit="万元").value_wan == Decimal(2000)
    assert parse_amount("3.5", default_unit="亿元").value_wan == Decimal(35000)


def test_find_amounts_positions_and_kinds():
    s = "总投资56.8亿元，其中亿元以上项目12个，5亿—10亿元项目23个"
    kinds = [a.kind for a in find_amounts(s)]
    assert kinds == ["value", "threshold", "range"]
    first = find_amounts(s)[0]
    assert s[first.start:first.end] == "56.8亿元"


def test_counts_and_numbers():
    assert parse_count("751个") == 751
    assert parse_count("项目三十二个") == 32
    assert parse_count("１２个") == 12
    assert parse_count("无") is None
    assert parse_number("二〇二四") == 2024
    assert parse_number("一百零五") == 105
    assert parse_number("1,200") == 1200
    assert normalize_width("１２３．５（三期）") == "123.5(三期)"


# --------------------------------------------------------------------------- properties

_decimals = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=4,
                        allow_nan=False, allow_infinity=False)
_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001"), "万亿元": Decimal(100000000),
          "亿": Decimal(10000)}


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@settings(max_examples=300, deadline=None)
@given(_decimals, st.sampled_from(sorted(_UNITS)))
def test_format_then_parse_is_exact(x, unit):
    text = f"总投资{format_decimal(x)}{unit}"
    a = parse_amount(text)
    assert a is not None and a.kind == "value"
    assert a.value_wan == x * _UNITS[unit]
    assert "E" not in format_decimal(a.value_wan)


@settings(max_examples=200, deadline=None)
@given(_decimals, st.sampled_from(sorted(_UNITS)), st.sampled_from(["", "约", "超过", "近", "逾"]))
def test_fullwidth_equals_halfwidth(x, unit, qual):
    half = f"总投资{qual}{format_decimal(x)}{unit}"
    assert parse_amount(_fullwidth(half)) == parse_amount(half)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1000, max_value=10**15))
def test_thousands_separators(n):
    assert parse_amount(f"投资{n:,}元").value_wan == Decimal(n) / 10000


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["亿元", "万元"]))
def test_ranges_never_values(lo, unit):
    a = parse_amount(f"{lo}{unit}至{lo + 5}{unit}")
    assert a.kind == "range" and a.value_wan is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,，亿万元约超近逾以上余多至—-一二两三十百千个项目总投资１２．")), max_size=40))
def test_never_raises_on_money_like_noise(text):
    parse_amount(text)
    parse_count(text)
    parse_number(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_arbitrary_text(text):
    parse_amount(text)
    parse_count(text)
