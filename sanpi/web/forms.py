"""Page forms. They only shape input for the services, which do the validating: a service's
ValidationError({field: [中文]}) is put back beside the field it names (`add_service_errors`)."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from sanpi.accounts.access import is_global, scope_regions
from sanpi.accounts.models import Leader, Organisation, Region
from sanpi.projects import lifecycle
from sanpi.projects.models import Category, Industry, Project
from sanpi.projects.services import organisation_create
from sanpi.projects.validators import InvalidCode, validate_uscc

DATE = {"type": "date"}
DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}
ORG_FIELDS = ("owner", "responsible_unit", "service_unit")


def _text(label, *, widget=None, attrs=None, help_text=""):
    widget = widget or forms.TextInput(attrs=attrs or {})
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


class ServiceErrorsMixin:
    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


def region_choices(user) -> list[tuple[str, str]]:
    """Regions the user may register projects in, indented under their parents."""
    qs = Region.objects.all() if is_global(user) else scope_regions(Region.objects.all(), user)
    rows = qs.filter(valid_to__isnull=True).order_by("path").values_list("code", "name", "path")
    base = 0 if is_global(user) else len(user.region.path.strip("/").split("/"))
    return [(code, "\u3000" * (len(path.strip("/").split("/")) - base) + name) for code, name, path in rows]


def industry_choices() -> list:
    sections = {i.code: i.name for i in Industry.objects.filter(kind=Industry.Kind.SECTION)}
    groups: dict[str, list] = {}
    for code, name, parent in Industry.objects.filter(kind=Industry.Kind.DIVISION).values_list(
            "code", "name", "parent_id"):
        groups.setdefault(parent, []).append((code, f"{code} {name}"))
    return [("", "（未填）")] + [(f"{p} {sections.get(p, '')}", items) for p, items in sorted(groups.items())]


def category_choices(scheme: str, *, keep_id: int | None = None) -> list:
    years = sorted(set(Category.objects.filter(scheme=scheme).values_list("year", flat=True)), reverse=True)
    year = dt.date.today().year
    use = year if year in years else (years[0] if years else year)
    rows = Category.objects.filter(scheme=scheme).filter(Q(year=use) | Q(pk=keep_id or 0)).order_by("-year", "sort")
    return [("", "（未填）")] + [(str(c.pk), f"{c.name}（{c.year}）") for c in rows]


def leader_queryset(user):
    if is_global(user):
        return Leader.objects.all()
    ancestors = user.region.path.strip("/").split("/")
    return Leader.objects.filter(Q(region__path__startswith=user.region.path) | Q(region__in=ancestors))


class ProjectForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Shown only after a registration was refused as a likely duplicate (services.DuplicateProject).
    confirm_duplicate = forms.BooleanField(label="我已核对，这是另一个项目，仍要登记", required=False)
    name = _text("项目名称")
    code = _text("项目代码", help_text="国家投资项目代码，如 2311-410171-04-01-123456；尚未赋码可不填。")
    region = forms.ChoiceField(label="建设地点（区划）", required=False)
    address = _text("详细地址")
    longitude = _text("经度（WGS-84）", attrs=DECIMAL,
                      help_text="GPS 原始坐标（WGS-84，非国内地图常用的 GCJ-02），如 113.735；可在下方地图上点击选取。")
    latitude = _text("纬度（WGS-84）", attrs=DECIMAL, help_text="如 34.715。")
    project_type = forms.ChoiceField(label="项目类型", choices=Project.ProjectType.choices, required=False)
    nature = forms.ChoiceField(label="建设性质", choices=Project.Nature.choices, required=False)
    industry = forms.ChoiceField(label="国民经济行业（大类）", required=False)
    domain = forms.ChoiceField(label="领域", required=False)
    sector = forms.ChoiceField(label="产业类别", required=False)
    industrial_chain = _text("产业链")
    phase = _text("分期", help_text="一期／二期／三期，可不填。")
    scale_content = _text("建设规模及内容", widget=forms.Textarea(attrs={"rows": 3}))
    total_investment_wan = _text("总投资（万元）", attrs=DECIMAL)
    land_mu = _text("占地（亩）", attrs=DECIMAL)
    building_area_m2 = _text("建筑面积（平方米）", attrs=DECIMAL)
    expected_output_wan = _text("预计年产值（万元）", attrs=DECIMAL)
    expected_tax_wan = _text("预计年税收（万元）", attrs=DECIMAL)
    management_category = forms.ChoiceField(label="管理类别", choices=Project.ManagementCategory.choices, required=False)
    fund_source = forms.ChoiceField(label="资金来源", choices=Project.FundSource.choices, required=False)
    fund_origin = _text("资金来源地（国家或省份）")
    owner = _text("建设单位", help_text="单位全称或统一社会信用代码；未登记的单位按所填全称新建。")
    responsible_unit = _text("责任单位")
    service_unit = _text("代办/服务单位")
    leaders = forms.MultipleChoiceField(label="包联领导", required=False)
    contacts = _text("联系人及电话")
    in_statistics = forms.BooleanField(label="已入库（固定资产投资统计）", required=False)
    in_statistics_date = _text("入库日期", attrs=DATE)
    planned_sign_date = _text("计划签约日期", attrs=DATE)
    planned_start_date = _text("计划开工日期", attrs=DATE)
    planned_completion_date = _text("计划竣工日期", attrs=DATE)
    planned_production_date = _text("计划投产日期", attrs=DATE)
    planned_capacity_date = _text("计划达产日期", attrs=DATE)

    SECTIONS = [
        ("基本信息", ["name", "code", "region", "address", "longitude", "latitude", "project_type", "nature", "phase"]),
        ("行业与领域", ["industry", "domain", "sector", "industrial_chain"]),
        ("规模与投资", ["scale_content", "total_investment_wan", "land_mu", "building_area_m2",
                    "expected_output_wan", "expected_tax_wan", "management_category", "fund_source",
                    "fund_origin"]),
        ("单位与责任人", ["owner", "responsible_unit", "service_unit", "leaders", "contacts"]),
        ("计划与入库", ["planned_sign_date", "planned_start_date", "planned_completion_date",
                   "planned_production_date", "planned_capacity_date", "in_statistics", "in_statistics_date"]),
    ]
    REQUIRED = ("name", "region")

    def __init__(self, *args, user, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.project = project
        self.fields["region"].choices = [("", "（请选择）")] + region_choices(user)
        self.fields["industry"].choices = industry_choices()
        self.fields["domain"].choices = category_choices(Category.Scheme.DOMAIN,
                                                         keep_id=project and project.domain_id)
        self.fields["sector"].choices = category_choices(Category.Scheme.SECTOR,
                                                         keep_id=project and project.sector_id)
        leaders = leader_queryset(user)
        if project is not None:
            leaders = leaders | Leader.objects.filter(projects=project)
        self.fields["leaders"].choices = [(str(pk), str(name)) for pk, name in
                                          ((x.pk, x) for x in leaders.distinct().order_by("name"))]
        for name, field in self.fields.items():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control")
            field.widget.attrs.setdefault("class", css)
            if name in self.REQUIRED:
                field.widget.attrs["required"] = True

    @classmethod
    def initial_for(cls, project: Project) -> dict:
        initial = {name: getattr(project, name) for name in (
            "name", "code", "address", "project_type", "nature", "industrial_chain", "phase", "scale_content",
            "management_category", "fund_source", "fund_origin", "contacts", "in_statistics")}
        initial["code"] = project.code or ""
        for name in ("region", "industry", "domain", "sector"):
            value = getattr(project, f"{name}_id")
            initial[name] = "" if value is None else str(value)
        for name in ("total_investment_wan", "land_mu", "building_area_m2", "expected_output_wan", "expected_tax_wan",
                     "longitude", "latitude"):
            value = getattr(project, name)
            initial[name] = "" if value is None else format(value.normalize(), "f")
        for name in ("in_statistics_date", "planned_sign_date", "planned_start_date", "planned_completion_date",
                     "planned_production_date", "planned_capacity_date"):
            value = getattr(project, name)
            initial[name] = value.isoformat() if value else ""
        for name in ORG_FIELDS:
            org = getattr(project, name)
            initial[name] = org.name if org else ""
        initial["leaders"] = [str(pk) for pk in project.leaders.values_list("pk", flat=True)]
        initial["version"] = project.version
        return initial

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def service_fields(self) -> dict:
        """Cleaned input as the services take it; organisations named but not yet registered are
        created here, so call this inside the same transaction as the service."""
        data = {k: v for k, v in self.cleaned_data.items()
                if k not in ("version", "leaders", "confirm_duplicate", *ORG_FIELDS)}
        if not data.get("management_category"):  # left blank: the project keeps (or gets the default) 管理类别
            data.pop("management_category", None)
        errors = {}
        region = data.get("region") or None
        for name in ORG_FIELDS:
            try:
                data[name] = self._organisation(self.cleaned_data.get(name, ""), region)
            except ValidationError as exc:
                errors[name] = exc.messages
        if errors:
            raise ValidationError(errors)
        return data

    def leader_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("leaders") or []]

    @staticmethod
    def _organisation(text: str, region_code: str | None) -> int | None:
        text = " ".join((text or "").split())
        if not text:
            return None
        if len(text) == 18 and text.isalnum():
            try:
                uscc = validate_uscc(text)
            except InvalidCode as exc:
                raise ValidationError(str(exc)) from None
            org = Organisation.objects.filter(uscc=uscc).first()
            if org is None:
                raise ValidationError(f"统一社会信用代码 {uscc} 尚未登记，请填写单位全称。")
            return org.pk
        org = Organisation.objects.filter(name=text).order_by("id").first()
        if org is not None:
            return org.pk
        if not region_code:
            raise ValidationError(f"单位“{text}”尚未登记：请先选择建设地点，系统将在该区划下登记此单位。")
        return organisation_create(name=text, region=region_code).pk


class StageAdvanceForm(ServiceErrorsMixin, forms.Form):
    stage = forms.ChoiceField(label="新阶段", widget=forms.Select(attrs={"class": "form-select"}))
    occurred_on = forms.CharField(label="发生日期", widget=forms.TextInput(attrs={"type": "date", "class": "form-control"}))
    evidence = forms.FileField(label="佐证材料（开工令、施工许可、投产照片等）", required=False,
                               widget=forms.ClearableFileInput(attrs={"class": "form-control"}))
    note = forms.CharField(label="说明", required=False, max_length=200,
                           widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, allowed: frozenset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.value, s.label) for s in lifecycle.Stage if s in allowed]
        self.fields["occurred_on"].error_messages["required"] = "请填写发生日期。"
        self.fields["stage"].error_messages["required"] = "请选择新阶段。"


class StageCorrectForm(ServiceErrorsMixin, forms.Form):
    stage = forms.ChoiceField(label="更正后的阶段", choices=lifecycle.Stage.choices,
                              widget=forms.Select(attrs={"class": "form-select"}))
    occurred_on = forms.CharField(label="更正后的日期",
                                  widget=forms.TextInput(attrs={"type": "date", "class": "form-control"}))
    reason = forms.CharField(label="更正原因", required=False, max_length=200,
                             widget=forms.TextInput(attrs={"class": "form-control"}))

    def clean_occurred_on(self):
        text = self.cleaned_data["occurred_on"].strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(f"日期“{text}”无效，请按 2024-01-02 的格式填写。") from None
