"""Where a sentence mentions a list, and of which kind (part of pipeline step 3): activity lists
(签约/开工/投产/竣工, by "集中开工"/"开工一批", "开工项目", "N个项目开工", "签约N个项目"), totals over several
of them (合计), key-project, planning, expansion and promotion batches."""

from __future__ import annotations

import re

from .patterns import (
    _ACTIVITY_MARK,
    _BATCH_STRONG,
    _BATCH_WEAK,
    _COMBINED,
    _COUNT_THEN_VERB,
    _EXPAND_BATCH,
    _KEY_BATCH,
    _KEY_COUNTED,
    _KIND_OF_VERB,
    _OTHER_BATCH,
    _PLAN_BATCH,
    _PUSHED_SUBJECT,
    _VERB_THEN_COUNT,
)

Mention = tuple[int, int, str, bool, bool]  # start, end, kind, carried_over, strong

_VERB_CAT_COUNT = re.compile(
    r"(?P<v>签约|开工|动工|投产|竣工)(?P<cat>[\u4e00-\u9fff]{2,8}?)项目(?=(?:共|共计|共有)?(?:\d+|[一二两三四五六七八九十百千]+)个)")
_EVENT_BEFORE = re.compile(r"(?:此次|本次|本批|本期|当天|当日|现场|集中)$")


def _batch_mentions(s: str, weak_ok: bool = False) -> list[tuple[int, int, str, bool, bool]]:
    """Activity lists (签约/开工/投产/竣工): (start, end, batch, carried_over, strong) sorted by position.
    ``weak_ok``: the sentence continues an activity context ("其中签约项目112个…" after a total)."""
    out = []
    for m in _BATCH_STRONG.finditer(s):
        if re.match(r"(?:的)?(?:重大|重点)?项目中", s[m.end():]):
            continue  # '"签约一批"项目中先进制造业项目457个': a breakdown, not the list
        verb = m.group("b1") or m.group("b2") or m.group("b4")
        out.append((m.start(), m.end(), _KIND_OF_VERB[verb], bool(m.group("carry")), True))
    if weak_ok or _ACTIVITY_MARK.search(s):
        for m in _BATCH_WEAK.finditer(s):
            if any(a <= m.start() < b for a, b, *_ in out):
                continue
            if s.startswith("中", m.end()):
                continue  # "本次签约项目中，制造业项目13个": a breakdown of the list just stated
            if re.search(r"20\d\d年[^，,;；]{0,6}$", s[: m.start()]):
                continue  # "2023年经开区新开工项目43个": a yearly statistic
            out.append((m.start(), m.end(), _KIND_OF_VERB[m.group("b3")],
                        bool(re.search(r"结转\W?$", s[: m.start()])), False))
        for m in re.finditer(r"(?<=[、，,和及与])(?P<v>签约|开工|动工|投产|竣工)(?=(?:\d+|[一二两三四五六七八九十百千]+)个)", s):
            # "集中开工96个、竣工79个重点项目": a second activity counted in the same breath
            if out and any(o[4] and o[1] <= m.start() for o in out) \
                    and not any(a <= m.start() < b for a, b, *_ in out):
                out.append((m.start(), m.end(), _KIND_OF_VERB[m.group("v")], False, False))
        for m in _COUNT_THEN_VERB.finditer(s):
            if any(a <= m.start("v") < b or m.start("v") <= a < m.end() for a, b, *_ in out):
                continue
            out.append((m.start("v"), m.end(), _KIND_OF_VERB[m.group("v")], False, False))
    if re.search(r"本次|此次|本期|本批", s):
        # "本次活动新签约项目37个，总投资236亿元；新开工项目42个…": the event's new lists (elsewhere "新开工项目"
        # is a yearly statistic)
        for m in re.finditer(r"(?<=新)(?P<v>签约|开工|动工|投产|竣工)(?:的)?(?:重大|重点)?项目", s):
            if not any(a <= m.start() < b or m.start() <= a < m.end() for a, b, *_ in out) \
                    and not s.startswith("中", m.end()) and "其中" not in s[max(0, m.start() - 4):m.start()]:
                out.append((m.start(), m.end(), _KIND_OF_VERB[m.group("v")], False, False))
    for m in _VERB_CAT_COUNT.finditer(s):
        # "此次开工新能源项目18个": the event's projects, of one kind — unless the sentence already named
        # the list ("本次开工项目共开工产业发展项目114个" is a part of it)
        if not _EVENT_BEFORE.search(s[:m.start()]) or "项目" in m.group("cat"):
            continue
        if any(k == _KIND_OF_VERB[m.group("v")] and s[b - 2:b] == "项目" for a, b, k, *_ in out if b <= m.start()):
            continue
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b, *_ in out):
            continue
        out.append((m.start(), m.end(), _KIND_OF_VERB[m.group("v")], False, False))
    for m in _VERB_THEN_COUNT.finditer(s):
        # "成功签约35个重大项目": an event when introduced as one (or in an activity context)
        if not (weak_ok or m.group("v2") or _ACTIVITY_MARK.search(s) or re.search(r"(?:成功|共|现场|当天|当日|顺利|集中|共计|一次性)$",
                                                               s[:m.start()])):
            continue
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b, *_ in out):
            continue
        if re.search(r"(?:计划|预计|将|拟|争取|力争|已|新)$", s[:m.start()]):
            continue  # "计划开工120个项目": a plan, not a list of this event
        out.append((m.start(), m.end(), _KIND_OF_VERB[m.group("v") or m.group("v2")], False, False))
    out.sort()
    return out


def _list_mentions(s: str, weak_ok: bool = False) -> list[tuple[int, int, str, bool, bool]]:
    """Every list mention with its kind: activity lists, totals over several of them,
    key-project / planning / promotion batches. Overlaps go to the earlier, longer mention."""
    out = []
    for m in _COMBINED.finditer(s):
        if re.fullmatch(r"竣工投产(?:的)?(?:重大|重点)?项目", m.group(0)):
            continue  # "竣工投产" is one step: the projects went into production
        if m.group("pushed") and not _PUSHED_SUBJECT.search(s[:m.start()]):
            continue
        if m.group("joined") and not re.search(r"(?:活动|本次|此次|本期|当天|现场)", s[:m.start()]):
            continue
        out.append((m.start(), m.end(), "合计", False, True))
    for start, end, batch, carried, strong in _batch_mentions(s, weak_ok):
        if any(a <= start < b or start <= a < end for a, b, *_ in out):
            continue
        kind = "增资" if "增资" in s[start:end] else batch
        if kind == "竣工" and s.startswith("投产", end):
            kind, end = "投产", end + 2  # "集中竣工投产"
        out.append((start, end, kind, carried, strong))
    totals = [b for a, b, k, *_ in out if k == "合计"]
    if totals:
        # "共签约、开工、投产项目31个，总投资186.4亿元，其中签约12个、总投资92.5亿元，开工13个…": the total's
        # parts, each a verb and its count
        for m in re.finditer(r"(?:(?<=其中)|(?<=其中[，,:：])|(?<=[、，,；;]))(?P<v>签约|开工|动工|投产|竣工)"
                             r"(?=(?:\d+|[一二两三四五六七八九十百千]+)个)", s):
            if m.start() > totals[0] and "其中" in s[totals[0]:m.start()] \
                    and not any(a <= m.start() < b for a, b, *_ in out):
                out.append((m.start(), m.end(), _KIND_OF_VERB[m.group("v")], False, False))
    if weak_ok or _ACTIVITY_MARK.search(s):
        for m in _EXPAND_BATCH.finditer(s):
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b, *_ in out) or s.startswith("中", m.end()):
                continue
            out.append((m.start(), m.end(), "增资", False, False))
    # "“投产一批”项目18个（均由前期开工项目转化而来）": a remark in brackets names no list
    brackets = [(b.start(), b.end()) for b in re.finditer(r"\([^()]*\)", s)]
    out = [o for o in out if not any(a < o[0] < b for a, b in brackets)]
    activity = list(out)
    for m in _KEY_COUNTED.finditer(s):
        if re.search(r"(?:签约|开工|动工|投产|竣工|签署)(?:了)?$", s[:m.start()]):
            continue  # "竣工61个重点项目": the activity's count
        if not any(a <= m.start("k") < b or m.start("k") <= a < m.end() for a, b, *_ in out):
            out.append((m.start("k"), m.end(), "重点项目", False, False))
    for rx, kind in ((_PLAN_BATCH, "谋划"), (_OTHER_BATCH, "其他"), (_KEY_BATCH, "重点项目")):
        for m in rx.finditer(s):
            if any(a - 4 <= m.start() < b + 4 or m.start() <= a < m.end() + 4 for a, b, *_ in activity):
                continue  # "集中开工重点项目118个" / "重大项目集中开工": the activity list itself
            if any(b <= m.start() and m.start() - b <= 14 and not re.search(r"[，,。；;：:的]", s[b:m.start()])
                   for a, b, *_ in activity):
                continue  # "集中开工1亿元以上重大项目702个": the activity list, with its threshold
            if any(a <= m.start() < b for a, b, *_ in out):
                continue
            if any(b <= m.start() for a, b, *_ in activity) and re.search(r"(?:\d+|[一二三四五六七八九十百]+)个[^，,。；;]{0,8}$",
                                                                       s[:m.start()]):
                continue  # "集中开工的项目包括A、B等48个市县两级重点项目": what the activity list holds
            out.append((m.start(), m.end(), kind, False, False))
    def _expansion_signing(a: int) -> bool:
        # "增资扩产项目集中签约活动…签约项目18个": the signing is of expansion projects — not when the
        # event also signs others ("增资扩产暨招商项目…") or the phrase names a part ("其中增资扩产项目14个")
        before = s[:a].split("其中")[0] if "其中" in s[:a] else s[:a]
        return bool(re.search(r"(?:增资扩产|增资扩股)(?:项目)?(?![暨和及与、])", before)) \
            and not re.search(r"(?:增资扩产|增资扩股)(?:项目)?[暨和及与、]", before)
    out = [(a, b, "增资" if k == "签约" and _expansion_signing(a) else k, c, st) for a, b, k, c, st in out]
    out.sort()
    return out
