"""Pipeline step 4: project drafts, figures assigned to the nearest preceding project mention."""

from __future__ import annotations

import re

from ..amounts import find_amounts
from ..numerals import parse_number
from ..places import place_at_start, short_name
from .mentions import _batch_mentions
from .names import _find_mentions, _Mention
from .patterns import (
    _AREA_RE,
    _FUTURE,
    _LAND_RE,
    _LOC_RE,
    _OWNER_RES,
    _PHASE_ENUM_RE,
    _PHASE_RE,
    _STAGE_MAP,
    _STAGE_RE,
    _is_output,
    _is_total,
)
from .results import ProjectDraft
from .text import _Sent

# "准格尔旗煤制烯烃升级示范项目，260亿元；" an amount standing alone after a name in an enumeration
# "…项目，8.5亿元" / "1. …项目 5.2亿元" (a list line: the amount glued to the name)
# "A市智能仓储项目(12亿元)": the amount in brackets right after the name
_BARE_TOTAL = re.compile(r"(?:项目|工程)(?:\([一二三四五六七八九十]+期\))?[，,：:(]?(?:约|近|超|逾)?$")
_RESPECTIVELY = re.compile(r"[，,]?(?:计划)?(?:总投资|投资额|投资|签约额|签约金额)(?:分别为|分别是|分别达|分别)")
# "总投资5亿美元(约合36亿元)": the amount in 元 given for a foreign-currency total
_CONVERTED_TOTAL = re.compile(r"(?:总投资|投资额|投资|签约额|协议投资)[^，,。；;()]{0,10}(?:美元|欧元|港元|港币|日元|英镑)"
                              r"[(（]?(?:约合|折合|合)(?:人民币)?(?:约)?$")
# "比亚迪…项目投资额最大，达120亿元"
_LARGEST = re.compile(r"投资(?:额|金额|规模)?最大[，,]?(?:达|为|约)?$")


def _figure_events(s: str, offset: int) -> list[tuple[int, str, object]]:
    """(position, field, value) of project figures in sentence ``s``."""
    ev: list[tuple[int, str, object]] = []
    for a in find_amounts(s):
        if a.kind != "value":
            continue
        ctx = s[max(0, a.start - 14):a.start]
        if _is_total(ctx) or _BARE_TOTAL.search(s[:a.start]) or _LARGEST.search(ctx) \
                or _CONVERTED_TOTAL.search(s[max(0, a.start - 24):a.start]):
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
    # "A项目、B工程总投资分别为18亿元和12.5亿元": amounts in the order of the names
    for members in groups.values():
        last = members[-1]
        rest = paragraphs[last.para][last.end:]
        resp = _RESPECTIVELY.match(rest)
        if not resp:
            continue
        clause = re.split(r"[；;。]", rest[resp.end():])[0]
        amounts = [a.value_wan for a in find_amounts(clause) if a.kind == "value"]
        if len(amounts) == len(members):
            for m, v in zip(members, amounts, strict=True):
                m.total = m.total if m.total is not None else v

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
            named_before = any(o.name == m.name and o.end <= qz for o in ms)
            # a lone name after 其中 in a later sentence, with its own figure, is its own project
            # ("…项目，总投资42亿元。其中投资金额最大为…项目，总投资150亿元")
            lone = m.group < 0 and subject is not None and subject.sent != m.sent
            if subject is not None and qz >= 0 and subject.para == pi and qz >= subject.end and not named_before \
                    and not lone:
                # ("…项目、太和县…三期项目等也于当天开工，其中太和县…三期项目总投资9亿元": picked
                # from an enumeration just made, so its own project, not a component)
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
                if fld == "total_investment_wan":
                    # "签约项目中，临港工业项目12个，总投资186亿元": the total of a counted group, not of the
                    # project named before it
                    rel = pos - sent.start
                    since = max(sent.text.rfind(c, 0, rel) for c in "；;。") + 1
                    start_at = max(since, target.end - sent.start if target.para == pi and target.end > sent.start else 0)
                    if re.search(r"项目(?:共|共有|有)?(?:\d+|[一二两三四五六七八九十百千]+)(?:余|多)?个|"
                                 r"(?:\d+|[一二两三四五六七八九十百千]+)(?:余|多)?个[\u4e00-\u9fff]{0,6}项目",
                                 sent.text[start_at:rel]):
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
