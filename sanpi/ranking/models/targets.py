from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sanpi.core.fields import MoneyField


class Target(models.Model):
    """A region's annual targets, set by the office of a region above it (domain guide §13).

    Quarterly milestones are optional cumulative shares of the annual figure (浙江: 30/60/85/100%):
    where set, the quarter's target is that share; otherwise the annual target is followed pro rata.
    """

    region = models.ForeignKey("accounts.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    investment_wan = MoneyField("年度计划完成投资目标（万元）", null=True, blank=True)
    new_starts = models.PositiveIntegerField("新开工项目目标（个）", null=True, blank=True)
    new_starts_investment_wan = MoneyField("新开工项目总投资目标（万元）", null=True, blank=True)
    q1_percent = models.DecimalField("一季度累计目标（%）", max_digits=5, decimal_places=1, null=True, blank=True)
    q2_percent = models.DecimalField("上半年累计目标（%）", max_digits=5, decimal_places=1, null=True, blank=True)
    q3_percent = models.DecimalField("前三季度累计目标（%）", max_digits=5, decimal_places=1, null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)  # e.g. 演示数据, 文件依据
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="下达人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    set_by_region = models.ForeignKey("accounts.Region", verbose_name="下达单位（区划）", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"
        ordering = ["year", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="target_one_per_region_year"),
            models.CheckConstraint(condition=Q(investment_wan__isnull=True) | Q(investment_wan__gte=0),
                                   name="target_investment_not_negative"),
            models.CheckConstraint(
                condition=Q(new_starts_investment_wan__isnull=True) | Q(new_starts_investment_wan__gte=0),
                name="target_new_starts_investment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年目标"

    def milestone(self, quarter: int):
        """The cumulative share (%) of the annual target due by the end of `quarter`, or None."""
        return {1: self.q1_percent, 2: self.q2_percent, 3: self.q3_percent}.get(quarter)


class ActivityTask(models.Model):
    """A 三个一批 task of a region for one period: projects and investment to sign / start / produce."""

    class Batch(models.TextChoices):
        SIGNED = "signed", "签约"
        STARTED = "started", "开工"
        PRODUCING = "producing", "投产"

    target = models.ForeignKey(Target, verbose_name="年度目标", on_delete=models.CASCADE, related_name="tasks")
    period = models.ForeignKey("activities.Period", verbose_name="期次", on_delete=models.PROTECT, related_name="+")
    batch = models.CharField("批次", max_length=16, choices=Batch.choices)
    projects = models.PositiveIntegerField("项目任务（个）", default=0)
    investment_wan = MoneyField("投资任务（万元）", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "三个一批任务"
        verbose_name_plural = "三个一批任务"
        ordering = ["target", "period", "batch"]
        constraints = [
            models.UniqueConstraint(fields=["target", "period", "batch"], name="task_one_per_period_batch"),
            models.CheckConstraint(condition=Q(investment_wan__gte=0), name="task_investment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.target.region} {self.period} {self.get_batch_display()}任务"
