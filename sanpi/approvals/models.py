from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class AppliesTo(models.TextChoices):
    """Which projects an approval kind belongs to, by 管理类别 (政府投资: 审批; 企业投资: 核准/备案)."""

    ALL = "all", "全部项目"
    GOVERNMENT = "government", "政府投资项目"
    ENTERPRISE = "enterprise", "企业投资项目"


class ApprovalKind(models.Model):
    """One entry of the 前期手续 catalogue. Rows without a region or year are the shipped defaults;
    a region (and optionally a year from which it applies) overrides a code for itself and below,
    or switches it off (`active` False)."""

    code = models.SlugField("代码", max_length=32)
    name = models.CharField("手续名称", max_length=64)
    applies_to = models.CharField("适用项目", max_length=16, choices=AppliesTo.choices, default=AppliesTo.ALL)
    region = models.ForeignKey("accounts.Region", verbose_name="适用区划", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("起始年度", null=True, blank=True)
    sort = models.PositiveSmallIntegerField("排序", default=0)
    # Needed before construction may start (开工前置手续): missing at a planned start is a red light.
    blocks_start = models.BooleanField("开工前置", default=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "前期手续目录"
        verbose_name_plural = "前期手续目录"
        ordering = ["sort", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "region", "year"], name="approval_kind_unique",
                                    nulls_distinct=False),
        ]

    def __str__(self) -> str:
        return self.name


def evidence_path(instance, filename: str) -> str:
    from sanpi.core.uploads import random_name

    return f"approvals/{instance.project_id}/{random_name(filename)}"


class ApprovalItem(models.Model):
    """One approval a project needs (or does not: 不涉及), with its dates, document and evidence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未启动"
        IN_PROGRESS = "in_progress", "办理中"
        DONE = "done", "已办结"
        NOT_APPLICABLE = "not_applicable", "不涉及"

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="approval_items")
    kind = models.ForeignKey(ApprovalKind, verbose_name="手续", on_delete=models.PROTECT, related_name="+")
    required = models.BooleanField("是否需要办理", default=True)
    status = models.CharField("办理状态", max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    responsible_unit = models.CharField("责任单位", max_length=100, blank=True)
    planned_on = models.DateField("计划办结日期", null=True, blank=True)
    done_on = models.DateField("实际办结日期", null=True, blank=True)
    document_number = models.CharField("批复文号", max_length=100, blank=True)
    evidence = models.FileField("佐证材料", upload_to=evidence_path, null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    # Bumped by every write: an edit (form, import) names the version it started from (Conflict otherwise).
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "前期手续事项"
        verbose_name_plural = "前期手续事项"
        ordering = ["project", "kind__sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="approval_item_one_per_kind"),
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False),
                                   name="approval_item_done_has_date"),
        ]
        indexes = [models.Index(fields=["status", "planned_on"], name="approval_item_status_planned")]

    def __str__(self) -> str:
        return f"{self.project} {self.kind}"
