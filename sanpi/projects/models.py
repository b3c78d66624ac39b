from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from sanpi.accounts.models import Leader, Organisation, Region
from sanpi.core.fields import MoneyField, RegionLevelField, level_code, region_path

from .lifecycle import Stage


class Industry(models.Model):
    """GB/T 4754-2017: 门类 (A–T) and 大类 (01–97)."""

    class Kind(models.TextChoices):
        SECTION = "section", "门类"
        DIVISION = "division", "大类"

    code = models.CharField("代码", max_length=4, primary_key=True)
    name = models.CharField("名称", max_length=64)
    kind = models.CharField("层级", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = "国民经济行业"
        verbose_name_plural = "国民经济行业"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Category(models.Model):
    """A year-scoped lookup: 领域 (domain) lists and 产业 (sector) categories change by year."""

    class Scheme(models.TextChoices):
        DOMAIN = "domain", "领域"
        SECTOR = "sector", "产业类别"

    scheme = models.CharField("类别体系", max_length=16, choices=Scheme.choices)
    year = models.PositiveSmallIntegerField("年度")
    code = models.CharField("代码", max_length=32)
    name = models.CharField("名称", max_length=64)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "领域/产业类别"
        verbose_name_plural = "领域/产业类别"
        ordering = ["scheme", "year", "sort"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year", "code"], name="category_unique_code")]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}）"


REGION_LEVELS = ("province_code", "city_code", "county_code")  # path depth 1, 2, 3


def region_levels(region) -> dict[str, str | None]:
    """The level columns of a project in `region` (a Region or its code)."""
    path = getattr(region, "path", None) or region_path(getattr(region, "pk", region))
    return {name: level_code(path, depth) for depth, name in enumerate(REGION_LEVELS, start=1)}


class ProjectQuerySet(models.QuerySet):
    """Keeps the region level columns true on the two writes that skip Field.pre_save."""

    def update(self, **kwargs):
        for key in ("region", "region_id"):
            if key in kwargs and not any(name in kwargs for name in REGION_LEVELS):
                kwargs.update(region_levels(kwargs[key]))
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        fields = list(fields)
        if any(f in ("region", "region_id") for f in fields):
            for obj in objs:
                for name in REGION_LEVELS:
                    setattr(obj, name, obj._meta.get_field(name).value_for(obj))
            fields += [name for name in REGION_LEVELS if name not in fields]
        return super().bulk_update(objs, fields, batch_size=batch_size)


class CategoryList(models.Model):
    """What is known of one year's list of a scheme: its source, or that it is unknown. A year whose
    list is unknown has no Category rows (never a copy of another year's); the form then offers the
    latest known year's list under that year's name."""

    scheme = models.CharField("类别体系", max_length=16, choices=Category.Scheme.choices)
    year = models.PositiveSmallIntegerField("年度")
    known = models.BooleanField("清单已核实", default=False)
    source = models.CharField("来源或说明", max_length=300)

    class Meta:
        verbose_name = "领域/产业类别年度清单"
        verbose_name_plural = "领域/产业类别年度清单"
        ordering = ["scheme", "year"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="category_list_unique_year")]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.year}：{'已核实' if self.known else '未知'}"


class Project(models.Model):
    """One real project, one record for its whole life (项目台账的一行)."""

    class ProjectType(models.TextChoices):
        BASIC = "01", "基本建设"
        TECH_RENOVATION = "02", "技术改造"
        PURCHASE = "03", "单纯购置"
        INFORMATISATION = "04", "信息化"
        OTHER = "05", "其他"

    class Nature(models.TextChoices):
        NEW = "1", "新建"
        EXTENSION = "2", "扩建"
        RENOVATION = "3", "改建和技术改造"
        LIVING_FACILITIES = "4", "单纯建造生活设施"
        RELOCATION = "5", "迁建"
        RESTORATION = "6", "恢复"
        PURCHASE = "7", "单纯购置"

    class FundSource(models.TextChoices):
        """Where the investor comes from (投资方来源); 政府投资 is a 管理类别, not an origin."""

        LOCAL = "local", "本地资金"
        OUT_OF_PROVINCE = "out_of_province", "省外资金"
        FOREIGN = "foreign", "外资"

    class ManagementCategory(models.TextChoices):
        """管理类别: decides 审批 (政府投资) versus 核准/备案 (企业投资) and so the 前期手续 checklist."""

        GOVERNMENT = "government", "政府投资"
        ENTERPRISE = "enterprise", "企业投资"

    code = models.CharField("项目代码", max_length=24, null=True, blank=True, unique=True)
    name = models.CharField("项目名称", max_length=200)
    project_type = models.CharField("项目类型", max_length=2, choices=ProjectType.choices, default=ProjectType.BASIC)
    nature = models.CharField("建设性质", max_length=1, choices=Nature.choices, default=Nature.NEW)
    region = models.ForeignKey(Region, verbose_name="建设地点（区划）", on_delete=models.PROTECT, related_name="+")
    # The region's path as data (省 / 市 / 县·开发区 codes), filled on every save and bulk create:
    # access.scope_projects and the ledger's region filter are an equality on one of these.
    province_code = RegionLevelField("省级区划代码", level=1)
    city_code = RegionLevelField("市级区划代码", level=2)
    county_code = RegionLevelField("县级区划代码", level=3)
    address = models.CharField("详细地址", max_length=200, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    industry = models.ForeignKey(
        Industry, verbose_name="国民经济行业", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    domain = models.ForeignKey(
        Category, verbose_name="领域", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        Category, verbose_name="产业类别", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    industrial_chain = models.CharField("产业链", max_length=64, blank=True)
    scale_content = models.TextField("建设规模及内容", blank=True)
    land_mu = models.DecimalField("占地（亩）", max_digits=12, decimal_places=2, null=True, blank=True)
    building_area_m2 = models.DecimalField("建筑面积（平方米）", max_digits=14, decimal_places=2, null=True, blank=True)
    total_investment_wan = MoneyField("总投资（万元）", null=True, blank=True)
    expected_output_wan = MoneyField("预计年产值（万元）", null=True, blank=True)
    expected_tax_wan = MoneyField("预计年税收（万元）", null=True, blank=True)
    fund_source = models.CharField("资金来源", max_length=16, choices=FundSource.choices, default=FundSource.LOCAL)
    management_category = models.CharField("管理类别", max_length=16, choices=ManagementCategory.choices,
                                           default=ManagementCategory.ENTERPRISE)
    fund_origin = models.CharField("资金来源地（国家或省份）", max_length=32, blank=True)
    owner = models.ForeignKey(
        Organisation, verbose_name="建设单位", null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    responsible_unit = models.ForeignKey(
        Organisation, verbose_name="责任单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_unit = models.ForeignKey(
        Organisation, verbose_name="代办/服务单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leaders = models.ManyToManyField(Leader, verbose_name="包联领导", blank=True, related_name="projects")
    contacts = models.CharField("联系人及电话", max_length=200, blank=True)
    # 入库: entered the fixed-asset-investment statistics database (only projects of 500万元 and more).
    in_statistics = models.BooleanField("是否入库", default=False)
    in_statistics_date = models.DateField("入库日期", null=True, blank=True)
    planned_sign_date = models.DateField("计划签约日期", null=True, blank=True)
    planned_start_date = models.DateField("计划开工日期", null=True, blank=True)
    planned_completion_date = models.DateField("计划竣工日期", null=True, blank=True)
    planned_production_date = models.DateField("计划投产日期", null=True, blank=True)
    planned_capacity_date = models.DateField("计划达产日期", null=True, blank=True)
    phase = models.CharField("分期", max_length=16, blank=True)  # 一期/二期/三期
    previous_phase = models.ForeignKey(
        "self", verbose_name="上一期项目", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_phases"
    )
    # Derived from the stage events by stages.stage_record/stage_correct; kept here so that
    # filtering a million projects by stage needs no scan of the event table.
    stage = models.CharField("当前阶段", max_length=16, choices=Stage.choices, default=Stage.PLANNED, editable=False)
    stage_date = models.DateField("阶段日期", null=True, blank=True, editable=False)
    signed_on = models.DateField("签约日期", null=True, blank=True, editable=False)
    started_on = models.DateField("开工日期", null=True, blank=True, editable=False)
    completed_on = models.DateField("竣工日期", null=True, blank=True, editable=False)
    produced_on = models.DateField("投产日期", null=True, blank=True, editable=False)
    capacity_on = models.DateField("达产日期", null=True, blank=True, editable=False)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", *REGION_LEVELS], cascade_delete_history=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目台账"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["region", "stage"], name="project_region_stage"),
            models.Index(fields=["stage", "region"], name="project_stage_region"),
            models.Index(fields=["industry"], name="project_industry"),
            models.Index(fields=["domain"], name="project_domain"),
            models.Index(fields=["name"], name="project_name"),
            models.Index(fields=["total_investment_wan"], name="project_investment"),
            # "开工 projects by 总投资": filter on stage, read in order, no sort of every match.
            models.Index(fields=["stage", "total_investment_wan"], name="project_stage_investment"),
            # A city's or county's ledger (scope or region filter) by stage, sorted by 总投资; the same
            # indexes cover the filtered totals (count and sum read from the index alone).
            models.Index(fields=["city_code", "stage", "total_investment_wan"], name="project_city_stage_inv"),
            models.Index(fields=["county_code", "stage", "total_investment_wan"], name="project_county_stage_inv"),
            models.Index(fields=["city_code", "total_investment_wan"], name="project_city_investment"),
            models.Index(fields=["county_code", "total_investment_wan"], name="project_county_investment"),
            models.Index(fields=["city_code", "domain"], name="project_city_domain"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment_wan__isnull=True) | Q(total_investment_wan__gte=0),
                name="project_investment_not_negative",
            ),
            models.CheckConstraint(condition=Q(land_mu__isnull=True) | Q(land_mu__gte=0), name="project_land_not_negative"),
            models.CheckConstraint(
                condition=Q(building_area_m2__isnull=True) | Q(building_area_m2__gte=0),
                name="project_area_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(code__isnull=True) | Q(code__regex=r"^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}$"),
                name="project_code_format",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(produced_on__isnull=True) | Q(produced_on__gte=F("started_on")),
                name="project_production_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/projects/{self.pk}/"


class AnnualPlan(models.Model):
    """年度计划: a project's plan for one year (the basis of 序时进度 and 开工率)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="annual_plans")
    year = models.PositiveSmallIntegerField("年度")
    planned_investment_wan = MoneyField("年度计划投资（万元）")
    planned_content = models.TextField("年度建设内容", blank=True)
    planned_start = models.DateField("本年计划开工", null=True, blank=True)
    planned_completion = models.DateField("本年计划竣工", null=True, blank=True)
    planned_production = models.DateField("本年计划投产", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="annual_plan_one_per_year"),
            models.CheckConstraint(condition=Q(planned_investment_wan__gte=0), name="annual_plan_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "project"], name="annual_plan_year")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年计划"


def evidence_path(instance, filename: str) -> str:
    from sanpi.core.uploads import random_name

    return f"evidence/{instance.project_id}/{random_name(filename)}"


class StageEvent(models.Model):
    """A dated stage change; the project's current stage is derived from these.

    A correction is a new event pointing at the one it corrects, which stays, marked superseded.
    """

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="stage_events")
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices)
    occurred_on = models.DateField("发生日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    evidence = models.FileField("佐证材料", upload_to=evidence_path, null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    corrects = models.OneToOneField(
        "self", verbose_name="更正的记录", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    reason = models.CharField("更正原因", max_length=200, blank=True)
    superseded = models.BooleanField("已被更正", default=False)

    class Meta:
        verbose_name = "阶段记录"
        verbose_name_plural = "阶段记录"
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["project", "superseded", "occurred_on"], name="stage_event_project")]
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(reason=""), name="stage_correction_needs_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_stage_display()} {self.occurred_on:%Y-%m-%d}"
