"""Extract 三个一批 list figures and project drafts from a press bulletin.

``extract(text)`` is pure (no Django, no DB). Pipeline:

1. Traditional Chinese is converted to simplified (OpenCC t2s) when the text looks
   traditional; full-width digits/punctuation become half-width.
2. Newspaper layout is undone: lines of a paragraph are joined, a paragraph cut by a
   page/column break (block with sentence punctuation that does not end a sentence)
   is joined with the next block, and spaces inside Chinese text ("项目为 王",
   "超过 100亿元") are removed.
3. **Lists**: every mention of an activity list ("签约一批", 结转"投产一批",
   "集中开工", or "签约项目" in a sentence about this activity) opens a segment up to
   the next mention; the segment's first count (个) and the first amount introduced
   by 总投资/投资总额/签约总额 are the list figures. The segment stops at 其中
   (what follows is a breakdown such as "其中10亿元以上项目124个"). Thresholds and
   ranges are never totals; 年度计划投资 and the like are not 总投资.
4. **Projects**: names are spans ending in 项目 (leading connectors, place names and
   "投资X亿元的" are peeled off). Figures (总投资, 占地…亩, 建筑面积…平方米, 产值) go to the
   nearest preceding project mention in the paragraph; a project named after 其中
   while another project is being described is a component of it ("其中1号地…项目、
   2号地…项目总投资19亿元" belongs to the paragraph's project). A paragraph whose
   subject is not among the names announced earlier but which mentions one of them
   is merged into that announced name (the seed's 郑州中兴产业园项目 → 中兴5G微基站和
   智慧杆塔集成项目).

Decisions worth knowing:

* 产值 means 产值/年产值/总产值/产值规模 only; 销售收入/营业收入/营收/税收/利税 are not 产值.
* A figure stated in a sentence that speaks of several phases together
  ("安图生物体外诊断产业园(一、二、三期)全面建成后产值超过100亿元") is not assigned to a
  single-phase project: the seed's 安图(三期) gets no output value. Likewise a
  figure in a sentence naming one phase is dropped when the project is another phase.
* ``location`` is only set when the text places the project (a place name
  prefixed to the name, "位于…", "落户…"), as written ("经开区"); an enumeration
  "经开区A项目、B项目、C项目" places all three.
* ``stage`` only when stated for that project (a 签约/开工/投产/竣工 verb in its
  sentence, or the list it is listed under); "竣工投产后" / "计划开工" are not stages.
* An overall total of all lists together is not reported (only per list).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import lru_cache

from .amounts import (
    AmountParse,
    _squeeze,
    find_amounts,
    find_counts,
    format_decimal,
    normalize_width,
    parse_number,
)
from .places import find_places, place_at_start, principal_places, short_name

__all__ = ["Extraction", "ListFigure", "ProjectDraft", "extract", "clean_text", "to_simplified"]


# --------------------------------------------------------------------------- data


@dataclass
class ListFigure:
    batch: str
    count: int | None
    total_investment_wan: Decimal | None
    scope: str | None
    source: str
    carried_over: bool = False

    def to_json(self) -> dict:
        return {
            "batch": self.batch,
            "carried_over": self.carried_over,
            "count": self.count,
            "total_investment_wan": format_decimal(self.total_investment_wan),
            "scope": self.scope,
            "source": self.source,
        }


@dataclass
class ProjectDraft:
    name: str
    owner: str | None = None
    location: str | None = None
    total_investment_wan: Decimal | None = None
    land_mu: Decimal | None = None
    building_area_m2: Decimal | None = None
    output_value_wan: Decimal | None = None
    phase: str | None = None
    stage: str | None = None
    source: str = ""

    def to_json(self) -> dict:
        d = asdict(self)
        for k in ("total_investment_wan", "land_mu", "building_area_m2", "output_value_wan"):
            d[k] = format_decimal(d[k])
        return d


@dataclass
class Extraction:
    lists: list[ListFigure] = field(default_factory=list)
    projects: list[ProjectDraft] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"lists": [x.to_json() for x in self.lists], "projects": [p.to_json() for p in self.projects]}


# --------------------------------------------------------------------------- text


@lru_cache(maxsize=1)
def _t2s():
    try:
        from opencc import OpenCC
    except ImportError:  # pragma: no cover - declared dependency
        return None
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC t2s, applied only when the text looks traditional (so simplified
    text is never altered by over-eager conversions)."""
    conv = _t2s()
    if conv is None or not text:
        return text
    out = conv.convert(text)
    changed = sum(1 for a, b in zip(text, out, strict=False) if a != b)
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") or 1
    return out if changed >= 3 and changed / cjk > 0.01 else text


_TERMINAL = tuple("。！？!?")
_CLAUSE_PUNCT = re.compile(r"[，。；,;、：:]")


def clean_text(text: str) -> list[str]:
    """Simplified, half-width paragraphs with layout line breaks and spaces removed."""
    text = normalize_width(to_simplified(text.replace("\r\n", "\n").replace("\r", "\n")))
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        # within a block: a line that ends a sentence ends the paragraph only if
        # the block is a list of one-line paragraphs (each line ends with 。)
        current = ""
        for line in block:
            if current and current.rstrip('"”』」').endswith(_TERMINAL) and _one_line_paragraphs(block):
                paragraphs.append(current)
                current = ""
            current = _join(current, line)
        if current:
            if paragraphs and _continues(paragraphs[-1], current):
                paragraphs[-1] = _join(paragraphs[-1], current)
            else:
                paragraphs.append(current)
    return [_squeeze(p) for p in paragraphs]


def _one_line_paragraphs(block: list[str]) -> bool:
    ends = sum(1 for ln in block if ln.rstrip('"”』」').endswith(_TERMINAL))
    return ends >= max(2, len(block) - 1)


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def _continues(prev: str, nxt: str) -> bool:
    """A block cut by a page/column break: prev has sentences but does not end one."""
    p = prev.rstrip()
    return (
        bool(_CLAUSE_PUNCT.search(p))
        and not p.rstrip('"”』」').endswith(_TERMINAL)
        and len(p) >= 20
        and bool(re.match(r"[\u4e00-\u9fff\d]", nxt))
    )


_SENT_RE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[\"”』」]?)?|[。！？!?]+")


@dataclass
class _Sent:
    text: str
    start: int  # offset in paragraph
    para: int


def _sentences(p: str, pi: int) -> list[_Sent]:
    return [_Sent(m.group(0), m.start(), pi) for m in _SENT_RE.finditer(p) if m.group(0).strip()]


# --------------------------------------------------------------------------- shared patterns

_BATCH_STRONG = re.compile(
    r"(?P<carry>结转)?[\"“”']?(?:(?P<b1>签约|开工|投产|竣工)一批|集中(?P<b2>签约|开工|投产|竣工))[\"“”']?"
)
_BATCH_WEAK = re.compile(r"(?<![新已拟将])(?P<b3>签约|开工|投产|竣工)(?:的)?(?:重大|重点)?项目")
_ACTIVITY_MARK = re.compile(r"本次|此次|本期|活动|仪式|当天|现场|集中|三个一批")
_TOTAL_KW = re.compile(
    r"(?:总投资|投资总额|投资额|总金额|总额|签约金额|签约额|合同金额|合同额|协议金额|协议投资|计划投资|投资)"
    r"(?:为|达到|达|共计|共|合计|高达|可达|约为|规模|预计|:)*$"
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


# --------------------------------------------------------------------------- scope


_SCOPE_STRONG_AFTER = re.compile(r"(?:第[一二三四五六七八九十\d]+期|[\"“]?三个一批|重点项目|重大项目|项目建设|集中(?:签约|开工|投产|竣工)|20\d\d年)")
_VENUE_BEFORE = re.compile(r"(?:在|于|设在|位于|落户|来到|赴|到|走进)$")


class _ScopeResolver:
    def __init__(self, paragraphs: list[str]):
        self.principal = principal_places("\n".join(paragraphs))
        self.paragraphs = paragraphs

    def _resolve(self, name: str, level: str, deictic: bool) -> str:
        if deictic:
            return short_name(self.principal.get(level, name))
        return short_name(name)

    def _candidates(self, text: str, bonus: float):
        out = []
        for pl in find_places(text):
            after = text[pl.end:pl.end + 8]
            before = text[max(0, pl.start - 4):pl.start]
            if _VENUE_BEFORE.search(before):
                continue
            score = 1.0
            if _SCOPE_STRONG_AFTER.match(after):
                score = 3.0
            elif pl.deictic:
                score = 2.0
            out.append((score + bonus, pl))
        return out

    def scope_for(self, sent: _Sent, pos_in_sent: int, prev_sents: list[_Sent]) -> str | None:
        best = None
        cands = [(s, pl, 0) for s, pl in self._candidates(sent.text, 0.5)]
        for dist, ps in enumerate(reversed(prev_sents), start=1):
            cands += [(s, pl, dist) for s, pl in self._candidates(ps.text, 0.0)]
        if self.paragraphs:
            cands += [(s - 0.5, pl, 99) for s, pl in self._candidates(self.paragraphs[0], 0.0)]
        for score, pl, dist in cands:
            key = (score, -dist, -abs(pl.start - pos_in_sent) if dist == 0 else 0)
            if best is None or key > best[0]:
                best = (key, pl)
        if best is None:
            return None
        pl = best[1]
        return self._resolve(pl.name, pl.level, pl.deictic)


# --------------------------------------------------------------------------- lists


def _batch_mentions(s: str) -> list[tuple[int, int, str, bool, bool]]:
    """(start, end, batch, carried_over, strong) sorted by position."""
    out = []
    for m in _BATCH_STRONG.finditer(s):
        if re.match(r"项目中", s[m.end():]):
            continue  # '"签约一批"项目中先进制造业项目457个': a breakdown, not the list
        out.append((m.start(), m.end(), m.group("b1") or m.group("b2"), bool(m.group("carry")), True))
    if _ACTIVITY_MARK.search(s):
        for m in _BATCH_WEAK.finditer(s):
            if any(a <= m.start() < b for a, b, *_ in out):
                continue
            if re.search(r"20\d\d年[^，,;；]{0,6}$", s[: m.start()]):
                continue  # "2023年经开区新开工项目43个": a yearly statistic
            out.append((m.start(), m.end(), m.group("b3"), bool(re.search(r"结转\W?$", s[: m.start()])), False))
    out.sort()
    return out


def _first_count(seg: str, thresholds: list[AmountParse]) -> int | None:
    for c in find_counts(seg):
        if c.unit != "个":
            continue
        # a count right after a threshold ("10亿元以上项目124个") counts the threshold class
        if any(t.end <= c.start and c.start - t.end <= 8 for t in thresholds):
            continue
        return c.value
    return None


def _first_total(seg: str) -> Decimal | None:
    for a in find_amounts(seg):
        if a.kind != "value":
            continue
        if _is_total(seg[max(0, a.start - 14):a.start]):
            return a.value_wan
    return None


def _extract_lists(paragraphs: list[str], sents: list[list[_Sent]], scopes: _ScopeResolver) -> tuple[list[ListFigure], set]:
    figures: list[ListFigure] = []
    list_sentences: set[tuple[int, int]] = set()
    last_batch: dict[int, str] = {}  # paragraph -> last list batch stated in it
    for pi, ps in enumerate(sents):
        for si, sent in enumerate(ps):
            s = sent.text
            mentions = _batch_mentions(s)
            if not mentions:
                continue
            for k, (start, end, batch, carried, strong) in enumerate(mentions):
                nxt = mentions[k + 1][0] if k + 1 < len(mentions) else len(s)
                seg = s[end:nxt]
                cut = re.search(r"其中|;|；", seg)
                seg_main = seg[: cut.start()] if cut and cut.start() > 0 and "其中" in cut.group(0) else seg
                seg_main = re.split(r"[;；]", seg_main)[0]
                thresholds = [a for a in find_amounts(seg_main) if a.kind == "threshold"]
                count = _first_count(seg_main, thresholds)
                total = _first_total(seg_main)
                if count is None or total is None:
                    # "共有32个项目集中签约" / "总投资156亿元的32个项目集中开工"
                    prev_end = mentions[k - 1][1] if k else 0
                    pre = s[prev_end:start]
                    pre = re.split(r"[;；。]|其中", pre)[-1]
                    if count is None:
                        m = re.search(r"(\d+|[一二两三四五六七八九十百千]+)个(?:重大|重点)?(?:产业)?项目(?:集中|顺利|正式)?$", pre)
                        if m:
                            n = parse_number(m.group(1))
                            count = int(n) if n is not None else None
                    if total is None and count is not None and re.search(r"项目(?:集中|顺利|正式)?$", pre):
                        total = _first_total(pre)
                if count is None and (total is None or not strong):
                    continue  # "此次开工的重点项目之一…总投资逾50亿元" is a project, not a list
                scope = scopes.scope_for(sent, start, ps[:si])
                figures.append(ListFigure(batch, count, total, scope, s, carried))
                list_sentences.add((pi, si))
                last_batch[pi] = batch
    # merge duplicates (a headline and the body restating the same list)
    merged: list[ListFigure] = []
    for f in figures:
        twin = next(
            (g for g in merged if g.batch == f.batch and g.carried_over == f.carried_over and g.scope == f.scope
             and (g.count in (None, f.count) or f.count is None)
             and (g.total_investment_wan is None or f.total_investment_wan is None
                  or g.total_investment_wan == f.total_investment_wan)),
            None,
        )
        if twin is None:
            merged.append(f)
        else:
            twin.count = twin.count if twin.count is not None else f.count
            if twin.total_investment_wan is None:
                twin.total_investment_wan = f.total_investment_wan
    return merged, list_sentences, last_batch


# --------------------------------------------------------------------------- projects

_NAME_BOUNDARY = re.compile(r"[，。；：、,;:!?！？\"“”'‘’《》【】\[\]\s]")
_PEEL_WORDS = re.compile(
    r"^(?:其中|包括|主要包括|主要有|分别是|分别为|以及|和|及|与|另外|此外|还有|该|本次|此次|当天|今天|"
    r"活动现场|现场|共有|据悉|据了解|同时|如|有|是|为|对|将|把|由|其|以)"
)
_VERB_PREFIX = re.compile(
    r"(?:主要建设|重点建设|开工建设|计划建设|集中建设|新建|引进|实施|观摩了?|参观了?|调研了?|视察了?|来到|走进|"
    r"集中签约|集中开工|集中投产|集中竣工|正式签约|签约了?|开工了?|竣工了?|投产了?|入选|参加|举行)的?"
)
_AMOUNT_PREFIX = re.compile(r"^(?:总投资|计划总投资|投资|签约金额)(?P<a>[^的]{1,16}?)的")
_OWNER_PREFIX = re.compile(rf"^(?P<c>{_COMPANY})(?:投资建设|投资兴建|投资|建设|实施)的")
_LOC_PREFIX = re.compile(r"^(?:位于|落户|坐落于|选址)(?P<p>[^的]{2,12})的")
_GENERIC_CORE = re.compile(
    r"^(?:新|已|拟|计划|续建|在建|新建|重大|重点|省|市|县|区|产业|工业|招商|签约|开工|投产|竣工|集中|的|和|及|"
    r"建设|储备|民生|基础设施|省级|市级|区级|县级|各类|所有|上述|这些|以上|其他|全部|单体|同类|入库|首批|"
    r"第[一二三四五六七八九十\d]+批|年度|本年|当年|大|好|优质|一批|[\d一二三四五六七八九十百]+个)*$"
)
_BAD_CORE = re.compile(r"项目|并|宣布|出席|表示|指出|要求|强调|(?:重点|重大|招商引资|签约|开工|投产|竣工|季度|春季|秋季)$|季度|举行|活动|仪式|\d{4}年|一批|三个|以上|亿元|万元|\d+个|[一二三四五六七八九十]+个|本次|此次|全省|全市|全县|全区|我省|我市|我县|我区|这些|为王")


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


def _peel(raw: str) -> tuple[str, str | None, str | None, Decimal | None]:
    """Strip leading connectors/places/verbs from a candidate; returns (name, location, owner, total)."""
    name, loc, owner, total = raw, None, None, None
    for _ in range(8):
        before = name
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
    if re.search(r"[的和及与等类个在对把将是为以从向抓促推让使]$", core) or core.startswith(("(", ")")):
        return False
    return True


_NAME_END_RE = re.compile(r"项目(?:\([一二三四五六七八九十]+期\))?")


def _find_mentions(p: str, pi: int, sents: list[_Sent]) -> list[_Mention]:
    out: list[_Mention] = []
    for si, sent in enumerate(sents):
        s = sent.text
        for m in _NAME_END_RE.finditer(s):
            end = m.end()
            # start: after the last boundary before 项目
            j = m.start()
            while j > 0 and not _NAME_BOUNDARY.match(s[j - 1]):
                j -= 1
            raw = s[j:end]
            if j == m.start() and j > 0 and s[j - 1] in "\"”’":  # "“豫见”项目": a quoted name
                q = max(s.rfind("“", 0, j - 1), s.rfind('"', 0, j - 1))
                if q >= 0:
                    raw = s[q + 1:j - 1] + "项目"
                    j = q + 1
            name, loc, owner, total = _peel(raw)
            if not _valid_name(name):
                continue
            # the name itself must not run on after 项目 ("项目为王", "项目建设")
            if re.match(r"为王|库|部|组|办|单位|法人|管理|谋划|招引|化|制|经理|审批|资金|前期|数|个数|产品|反映", s[end:end + 3]):
                continue
            out.append(_Mention(name, pi, si, sent.start + end - len(name), sent.start + end, loc, owner, total))
    return out


def _figure_events(s: str, offset: int) -> list[tuple[int, str, object]]:
    """(position, field, value) of project figures in sentence ``s``."""
    ev: list[tuple[int, str, object]] = []
    for a in find_amounts(s):
        if a.kind != "value":
            continue
        ctx = s[max(0, a.start - 14):a.start]
        if _is_total(ctx):
            ev.append((offset + a.start, "total_investment_wan", a.value_wan))
        elif _is_output(ctx):
            ev.append((offset + a.start, "output_value_wan", a.value_wan))
    for m in _LAND_RE.finditer(s):
        n = parse_number(m.group("num"))
        if n is not None:
            ev.append((offset + m.start(), "land_mu", n * 15 if m.group("unit") == "公顷" else n))
    for m in _AREA_RE.finditer(s):
        n = parse_number(m.group("num"))
        if n is not None:
            ev.append((offset + m.start(), "building_area_m2", n * 10000 if m.group("wan") else n))
    for rx in _OWNER_RES:
        for m in rx.finditer(s):
            ev.append((offset + m.start(), "owner", m.group("c")))
    for m in _LOC_RE.finditer(s):
        rest = s[m.end():]
        pl = place_at_start(rest)
        if pl:
            ev.append((offset + m.start(), "location", short_name(pl.name)))
    ev.sort(key=lambda e: e[0])
    return ev


def _clause_at(s: str, pos: int) -> str:
    lo = max(s.rfind(c, 0, pos) for c in "，,；;")
    his = [i for i in (s.find(c, pos) for c in "，,；;。") if i >= 0]
    return s[lo + 1:min(his) if his else len(s)]


def _phase_set(s: str) -> set[str]:
    phases: set[str] = set()
    for m in _PHASE_ENUM_RE.finditer(s):
        phases |= {ch + "期" for ch in re.findall(r"[一二三四五六七八九]", m.group(0))}
    for m in _PHASE_RE.finditer(s):
        phases.add(m.group("n") + "期")
    return phases


def _stage_in(s: str, pos: int) -> str | None:
    """Nearest stated stage verb in the clause around ``pos``."""
    lo = max(s.rfind(c, 0, pos) for c in "；;")
    his = [i for i in (s.find(c, pos) for c in "；;") if i >= 0]
    hi = min(his) if his else len(s)
    clause = s[lo + 1:hi]
    rel = pos - (lo + 1)
    best = None
    for m in _STAGE_RE.finditer(clause):
        if _FUTURE.search(clause[max(0, m.start() - 6):m.start()]):
            continue
        d = abs(m.start() - rel)
        if best is None or d < best[0]:
            best = (d, _STAGE_MAP[m.group("v")])
    return best[1] if best else None


def _extract_projects(paragraphs: list[str], sents: list[list[_Sent]], list_sentences: set,
                      last_batch: dict[int, str]) -> list[ProjectDraft]:
    mentions_by_para = [_find_mentions(p, pi, sents[pi]) for pi, p in enumerate(paragraphs)]
    all_mentions = [m for ms in mentions_by_para for m in ms]

    # enumeration groups: consecutive mentions joined only by 、/和/及/与
    gid = 0
    for ms in mentions_by_para:
        for a, b in zip(ms, ms[1:], strict=False):
            between = paragraphs[a.para][a.end:b.start - 0]
            if a.sent == b.sent and re.fullmatch(r"(?:、|,|，|和|及|与|以及)", between):
                if a.group < 0:
                    a.group = gid
                    gid += 1
                b.group = a.group
    # places of the first member spread over the enumeration
    groups: dict[int, list[_Mention]] = {}
    for m in all_mentions:
        if m.group >= 0:
            groups.setdefault(m.group, []).append(m)
    for members in groups.values():
        loc = next((m.location for m in members if m.location), None)
        for m in members:
            m.location = m.location or loc

    # records keyed by name; fields are (value, sentence phase set)
    records: dict[str, dict] = {}

    def rec(name: str, m: _Mention | None = None) -> dict:
        r = records.get(name)
        if r is None:
            r = records[name] = {"name": name, "fields": {}, "mention": m, "stage": None, "aliases": set()}
        return r

    def put(r: dict, fld: str, val, phases: frozenset):
        r["fields"].setdefault(fld, []).append((val, phases))

    first_para_of: dict[str, int] = {}
    for m in all_mentions:
        first_para_of.setdefault(m.name, m.para)

    carry: _Mention | None = None
    for pi, p in enumerate(paragraphs):
        ms = mentions_by_para[pi]
        subject: _Mention | None = None
        if not ms and carry is not None and re.match(r"(?:该项目|项目|其|建成后|投产后|达产后|全部建成|预计)", p):
            subject = carry
        # components: named after 其中 while a subject is being described
        for m in ms:
            s = sents[pi][m.sent]
            qz = p.rfind("其中", s.start, m.start)
            if subject is not None and qz >= 0 and subject.para == pi and qz >= subject.end:
                m.component_of = subject
            elif subject is not None and m.group >= 0 and groups[m.group][0].component_of is not None:
                m.component_of = groups[m.group][0].component_of
            if subject is None and m.component_of is None:
                subject = m
            r = rec(m.name, m)
            if m.location:
                put(r, "location", m.location, frozenset())
            if m.owner:
                put(r, "owner", m.owner, frozenset())
            if m.total is not None:
                put(r, "total_investment_wan", m.total, frozenset())
        # aliases: a subject not announced earlier that mentions an earlier announced name
        if ms and ms[0].component_of is None:
            subj = ms[0]
            if first_para_of.get(subj.name) == pi:
                for m in ms[1:]:
                    if m.component_of is None and first_para_of.get(m.name, pi) < pi and m.group < 0:
                        rec(m.name)["aliases"].add(subj.name)
                        break
        # figures -> nearest preceding mention
        for si, sent in enumerate(sents[pi]):
            in_list = (pi, si) in list_sentences
            last_batch_end = -1
            if in_list:
                bm = _batch_mentions(sent.text)
                last_batch_end = sent.start + bm[-1][1] if bm else -1
            for pos, fld, val in _figure_events(sent.text, sent.start):
                if any(mm.start <= pos < mm.end for mm in ms):
                    continue  # inside a name ("投资20亿元的…项目" handled by _peel)
                target = None
                for mm in ms:
                    if mm.end <= pos:
                        target = mm
                if target is None:
                    target = subject if subject is not None and subject.para != pi else None
                if target is None:
                    continue
                if in_list and (target.para != pi or target.end < last_batch_end):
                    continue
                if target.component_of is not None:
                    target = target.component_of
                elif target.group >= 0 and len(groups[target.group]) > 1:
                    continue  # "A项目、B项目总投资30亿元": a figure for several projects
                put(rec(target.name), fld, val, frozenset(_phase_set(_clause_at(sent.text, pos - sent.start))))
        if subject is not None:
            carry = subject
        elif ms:
            carry = ms[-1]

        # stages
        for m in ms:
            if m.component_of is not None:
                continue
            s = sents[pi][m.sent]
            st = _stage_in(s.text, m.end - s.start)
            if st is None:
                # listed under a list mention earlier in the paragraph
                prior = [b for sj in range(0, m.sent + 1) for b in _batch_mentions(sents[pi][sj].text)
                         if (sj < m.sent or sents[pi][sj].start + b[0] < m.start) and b[4]]
                if prior:
                    st = prior[-1][2]
            if st is None:
                # "签约项目中，A项目…；B项目…": the sentence opens with the list it enumerates
                lead = re.match(r"(?:在|此次|本次|当天)*(?:集中)?(签约|开工|投产|竣工)(?:的)?(?:一批)?(?:重大|重点)?项目中",
                                sents[pi][m.sent].text)
                if lead:
                    st = lead.group(1)
            if st is None and m.sent == 0 and p.startswith("其中") and pi - 1 in last_batch:
                st = last_batch[pi - 1]  # "其中，A项目…" right after the list paragraph
            if st is None and m is subject:
                # a follow-up sentence about it: "该项目当天集中开工。" / "项目于当天集中投产。"
                for later in sents[pi][m.sent + 1:]:
                    if re.match(r"(?:该项目|项目|该企业)", later.text):
                        st = _stage_in(later.text, 0)
                        if st:
                            break
            r = rec(m.name, m)
            if st and r["stage"] is None:
                r["stage"] = st

    # merge aliases into their announced names
    for r in list(records.values()):
        for alias in r["aliases"]:
            ar = records.pop(alias, None)
            if ar is None:
                continue
            for fld, vals in ar["fields"].items():
                r["fields"].setdefault(fld, []).extend(vals)
            r["stage"] = r["stage"] or ar["stage"]
            r.setdefault("alias_names", []).append(alias)
    # drop components that have no own record content
    projects: list[ProjectDraft] = []
    sentence_text = {(s.para, i): s.text for ps in sents for i, s in enumerate(ps)}
    all_sents = [s.text for ps in sents for s in ps]
    all_names = sorted({mm.name for mm in all_mentions}, key=len, reverse=True)
    for name, r in records.items():
        m = r["mention"]
        if m is not None and m.component_of is not None and not r["fields"]:
            continue
        phase = _name_phase(name)
        if phase is None:
            phase = _phase_from_sentences(name, all_names, all_sents)
        d = ProjectDraft(name=name, phase=phase, stage=r["stage"],
                         source=sentence_text.get((m.para, m.sent), "") if m else "")
        for fld, vals in r["fields"].items():
            for val, phases in vals:
                if phases and (len(phases) > 1 or (phase is not None and phase not in phases)
                               or (phase is None and fld in ("output_value_wan",))):
                    continue
                if getattr(d, fld) is None:
                    setattr(d, fld, val)
        if any(getattr(d, f) is not None for f in ("owner", "location", "total_investment_wan", "land_mu",
                                                    "building_area_m2", "output_value_wan", "phase", "stage")):
            projects.append(d)
    return projects


def _name_phase(name: str) -> str | None:
    found = _PHASE_RE.findall(name)
    return found[-1] + "期" if found else None


def _phase_from_sentences(name: str, names: list[str], sentences: list[str]) -> str | None:
    """A sentence that names the project's product line and exactly one phase
    ("郑州中兴产业园二期是以'中兴5G微基站和智慧杆塔集成产品'为核心"). Phases inside
    other project names of the sentence do not count."""
    core = re.sub(r"项目$", "", name)
    key = core[:-2] if len(core) > 8 else core
    for sentence in sentences:
        for s in re.split(r"[，,；;]", sentence):
            if not key or key not in s:
                continue
            for other in names:
                s = s.replace(other, "")
            ph = _phase_set(s)
            if len(ph) == 1 and not _PHASE_ENUM_RE.search(s):
                return next(iter(ph))
    return None


# --------------------------------------------------------------------------- entry point


def extract(text: str) -> Extraction:
    paragraphs = clean_text(text or "")
    sents = [_sentences(p, i) for i, p in enumerate(paragraphs)]
    scopes = _ScopeResolver(paragraphs)
    lists, list_sentences, last_batch = _extract_lists(paragraphs, sents, scopes)
    projects = _extract_projects(paragraphs, sents, list_sentences, last_batch)
    return Extraction(lists, projects)
