"""Keyword patterns shared by the list (step 3) and project (step 4) extraction."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- shared patterns

_BATCH_STRONG = re.compile(
    r"(?P<carry>结转)?[\"“”']?(?:(?P<b1>签约|开工|动工|投产|竣工)一批|集中(?P<b2>签约|开工|动工|投产|竣工))[\"“”']?"
)
_BATCH_WEAK = re.compile(
    r"(?<![新已拟将])(?P<b3>签约|开工|动工|投产|竣工)(?:动员)?(?:的)?(?:重大|重点|招商引资|招商|增资扩产|产业)?项目"
)
# "集中推进增资扩产项目22个" / "新增增资项目12个": expansion of existing firms, a list of its own
_EXPAND_BATCH = re.compile(r"(?:增资扩产|增资)项目")
# "共签约、开工、投产项目133个" / "集中开工投产项目共92个": one figure over several lists
_COMBINED = re.compile(
    r"(?:签约|开工|动工|投产|竣工)(?:[、和及与]?(?:签约|开工|动工|投产|竣工)){1,3}(?:的)?(?:重大|重点)?项目"
    r"|开竣工(?:的)?(?:重大|重点)?项目"
    # "共有156个亿元以上重大项目集中开工、竣工、签约": the verbs after the counted projects
    r"|(?<=项目)(?:集中)?(?:签约|开工|动工|投产|竣工)(?:[、和及与](?:签约|开工|动工|投产|竣工)){1,3}"
    r"|[\"“]?[三五六七]个一批[\"”]?(?:重大|重点)?项目"
    r"|(?P<pushed>共(?:集中)?(?:推进|推动|实施)(?:重大|重点)?项目)"
    # "此次活动共有82个项目参加，总投资405.6亿元，其中集中开工项目53个…"
    r"|(?P<joined>(?<=项目)(?:参加|参与)(?:了)?(?:本次|此次)?(?:活动)?)"
    # "三类项目合计92个" / "上述项目共计…": a sum stated after the lists
    r"|(?:[二两三四五六七八九]类|以上|上述|各类)(?:重大|重点)?项目(?=合计|共计|总计)"
)
# "本批次共有52个项目开工建设": the verb after the counted projects names the list
_THRESHOLD_WORDS = r"(?:(?:过|超)?[\d.]*[亿万]元(?:及)?(?:以上)?)?"
_COUNT_THEN_VERB = re.compile(
    r"(?:\d+|[一二两三四五六七八九十百千]+)个" + _THRESHOLD_WORDS + r"(?:重大|重点|产业)?项目"
    r"(?:集中|顺利|正式|全面|同时|同步|成功|现场|进行了|进行){0,2}(?P<v>签约|开工|动工|投产|竣工)")
# "成功签约35个重大项目" / "共签约233个项目、开工225个项目": the verb before the counted projects
_VERB_THEN_COUNT = re.compile(
    r"(?P<v>签约|开工|动工|投产|竣工)(?:了|的)?(?=(?:\d+|[一二两三四五六七八九十百千]+)个" + _THRESHOLD_WORDS +
    r"(?:重大|重点|产业|招商引资)?项目(?!中))"
    # "签署38个项目合作协议": signing too
    r"|(?P<v2>签署)(?:了)?(?=(?:\d+|[一二两三四五六七八九十百千]+)个(?:重大|重点)?项目(?:合作|投资)?(?:协议|合同))")
# "全区重点推进152个自治区重大项目建设，总投资5630亿元": a counted key-project batch, even with 建设 after
_KEY_COUNTED = re.compile(
    r"(?:\d+|[一二两三四五六七八九十百千]+)(?:个|项)(?P<k>(?:省|市|县|区|自治区)?(?:级|列|管)?(?:重点|重大)(?:建设|产业)?项目)"
    r"(?=(?:建设)?[，,]?(?:计划)?总投资)")
# "本次活动共推进项目61个" / "本期共推进项目45个": a total only when the event or batch is the subject
_PUSHED_SUBJECT = re.compile(r"(?:活动|本期|本次|此次|本批|当天|现场)[中上]?[，,]?$")
# batches that are not an activity: key-project plans, planning, promotion
_KEY_BATCH = re.compile(
    r"(?:第[一二三四五六七八九十\d]+批)?(?:省|市|县|区|自治区)?级?(?:重点|重大)(?:建设|产业)?项目"
    r"(?:投资)?(?:计划|名单|清单)?(?!建设|集中|推进|观摩|谋划|签约|开工|动工|投产|竣工|为王|库)"
)
_PLAN_BATCH = re.compile(r"谋划(?:储备)?(?:了)?(?:一批)?(?:重大|重点)?(?:产业)?项目|储备(?:重大|重点)?项目")
_OTHER_BATCH = re.compile(r"(?:发布|推介|招引|观摩)(?:了)?(?:重大|重点)?(?:招商|招商引资)?项目")
KINDS = ("签约", "开工", "投产", "竣工", "重点项目", "谋划", "增资", "合计", "其他")
_KIND_OF_VERB = {"签约": "签约", "签署": "签约", "开工": "开工", "动工": "开工", "投产": "投产", "竣工": "竣工"}
_ACTIVITY_MARK = re.compile(r"本次|此次|本期|本批|批次|活动|仪式|当天|当日|现场|会场|集中|[三五六七]个一批|"
                            r"第[一二三四五六七八九十\d]+批|累计|新增")
_TOTAL_KW = re.compile(
    r"(?:总投资|投资总额|投资额|总金额|总额|签约金额|签约额|合同金额|合同额|协议金额|协议投资|计划投资|投资|增资|引资)"
    r"(?:为|达到|达|共计|共|合计|高达|可达|约为|规模|预计|超过|超|逾|近|约|:)*$"
)
_NOT_TOTAL = re.compile(r"(?:年度|年内|当年|本年|今年|明年|全年|年|月|季度|已|累计|完成|固定资产|到位|实际)(?:计划)?(?:完成)?投资(?:额)?(?:为|达到|达|共计|共|合计|约为|:)*$")
_OUTPUT_KW = re.compile(
    r"(?:产值|产值规模)(?:为|达到|达|可达|将达|规模|预计|约为|:)*$"
)
_NOT_OUTPUT = re.compile(r"(?:销售收入|营业收入|营收|主营业务收入|税收|利税|利润)")
_LAND_RE = re.compile(
    r"(?:总占地|占地面积|占地|用地面积|规划用地|用地)(?:面积)?(?:约为|约|近|超过|超|逾|达|为|共|总计)*"
    r"(?P<num>[\d.,零〇一二两三四五六七八九十百千万]+)(?:余|多)?(?P<unit>亩|公顷)"
)
_AREA_RE = re.compile(
    r"(?:总建筑面积|建筑总面积|建筑面积|建设面积)(?:约为|约|近|超过|超|逾|达|为|共|总计)*"
    r"(?P<num>[\d.,零〇一二两三四五六七八九十百千]+)(?:余|多)?(?P<wan>万)?(?:平方米|平米|㎡|m2|m²)"
)
_PHASE_RE = re.compile(r"(?<![第\d一二三四五六七八九十])(?P<n>[一二三四五六七八九十]+)期")
_PHASE_ENUM_RE = re.compile(r"[一二三四五六七八九](?:[、和及至][一二三四五六七八九])+期|[一二三四五六七八九]期(?:和|及|与|、)[一二三四五六七八九]期")
_COMPANY = r"[\u4e00-\u9fffA-Za-z0-9()]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)"
_OWNER_RES = [
    re.compile(rf"由(?P<c>{_COMPANY})(?:投资建设|投资兴建|负责建设|建设|投资|实施|牵头)"),
    re.compile(rf"(?:建设单位|项目单位|业主单位|项目业主|实施主体|投资主体|投资方)(?:为|是|:)(?P<c>{_COMPANY})"),
]
_LOC_RE = re.compile(r"(?:位于|落户|坐落于|选址于|选址|落地)")
_STAGE_RE = re.compile(
    r"(?<![计预将拟争划])(?P<v>签约|开工|奠基|投产|投用|竣工)(?!后|以后|之后|投产后|一批|仪式后)"
)
_STAGE_MAP = {"签约": "签约", "开工": "开工", "奠基": "开工", "投产": "投产", "投用": "投产", "竣工": "竣工"}
_FUTURE = re.compile(r"计划|预计|将|拟|力争|争取|确保|年内|年底|年中|明年|即将|有望|后")


def _is_total(context: str) -> bool:
    return bool(_TOTAL_KW.search(context)) and not _NOT_TOTAL.search(context)


def _is_output(context: str) -> bool:
    return bool(_OUTPUT_KW.search(context)) and not _NOT_OUTPUT.search(context[-8:])
