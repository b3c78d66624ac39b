"""The shortcuts taken for speed read every cell exactly as the full cleaning does (hypothesis).

clean_text skips its work when the text holds nothing to change, clean_code skips NFKC for ASCII,
the upload guard finds references with a faster pattern, parse_decimal takes Decimals as they are;
each is compared here with the original, step-by-step version on generated input.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sanpi.core import bounds
from sanpi.core.inputs import parse_decimal
from sanpi.ingest import cells, guard

# Spaces of every kind, the characters clean_text maps or removes, CJK, and ordinary letters.
SPECIAL = " \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000\u200b\ufeff０９ＡＺａｚ．－中文项目ab-1"
texts = st.text(alphabet=st.sampled_from(SPECIAL)) | st.text()


def _clean_text_in_full(value) -> str:
    text = str(value).translate(cells._WIDE_ALNUM).replace("\u200b", "").replace("\ufeff", "")
    text = cells._SPACE_NEAR_CJK.sub("", text)
    return " ".join(text.split())


@given(texts)
def test_clean_text_shortcut_gives_what_the_full_cleaning_gives(text):
    assert cells.clean_text(text) == _clean_text_in_full(text)


@given(texts | st.text(alphabet="0123456789ABCXYZabc- \t—－"))
def test_clean_code_shortcut_for_ascii_gives_what_nfkc_gives(text):
    full = "".join(unicodedata.normalize("NFKC", text).split()).upper().replace("—", "-").replace("－", "-")
    assert cells.clean_code(text) == full


OLD_REFERENCE = re.compile(rb"\br=\"([A-Z]{0,3})(\d+)\"")
xml_bytes = st.lists(st.sampled_from([b"r=\"", b"A", b"XFD", b"1", b"99", b"\"", b" ", b"c", b"_", b"<", b"\n",
                                      b"ar=\"B2\"", b" r=\"C3\"", b"r=\"7\""]), max_size=40).map(b"".join)


@given(xml_bytes)
def test_guard_reference_pattern_finds_what_the_word_boundary_pattern_found(data):
    assert guard.REFERENCE.findall(data) == OLD_REFERENCE.findall(data)


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.decimals(places=2, min_value=-10**9, max_value=10**9))
def test_parse_decimal_takes_a_decimal_as_its_text_would_be_read(number):
    direct, from_text = {}, {}
    got = parse_decimal(number, field="total_investment_wan", label="总投资", errors=direct)
    want = parse_decimal(str(number), field="total_investment_wan", label="总投资", errors=from_text)
    assert direct == from_text
    assert got == want and (got is None or got.as_tuple() == want.as_tuple())
    assert got is None or isinstance(got, Decimal)


@given(st.dates(min_value=dt.date(1980, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_date_error_shortcut_agrees_with_the_full_bounds(day):
    high = bounds.date_max()
    inside = bounds.DATE_MIN <= day <= high
    assert (bounds.date_error(day, "计划开工时间") is None) == inside
