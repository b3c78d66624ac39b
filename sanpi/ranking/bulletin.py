"""The 排名通报 from a ranking's JSON (frozen or live), as text and as .docx rendered by docxtpl from
the editable template docx/ranking_bulletin.docx. No database access here."""

import io
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "docx" / "ranking_bulletin.docx"


def title(data: dict) -> str:
    return f"关于{data['period_label']}{data['scheme'].removesuffix('示例')}排名情况的通报"


def _change(row: dict) -> str:
    change = row.get("change")
    if change is None:
        return "—"
    return f"上升{change}位" if change > 0 else f"下降{-change}位" if change < 0 else "持平"


def _names(group: dict, codes: list[str]) -> str:
    names = {r["code"]: r["name"] for r in group["rows"]}
    return "、".join(names[c] for c in codes)


def _board(group: dict) -> str:
    if not group["red"]:
        return ""
    return f"红榜（前{len(group['red'])}名）：{_names(group, group['red'])}；黑榜（后{len(group['black'])}名）：" \
           f"{_names(group, group['black'])}。"


def paragraphs(data: dict) -> list[str]:
    weights = "、".join(f"{i['label']}{i['weight']}分" for i in data["indicators"])
    status = (f"本通报依据已发布的第{data['revision']}版排名" + (f"（更正原因：{data['reason']}）" if data.get("reason") else "")
              if data.get("revision") else "本通报依据实时计算结果（尚未发布冻结）")
    out = [f"按照《{data['scheme']}》，对{data['period_label']}各地进行考评，指标及分值为：{weights}。{status}。"]
    for group in data["groups"]:
        if group["rows"]:
            first = group["rows"][0]
            out.append(f"{group['name']}：{first['name']}以{first['score']}分位列第一。{_board(group)}")
    return out


def _detail(data: dict, row: dict) -> str:
    return "；".join(f"{i['label']}{_value(c, i)}/{c['points']}分"
                     for i, c in zip(data["indicators"], row["indicators"], strict=True))


def _value(cell: dict, indicator: dict) -> str:
    """A frozen ranking published before the 无数据 flag existed has a None value without the flag."""
    if cell.get("no_data") or cell["value"] is None:
        return "无数据"
    return f"{cell['value']}{indicator['unit']}"


def context(data: dict) -> dict:
    return {
        "title": title(data),
        "subtitle": f"（{data['owner']} {data['computed_at'][:10]}）",
        "paragraphs": paragraphs(data),
        "groups": [{"heading": f"{n}、{g['name']}排名", "board": _board(g), "detail_header": "各项指标（值/得分）",
                    "rows": [{"rank": r["rank"], "name": r["name"], "score": r["score"], "change": _change(r),
                              "detail": _detail(data, r)} for r in g["rows"]]}
                   for n, g in zip("一二三四五六七八九十", data["groups"], strict=False)],
        "footer": "（得分单位：分；指标值单位见各指标；较上期按上一考评期排名计算；“无数据”指该地区该项指标"
                  "没有可计的数据，该项计0分。）",
    }


def bulletin_text(data: dict) -> str:
    ctx = context(data)
    lines = [ctx["title"], ctx["subtitle"], *ctx["paragraphs"]]
    for group in ctx["groups"]:
        lines.append(group["heading"])
        lines += [f"{r['rank']}. {r['name']} {r['score']}分（{r['change']}）" for r in group["rows"]]
    return "\n".join(lines) + "\n"


def bulletin_docx(data: dict, template: Path = TEMPLATE) -> bytes:
    from docxtpl import DocxTemplate

    doc = DocxTemplate(str(template))
    doc.render(context(data), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
