"""Escalation letters (提醒函 / 交办函 / 督办函) as .docx, from the letter template (sanpi/documents:
an office's own, or the built-in one in the layout of GB/T 9704)."""

import datetime as dt

from sanpi.core.bounds import strip_control

OPENING = {
    "reminder": "现将贵单位负责协调的以下事项提醒如下，请按时限办结：",
    "assignment": "经研究，现将以下协调事项交由贵单位办理，请明确专人、按时限办结并反馈办理结果：",
    "supervision": "以下协调事项已超过办结时限仍未解决，影响项目建设进度。现予督办，请高度重视、限期办结，"
                   "并将办理结果书面报送：",
}
TITLE = {"reminder": "提醒函", "assignment": "交办函", "supervision": "督办函"}


CLOSING = "请于办结后 3 个工作日内将办理结果及佐证材料反馈我单位，以便销号。"
REQUIREMENT = {
    "reminder": "请对照办结时限抓紧推进，确保按期办结。",
    "assignment": "请明确责任人和办理措施，按时限办结并反馈办理结果。",
    "supervision": "请主要负责同志亲自过问，限期办结，并书面报送办理结果；逾期未办结的，将按规定通报。",
}


def letter_filename(*, level: str, number: str) -> str:
    return f"{number}{TITLE[level]}.docx"


def letter_context(*, level: str, number: str, issuer: str, recipient: str, project_name: str, project_region: str,
                   kind_label: str, description: str, raised_at: dt.date, deadline: dt.date, measures: str,
                   issued_on: dt.date) -> dict:
    """What the letter template is filled with: 一、事项基本情况 as numbered items, 二、办理要求."""
    # XML cannot carry control characters: a \x01 stored before input was cleaned must not break the letter
    project_name, project_region, description, measures, recipient, issuer = (
        strip_control(text or "") for text in (project_name, project_region, description, measures, recipient, issuer))
    facts = [
        ("项目名称", project_name), ("建设地点", project_region), ("问题类型", kind_label),
        ("问题描述", description), ("提出日期", f"{raised_at:%Y-%m-%d}"), ("办结时限", f"{deadline:%Y-%m-%d}"),
        ("协调措施", measures or "（未填写）"),
    ]
    overdue = (issued_on - deadline).days
    if overdue > 0:
        facts.append(("逾期情况", f"截至 {issued_on:%Y-%m-%d} 已逾期 {overdue} 天"))
    return {
        "issuer": issuer, "number": number, "title": f"关于{project_name}协调事项的{TITLE[level]}",
        "recipient": recipient, "opening": OPENING[level], "closing": CLOSING,
        "date": f"{issued_on.year}年{issued_on.month}月{issued_on.day}日",
        "sections": [
            {"heading": "一、事项基本情况", "paragraphs": [], "subsections": [],
             "points": [f"{i}. {label}：{value}" for i, (label, value) in enumerate(facts, start=1)]},
            {"heading": "二、办理要求", "paragraphs": [REQUIREMENT[level]], "points": [], "subsections": []},
        ],
    }


def letter_docx(*, template=None, **fields) -> bytes:
    """The letter as .docx bytes (`fields` as for letter_context)."""
    from sanpi.documents.render import default_path, render_docx

    return render_docx(template or default_path("letter"), letter_context(**fields))
