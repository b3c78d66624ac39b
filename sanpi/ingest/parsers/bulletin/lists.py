"""Pipeline step 3: list figures (签约/开工/投产/竣工一批 …), with the place each list belongs to."""

from __future__ import annotations

import re

from ..amounts import find_amounts, find_counts
from ..numerals import parse_number
from ..places import place_at_start
from .figures import _first_count, _first_total
from .mentions import _list_mentions
from .parts import (
    _BY_PLACE,
    _breakdowns,
    _elliptical_parts,
    _per_place,
    _places_respectively,
    _respectively,
    _same_place,
)
from .patterns import (
    _BATCH_STRONG,
    _KIND_OF_VERB,
    _THRESHOLD_WORDS,
)
from .results import ListFigure
from .scope import _ScopeResolver
from .text import _Sent

# --------------------------------------------------------------------------- lists


_PRE_COUNT = re.compile(
    r"(\d+|[一二两三四五六七八九十百千]+)个" + _THRESHOLD_WORDS +
    r"(?:(?:重大|重点)?(?:产业)?项目|(?:企业|工业|产业))(?:集中|顺利|正式|全面|同时|同步|成功|现场|进行了|进行|参加|参与|建成){0,2}$")
# "12个增资扩产项目现场签约" / "3个在钦企业增资扩产项目": a count right before a mention that is itself the
# noun (…项目), with at most a short qualifier between
_PRE_COUNT_NOUN = re.compile(r"(\d+|[一二两三四五六七八九十百千]+)个(?:[\u4e00-\u9fff]{0,6}?(?:企业|存量|外资|内资))?$")
# "100项省管重点建设项目总投资3012.5亿元": a count standing right before the batch's name
_PRE_COUNT_KEY_BARE = re.compile(
    r"(\d+|[一二两三四五六七八九十百千]+)(?:个|项)(?:省管|省列|市列|省级|市级|县级|区级|省|市|县|区)?$")
# "集中开工96个、竣工79个重点项目，总投资927.6亿元": the counts before a shared total
_SHARED_GAP = re.compile(r"(?:的)?(?:重大|重点)?(?:项目)?(?:共)?(?:\d+|[一二两三四五六七八九十百千]+)个[、和及与]")
_PRE_COUNT_KEY = re.compile(
    r"(\d+|[一二两三四五六七八九十百千]+)个(?:重大|重点)?项目(?:入选|列入|纳入)[^，,。；;]{0,14}$")
_NAMED_BEFORE_TOTAL = re.compile(r"[\u4e00-\u9fff]{4,}(?:项目|工程)(?:\([^()]*\))?[，,]?(?:计划)?$")


_PLACE_BEFORE = re.compile(r"(?:^|[，,；;:：])[\u4e00-\u9fff]{1,6}(?:省|市|县|区|州|盟|旗)$")
# a progress statistic, not an event's list
_STATISTIC = re.compile(r"今年以来|年初以来|累计|截至|截止|\d{1,2}[-—~至]\d{1,2}月|前[一二三]季度|上半年|全年|同比|占年度")
# a figure of another time, for comparison ("去年同期，全市集中开工项目41个")
_EARLIER = re.compile(r"(?:去年|上年|同期|此前|上一?[期批季])[^，,。；;]{0,6}[，,]?[^，,。；;]*$")
_SUFFIX_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?:市|县|区|旗)(?=开工|签约|投产|竣工|集中)")
# an event (not a progress statistic) is being reported: count-only lists need one
_EVENT_MARK = re.compile(r"本次|此次|本期|本批|批次|活动|仪式|当天|当日|现场|集中(?:签约|开工|动工|投产|竣工|开竣工)|一批")
_CONVERTED = re.compile(r"(?:由|经)(?:前期|上期|往期|此前|以前|上一期|上季度|第[一二三四五六七八九十\d]+期|去年|上年|今年|年初)"
                        r"[^，,。；;]{0,10}项目转化")
# "这批项目均由去年春季集中开工项目转化而来": the next sentence says the list was carried over
_CONVERTED_NEXT = re.compile(r"^(?:这批|这些|上述|该批|本批|以上)(?:重大|重点)?项目(?:均|全部|都|大多)?(?:是)?(?:由|经)")
# "这批项目总投资达408亿元" / "签约项目总投资512亿元" / "上述项目计划总投资…": the sentence after a list
# whose subject is the list's projects as a whole (not "这批项目中": that opens a breakdown)
_FOLLOW_TOTAL = re.compile(
    r"^(?:据介绍|据了解|据悉|据统计|经统计|记者了解到)?[，,]?(?:这些|这批|上述|以上|此次|本次|该批|本批|全部|所有)?"
    r"(?:(?:集中)?(?:签约|开工|动工|投产|竣工|开竣工)?(?:的)?(?:重大|重点|产业)?项目(?!中)(?:共|合计|总计)?)?"
    r"(?:计划)?(?:总投资|投资总额|签约总额|签约金额|总金额|协议总投资)")
# "泉州市举行重大项目集中开工活动。此次活动共有193个项目，总投资1350亿元。": the figures of a list
# named in the sentence before
_CONTINUES = re.compile(
    r"^(?:据了解|据悉|据介绍|据统计)?[，,]?(?:此次|本次|本批|该批|当天|本期)?(?:活动)?(?:中)?[，,]?"
    r"(?:共有|共计|共|涉及|包括|有)?(?:重大|重点)?(?:项目)?(?:共有|共计|共|有|达)?"
    r"(?:\d+|[一二两三四五六七八九十百千]+)(?:余|多)?个(?:重大|重点)?(?:项目)?(?:[，,]|[。.!！]?$)")


def _extract_lists(paragraphs: list[str], sents: list[list[_Sent]], scopes: _ScopeResolver) -> tuple[list[ListFigure], set]:
    figures: list[ListFigure] = []
    list_sentences: set[tuple[int, int]] = set()
    last_batch: dict[int, str] = {}  # paragraph -> last activity list stated in it
    prev_fig: ListFigure | None = None  # the last list of the previous sentence (also across a paragraph break)
    prev_figs: list[ListFigure] = []  # every list of the previous sentence
    pending = None  # (kind, sentence, position): an activity named in the previous sentence without figures
    # the text reports an event (集中开工/签约一批/“三个一批”活动 …), wherever it names it
    doc_event = any(_BATCH_STRONG.search(p) or re.search(r"[三五六七]个一批|集中(?:签约|开工|动工|投产|竣工|开竣工)", p)
                    for p in paragraphs)
    for pi, ps in enumerate(sents):
        for si, sent in enumerate(ps):
            s = sent.text
            last = next((f for f in reversed(figures) if f.kind in ("签约", "开工", "投产", "竣工", "增资")), None)
            if last is not None and _BY_PLACE.match(s):
                parts = _per_place(s, last)
                if parts:
                    figures += parts
                    list_sentences.add((pi, si))
                    prev_fig, prev_figs = None, []
                    continue
            follows = prev_fig is not None and s.startswith("其中")
            # a sentence right after a list continues its activity context ("竣工重大项目40个…" after the
            # 开工 list); after "其中" only a 合计's parts are lists of their own
            weak_ctx = prev_fig is not None and (not follows or prev_fig.kind == "合计")
            mentions = _list_mentions(s, weak_ok=weak_ctx)
            if not mentions and not follows and not _STATISTIC.search(s):
                # "…举行重大项目集中开工仪式。市委书记出席并宣布开工。开工项目42个，总投资128亿元。": in a text
                # that reports an event, a list word with both figures is that event's list; so is one
                # right after a place ("各地情况如下：郑州市签约项目42个，总投资380亿元；…")
                mentions = [mm for mm in _list_mentions(s, weak_ok=True) if not mm[4]
                            and (doc_event or _PLACE_BEFORE.search(s[:mm[0]]))]
                clause = [re.split(r"[;；:：]|包括|其中", s[mm[1]:])[0] for mm in mentions]
                mentions = [mm for mm, c in zip(mentions, clause, strict=True)
                            if _first_total(c) is not None and find_counts(c)
                            and not re.search(r"以上(?:的)?$", s[:mm[0]])]  # "总投资10亿元以上的开工项目有8个"
            named = re.match(r"(?:在|本次|此次|其中)?[，,]?(?:集中)?(签约|开工|投产|竣工)(?:的)?(?:重大|重点)?项目中", s)
            if named and prev_figs:
                # "开工项目中，产业项目31个…" after "开工项目52个…；竣工项目37个…": the list it names
                prev_fig = next((f for f in reversed(prev_figs) if f.kind == named.group(1)), prev_fig)
            if follows:
                if prev_fig.kind != "合计":
                    # "…总投资1128.6亿元。其中，工业项目136个，总投资655亿元。": the list's breakdown
                    if not prev_fig.breakdowns:
                        prev_fig.breakdowns = _breakdowns(s)
                    mentions = [mm for mm in mentions if mm[4]]
                    # "…总投资528.6亿元。其中，黄州区18个，总投资73.5亿元；麻城市21个…": the list per place
                    parts = _elliptical_parts(s, prev_fig, s)
                    if parts:
                        figures += parts
                        list_sentences.add((pi, si))
            elif prev_fig is not None and prev_fig.kind != "合计" and not any(mm[4] for mm in mentions):
                # "从项目类型看，产业项目63个，总投资241.8亿元；基础设施项目15个…" / "开工项目涉及新能源项目52个、…":
                # a sentence right after the list that splits it into parts with their own figures
                # is its breakdown — of that one list only
                items = _breakdowns(s)
                counts = [b["count"] or 0 for b in items]
                # "川汇区开工项目19个，总投资86.5亿元；项城市开工项目23个…": lists per place, not a breakdown
                per_place = sum(1 for b in items if place_at_start(b["label"]) or _SUFFIX_PLACE.match(b["label"]))
                if len(items) >= 2 and per_place < len(items) \
                        and all(b["total_investment_wan"] is not None for b in items) \
                        and prev_fig.count is not None and sum(counts) <= prev_fig.count:
                    have = {b["label"] for b in prev_fig.breakdowns}
                    prev_fig.breakdowns += [b for b in items if b["label"] not in have]
                    mentions = []
            prev_fig, prev_figs = None, []
            named_parts = re.search(r"(?:集中)?(签约|开工|动工|投产|竣工)的?(?:重大|重点)?项目中[，,:：]", s)
            if not mentions and named_parts:
                # "在本次集中开工的项目中，洛阳市32个，总投资150亿元；平顶山市21个…": that activity per place
                kind = _KIND_OF_VERB[named_parts.group(1)]
                parts = _elliptical_parts("；" + s[named_parts.end():], ListFigure(kind, None, None, None, s, kind=kind), s)
                if parts:
                    figures += parts
                    list_sentences.add((pi, si))
            if not mentions:
                if pending is not None and _CONTINUES.match(s):
                    kind, psent, pstart = pending
                    clause = re.split(r"[。；;]|其中", s)[0]
                    counts = find_counts(clause)
                    total = _first_total(clause)
                    if total is None and si + 1 < len(ps) and _FOLLOW_TOTAL.match(ps[si + 1].text):
                        # "本次活动共有项目64个。这些项目总投资达312.6亿元": the total one sentence on
                        total = _first_total(ps[si + 1].text)
                    fig = ListFigure(kind, counts[0].value if counts else None, total,
                                     scopes.scope_for(psent, pstart, ps[:si]), s, kind=kind)
                    figures.append(fig)
                    prev_fig, prev_figs = fig, [fig]
                    list_sentences.add((pi, si))
                pending = None
                continue
            pending = None
            parent: ListFigure | None = None  # the list a "其中…" in this sentence breaks down
            parent_qz, parent_end = -1, -1
            for k, (start, end, kind, carried, strong) in enumerate(mentions):
                nxt = mentions[k + 1][0] if k + 1 < len(mentions) else len(s)
                if parent is not None and parent.kind != "合计" and parent_qz < start < parent_end:
                    continue  # "…，其中新开工项目2314个、总投资8326亿元": a breakdown of the list
                seg = s[end:nxt]
                by_place = _places_respectively(s[:start], s[end:], kind, s) if kind != "合计" else []
                if by_place:
                    # "靖江市、泰兴市分别集中开工项目15个、12个": one list per place, in order
                    figures += by_place
                    list_sentences.add((pi, si))
                    continue
                if kind == "合计":
                    parts = _respectively(s[start:end], s[end:])
                    if parts:
                        # "签约、开工、投产项目分别为44个、57个、32个，总投资分别为…": one list per verb
                        scope = scopes.scope_for(sent, start, ps[:si])
                        for pk, pc, pt in parts:
                            figures.append(ListFigure(pk, pc, pt, scope, s, kind=pk))
                        list_sentences.add((pi, si))
                        continue
                if k + 1 < len(mentions):
                    # "集中开工仪式在…举行，全区共有36个项目集中开工": the count right before the next
                    # mention is that mention's
                    nxt_noun = s[mentions[k + 1][0]:mentions[k + 1][1]].endswith("项目")
                    own = (_PRE_COUNT_NOUN if nxt_noun else _PRE_COUNT).search(re.split(r"[;；。]|其中", seg)[-1])
                    if own:
                        seg = seg[: len(seg) - len(re.split(r"[;；。]|其中", seg)[-1]) + own.start()]
                # "集中开工的64个项目中，产业项目48个，总投资251.3亿元": what follows "…项目中" is a part of it
                cut = re.search(r"其中|;|；|(?<=项目)中[，,]", seg)
                if cut and cut.group(0).startswith("中"):
                    # …unless its parts add up to the whole ("15个项目中，工业项目11个、现代服务业项目4个，合同总投资
                    # 62.4亿元": the total after the parts is the list's)
                    head = find_counts(seg[:cut.start()])
                    parts = [c.value for c in find_counts(re.split(r"[。;；]", seg[cut.end():])[0]) if c.unit in ("个", "项", "宗")]
                    if head and len(parts) >= 2 and sum(parts) == head[-1].value:
                        cut = None
                seg_main = seg[: cut.start()] if cut and cut.start() > 0 and "中" in cut.group(0) else seg
                seg_main = re.split(r"[;；]", seg_main)[0]
                thresholds = [a for a in find_amounts(seg_main) if a.kind == "threshold"]
                count = _first_count(seg_main, thresholds)
                total = _first_total(seg_main)
                activity = kind in ("签约", "开工", "投产", "竣工", "合计", "增资")
                if count is None or total is None:
                    # "共有32个项目集中签约" / "总投资156亿元的32个项目集中开工"
                    prev_end = mentions[k - 1][1] if k else 0
                    pre = s[prev_end:start]
                    pre = re.split(r"[;；。]|其中", pre)[-1]
                    if count is None:
                        m = (_PRE_COUNT if activity else _PRE_COUNT_KEY).search(pre) \
                            or (_PRE_COUNT_NOUN.search(pre) if activity and s[start:end].endswith("项目") else None) \
                            or (None if activity else _PRE_COUNT_KEY_BARE.search(pre))
                        if m:
                            n = parse_number(m.group(1))
                            count = int(n) if n is not None else None
                    if total is None and count is not None and re.search(r"项目(?:集中|顺利|正式)?$", pre):
                        total = _first_total(pre)
                if total is None and count is not None and activity:
                    # "本批次集中动工项目共有45个。这些项目总投资达312亿元" (also past one sentence without figures)
                    for j in (si + 1, si + 2):
                        if j < len(ps) and _FOLLOW_TOTAL.match(ps[j].text):
                            total = _first_total(ps[j].text)
                            break
                        if j < len(ps) and (find_counts(ps[j].text) or find_amounts(ps[j].text)):
                            break
                if total is None and count is not None and activity and si > 0 \
                        and re.search(r"[!！:：]$", ps[si - 1].text) and len(ps[si - 1].text) <= 24 \
                        and not find_counts(ps[si - 1].text):
                    # headline "总投资1350亿元！泉州193个项目集中开工"
                    total = _first_total(ps[si - 1].text)
                # "今年全旗计划实施重点项目165个。": the year's key-project plan, stated by its count alone (with
                # only its 年度计划投资 after it, it is no list: "…省重大项目600个，年度计划投资3200亿元")
                plan_count = kind == "重点项目" and count is not None and total is None \
                    and re.search(r"(?:今年|全年|年度|20\d\d年)[^，,。；;]{0,6}(?:计划实施|计划安排|安排实施|共有|共实施|共安排)"
                                  r"(?:省|市|县|区|旗)?级?$", s[:start]) is not None \
                    and re.match(r"(?:共)?(?:\d+|[一二两三四五六七八九十百千]+)个[。.]?$", seg_main)
                if not activity and (count is None or total is None) and not plan_count:
                    continue  # a key-project batch is only a list with both figures
                if count is None and total is not None and _NAMED_BEFORE_TOTAL.search(seg_main.split("总投资")[0]):
                    continue  # "集中开工项目：1．丹江口…项目，总投资12.3亿元": a project's figure
                if count is None and re.search(r"(?:该|此|这个|这一)项目(?:计划|预计)?(?:总投资|投资)", seg_main):
                    continue  # "集中开工暨某小镇项目奠基仪式举行，该项目总投资30亿元": one project's figure
                if count is None and (total is None or not strong):
                    continue  # "此次开工的重点项目之一…总投资逾50亿元" is a project, not a list
                if total is None and _EARLIER.search(s[:start]):
                    continue  # "去年同期，全市集中开工项目41个": a figure for comparison
                if total is None and not strong and (_STATISTIC.search(s[:start]) or re.search(r"以来", s[:start])):
                    continue  # "2026年以来，全市已累计开工项目186个": a running total, not this event's list
                if total is None and not strong and not _EVENT_MARK.search(s) and not weak_ctx and not plan_count:
                    continue  # "…等201个项目开工建设，占年度计划的90.1%" / "全市累计签约项目236个": progress, no event
                scope = scopes.scope_for(sent, start, ps[:si])
                if _CONVERTED.search(seg_main) or (si + 1 < len(ps) and _CONVERTED_NEXT.match(ps[si + 1].text)
                                                  and _CONVERTED.search(ps[si + 1].text)):
                    carried = True  # "（均由前期开工项目转化而来）": carried over from an earlier list
                fig = ListFigure(kind, count, total, scope, s, carried, kind=kind)
                if k and prev_figs and total is not None and count is not None and prev_figs[-1].total_investment_wan is None \
                        and prev_figs[-1].count is not None and _SHARED_GAP.fullmatch(s[mentions[k - 1][1]:start]) \
                        and prev_figs[-1].kind in ("签约", "开工", "投产", "竣工") and kind in ("签约", "开工", "投产", "竣工"):
                    # one total over both counts: it is their sum's, not the last list's
                    figures.append(ListFigure("合计", prev_figs[-1].count + count, total, scope, s, kind="合计"))
                    fig.total_investment_wan = None
                qz = s.find("其中", end)
                if qz >= 0 and (qz < nxt or kind != "合计"):
                    semi = re.search(r"[;；]", s[qz:])
                    if semi and kind != "合计" and not any(mm[0] > qz and mm[4] for mm in mentions):
                        semi = None  # "其中，合同项目30个…；协议项目12个…": every part up to the sentence end
                    parent, parent_qz, parent_end = fig, qz, qz + semi.start() if semi else len(s)
                    if kind != "合计":
                        fig.breakdowns = _breakdowns(s[qz:parent_end])
                figures.append(fig)
                prev_fig = fig
                prev_figs.append(fig)
                if kind != "合计":
                    figures += _elliptical_parts(s[end:nxt], fig, s)
                list_sentences.add((pi, si))
                if kind in ("签约", "开工", "投产", "竣工"):
                    last_batch[pi] = kind
            doc_event = doc_event or any(mm[4] for mm in mentions)
            resp = re.search(r"(?:总投资|投资总额|签约金额|总额)(?:额)?分别(?:为|是|达)?[:：]?", s)
            open_figs = [f for f in prev_figs if f.total_investment_wan is None and f.source == s]
            if resp and len(open_figs) >= 2:
                # "签约项目18个、开工项目25个、投产项目12个，总投资分别为96亿元、132亿元、41亿元"
                amounts = [a.value_wan for a in find_amounts(re.split(r"[。；;]", s[resp.end():])[0]) if a.kind == "value"]
                if len(amounts) == len(open_figs):
                    for f, v in zip(open_figs, amounts, strict=True):
                        f.total_investment_wan = v
            if not prev_figs:
                strong_kinds = [(mm[2], mm[0]) for mm in mentions if mm[4] and mm[2] in ("签约", "开工", "投产", "竣工", "合计")]
                if strong_kinds:
                    pending = (strong_kinds[0][0], sent, strong_kinds[0][1])
    # merge duplicates (a headline and the body restating the same list)
    merged: list[ListFigure] = []
    for f in figures:
        twin = next(
            (g for g in merged if g.kind == f.kind and g.carried_over == f.carried_over
             and (_same_place(g.scope, f.scope) or g.scope is None or f.scope is None
                  # "我省此次开工的520个重大项目，…" after "全省集中开工重大项目520个，总投资2160亿元": the same
                  # list restated without its total, whatever place the restatement seems to name
                  or (f.count is not None and g.count == f.count
                      and (f.total_investment_wan is None or g.total_investment_wan is None
                           or f.total_investment_wan == g.total_investment_wan)))
             and (g.count in (None, f.count) or f.count is None)
             and (g.total_investment_wan is None or f.total_investment_wan is None
                  or g.total_investment_wan == f.total_investment_wan)),
            None,
        )
        if twin is None:
            merged.append(f)
        else:
            if f.scope and ((twin.count is None and f.count is not None)
                            or (twin.total_investment_wan is None and f.total_investment_wan is not None)):
                twin.scope = f.scope  # the body's figure names its place more fully than a headline
            twin.count = twin.count if twin.count is not None else f.count
            twin.scope = twin.scope or f.scope
            if twin.total_investment_wan is None:
                twin.total_investment_wan = f.total_investment_wan
            twin.breakdowns = twin.breakdowns or f.breakdowns
    # "福建一季度重大项目集中开工 总投资超三千亿元" over "全省共有412个重大项目集中开工，总投资3126亿元": a list
    # without a count restates (roughly) one with a count of the same kind and place
    merged = [f for f in merged if f.count is not None or not any(
        g.count is not None and (g.kind == f.kind or f.kind == "合计") and (_same_place(g.scope, f.scope) or not g.scope or not f.scope)
        for g in merged)]
    return merged, list_sentences, last_batch
