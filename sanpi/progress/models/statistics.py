from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sanpi.core.fields import MoneyField
from sanpi.progress.counting import DOCUMENTS


class CountedInvestment(models.Model):
    """纳统投资: the investment the statistics office counted for a project in a month, kept beside the
    monthly report's 完成投资 (the two differ and both are reported). Its own row, not a report field:
    the figure comes from the statistics office, usually after the report is locked."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="counted_investments")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    counted_wan = MoneyField("本月入库纳统投资（万元）")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("填报时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "入库纳统投资"
        verbose_name_plural = "入库纳统投资"
        ordering = ["project", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="counted_once_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="counted_month_range"),
            models.CheckConstraint(condition=Q(counted_wan__gte=0), name="counted_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年{self.month}月纳统投资"


class StatisticsDocument(models.Model):
    """One item of the checklist the statistics office needs to count (入库) a started project."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="statistics_documents")
    kind = models.CharField("资料", max_length=16, choices=DOCUMENTS)
    received_on = models.DateField("报送日期")
    note = models.CharField("文号或说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "入库资料"
        verbose_name_plural = "入库资料"
        ordering = ["project", "kind"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="statistics_document_once")]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()}"
