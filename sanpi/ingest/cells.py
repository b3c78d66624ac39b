"""Cleaning the cells real ledgers contain (no database code).

Offices' workbooks carry line breaks and spaces inside names, full-width digits, thousands
separators, units written into the cell, and dates as text in half a dozen styles or as Excel
serial numbers. Each cleaner returns a plain Python value or raises CellError with a Chinese reason.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

# A blank cell (or one of EMPTY) means "not given" and keeps the stored value: offices re-send sheets
# with columns they do not track left empty. To erase a value the cell says so in words (清空), which
# no one types by accident; "—" and "无" are already blanks in real ledgers and so cannot mean erase.
CLEAR_MARKS = frozenset({"清空", "(清空)", "[清空]", "【清空】"})
EMPTY = frozenset({"", "-", "--", "—", "——", "/", "无", "暂无", "N/A", "n/a", "#N/A"})
# Full-width ASCII letters and digits to half-width; CJK punctuation （）、，。 stays as written.
_WIDE_ALNUM = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_WIDE_ALNUM.update({0x3000: 0x20, 0x00A0: 0x20, 0xFF0E: ord("."), 0xFF0D: ord("-")})
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
# A character clean_text changes: a space of any kind, a zero-width one, or one _WIDE_ALNUM maps.
_TEXT_WORK = re.compile("[\\s\u200b\ufeff" + "".join(chr(cp) for cp in sorted(_WIDE_ALNUM)) + "]")

# 1900 date system (Windows Excel and WPS): serial 1 is 1900-01-01 and 60 is the phantom 1900-02-29.
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2100-01-01
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_MONTH_PATTERNS = [re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$"), re.compile(r"^(\d{4})(\d{2})$")]
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
# A unit written in the cell ("61亿元", "5000 万元") overrides the header's unit.
_MONEY_SUFFIX = {"元": Decimal("0.0001"), "万元": Decimal(1), "万": Decimal(1), "亿元": Decimal(10000),
                 "亿": Decimal(10000), "万亿元": Decimal(10) ** 8, "万亿": Decimal(10) ** 8}
_SUFFIX_RE = re.compile(r"^(.*?\d)\s*(万亿元|万亿|亿元|万元|亿|万|元)$")
TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "已入库", "入库", "已纳统"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "✗", "未入库", "不入库", "未纳统"})


class CellError(ValueError):
    """A cell that cannot be read; `reason` is the Chinese explanation shown to the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in EMPTY
    return False


def is_clear(value) -> bool:
    """Whether the cell asks to erase the stored value (CLEAR_MARKS, full-width brackets allowed)."""
    return isinstance(value, str) and "".join(unicodedata.normalize("NFKC", value).split()) in CLEAR_MARKS


def clean_text(value) -> str:
    """A name or a text cell: line breaks and spaces around Chinese characters removed (they come from
    wrapped cells), other runs of spaces collapsed, full-width letters and digits made half-width."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not _TEXT_WORK.search(text):  # most cells: nothing to translate, remove or collapse
        return text
    text = text.translate(_WIDE_ALNUM).replace("\u200b", "").replace("\ufeff", "")
    text = _SPACE_NEAR_CJK.sub("", text)
    return " ".join(text.split())


def clean_long_text(value) -> str:
    """建设规模及内容: keep the writer's line breaks, trim each line."""
    if value is None:
        return ""
    lines = [" ".join(line.translate(_WIDE_ALNUM).split()) for line in str(value).splitlines()]
    return "\n".join(line for line in lines if line)


def clean_code(value) -> str:
    """Codes (项目代码, 统一社会信用代码, 区划代码): NFKC, no spaces at all, upper case."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isascii():  # NFKC leaves ASCII as it is
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split()).upper().replace("—", "-").replace("－", "-")


def _float_decimal(value: float) -> Decimal:
    # Excel keeps 15 significant digits: 0.1+0.2 shows as 0.3, and that is the value the user sees.
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError("不是有效数字。")
    return Decimal(format(value, ".15g"))


def parse_decimal(value) -> Decimal | None:
    """A number cell: int/float cells, or text with full-width digits, thousands separators, spaces."""
    number, _ = parse_quantity(value)
    return number


def parse_quantity(value) -> tuple[Decimal | None, Decimal | None]:
    """(number, factor to 万元 when the cell names its own money unit, else None)."""
    if is_empty(value):
        return None, None
    if isinstance(value, bool):
        raise CellError("应为数字。")
    if isinstance(value, int):
        return Decimal(value), None
    if isinstance(value, float):
        return _float_decimal(value), None
    if isinstance(value, Decimal):
        return value, None
    if isinstance(value, dt.date | dt.datetime):
        raise CellError("应为数字，收到的是日期。")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = "".join(text.split()).replace(",", "").replace("，", "")
    factor = None
    if match := _SUFFIX_RE.match(text):
        text, factor = match.group(1), _MONEY_SUFFIX[match.group(2)]
    if text.startswith("约"):
        raise CellError("应为确定的数字，不能填“约”。")
    if not _NUMBER.match(text):
        raise CellError("应为数字。")
    try:
        return Decimal(text), factor
    except InvalidOperation:
        raise CellError("应为数字。") from None


def parse_date(value) -> dt.date | None:
    """A date cell: a datetime cell, an Excel serial number, or text such as 2024-01-02, 2024/1/2,
    2024年1月2日, 2024.1.2, 20240102; a month alone (2024.01, 2024年1月) means its first day."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError("不是有效日期。")
    if isinstance(value, int | float):
        return _serial(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = _TIME_TAIL.sub("", text).strip()
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(text):
            return _make_date(*match.groups())
    for pattern in _MONTH_PATTERNS:
        if match := pattern.match(text):
            return _make_date(match.group(1), match.group(2), "1")
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return _serial(float(text))
    raise CellError("不是有效日期，请按 2024-01-02 的格式填写。")


def _serial(value: float) -> dt.date:
    if not SERIAL_RANGE[0] <= value < SERIAL_RANGE[1]:
        raise CellError("不是有效日期（数字不像Excel日期）。")
    return EXCEL_EPOCH + dt.timedelta(days=int(value))


def _make_date(year: str, month: str, day: str) -> dt.date:
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError("不是有效日期。") from None
    if not 1950 <= date.year < 2100:
        raise CellError("年份不在1950—2099之间。")
    return date


def parse_bool(value) -> bool | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    text = clean_code(value).lower()
    if text in TRUE_WORDS or text.upper() in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError("应填“是”或“否”。")
