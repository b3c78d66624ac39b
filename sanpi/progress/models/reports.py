from django.conf import settings
from django.db import models
from django.db.models import Q

from sanpi.core.fields import MoneyField
from sanpi.core.uploads import random_name


class MonthlyReport(models.Model):
    """月报: one project's figures for one month.

    A correction after the lock is a new version: the old row stays (is_current=False) and the new
    one names it in `supersedes` with the reason. Only one current version per project and month.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"
        LOCKED = "locked", "已锁定"

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="monthly_reports")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    version = models.PositiveSmallIntegerField("版本", default=1)
    is_current = models.BooleanField("现行版本", default=True)
    supersedes = models.OneToOneField("self", verbose_name="更正的版本", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    correction_reason = models.CharField("更正原因", max_length=300, blank=True)
    month_completed_wan = MoneyField("本月完成投资（万元）")
    ytd_completed_wan = MoneyField("自年初累计完成投资（万元）")
    since_start_completed_wan = MoneyField("开工以来累计完成投资（万元）")
    progress_text = models.TextField("形象进度", blank=True)
    milestones = models.TextField("本月完成的节点", blank=True)
    problems_text = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步计划", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    # A month far off the project's usual pace: shown to the reviewer, not refused.
    pace_flag = models.BooleanField("进度异常提示", default=False)
    pace_reason = models.CharField("异常说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "月报"
        verbose_name_plural = "月报"
        ordering = ["-year", "-month", "project"]
        indexes = [
            models.Index(fields=["year", "month", "status"], name="report_month_status"),
            models.Index(fields=["project", "year", "month"], name="report_project_month"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], condition=Q(is_current=True),
                                    name="report_one_current_per_month"),
            models.UniqueConstraint(fields=["project", "year", "month", "version"], name="report_version_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="report_month_range"),
            models.CheckConstraint(
                condition=Q(month_completed_wan__gte=0) & Q(ytd_completed_wan__gte=0)
                & Q(since_start_completed_wan__gte=0),
                name="report_figures_not_negative",
            ),
            models.CheckConstraint(condition=Q(since_start_completed_wan__gte=models.F("ytd_completed_wan")),
                                   name="report_since_start_covers_ytd"),
            models.CheckConstraint(condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                                   name="report_correction_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年{self.month}月月报（第{self.version}版）"

    def get_absolute_url(self) -> str:
        return f"/progress/reports/{self.pk}/"

    @property
    def editable(self) -> bool:
        return self.is_current and self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReportStep(models.Model):
    """One workflow step of a report (saved, submitted, returned, approved, locked, corrected)."""

    class Action(models.TextChoices):
        SAVE = "save", "保存草稿"
        SUBMIT = "submit", "报送"
        RETURN = "return", "退回"
        APPROVE = "approve", "审核通过"
        LOCK = "lock", "锁定"
        CORRECT = "correct", "更正"

    report = models.ForeignKey(MonthlyReport, verbose_name="月报", on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=16, choices=MonthlyReport.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=MonthlyReport.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    reason = models.CharField("原因/说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "月报流转记录"
        verbose_name_plural = "月报流转记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.get_action_display()}"


def photo_path(instance, filename: str) -> str:
    return f"report-photos/{instance.report.project_id}/{random_name(filename)}"


class ReportPhoto(models.Model):
    """A 形象进度 photo; time and place come from the file's EXIF when it carries them."""

    report = models.ForeignKey(MonthlyReport, verbose_name="月报", on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("照片", upload_to=photo_path)
    caption = models.CharField("说明", max_length=200, blank=True)
    taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "形象进度照片"
        verbose_name_plural = "形象进度照片"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name
