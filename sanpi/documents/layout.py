"""The built-in .docx templates, written with python-docx in the layout of GB/T 9704-2012 (党政机关
公文格式): A4, margins 37 / 35 / 28 / 26 mm; 发文机关标志 and title in 方正小标宋简体 (title 二号 22 pt,
centred); body in 仿宋_GB2312 三号 16 pt with a two-character first-line indent on a 28 pt line;
headings 一、 in 黑体, （一） in 楷体_GB2312, 1. in 仿宋_GB2312; 发文字号 under the letterhead with a red
rule; 落款 and date on the right; page numbers "— 1 —" in 宋体 四号 at the foot.

The fonts are named in the document; a machine without them substitutes at display time. The text
holds docxtpl (Jinja) tags, so an office can reword a copy in Word and upload it (admin: 公文模板).
`python -m sanpi.documents.layout` rewrites the shipped files.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).parent / "templates" / "documents"
TITLE_FONT, BODY_FONT, HEI, KAI, SONG = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
RED = RGBColor(0xE6, 0x00, 0x12)
# style name → (east-Asian font, size pt, bold, alignment, first-line indent in characters)
STYLES = {
    "公文机关标志": (TITLE_FONT, 26, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "公文文号": (BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "公文标题": (TITLE_FONT, 22, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "公文主送": (BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "公文正文": (BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "公文一级标题": (HEI, 16, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "公文二级标题": (KAI, 16, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "公文三级标题": (BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "公文落款": (BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    "公文附注": (BODY_FONT, 14, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "公文表格": (BODY_FONT, 12, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
}


def _fonts(element, east_asian: str) -> None:
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(key), "Times New Roman")
    fonts.set(qn("w:eastAsia"), east_asian)


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    _fonts(normal.element, BODY_FONT)
    for name, (font, size, bold, align, indent) in STYLES.items():
        style = doc.styles.add_style(name, 1)  # WD_STYLE_TYPE.PARAGRAPH
        style.base_style = normal
        style.font.size, style.font.bold = Pt(size), bold
        _fonts(style.element, font)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(size * indent) if indent else None
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28 if size <= 16 else size + 10)
        fmt.space_before = fmt.space_after = Pt(0)
    doc.styles["公文机关标志"].font.color.rgb = RED
    _page_numbers(section)
    return doc


def _page_numbers(section) -> None:
    """'— 1 —' centred at the foot, 宋体 四号 (a PAGE field, so Word numbers every page)."""
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("— ", None, " —"):
        run = para.add_run(text or "")
        run.font.size = Pt(14)
        _fonts(run._element, SONG)
        if text is None:
            for kind, value in (("begin", None), (None, "PAGE"), ("end", None)):
                if kind:
                    char = OxmlElement("w:fldChar")
                    char.set(qn("w:fldCharType"), kind)
                    run._element.append(char)
                else:
                    instr = OxmlElement("w:instrText")
                    instr.set(qn("xml:space"), "preserve")
                    instr.text = value
                    run._element.append(instr)


def _red_rule(paragraph) -> None:
    """The red separator under the 发文字号 (a bottom border on the paragraph)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "6"), ("w:color", "E60012")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _letterhead(doc) -> None:
    doc.add_paragraph("{{ issuer }}", style="公文机关标志")
    _red_rule(doc.add_paragraph("{{ number }}", style="公文文号"))
    doc.add_paragraph("", style="公文正文")


def _sections(doc) -> None:
    """一、 headings with their paragraphs, （一） sub-headings with theirs, and 1. items."""
    add = doc.add_paragraph
    add("{%p for s in sections %}", style="公文正文")
    add("{{ s.heading }}", style="公文一级标题")
    add("{%p for text in s.paragraphs %}", style="公文正文")
    add("{{ text }}", style="公文正文")
    add("{%p endfor %}", style="公文正文")
    add("{%p for item in s.points %}", style="公文正文")
    add("{{ item }}", style="公文三级标题")
    add("{%p endfor %}", style="公文正文")
    add("{%p for sub in s.subsections %}", style="公文正文")
    add("{{ sub.heading }}", style="公文二级标题")
    add("{%p for text in sub.paragraphs %}", style="公文正文")
    add("{{ text }}", style="公文正文")
    add("{%p endfor %}", style="公文正文")
    add("{%p endfor %}", style="公文正文")
    add("{%p endfor %}", style="公文正文")


def _signature(doc) -> None:
    doc.add_paragraph("", style="公文正文")
    doc.add_paragraph("{{ issuer }}", style="公文落款")
    doc.add_paragraph("{{ date }}", style="公文落款")


def bulletin_template() -> Document:
    doc = _document()
    _letterhead(doc)
    doc.add_paragraph("{{ title }}", style="公文标题")
    doc.add_paragraph("", style="公文正文")
    _sections(doc)
    doc.add_paragraph("{%p if city_rows %}", style="公文正文")
    doc.add_paragraph("附表：分地区情况（总投资单位：亿元）", style="公文附注")
    table = doc.add_table(rows=4, cols=7)
    table.style = "Table Grid"
    headers = ["地区", "签约（个）", "签约（亿元）", "开工（个）", "开工（亿元）", "投产（个）", "投产（亿元）"]
    cells = ["{{ r.name }}", "{{ r.signed }}", "{{ r.signed_yi }}", "{{ r.started }}", "{{ r.started_yi }}",
             "{{ r.producing }}", "{{ r.producing_yi }}"]
    for i, text in enumerate(headers):
        table.rows[0].cells[i].paragraphs[0].text = text
        table.rows[2].cells[i].paragraphs[0].text = cells[i]
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for r in city_rows %}"
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].style = doc.styles["公文表格"]
    doc.add_paragraph("{%p endif %}", style="公文正文")
    doc.add_paragraph("{{ note }}", style="公文附注")
    _signature(doc)
    return doc


def letter_template() -> Document:
    doc = _document()
    _letterhead(doc)
    doc.add_paragraph("{{ title }}", style="公文标题")
    doc.add_paragraph("", style="公文正文")
    doc.add_paragraph("{{ recipient }}：", style="公文主送")
    doc.add_paragraph("{{ opening }}", style="公文正文")
    _sections(doc)
    doc.add_paragraph("{{ closing }}", style="公文正文")
    _signature(doc)
    return doc


BUILDERS = {"bulletin": bulletin_template, "letter": letter_template}


def write_defaults(target: Path = HERE) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, build in BUILDERS.items():
        path = target / f"{kind}.docx"
        build().save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_defaults():
        print(path)
