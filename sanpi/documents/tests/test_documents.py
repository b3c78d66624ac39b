"""Official documents from editable templates: the built-in ones are A4 with the fonts and sizes of
GB/T 9704 (checked with python-docx); an office's own template (admin, per kind and region) replaces
them for its region and below, and a file that is not a working .docx template is refused."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from sanpi.activities import services as activities
from sanpi.activities.models import ListEntry
from sanpi.documents.layout import letter_template
from sanpi.documents.models import DocumentTemplate
from sanpi.documents.render import check_template, default_path, template_for
from sanpi.progress import services as progress
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def period(province_user):
    period = activities.period_create(user=province_user, number=11, held_on=dt.date(2026, 10, 18),
                                      host_region="410000", status="open")
    for i, (region, amount) in enumerate((("410171", 120000), ("410302", 80000))):
        project = make_project(f"通报项目{i}&<甲>", region=region, total_investment_wan=Decimal(amount))
        ListEntry.objects.create(period=period, batch="signed", project=project, region_id=region,
                                 declared_total_investment_wan=Decimal(amount))
    return period


def east_asian(style_or_run) -> str:
    element = style_or_run.element if hasattr(style_or_run, "element") else style_or_run._element
    return element.rPr.rFonts.get(qn("w:eastAsia"))


def by_text(doc, start: str):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def test_bulletin_is_an_a4_official_document(client, province_user, period):
    client.force_login(province_user)
    response = client.get(reverse("activities:period_bulletin_docx", args=[period.pk]))
    assert response.status_code == 200
    assert "filename*=utf-8''%E7%AC%AC11%E6%9C%9F" in response["Content-Disposition"]  # 第11期三个一批通报.docx
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    # stored in twips: compare in whole millimetres
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    title = by_text(doc, "河南省第十一期")
    assert title.style.name == "公文标题" and title.alignment is None and title.style.paragraph_format.alignment == 1
    assert east_asian(title.style) == "方正小标宋简体" and title.style.font.size == Pt(22)
    body = by_text(doc, "2026年10月18日，河南省第十一期")
    assert body.style.name == "公文正文" and east_asian(body.style) == "仿宋_GB2312"
    assert body.style.font.size == Pt(16) and body.style.paragraph_format.first_line_indent == Pt(32)
    headings = [p.text for p in doc.paragraphs if p.style.name in ("公文一级标题", "公文二级标题")]
    assert headings[:4] == ["一、总体情况", "二、项目结构", "（一）项目规模", "（二）地区分布"]
    assert east_asian(doc.styles["公文一级标题"]) == "黑体" and east_asian(doc.styles["公文二级标题"]) == "楷体_GB2312"
    assert [p.text for p in doc.paragraphs[:2]] == ["河南省重点项目办", "第十一期"]
    assert by_text(doc, "2026年").style.name == "公文正文"
    footer = doc.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "— " in doc.sections[0].footer.paragraphs[0].text
    assert doc.tables[0].rows[-1].cells[0].text == "合计"


def test_letter_is_numbered_and_a4(zone_user, media):
    project = make_project("函件项目", region="410171")
    problem = progress.problem_raise(user=zone_user, project_id=project.pk, kind="land", description="用地指标未落实",
                                     responsible_department="自然资源局", deadline="2026-01-10", measures="",
                                     raised_at="2026-01-02")
    letter = progress.problem_escalate(user=zone_user, problem_id=problem.pk, level="supervision")
    assert letter.letter.name.endswith(".docx")
    with letter.letter.open("rb") as handle:
        doc = Document(handle)
    assert round(doc.sections[0].page_width.mm) == 210
    texts = [p.text for p in doc.paragraphs]
    assert "关于函件项目协调事项的督办函" in texts and "自然资源局：" in texts
    assert "一、事项基本情况" in texts and "1. 项目名称：函件项目" in texts and "二、办理要求" in texts
    assert by_text(doc, "1. 项目名称").style.name == "公文三级标题"


def _docx(doc) -> SimpleUploadedFile:
    out = io.BytesIO()
    doc.save(out)
    return SimpleUploadedFile("模板.docx", out.getvalue())


def test_an_office_template_replaces_the_default_for_its_region_and_below(client, province_user, period, media):
    doc = Document(str(default_path("bulletin")))
    doc.paragraphs[0].runs[0].text = "{{ issuer }}（自定义抬头）"
    upload = _docx(doc)
    check_template(upload)
    DocumentTemplate.objects.create(kind="bulletin", region_id="410000", file=upload, uploaded_by=province_user)
    client.force_login(province_user)
    response = client.get(reverse("activities:period_bulletin_docx", args=[period.pk]))
    assert Document(io.BytesIO(response.content)).paragraphs[0].text == "河南省重点项目办（自定义抬头）"
    city = DocumentTemplate.objects.create(kind="letter", region_id="410100", file=_docx(letter_template()))
    assert template_for(kind="letter", region_code="410171").name == city.file.name  # 经开区 is below 郑州
    assert template_for(kind="letter", region_code="410302") == default_path("letter")  # 洛阳 is not
    assert template_for(kind="bulletin", region_code="410171").name.startswith("doc-templates/bulletin/")
    DocumentTemplate.objects.all().delete()
    response = client.get(reverse("activities:period_bulletin_docx", args=[period.pk]))
    assert Document(io.BytesIO(response.content)).paragraphs[0].text == "河南省重点项目办"


def test_a_broken_or_foreign_template_is_refused():
    with pytest.raises(ValidationError, match="不支持该文件类型"):
        check_template(SimpleUploadedFile("a.docx", b"<html><script>alert(1)</script></html>"))
    doc = letter_template()
    doc.add_paragraph("{%p for x in sections %}")  # never closed
    with pytest.raises(ValidationError, match="模板无法使用"):
        check_template(_docx(doc))


def test_the_office_writes_problems_and_requirements_before_generating(client, province_user, city_user, period):
    from sanpi.activities.models import BulletinText

    client.force_login(province_user)
    texts = reverse("activities:period_bulletin_texts", args=[period.pk])
    client.post(texts, {"problems": "部分项目申报总投资与台账不一致\n2. 开工一批项目偏少", "requirements": "一、按月调度"})
    client.post(texts, {"problems": "部分项目申报总投资与台账不一致\n开工一批项目偏少",
                        "requirements": "按月调度，逾期未报的通报批评\n（2）下期提前一周报送清单"})
    assert BulletinText.objects.filter(period=period).count() == 2  # the earlier wording is kept
    page = client.get(reverse("activities:period_bulletin", args=[period.pk])).content.decode()
    assert "<li>开工一批项目偏少</li>" in page and "<li>下期提前一周报送清单</li>" in page

    doc = Document(io.BytesIO(client.get(reverse("activities:period_bulletin_docx", args=[period.pk])).content))
    headings = [p.text for p in doc.paragraphs if p.style.name == "公文一级标题"]
    assert headings[-2].endswith("、存在问题") and headings[-1].endswith("、下步要求")
    points = [p.text for p in doc.paragraphs if p.style.name == "公文三级标题"]
    assert points == ["1. 部分项目申报总投资与台账不一致", "2. 开工一批项目偏少",
                      "1. 按月调度，逾期未报的通报批评", "2. 下期提前一周报送清单"]

    # An office that sees the period but does not run it may not write (the matrix covers foreign ones).
    client.force_login(city_user)
    assert client.post(texts, {"problems": "x", "requirements": ""}).status_code in (302, 403, 404)
    assert BulletinText.objects.filter(period=period).count() == 2
