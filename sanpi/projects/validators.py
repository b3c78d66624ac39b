"""Format checks for 项目代码 and 统一社会信用代码 (no database code)."""

import re
from dataclasses import dataclass

PROJECT_CODE_RE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$")

# Province-level prefixes of GB/T 2260 codes (11 北京 … 82 澳门).
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)


@dataclass(frozen=True)
class ProjectCode:
    code: str
    format: str  # "new" (since 2020-11: YYMM-…) or "old" (2015–2020: YYYY-…)
    issued: str  # "2021-03" for the new format, "2018" for the old
    region_code: str
    type_code: str  # new: 项目类型 01–05; old: 01 审批 / 02 核准 / 03 备案
    industry_code: str | None  # old format only: GB/T 4754 大类


class InvalidCode(ValueError):
    pass


def parse_project_code(value: str) -> ProjectCode:
    """Parse a national investment project code, telling the old format from the new.

    New (2020-11 on): YYMM-RRRRRR-DD-TT-NNNNNC; old (2015–2020): YYYY-RRRRRR-II-TT-NNNNNN.
    The new format's check character has no public algorithm, so it is not verified.
    """
    code = (value or "").strip()
    if not PROJECT_CODE_RE.match(code):
        raise InvalidCode("项目代码格式应为“YYMM-RRRRRR-DD-TT-NNNNNN”（24位，含4个连字符），如 2401-410171-04-01-123456。")
    first, region, third, type_code, _ = code.split("-")
    if region[:2] not in PROVINCE_PREFIXES:
        raise InvalidCode(f"项目代码中的区划代码“{region}”不是有效的省级前缀。")
    year = int(first)
    if 2015 <= year <= 2020:
        if type_code not in {"01", "02", "03"}:
            raise InvalidCode("旧版项目代码（2015—2020年）的管理类别应为 01审批、02核准 或 03备案。")
        if not 1 <= int(third) <= 97:
            raise InvalidCode("旧版项目代码（2015—2020年）的行业代码应为国民经济行业大类 01—97。")
        return ProjectCode(code, "old", first, region, type_code, third)
    yy, mm = int(first[:2]), int(first[2:])
    if not 1 <= mm <= 12:
        raise InvalidCode(f"项目代码首段“{first}”不是有效的年月（YYMM）或年份（2015—2020）。")
    if (yy, mm) < (20, 11):
        raise InvalidCode(f"项目代码首段“{first}”早于新版赋码规则启用时间（2020年11月）。")
    if type_code not in {"01", "02", "03", "04", "05"}:
        raise InvalidCode("项目代码中的项目类型应为 01—05（基本建设、技术改造、单纯购置、信息化、其他）。")
    return ProjectCode(code, "new", f"20{first[:2]}-{first[2:]}", region, type_code, None)


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^(i-1) mod 31 for positions 1..17
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_CHARS = frozenset(USCC_ALPHABET)


def uscc_check_char(first17: str) -> str:
    try:
        total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    except KeyError as exc:  # as USCC_ALPHABET.index said it
        raise ValueError(f"{exc.args[0]!r} is not a USCC character") from None
    check = 31 - total % 31
    return USCC_ALPHABET[0 if check == 31 else check]


def validate_uscc(value: str) -> str:
    """Return the normalised 统一社会信用代码 or raise InvalidCode (GB 32100 check character)."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise InvalidCode(f"统一社会信用代码应为18位，当前为{len(code)}位。")
    if not _USCC_CHARS.issuperset(code):  # one set operation instead of a loop per character
        bad = [c for c in code if c not in _USCC_CHARS]
        raise InvalidCode(f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用 I、O、S、V、Z）。")
    if not code[2:8].isdigit():
        raise InvalidCode("统一社会信用代码第3—8位应为登记管理机关的行政区划代码（数字）。")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise InvalidCode("统一社会信用代码校验位不正确，请核对是否有录入错误。")
    return code
