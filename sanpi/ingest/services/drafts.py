"""Bulletin drafts becoming projects: nothing is written until a user confirms chosen drafts."""

import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from sanpi.accounts.access import check_region_writable
from sanpi.accounts.models import Organisation, Region
from sanpi.projects.models import Project
from sanpi.projects.services import organisation_create, project_create

from ..planning import name_key

DRAFT_NUMBERS = {"total_investment_wan": "total_investment_wan", "land_mu": "land_mu",
                 "building_area_m2": "building_area_m2", "output_value_wan": "expected_output_wan"}


def bulletin_text(*, name: str, data: bytes) -> str:
    """The text of an uploaded bulletin: .docx paragraphs, or plain text in UTF-8 or GB18030."""
    if name.lower().endswith(".docx"):
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception:  # python-docx raises several types for a damaged file
            raise ValidationError({"file": ["无法读取该 Word 文件（只支持 .docx）。"]}) from None
        return "\n".join(p.text for p in document.paragraphs)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": ["无法识别文件编码（支持 UTF-8、GB18030 文本和 .docx）。"]})


def _amount(value, label: str, errors: dict, key: str):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        errors[key] = [f"{label}“{value}”不是数字。"]
        return None


@transaction.atomic
def drafts_confirm(*, user, region: str, drafts: list[dict]) -> list[Project]:
    """Create a project from each confirmed draft in `region` (inside the user's scope), all or none.

    A draft: {"name", "owner", "total_investment_wan", "land_mu", "building_area_m2",
    "output_value_wan", "phase", "source"} with amounts as decimal strings (万元, 亩, 平方米), and
    optionally "position": the draft's number as the user sees it on the page, which the refusal
    messages name (default: its place among the chosen drafts). The sentence the figures came
    from is kept in 建设规模及内容 so the figure stays traceable.
    """
    region_obj = Region.objects.filter(pk=region).first()
    if region_obj is None:
        raise ValidationError({"region": ["请选择项目所在区划。"]})
    check_region_writable(user, region_obj)
    if not drafts:
        raise ValidationError({"drafts": ["请至少勾选一个项目草稿。"]})
    existing = {name_key(n) for n in Project.objects.filter(region=region_obj).values_list("name", flat=True)}
    created = []
    for nth, draft in enumerate(drafts, start=1):
        index = draft.get("position") or nth
        errors: dict = {}
        name = " ".join(str(draft.get("name") or "").split())
        if name_key(name) in existing:
            raise ValidationError({"name": [f"第{index}个草稿：{region_obj.name}已有项目“{name}”，请勿重复登记。"]})
        fields = {"name": name, "region": region_obj, "phase": (draft.get("phase") or "")[:16]}
        for key, field in DRAFT_NUMBERS.items():
            value = _amount(draft.get(key), key, errors, key)
            if value is not None:
                fields[field] = value
        if source := (draft.get("source") or "").strip():
            fields["scale_content"] = f"（据新闻通稿：{source}）"
        if errors:
            raise ValidationError({k: [f"第{index}个草稿：{m}" for m in v] for k, v in errors.items()})
        if owner := " ".join(str(draft.get("owner") or "").split()):
            org = Organisation.objects.filter(name=owner).order_by("id").first()
            fields["owner"] = org or organisation_create(name=owner, region=region_obj)
        try:
            project = project_create(user=user, fields=fields, confirm_duplicate=True)  # checked above, region-wide
        except ValidationError as exc:
            raise ValidationError({k: [f"第{index}个草稿（{name or '未命名'}）：{m}" for m in v]
                                   for k, v in exc.message_dict.items()}) from None
        existing.add(name_key(name))
        created.append(project)
    return created
