import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from sanpi.core.fields import MoneyField


class MonthlyPlan(models.Model):
    """An optional monthly cumulative plan: 1–N月累计计划投资 of an annual plan.

    Where one exists for a month, 序时进度 is cumulative ÷ annual plan instead of months ÷ 12.
    """

    plan = models.ForeignKey("projects.AnnualPlan", verbose_name="年度计划", on_delete=models.CASCADE,
                             related_name="monthly_plans")
    month = models.PositiveSmallIntegerField("月份")
    cumulative_planned_wan = MoneyField("累计计划投资（万元）")

    class Meta:
        verbose_name = "月度累计计划"
        verbose_name_plural = "月度累计计划"
        ordering = ["plan", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="monthly_plan_one_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="monthly_plan_month_range"),
            models.CheckConstraint(condition=Q(cumulative_planned_wan__gte=0), name="monthly_plan_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} 1-{self.month}月"


class ReportingMonth(models.Model):
    """A reporting month: its due date (default the 5th of the next month) and its lock.

    `region` empty is the default for everyone; a row for a region overrides it for that region
    and the regions below it.
    """

    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    region = models.ForeignKey("accounts.Region", verbose_name="区划", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField("报送截止日期")
    locked = models.BooleanField("已锁定", default=False)
    locked_at = models.DateTimeField("锁定时间", null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="锁定人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "报送月份"
        verbose_name_plural = "报送月份"
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "region"], name="reporting_month_unique"),
            models.UniqueConstraint(fields=["year", "month"], condition=Q(region__isnull=True),
                                    name="reporting_month_one_default"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="reporting_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"

    @staticmethod
    def default_due_date(year: int, month: int) -> dt.date:
        """The 5th of the month after (year, month)."""
        return dt.date(year + month // 12, month % 12 + 1, 5)


class Notification(models.Model):
    """An in-app message (reminders, returned reports). Unique per user, kind and month, so that
    running the reminder command twice sends nothing twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "月报即将到期"
        OVERDUE = "overdue", "月报逾期"
        REVIEW = "review", "月报待审核"
        RETURNED = "returned", "月报被退回"
        OTHER = "other", "其他"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.OTHER)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True)
    text = models.CharField("内容", max_length=500)
    link = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed = models.BooleanField("已发邮件", default=False)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "year", "month"],
                                    condition=Q(year__isnull=False) & ~Q(kind="other") & ~Q(kind="returned"),
                                    name="notification_once_per_month")
        ]

    def __str__(self) -> str:
        return self.text
