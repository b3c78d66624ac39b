import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanpi.ingest.cells import CellError, clean_text, parse_bool, parse_date, parse_decimal, parse_quantity
from sanpi.ingest.columns import find_header, read_header

WIDE = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
amounts = st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2, allow_nan=False)
dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@given(amounts)
def test_a_number_reads_back_from_every_way_a_sheet_writes_it(value):
    plain = format(value, "f")
    grouped = f"{value:,.2f}"
    assert parse_decimal(plain) == value
    assert parse_decimal(grouped) == value
    assert parse_decimal(f" {grouped.translate(WIDE)} ") == value
    assert parse_decimal(float(plain)) == value  # a number cell: Excel keeps 15 significant digits
    assert parse_decimal(f"{plain}万元") == value


@given(amounts)
def test_a_unit_written_in_the_cell_is_returned_with_its_factor(value):
    assert parse_quantity(f"{value}亿元") == (value, Decimal(10000))
    assert parse_quantity(f"{value}元") == (value, Decimal("0.0001"))


@given(st.text(alphabet="abc中文-+约x", min_size=1).filter(lambda t: t.strip() not in ("", "-", "--")))
def test_text_that_is_not_a_number_is_refused_in_chinese(text):
    with pytest.raises(CellError) as exc:
        parse_decimal(text)
    assert "数字" in exc.value.reason


@given(dates)
def test_a_date_reads_back_from_text_styles_serials_and_date_cells(day):
    for text in (f"{day:%Y-%m-%d}", f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日",
                 f"{day.year}.{day.month:02d}.{day.day:02d}", f"{day:%Y%m%d}", f"{day:%Y-%m-%d} 00:00:00",
                 f"{day:%Y-%m-%d}".translate(WIDE)):
        assert parse_date(text) == day, text
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == day
    assert parse_date(float(serial)) == day
    assert parse_date(dt.datetime.combine(day, dt.time(8, 30))) == day


@given(dates)
def test_a_month_alone_means_its_first_day(day):
    assert parse_date(f"{day.year}.{day.month:02d}") == day.replace(day=1)
    assert parse_date(f"{day.year}年{day.month}月") == day.replace(day=1)


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30", "明年", "1800-01-01", 12])
def test_impossible_dates_are_refused(text):
    with pytest.raises(CellError):
        parse_date(text)


@pytest.mark.parametrize(("raw", "clean"), [
    ("安图生物体外诊断\n产业园（三期）", "安图生物体外诊断产业园（三期）"),
    (" 中兴 ５Ｇ 微基站  项目 ", "中兴5G微基站项目"),
    ("ABC  Tech\tLtd", "ABC Tech Ltd"),
    (2024.0, "2024"),
])
def test_names_lose_line_breaks_and_spaces_inside(raw, clean):
    assert clean_text(raw) == clean


@given(st.text())
def test_clean_text_is_idempotent_and_single_spaced(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\n" not in once and "  " not in once


def test_booleans():
    assert [parse_bool(v) for v in ("是", "否", "Y", "√", "已入库", "", None)] == [True, False, True, True, True,
                                                                                      None, None]
    with pytest.raises(CellError):
        parse_bool("也许")


@pytest.mark.parametrize(("header", "field", "unit", "factor"), [
    ("总投资（亿元）", "total_investment_wan", "亿元", Decimal(10000)),
    ("总投资\n(万元)", "total_investment_wan", "万元", Decimal(1)),
    ("总投资/亿元", "total_investment_wan", "亿元", Decimal(10000)),
    ("总投资", "total_investment_wan", "万元", Decimal(1)),
    ("项目总投资（元）", "total_investment_wan", "元", Decimal("0.0001")),
    ("占地（公顷）", "land_mu", "公顷", Decimal(15)),
    ("用地面积(亩)", "land_mu", "亩", Decimal(1)),
    ("建筑面积（万平方米）", "building_area_m2", "万平方米", Decimal(10000)),
    ("建筑面积(㎡)", "building_area_m2", "m2", Decimal(1)),  # NFKC: ㎡ -> m2
    ("2025年计划投资（亿元）", "annual_plan_wan", "亿元", Decimal(10000)),
    ("*项目全称", "name", None, Decimal(1)),
    ("业主单位", "owner", None, Decimal(1)),
    ("所在县(市、区)", "region", None, Decimal(1)),
    ("开工日期", "-", None, Decimal(1)),
    ("建筑面积（亿元）", None, "亿元", Decimal(10000)),
])
def test_headers_name_their_field_and_unit(header, field, unit, factor):
    column = read_header(0, header)
    assert (column.field, column.unit, column.factor) == (field, unit, factor)


def test_header_row_is_found_below_merged_title_rows():
    rows = [["2024年重点项目台账", "", ""], ["单位：万元", "", ""], [], ["项目名称", "建设单位", "总投资（亿元）"], ["x", "y", 1]]
    index, columns = find_header(rows)
    assert index == 3
    assert [c.field for c in columns] == ["name", "owner", "total_investment_wan"]
