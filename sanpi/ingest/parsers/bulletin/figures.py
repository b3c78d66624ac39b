"""The count and the total of a list's clause (part of pipeline step 3): the first count that counts
the list's projects (not a threshold class, a category or a record), the first amount introduced by a
total word."""

from __future__ import annotations

import re
from decimal import Decimal

from ..amounts import AmountParse, find_amounts, find_counts
from .patterns import _is_total


def _first_count(seg: str, thresholds: list[AmountParse]) -> int | None:
    for c in find_counts(seg):
        if c.unit not in ("个", "项", "宗"):  # "签约项目26宗" (Guangdong bulletins count in 宗)
            continue
        # a count right after a threshold ("10亿元以上项目124个") counts the threshold class —
        # unless the threshold opens the list itself ("集中开工过亿元项目210个")
        if any(t.end <= c.start and c.start - t.end <= 8 and t.start > 2 for t in thresholds):
            continue
        after = seg[c.end:c.end + 2]
        # "包括A、B、C等48个市县两级重点项目": the count closing an enumeration counts the list
        closes_enum = seg[max(0, c.start - 1):c.start] == "等" and re.match(r"[^，,。；;]{0,10}项目", seg[c.end:])
        if re.match(r"[\u4e00-\u9fff]", after) and not re.match(r"项目|重大|重点|产业|总投|投资|其中|共|合计", after) \
                and not closes_enum:
            continue  # "此次开工项目呈现三个特点": not a count of projects
        if re.search(r"(?:突破|首次|数量)$", seg[:c.start]):
            continue  # "开工项目数量首次突破600个": a record, not the list's count
        cat = _CATEGORY_BEFORE.search(seg[:c.start])
        if cat and not cat.group("label").endswith("等") and not _LIST_WORDS.match(cat.group("label")):
            continue  # "本次开工项目共开工产业发展及科技创新项目114个": a category of the list
        return c.value
    return None

def _first_total(seg: str) -> Decimal | None:
    for a in find_amounts(seg):
        if a.kind != "value":
            continue
        if _is_total(seg[max(0, a.start - 14):a.start]):
            return a.value_wan
    return None

# a noun phrase ending in 项目 right before a count, other than the list's own words: the count is that
# category's ("…，工业项目67个"); "新能源汽车等项目25个" (an enumeration closed by 等) is the list's
_CATEGORY_BEFORE = re.compile(
    r"(?<![等])(?P<label>[\u4e00-\u9fff]{2,14})(?:类)?项目(?:共|共有|共计|有)?$")

_LIST_WORDS = re.compile(
    r"^(?:[，,]?(?:共|共有|共计|合计|总计|累计|此次|本次|本批|本期|当天|现场|活动|集中|签约|开工|动工|投产|竣工|涉及|包括|"
    r"数量|达|计|约|有|"
    r"开竣工|一批|了|的|重大|重点|产业|招商引资|招商|建设|省|市|县|区|级|新增|新|各类|"
    r"(?:过|超|单体)?[\d.一二三四五六七八九十百千]*[亿万]元(?:及)?(?:以上)?)+)$")
