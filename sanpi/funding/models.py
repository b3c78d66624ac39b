from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sanpi.core.fields import MoneyField


class Source(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", "中央预算内投资"
    SPECIAL_BOND = "special_bond", "地方政府专项债券"
    PROVINCE_BUDGET = "province_budget", "省级预算内"
    CITY_BUDGET = "city_budget", "市级预算内"
    COUNTY_BUDGET = "county_budget", "县级预算内"
    POLICY_FINANCE = "policy_finance", "政策性金融工具"
    BANK_LOAN = "bank_loan", "银行贷款"
    SELF_RAISED = "self_raised", "企业自筹"
    OTHER = "other", "其他"


# Government money whose payment is supervised (资金支付滞后 applies to these lines).
SUPERVISED = (Source.CENTRAL_BUDGET, Source.SPECIAL_BOND, Source.PROVINCE_BUDGET, Source.CITY_BUDGET,
              Source.COUNTY_BUDGET, Source.POLICY_FINANCE)


class FundingLine(models.Model):
    """The money of one source for a project in one year: 计划/下达 amount (a 专项债 line names its batch)."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="funding_lines")
    year = models.PositiveSmallIntegerField("年度")
    source = models.CharField("资金来源", max_length=24, choices=Source.choices)
    bond_batch = models.CharField("专项债发行批次", max_length=64, blank=True)
    bond_issued_on = models.DateField("专项债发行日期", null=True, blank=True)
    allocated_wan = MoneyField("计划/下达金额（万元）")
    note = models.CharField("说明", max_length=200, blank=True)
    # Bumped by every write: an edit (form, import) names the version it started from (Conflict otherwise).
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "资金来源"
        verbose_name_plural = "资金来源"
        ordering = ["project", "year", "source", "bond_batch"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "source", "bond_batch"], name="funding_line_unique"),
            models.CheckConstraint(condition=Q(allocated_wan__gte=0), name="funding_line_not_negative"),
            models.CheckConstraint(condition=~Q(source="special_bond") | ~Q(bond_batch=""),
                                   name="funding_line_bond_has_batch"),
        ]
        indexes = [models.Index(fields=["year", "project"], name="funding_line_year")]

    def __str__(self) -> str:
        batch = f"（{self.bond_batch}）" if self.bond_batch else ""
        return f"{self.project} {self.year}年 {self.get_source_display()}{batch}"


class FundingMonth(models.Model):
    """One month of a funding line: 到位 and 支付 amounts with their dates."""

    line = models.ForeignKey(FundingLine, verbose_name="资金来源", on_delete=models.CASCADE, related_name="months")
    month = models.PositiveSmallIntegerField("月份")
    arrived_wan = MoneyField("本月到位（万元）", default=0)
    arrived_on = models.DateField("到位日期", null=True, blank=True)
    paid_wan = MoneyField("本月支付（万元）", default=0)
    paid_on = models.DateField("支付日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "资金到位与支付（月）"
        verbose_name_plural = "资金到位与支付（月）"
        ordering = ["line", "month"]
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="funding_month_unique"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="funding_month_range"),
            models.CheckConstraint(condition=Q(arrived_wan__gte=0) & Q(paid_wan__gte=0),
                                   name="funding_month_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.month}月"
