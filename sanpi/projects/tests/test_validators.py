import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanpi.projects.validators import (
    USCC_ALPHABET,
    InvalidCode,
    parse_project_code,
    uscc_check_char,
    validate_uscc,
)

# Published codes of well-known companies (business licences are public) and the GB 32100 example.
KNOWN_VALID_USCC = ["91350100M000100Y43", "91440300708461136T", "914403001922038216"]


@pytest.mark.parametrize("code", KNOWN_VALID_USCC)
def test_known_uscc_valid(code):
    assert validate_uscc(code) == code


@pytest.mark.parametrize(
    "code, message",
    [
        ("91350100M000100Y44", "校验位不正确"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100YO3", "不允许的字符“O”"),
        ("913501A0M000100Y43", "第3—8位"),
        ("", "应为18位"),
    ],
)
def test_invalid_uscc_refused_in_chinese(code, message):
    with pytest.raises(InvalidCode, match=message):
        validate_uscc(code)


def test_lowercase_uscc_normalised():
    assert validate_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"


uscc_body = st.tuples(
    st.text(alphabet=USCC_ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
).map("".join)


@given(uscc_body)
def test_uscc_with_computed_check_is_valid(body):
    assert validate_uscc(body + uscc_check_char(body)) == body + uscc_check_char(body)


@given(uscc_body, st.integers(min_value=0, max_value=16), st.sampled_from(USCC_ALPHABET))
def test_any_single_substitution_is_caught(body, position, replacement):
    code = body + uscc_check_char(body)
    if code[position] == replacement or (2 <= position < 8 and not replacement.isdigit()):
        return
    typo = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(InvalidCode):
        validate_uscc(typo)


@pytest.mark.parametrize(
    "code, fmt, issued",
    [
        ("2401-410171-04-01-123456", "new", "2024-01"),
        ("2011-410100-04-05-000019", "new", "2020-11"),
        ("2018-410171-39-03-012345", "old", "2018"),
        ("2015-110105-70-02-000001", "old", "2015"),
        ("2020-410000-44-01-999999", "old", "2020"),
    ],
)
def test_project_code_formats_told_apart(code, fmt, issued):
    parsed = parse_project_code(code)
    assert (parsed.format, parsed.issued) == (fmt, issued)


@pytest.mark.parametrize(
    "code, message",
    [
        ("2401-410171-04-01-12345", "格式应为"),
        ("2401410171040112345600", "格式应为"),
        ("2413-410171-04-01-123456", "不是有效的年月"),
        ("2010-410171-04-01-123456", "早于新版赋码规则"),
        ("2401-990171-04-01-123456", "省级前缀"),
        ("2401-410171-04-09-123456", "项目类型应为 01—05"),
        ("2018-410171-39-05-012345", "管理类别"),
        ("2018-410171-98-01-012345", "行业代码"),
    ],
)
def test_invalid_project_codes(code, message):
    with pytest.raises(InvalidCode, match=message):
        parse_project_code(code)


new_codes = st.builds(
    lambda yy, mm, region, dept, typ, serial: f"{yy:02d}{mm:02d}-{region}-{dept:02d}-{typ:02d}-{serial:06d}",
    st.integers(21, 99), st.integers(1, 12), st.sampled_from(["410171", "410100", "110105", "650102"]),
    st.integers(0, 99), st.integers(1, 5), st.integers(0, 999999),
)


@given(new_codes)
def test_every_well_formed_new_code_parses_as_new(code):
    assert parse_project_code(code).format == "new"


@given(st.text(max_size=30))
def test_parser_never_crashes(text):
    try:
        parse_project_code(text)
    except InvalidCode:
        pass
