"""The place a list belongs to (its ``scope``): a place named in the text, 全市/我省 resolved to the
text's own place, empty when the text does not say (part of pipeline step 3)."""

from __future__ import annotations

import re

from ..places import DEICTIC_RE, find_places, principal_places, short_name
from .text import _Sent

# --------------------------------------------------------------------------- scope


_SCOPE_STRONG_AFTER = re.compile(
    r"(?:开发区)?(?:第[一二三四五六七八九十\d]+[期批]|[\"“]?三个一批|(?:重点|重大|产业|招商引资)项目|项目建设|集中(?:签约|开工|动工|投产|竣工)|"
    r"20\d\d年|第?[一二三四1-4]季度|[上下]半年|春季|秋季|分会场|主会场|举行|召开|印发|发布|公布|下达|增资扩产|企业增资)")
_ADJACENT = re.compile(r".{0,2}|(?:分会场|主会场|会场)(?:集中)?")
_SENTENCE_HEAD = re.compile(r"(?:(?:\d{1,2}月)?\d{1,2}日(?:上午|下午|晚上)?[，,]?|当天[，,]?|同日[，,]?|其中[，,]?)?"
                            r"(?:[\u4e00-\u9fff]{2,8}?(?:省|市|州|盟))?")  # "赣州市南康区…": the district after its city
_VENUE_BEFORE = re.compile(r"(?:在|于|设在|位于|落户|来到|赴|到|走进)$")


_BARE_ZONES = {"经开区": ("经济技术开发区", "经济开发区", "经开区"), "高新区": ("高新技术产业开发区", "高新区"),
               "开发区": ("开发区",)}


class _ScopeResolver:
    def __init__(self, paragraphs: list[str]):
        text = "\n".join(paragraphs)
        self.principal = principal_places(text)
        self.paragraphs = paragraphs
        self.zones = [p.name for p in find_places(text) if p.zone or re.search(r"开发区$", p.name)]

    def _resolve(self, name: str, level: str, deictic: bool) -> str:
        if deictic:
            return short_name(self.principal[level])
        if name in _BARE_ZONES:
            # "经开区累计推动…" after "盐城经济技术开发区举行…": the short form of the zone named before
            full = max((z for z in self.zones if z != name and z.endswith(_BARE_ZONES[name])), key=len, default=None)
            if full:
                return short_name(full)
        return short_name(name)

    def _candidates(self, text: str, bonus: float):
        out = []
        for pl in find_places(text):
            after = text[pl.end:pl.end + 8]
            before = text[max(0, pl.start - 4):pl.start]
            if _VENUE_BEFORE.search(before):
                continue
            if re.search(r"中国[(（]$", before):
                continue  # "中国(江西)国际投资贸易洽谈会": a place in an event's name
            if before.endswith("的"):
                continue  # "总投资12亿元的温县智能制造项目": a project's place
            if pl.deictic and pl.level not in self.principal:
                continue  # "我市" in a text that never names its city: no scope rather than a guess
            if pl.name == "开发区" and not any(z != pl.name and z.endswith("开发区") for z in self.zones):
                continue  # "全省开发区…活动": a bare 开发区 names no place
            score = 1.0
            if _SCOPE_STRONG_AFTER.match(after):
                score = 3.0
            elif pl.deictic:
                score = 2.0
            out.append((score + bonus, pl))
        return out

    def scope_for(self, sent: _Sent, pos_in_sent: int, prev_sents: list[_Sent]) -> str | None:
        best = None
        # "我市32个项目参加集中开工" in a text that never names its city: the list is that unnamed city's
        for m in DEICTIC_RE.finditer(sent.text[:pos_in_sent]):
            if m.group(0)[0] in "我本" and m.group("level") in "市县" and m.group("level") not in self.principal \
                    and _SENTENCE_HEAD.fullmatch(sent.text[:m.start()]):
                return None
        # "…19个项目集中签约，总投资120亿元；同日，高新区8个项目签约": a place in the mention's own
        # clause (after the last ；) and before it is that list's place
        clause_start = max(sent.text.rfind("；", 0, pos_in_sent), sent.text.rfind(";", 0, pos_in_sent))
        # "川汇区开工项目19个": a place standing right before the mention is its place; "柳州市作为分会场之一，
        # 当天开工项目46个": so is the subject of the sentence (its first words, after a date)
        cands = [(s + (3.0 if clause_start >= 0 and clause_start < pl.start < pos_in_sent else 0.0)
                  + (4.0 if 0 <= pos_in_sent - pl.end and _ADJACENT.fullmatch(sent.text[pl.end:pos_in_sent]) else 0.0)
                  + (2.5 if pl.start < pos_in_sent and clause_start < 0 and _SENTENCE_HEAD.fullmatch(sent.text[:pl.start])
                     else 0.0), pl, 0)
                 for s, pl in self._candidates(sent.text, 0.5)]
        for dist, ps in enumerate(reversed(prev_sents), start=1):
            cands += [(s, pl, dist) for s, pl in self._candidates(ps.text, 0.0)]
        # "洛阳市：“签约一批”项目65个…；“开工一批”项目72个…": a place heading its paragraph is the place of
        # every list in it
        first = prev_sents[0] if prev_sents else sent
        cands = [(s + (4.0 if pl.start == 0 and first.text[pl.end:pl.end + 1] in ":：" and
                       (dist == 0 and first is sent or dist == len(prev_sents)) else 0.0), pl, dist)
                 for s, pl, dist in cands]
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
