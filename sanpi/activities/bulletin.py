"""The 通报 an office publishes after a period, written in Chinese from the period's statistics
(the dict of statistics.period_stats), as text and as a .docx. No database access here."""

import datetime as dt
from decimal import Decimal

from sanpi.core.money import format_yi, wan_to_yi

from .rules import chinese_number

LABELS = ("签约", "开工", "投产")
TOP_CITIES = 5


def _date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def _count_total(cell: dict) -> str:
    return f"{cell['count']}个，总投资{format_yi(cell['total_investment_wan'])}"


DEMO_MARK = "（演示数据）"


def title(stats: dict) -> str:
    mark = DEMO_MARK if stats.get("demo_note") else ""
    return f"{stats['host_region']['name']}第{chinese_number(stats['period'])}期“三个一批”项目建设活动情况通报{mark}"


def demo_notice(stats: dict) -> str | None:
    """The line a generated period's bulletin and exports open with, so they never pass for real ones."""
    note = stats.get("demo_note")
    return f"【演示数据】{note}" if note else None


def _lists_sentence(stats: dict) -> str:
    lists = stats["lists"]
    carried = stats.get("carried_over", {}).get("count", 0)
    producing = "结转“投产一批”" if carried and carried == lists["投产"]["count"] else "“投产一批”"
    return (f"“签约一批”项目{_count_total(lists['签约'])}；“开工一批”项目{_count_total(lists['开工'])}；"
            f"{producing}项目{_count_total(lists['投产'])}。")


def _size_sentence(stats: dict) -> str | None:
    sizes = stats.get("by_size")
    if not sizes:
        return None
    parts = []
    for label in ("签约", "投产"):
        items = [i for i in sizes[label]["at_least"] if i["count"]]
        if items:
            parts.append(f"“{label}一批”中" + "、".join(
                f"{i['label']}项目{i['count']}个（总投资{format_yi(i['total_investment_wan'])}）" for i in items))
    ranges = [i for i in sizes["开工"].get("ranges", []) if i["count"]]
    if ranges:
        parts.insert(1, "“开工一批”中" + "、".join(
            f"{i['label']}项目{i['count']}个（总投资{format_yi(i['total_investment_wan'])}）" for i in ranges))
    return "从项目规模看，" + "；".join(parts) + "。" if parts else None


def _city_sentence(stats: dict) -> str | None:
    rows = [r for r in stats.get("by_city", []) if r["total"]["count"]]
    if not rows:
        return None
    rows.sort(key=lambda r: -Decimal(r["total"]["total_investment_wan"]))
    top = "、".join(f"{r['name']}（{r['total']['count']}个、{format_yi(r['total']['total_investment_wan'])}）"
                   for r in rows[:TOP_CITIES])
    return f"分地区看，三批项目总投资居前{min(TOP_CITIES, len(rows))}位的是：{top}。"


def _group_sentence(rows: list[dict], lead: str) -> str | None:
    rows = [r for r in rows if r["total"]["count"]]
    if not rows:
        return None
    return lead + "；".join(f"{r['name']}项目{_count_total(r['total'])}" for r in rows) + "。"


def _fund_sentence(stats: dict) -> str | None:
    # Every source is named, so the counts add up to the lists; 省外 and 外资 (招商引资) lead.
    order = {"out_of_province": 0, "foreign": 1}
    rows = sorted((r for r in stats.get("by_fund_source", []) if r["total"]["count"]),
                  key=lambda r: order.get(r["code"], 2))
    return _group_sentence(rows, "从资金来源看，") if rows else None


def _change(cell: dict) -> str:
    n = cell["count"]
    count = f"增加{n}个" if n > 0 else (f"减少{-n}个" if n < 0 else "持平")
    pct = cell.get("total_growth_pct")
    if pct is None:
        return f"项目数{count}"
    value = Decimal(pct)
    growth = f"增长{pct}%" if value > 0 else (f"下降{str(-value)}%" if value < 0 else "持平")
    return f"项目数{count}，总投资{growth}"


def _comparison_sentence(stats: dict) -> str | None:
    parts = []
    for key, lead in (("previous", "与上期"), ("year_ago", "与上年同期")):
        other = (stats.get("comparison") or {}).get(key)
        if not other:
            continue
        changes = "；".join(f"{label}{_change(other['change'][label])}" for label in LABELS)
        parts.append(f"{lead}（第{chinese_number(other['period'])}期）相比，{changes}")
    return "。".join(parts) + "。" if parts else None


def _conversion_sentence(stats: dict) -> str | None:
    parts = []
    for row in stats.get("conversion", []):
        if row["k"] == 0 or not (row["signed"] or row["started_list"]):
            continue
        text = f"第{chinese_number(row['cohort_period'])}期"
        bits = []
        if row["signed"]:
            bits.append(f"签约项目{row['signed']}个中已开工{row['started']}个、开工率{row['start_rate_pct']}%，"
                        f"履约率{row['performance_rate_pct']}%")
        if row["started_list"]:
            bits.append(f"开工项目{row['started_list']}个中已投产{row['produced']}个、投产率{row['production_rate_pct']}%")
        medians = []
        # Whole days, as a bulletin writes them (a median of an even count may end in .5).
        if row.get("median_days_signed_to_started"):
            medians.append(f"签约到开工中位用时{_whole_days(row['median_days_signed_to_started'])}天")
        if row.get("median_days_started_to_producing"):
            medians.append(f"开工到投产中位用时{_whole_days(row['median_days_started_to_producing'])}天")
        parts.append(text + "，".join(bits) + ("，" + "、".join(medians) if medians else ""))
    return "项目转化方面，截至本期，" + "；".join(parts) + "。" if parts else None


def _whole_days(days) -> int:
    from decimal import ROUND_HALF_UP, Decimal

    return int(Decimal(str(days)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def bulletin_paragraphs(stats: dict) -> list[str]:
    host = stats["host_region"]["name"]
    opening = (f"{_date(stats['held_on'])}，{host}第{chinese_number(stats['period'])}期“三个一批”项目建设活动举行。"
               f"据统计，此次“三个一批”项目建设活动，{_lists_sentence(stats)}")
    notice = demo_notice(stats)
    paragraphs = [notice, opening] if notice else [opening]
    for sentence in (
        _size_sentence(stats),
        _city_sentence(stats),
        _group_sentence(stats.get("by_sector", []), "从产业类别看，"),
        _group_sentence(stats.get("by_domain", []), "从投资领域看，"),
        _fund_sentence(stats),
        _comparison_sentence(stats),
        _conversion_sentence(stats),
    ):
        if sentence:
            paragraphs.append(sentence)
    return paragraphs


def bulletin_text(stats: dict) -> str:
    """The bulletin as plain text: a title line, then one paragraph per line."""
    return "\n".join([title(stats), *bulletin_paragraphs(stats)]) + "\n"


def _sections(stats: dict, texts=None) -> list[dict]:
    """The bulletin in the numbered outline of an official document: 一、 headings, （一） sub-headings,
    then the office's 存在问题 and 下步要求 (`texts`, a BulletinText) as 1. 2. items."""
    structure = [(label, sentence) for label, sentence in (
        ("项目规模", _size_sentence(stats)), ("地区分布", _city_sentence(stats)),
        ("产业类别", _group_sentence(stats.get("by_sector", []), "从产业类别看，")),
        ("投资领域", _group_sentence(stats.get("by_domain", []), "从投资领域看，")),
        ("资金来源", _fund_sentence(stats))) if sentence]
    trend = [(label, sentence) for label, sentence in (
        ("与往期对比", _comparison_sentence(stats)), ("项目转化", _conversion_sentence(stats))) if sentence]
    sections = [{"heading": "总体情况", "paragraphs": [bulletin_paragraphs(stats)[0]]}]
    if structure:
        sections.append({"heading": "项目结构", "subsections": structure})
    if trend:
        sections.append({"heading": "对比与转化", "subsections": trend})
    for heading, field in (("存在问题", "problems"), ("下步要求", "requirements")):
        items = texts.items(field) if texts is not None else []
        if items:
            sections.append({"heading": heading, "points": [f"{n}. {item}" for n, item in enumerate(items, start=1)]})
    return [{"heading": f"{chinese_number(i)}、{s['heading']}", "paragraphs": s.get("paragraphs", []),
             "points": s.get("points", []),
             "subsections": [{"heading": f"（{chinese_number(j)}）{label}", "paragraphs": [text]}
                             for j, (label, text) in enumerate(s.get("subsections", []), start=1)]}
            for i, s in enumerate(sections, start=1)]


def bulletin_filename(stats: dict) -> str:
    return f"第{stats['period']}期三个一批通报.docx"


def bulletin_context(stats: dict, texts=None) -> dict:
    """What the bulletin template (sanpi/documents) is filled with: title, 发文机关, 文号, date, the
    numbered sections and the table by 省辖市 (亿元)."""
    host = stats["host_region"]["name"]
    day = (stats.get("computed_at") or "")[:10] or stats["held_on"]
    rows = []
    for row in [*(stats.get("by_city") or []), *([{"name": "合计", "lists": stats["lists"]}] if stats.get("by_city")
                                                  else [])]:
        cells = {"name": row["name"]}
        for key, label in zip(("signed", "started", "producing"), LABELS, strict=True):
            cell = row["lists"][label]
            cells[key] = cell["count"]
            cells[f"{key}_yi"] = f"{wan_to_yi(cell['total_investment_wan']):.2f}"
        rows.append(cells)
    return {
        "issuer": f"{host}重点项目办", "number": f"第{chinese_number(stats['period'])}期",
        "title": title(stats), "date": _date(day), "sections": _sections(stats, texts), "city_rows": rows,
        "note": _note(stats),
    }


def _note(stats: dict) -> str:
    """The bulletin's 数据口径 line: when the figures were taken, and 更正稿 for a corrected revision
    (never the internal revision number)."""
    revision = stats.get("revision")
    day = (stats.get("computed_at") or "")[:10] or stats["held_on"]
    return (f"（数据口径：总投资按各清单申报数汇总，单位亿元；"
            f"{'统计数据截至本期关闭时' if revision else '统计数据截至 ' + day}"
            f"{'，本通报为更正稿' if revision and revision > 1 else ''}。）")


def bulletin_docx(stats: dict, *, template=None, texts=None) -> bytes:
    """The bulletin as a Word document from `template` (an office's .docx, or the built-in one), with
    the office's 存在问题 and 下步要求 (`texts`) where written."""
    from sanpi.documents.render import default_path, render_docx

    return render_docx(template or default_path("bulletin"), bulletin_context(stats, texts))
