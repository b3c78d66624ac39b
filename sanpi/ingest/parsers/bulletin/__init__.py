"""Extract 三个一批 list figures and project drafts from a press bulletin.

``extract(text)`` is pure (no Django, no DB). Pipeline:

1. Traditional Chinese is converted to simplified (OpenCC t2s) when the text looks
   traditional; full-width digits/punctuation become half-width.
2. Newspaper layout is undone: lines of a paragraph are joined, a paragraph cut by a
   page/column break (block with sentence punctuation that does not end a sentence)
   is joined with the next block, and spaces inside Chinese text ("项目为 王",
   "超过 100亿元") are removed.
3. **Lists**: every mention of a list opens a segment up to the next mention; the
   segment's first count (个/项) and the first amount introduced by 总投资/投资总额/签约总额… are the
   list figures. Mentions and their ``kind``: "签约一批"/"集中签约"/"签约项目" (签约, likewise 开工 —
   动工 counts as 开工 —, 投产, 竣工; "竣工投产" is 投产), "共签约、开工、投产项目" (合计), "第一批省重点项目"/
   "安排重大项目" (重点项目), "谋划储备项目" (谋划), "增资扩产项目" (增资), "发布招商项目" (其他). Counts may
   stand before the mention ("共有36个项目集中开工"), and a total may follow in the next sentence
   ("这批项目总投资达408亿元"). After 其中, "…项目N个、总投资X亿元" parts are the list's
   ``breakdowns`` (for a 合计 they are the activity lists themselves). Thresholds and ranges are never
   totals; 年度计划投资 and the like are not 总投资. The same list stated twice is one list. ``scope``
   is a place named in the text (全市/我省 resolved to the text's own place), or empty.
   "开竣工"/"三个一批"/"五个一批" totals are 合计; "嘉兴市58个，总投资603亿元" after a list is the same kind of
   list for that place; a sentence right after a list that splits it into parts is that list's breakdown.
4. **Projects**: names are spans ending in 项目 (leading connectors, place names and
   "投资X亿元的" are peeled off), or ending in 工程/基地/中心/产业园/集聚区/… (a phase, a road section)
   when a figure is attached; "主会场项目为X" names X; "A、B总投资分别为…" gives amounts in order. Figures (总投资, 占地…亩, 建筑面积…平方米, 产值) go to the
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
* A name directly followed by a count ("社会民生项目90个") is a category, not a project.

Modules: ``text`` (steps 1–2 and sentence splitting), ``mentions`` (where a sentence names a list),
``lists`` (step 3: each mention's figures, restatements merged), ``figures`` (a clause's count and
total), ``parts`` (breakdowns and the same list place by place or verb by verb), ``scope`` (the list's
place), ``names`` and ``projects`` (step 4), ``patterns`` (keyword patterns shared by steps 3 and 4),
``results`` (the dataclasses and their ``to_json``).
"""

from __future__ import annotations

from .lists import _extract_lists
from .projects import _extract_projects
from .results import Extraction, ListFigure, ProjectDraft
from .scope import _ScopeResolver
from .text import _sentences, clean_text, to_simplified

__all__ = ["Extraction", "ListFigure", "ProjectDraft", "extract", "clean_text", "to_simplified"]


# --------------------------------------------------------------------------- entry point


def extract(text: str) -> Extraction:
    paragraphs = clean_text(text or "")
    sents = [_sentences(p, i) for i, p in enumerate(paragraphs)]
    scopes = _ScopeResolver(paragraphs)
    lists, list_sentences, last_batch = _extract_lists(paragraphs, sents, scopes)
    projects = _extract_projects(paragraphs, sents, list_sentences, last_batch)
    return Extraction(lists, projects)
