"""Project names in sentences: spans ending in 项目, with leading connectors, places, owners
and "投资X亿元的" peeled off (part of pipeline step 4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..amounts import find_amounts
from ..places import place_at_start, short_name
from .patterns import _COMPANY
from .text import _Sent

# --------------------------------------------------------------------------- projects

_NAME_BOUNDARY = re.compile(r"[，。；：、,;:!?！？\"“”'‘’《》【】\[\]\s]")
_PEEL_WORDS = re.compile(
    r"^(?:其中|包括|主要包括|主要有|分别是|分别为|以及|和|及|与|另外|此外|还有|另有|既有|也有|又有|包含|涵盖|"
    r"该|本次|此次|当天|今天|"
    # "有" as a verb, not the first character of 有机硅/有色金属
    r"活动现场|现场|共有|据悉|据了解|同时|如|有(?![机色])|是|为|对|将|把|由|其|以)"
)
_VERB_PREFIX = re.compile(
    r"(?:主要建设|重点建设|开工建设|计划建设|集中建设|新建|引进|实施|观摩了?|参观了?|调研了?|视察了?|来到|走进|"
    r"集中签约|集中开工|集中投产|集中竣工|正式签约|签约了?|开工了?|竣工了?|投产了?|入选|参加|举行|签订了?|签署了?)的?"
)
_AMOUNT_PREFIX = re.compile(r"^(?:[^的，,]{0,12}?(?:企业|公司|集团|外资|客商))?(?:总投资|计划总投资|投资|签约金额)(?P<a>[^的]{1,16}?)的")
# "海南鲸歌海洋科技有限公司将投资6800万元建设水下机器人研发中心": the investor, the amount, then the name
_INVEST_TO_BUILD = re.compile(r"^[^，,。；;]{0,30}?(?:将|拟|计划)?(?:总投资|投资)(?P<a>[^的，,建]{1,16}?)(?:建设|兴建|新建)")
_OWNER_PREFIX = re.compile(rf"^(?P<c>{_COMPANY})(?:投资建设|投资兴建|投资|建设|实施)的")
_LOC_PREFIX = re.compile(r"^(?:位于|落户|坐落于|选址)(?P<p>[^的]{2,12})的")
_GENERIC_CORE = re.compile(
    r"^(?:新|已|拟|计划|企业|续建|在建|新建|重大|重点|省|市|县|区|产业|工业|招商|签约|开工|投产|竣工|集中|的|和|及|"
    r"建设|储备|民生|基础设施|省级|市级|区级|县级|各类|所有|上述|这些|以上|其他|全部|单体|同类|入库|首批|"
    # category words of a list's breakdown ("社会民生项目总投资79.5亿元" is a part, not a project)
    r"社会|社会事业|公共服务|生态环保|生态|环保|农林水|农业|服务业|现代服务业|制造业|先进制造业|战略性新兴|"
    r"高新技术|科技创新|城建|城市|交通|能源|水利|文旅|文化旅游|外资|内资|新开工|类|"
    r"第[一二三四五六七八九十\d]+批|增资扩产|技改扩能|扩产|年度|本年|当年|大|好|优质|一批|[\d一二三四五六七八九十百]+个)*$"
)
_BAD_CORE = re.compile(r"^(?:\d+|[一二两三四五六七八九十百千]+)(?:个|项)|(?:了|一波|一批|推动|化解|协调|保持|掀起|带动|最大|最小|投资|招引|推进|服务|储备|谋划)$|"
                       r"单体(?:投资|规模|体量)|\d+[-—~至]\d+月|项目|并|宣布|出席|表示|指出|要求|强调|(?:召开|开展|组织|启动|部署|调度|观摩|推介|签署)$|(?:重点|重大|招商引资|签约|开工|投产|竣工|季度|春季|秋季|会场|代表性|代表)$|季度|举行|活动|仪式|\d{4}年|一批|三个|以上|亿元|万元|\d+个|[一二三四五六七八九十]+个|本次|此次|全省|全市|全县|全区|我省|我市|我县|我区|这些|为王")


@dataclass
class _Mention:
    name: str
    para: int
    sent: int
    start: int  # offset in paragraph
    end: int
    location: str | None = None
    owner: str | None = None
    total: Decimal | None = None
    component_of: _Mention | None = None
    group: int = -1


# enumerators and connectors that stand before a name: "二、" "三是" "①" "(一)" "1." "暨" "投资金额最大为"
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+是|(?:首先|其次|再次|然后|最后)(?:是|为)?[，,]?|第[一二三四五六七八九十]+(?:是|为|[，,])|[①-⑳]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．)）](?!\d)|"
    r"[一二三四五六七八九十]+[、.．]|暨|及|以及|建设|其中|主要有|主要包括|包括|分别是|"
    r"(?:投资|签约)?(?:金额|额|规模|体量)?(?:最大|最高|最多)(?:的)?(?:项目)?(?:为|是))"
)


def _peel(raw: str) -> tuple[str, str | None, str | None, Decimal | None]:
    """Strip leading connectors/places/verbs from a candidate; returns (name, location, owner, total)."""
    name, loc, owner, total = raw, None, None, None
    for _ in range(8):
        before = name
        name = _ENUMERATOR.sub("", name)
        name = re.sub(r"^(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:上午|下午|晚上|晚)?", "", name)
        name = _PEEL_WORDS.sub("", name)
        m = _VERB_PREFIX.search(name)
        if m and len(name) - m.end() >= 6 and not name[m.end():].startswith("项目"):
            name = name[m.end():]
        m = _AMOUNT_PREFIX.match(name)
        if m:
            a = find_amounts(m.group("a"))
            if a and a[0].kind == "value":
                total = a[0].value_wan
            name = name[m.end():]
        m = _INVEST_TO_BUILD.match(name)
        if m and len(name) - m.end() >= 5:
            a = find_amounts(m.group("a"))
            if a and a[0].kind == "value":
                total = a[0].value_wan
                name = name[m.end():]
        m = _OWNER_PREFIX.match(name)
        if m:
            owner = m.group("c")
            name = name[m.end():]
        m = _LOC_PREFIX.match(name)
        if m:
            loc = m.group("p")
            name = name[m.end():]
        m = re.match(r"[\u4e00-\u9fff]{1,6}的", name)  # "主会场的卫龙…项目"
        if m and len(name) - m.end() >= 5:
            name = name[m.end():]
        pl = place_at_start(name)
        if pl and len(name) - pl.end >= 5:
            loc = short_name(pl.name)
            name = name[pl.end:]
            name = re.sub(r"^的", "", name)
        if name == before:
            break
    return name, loc, owner, total


def _valid_name(name: str) -> bool:
    core = re.sub(r"项目(?:\([一二三四五六七八九十]+期\))?$", "", name)
    core_cjk = re.sub(r"[^\u4e00-\u9fff]", "", core)
    if len(core_cjk) < 3 or len(core) > 45:
        return False
    if _GENERIC_CORE.match(core) or _BAD_CORE.search(core):
        return False
    if re.search(r"[的和及与暨等类个在对把将是为以从向抓促推让使]$", core) or core.startswith(("(", ")", "在")):
        return False
    return True


_NAME_END_RE = re.compile(r"项目(?:\([一二三四五六七八九十]+期\))?")
# names that do not end in 项目: works, bases, centres, parks, roads ("南充至潼南高速公路(南充段)"),
# phases ("汽车汽配产业园三期"). Such a span is a project only when a figure is attached to it
# (_ATTACHED_FIGURE) or an amount stands before it ("总投资10亿元的…工程"): "建设中心" alone is not one.
_ALT_END_RE = re.compile(
    r"(?:工程|基地|中心|产业园|园区|集聚区|物流园|产业城|高速公路|公路|铁路|高铁|大桥|电站|水库|医院|学校|枢纽|"
    r"测试场|试验场|厂房|码头|管廊)"
    # "…标准厂房(三期)" / "成渝中线高铁四川段" / "…公路(南充段)"
    r"(?:[一二三四五六七八九十]+期|\([一二三四五六七八九十]+期\))?(?:\([\u4e00-\u9fff\d]{1,10}段\)|[\u4e00-\u9fff]{2,4}段)?"
)
# "某大道改造工程全长5.2公里，总投资…": one clause of size or length may stand between
_ATTACHED_FIGURE = re.compile(r"(?:(?:全长|总长|长约|占地|总占地|用地|总建筑面积|建筑面积|装机|规划面积)[^，,。；;]{1,16}[，,])?"
                              r"(?:[,，:：]|\()?(?:计划|预计)?(?:总投资|投资额|投资|签约额|签约金额|增资|新增投资)")
# "将打造华中最大的冷链物流基地，总投资20亿元": a goal of the project described, not a name
_ALT_NOT_NAME = re.compile(r"打造|建成|形成|推动|加快|成为|将|是|着力|努力|全力|全省|全市|全国|最大|首个|一流|一批|重点|重大|区域性")
# "主会场项目为X" / "本批代表性项目有：": the span after the header is the name
_HEADER_CUT = re.compile(r".*项目(?:分别)?(?:为|是|有|包括|主要包括|主要有|涵盖)[:：]?")


def _after_header(s: str, pos: int) -> bool:
    """"集中开工项目是福建信息职业技术学院三期工程，项目位于…": a work named by a header is a project even
    when its figures come later in the sentence."""
    b = max((i for i in range(pos) if _NAME_BOUNDARY.match(s[i])), default=-1)
    return bool(re.search(r"项目(?:分别)?(?:是|为)", s[b + 1:pos]))


def _find_mentions(p: str, pi: int, sents: list[_Sent]) -> list[_Mention]:
    out: list[_Mention] = []
    for si, sent in enumerate(sents):
        s = sent.text
        ends = [(m, False) for m in _NAME_END_RE.finditer(s)] + [(m, True) for m in _ALT_END_RE.finditer(s)]
        ends.sort(key=lambda e: e[0].end())
        for m, alt in ends:
            end = m.end()
            if alt and not _ATTACHED_FIGURE.match(s[end:]) and not _after_header(s, m.start()) and not (
                    re.search(r"(?:总投资|投资)[^的,，]{1,14}(?:的|建设|兴建)[^,，、]*$", s[:m.start()])
                    and not re.match(r"[^\s，,。；;、:：()]*项目", s[end:])):  # "…产业园项目": the 项目 name is the one
                continue
            if alt and re.match(r"[^\s，,。；;、:：()]+?(?:" + _ALT_END_RE.pattern + ")", s[end:]):
                # "阜康北部工业园区煤化工废水集中处理工程": 园区 ends a place inside the name, not the name
                continue
            # start: after the last boundary before 项目
            j = m.start()
            while j > 0 and not _NAME_BOUNDARY.match(s[j - 1]):
                j -= 1
            raw = s[j:end]
            # "投资20亿元的A项目和投资8.5亿元的B项目": the second name starts after the first and its connector
            joined = list(re.finditer(r"项目(?:和|及|与|以及|同)", raw[:-2]))
            if joined:
                j += joined[-1].end()
                raw = s[j:end]
            if j == m.start() and j > 0 and s[j - 1] in "\"”’":  # "“豫见”项目": a quoted name
                q = max(s.rfind("“", 0, j - 1), s.rfind('"', 0, j - 1))
                if q >= 0:
                    raw = s[q + 1:j - 1] + "项目"
                    j = q + 1
            head = _HEADER_CUT.match(raw[:-2])
            if head:
                raw = raw[head.end():]
            name, loc, owner, total = _peel(raw)
            if not _valid_name(name) or (alt and (len(re.sub(r"[^\u4e00-\u9fff]", "", name)) < 6
                                                   or _ALT_NOT_NAME.search(name))):
                continue
            # the name itself must not run on after 项目 ("项目为王", "项目建设")
            if re.match(r"为王|库|部|组|办|单位|法人|管理|谋划|招引|化|制|经理|审批|资金|前期|数|个数|产品|反映|"
                        r"集中(?:签约|开工|动工|投产|竣工|开竣工)", s[end:end + 5]):
                continue
            # "社会民生项目90个" / "发布招商项目60个": a category of a list, not a project
            if re.match(r"(?:共|共有|共计|合计|达|近|超|有)?(?:\d+|[一二两三四五六七八九十百千]+)(?:个|项)", s[end:]):
                continue
            out.append(_Mention(name, pi, si, sent.start + end - len(name), sent.start + end, loc, owner, total))
    return out
