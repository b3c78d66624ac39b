"""Render an official document from its template: the office's own (DocumentTemplate for its region
or the nearest region above), else the built-in one. Text is escaped (autoescape), so a project name
with "&" or "<" cannot break the document's XML."""

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from sanpi.core.bounds import strip_control

from .layout import HERE

SAMPLE = {
    "issuer": "某某重点项目办", "number": "豫重项办〔2026〕1号", "title": "标题", "date": "2026年1月1日",
    "recipient": "某某局", "opening": "开头", "closing": "结尾", "note": "附注",
    "sections": [{"heading": "一、总体情况", "paragraphs": ["正文"], "points": ["1. 事项"],
                  "subsections": [{"heading": "（一）分项", "paragraphs": ["正文"]}]}],
    "city_rows": [{"name": "郑州市", "signed": 1, "signed_yi": "1.00", "started": 1, "started_yi": "1.00",
                   "producing": 1, "producing_yi": "1.00"}],
}


def default_path(kind: str) -> Path:
    return HERE / f"{kind}.docx"


def template_for(*, kind: str, region_code: str | None):
    """The file of the office's template for `kind` (its region or the nearest above), else the built-in."""
    from sanpi.accounts.models import Region

    from .models import DocumentTemplate

    if region_code:
        path = Region.objects.filter(pk=region_code).values_list("path", flat=True).first() or ""
        chain = [code for code in path.strip("/").split("/") if code]
        own = {t.region_id: t for t in DocumentTemplate.objects.filter(kind=kind, region__in=chain)}
        for code in reversed(chain):
            if code in own:
                return own[code].file
    return default_path(kind)


def _clean(value):
    """Control characters cannot be stored in XML: drop them from every string of the context."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def render_docx(source, context: dict) -> bytes:
    """The document `source` (a path or an open file) renders with `context`, as bytes."""
    if isinstance(source, Path):
        source = str(source)
    elif hasattr(source, "storage"):  # a stored FieldFile: read it whole (it may live off this machine)
        source.open("rb")
        data = io.BytesIO(source.read())
        source.close()
        source = data
    template = DocxTemplate(source)
    template.render(_clean(context), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_document(*, kind: str, region_code: str | None, context: dict) -> bytes:
    return render_docx(template_for(kind=kind, region_code=region_code), context)


def check_template(file) -> None:
    """An uploaded template must be a .docx (by its bytes) that renders with sample data."""
    from sanpi.core.uploads import check_upload

    check_upload(file, purpose=frozenset({"docx"}), field="file")
    try:
        render_docx(io.BytesIO(file.read()), SAMPLE)
    except (TemplateError, ValueError, KeyError) as exc:
        raise ValidationError({"file": [f"模板无法使用：{exc}。请检查 {{{{ }}}} 与 {{%p %}} 标记是否成对。"]}) from None
    finally:
        file.seek(0)
