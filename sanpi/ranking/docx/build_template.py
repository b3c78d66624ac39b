"""Writes ranking_bulletin.docx, the editable docxtpl template of the 排名通报 (run once; offices may
then edit the .docx in Word, keeping the {{ }} / {%p %} / {%tr %} tags). GB/T 9704 layout: A4, margins
37/35/28/26 mm, title 方正小标宋简体 二号, headings 黑体 三号, body 仿宋_GB2312 三号.

    .venv/bin/python sanpi/ranking/docx/build_template.py
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent


def _font(run_or_style, name: str, size: int) -> None:
    run_or_style.font.name = name
    run_or_style.font.size = Pt(size)
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def _para(doc, text: str, font: str = "仿宋_GB2312", size: int = 16, center: bool = False):
    p = doc.add_paragraph()
    run = p.add_run(text)
    _font(run, font, size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def build() -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _font(doc.styles["Normal"], "仿宋_GB2312", 16)
    _para(doc, "{{ title }}", "方正小标宋简体", 22, center=True)
    _para(doc, "{{ subtitle }}", "仿宋_GB2312", 16, center=True)
    _para(doc, "{%p for p in paragraphs %}")
    _para(doc, "{{ p }}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p for g in groups %}")
    _para(doc, "{{ g.heading }}", "黑体", 16)
    _para(doc, "{{ g.board }}")
    table = doc.add_table(rows=3, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["排名", "地区", "得分（分）", "较上期（位次）", "{{ g.detail_header }}"],
                          strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for r in g.rows %}"
    cells = table.rows[2].cells
    for cell, text in zip(cells, ["{{ r.rank }}", "{{ r.name }}", "{{ r.score }}", "{{ r.change }}", "{{ r.detail }}"],
                          strict=True):
        cell.text = text
    row = table.add_row()
    row.cells[0].text = "{%tr endfor %}"
    _para(doc, "{%p endfor %}")
    _para(doc, "{{ footer }}", "仿宋_GB2312", 14)
    path = HERE / "ranking_bulletin.docx"
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build())
