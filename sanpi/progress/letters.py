"""Escalation letters (提醒函 / 交办函 / 督办函) as .docx, built with python-docx."""

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from sanpi.core.bounds import strip_control

OPENING = {
    "reminder": "现将贵单位负责协调的以下事项提醒如下，请按时限办结：",
    "assignment": "经研究，现将以下协调事项交由贵单位办理，请明确专人、按时限办结并反馈办理结果：",
    "supervision": "以下协调事项已超过办结时限仍未解决，影响项目建设进度。现予督办，请高度重视、限期办结，"
                   "并将办理结果书面报送：",
}
TITLE = {"reminder": "提醒函", "assignment": "交办函", "supervision": "督办函"}


def _font(run, size: int, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "宋体"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def letter_docx(*, level: str, number: str, issuer: str, recipient: str, project_name: str, project_region: str,
                kind_label: str, description: str, raised_at: dt.date, deadline: dt.date, measures: str,
                issued_on: dt.date) -> bytes:
    """The letter as .docx bytes."""
    # XML cannot carry control characters: a \x01 stored before input was cleaned must not break the letter
    project_name, project_region, description, measures, recipient, issuer = (
        strip_control(text or "") for text in (project_name, project_region, description, measures, recipient, issuer))
    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(f"关于{project_name}协调事项的{TITLE[level]}"), 18, bold=True)
    numbering = document.add_paragraph()
    numbering.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(numbering.add_run(number), 12)
    _font(document.add_paragraph().add_run(f"{recipient}："), 14)
    _font(document.add_paragraph().add_run(OPENING[level]), 14)
    rows = [
        ("项目名称", project_name), ("建设地点", project_region), ("问题类型", kind_label),
        ("问题描述", description), ("提出日期", f"{raised_at:%Y-%m-%d}"), ("办结时限", f"{deadline:%Y-%m-%d}"),
        ("协调措施", measures or "（未填写）"),
    ]
    overdue = (issued_on - deadline).days
    if overdue > 0:
        rows.append(("逾期情况", f"截至 {issued_on:%Y-%m-%d} 已逾期 {overdue} 天"))
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        _font(row.cells[0].paragraphs[0].add_run(label), 12, bold=True)
        _font(row.cells[1].paragraphs[0].add_run(value), 12)
    _font(document.add_paragraph().add_run("请于办结后 3 个工作日内将办理结果及佐证材料反馈我单位，以便销号。"), 14)
    for text in (issuer, f"{issued_on:%Y年%m月%d日}"):
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(para.add_run(text), 14)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
