from django.conf import settings
from django.db import models
from django.db.models import Q


class Dimension(models.TextChoices):
    START_DELAY = "start_delay", "开工滞后"
    INVESTMENT_PACE = "investment_pace", "投资进度（对照序时进度）"
    REPORT_OVERDUE = "report_overdue", "月报逾期"
    NOT_IN_STATISTICS = "not_in_statistics", "开工未入库"
    MILESTONE_OVERDUE = "milestone_overdue", "节点逾期（竣工/投产）"
    PROBLEM_OVERDUE = "problem_overdue", "问题逾期未解决"
    APPROVAL_OVERDUE = "approval_overdue", "前期手续滞后"  # sanpi/approvals/rules.py
    FUNDS_LAG = "funds_lag", "资金支付滞后"  # sanpi/funding/rules.py


class ThresholdKind(models.TextChoices):
    POINTS = "points", "低于序时进度的百分点"
    RELATIVE_PERCENT = "relative_percent", "低于序时计划的相对比例（%）"
    RATIO_OF_BENCHMARK = "ratio_of_benchmark", "完成率占序时进度的比例（%）"
    MONTHS = "months", "月数"
    DAYS = "days", "天数"


class Colour(models.TextChoices):
    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


class RuleSet(models.Model):
    """A published set of alert rules (a government's, a year's), versioned with an effective date.

    Which set applies to a project: a set that lists the project, else the set scoped to the deepest
    region containing it, else the default; among equals the latest effective one.
    """

    name = models.CharField("名称", max_length=100)
    place = models.CharField("制定地", max_length=32)
    version = models.PositiveSmallIntegerField("版本", default=1)
    effective_from = models.DateField("生效日期")
    scope_region = models.ForeignKey("accounts.Region", verbose_name="适用区划", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    # A key-project list or batch the rules apply to, given as its projects.
    scope_label = models.CharField("适用名单", max_length=100, blank=True)
    listed_projects = models.ManyToManyField("projects.Project", verbose_name="名单项目", blank=True,
                                             related_name="+")
    is_default = models.BooleanField("默认规则", default=False)
    source = models.CharField("依据", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "预警规则集"
        verbose_name_plural = "预警规则集"
        ordering = ["-is_default", "place", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="ruleset_name_version"),
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="ruleset_one_default"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class AlertRule(models.Model):
    """One dimension of a rule set with its yellow and red thresholds (boundaries in rules.py)."""

    rule_set = models.ForeignKey(RuleSet, verbose_name="规则集", on_delete=models.CASCADE, related_name="rules")
    dimension = models.CharField("维度", max_length=24, choices=Dimension.choices)
    yellow_threshold = models.DecimalField("黄灯阈值", max_digits=8, decimal_places=2)
    red_threshold = models.DecimalField("红灯阈值", max_digits=8, decimal_places=2)
    threshold_kind = models.CharField("阈值类型", max_length=24, choices=ThresholdKind.choices)
    consecutive_months = models.PositiveSmallIntegerField("连续月数", default=1)
    description = models.CharField("规则说明", max_length=300)

    class Meta:
        verbose_name = "预警规则"
        verbose_name_plural = "预警规则"
        ordering = ["rule_set", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "dimension"], name="alert_rule_one_per_dimension"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} {self.get_dimension_display()}"


class Light(models.Model):
    """One dimension's colour for a project in a month, with the reason and the figures used."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    rule_set = models.ForeignKey(RuleSet, verbose_name="规则集", null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    rule_set_version = models.PositiveSmallIntegerField("规则版本")
    dimension = models.CharField("维度", max_length=24, choices=Dimension.choices)
    colour = models.CharField("颜色", max_length=8, choices=Colour.choices)
    reason = models.CharField("原因", max_length=300)
    figures = models.JSONField("依据数据", default=dict)

    class Meta:
        verbose_name = "分项预警"
        verbose_name_plural = "分项预警"
        ordering = ["project", "dimension"]
        indexes = [
            models.Index(fields=["year", "month", "colour"], name="light_month_colour"),
            models.Index(fields=["project", "year", "month"], name="light_project_month"),
        ]

    def __str__(self) -> str:
        return self.reason


class ProjectLight(models.Model):
    """A project's overall colour for a month: the worst of its dimensions, with their reasons."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="lights")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    colour = models.CharField("颜色", max_length=8, choices=Colour.choices)
    reasons = models.JSONField("原因", default=list)
    rule_set = models.ForeignKey(RuleSet, verbose_name="规则集", null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    evaluated_at = models.DateTimeField("评价时间")

    class Meta:
        verbose_name = "项目月度亮灯"
        verbose_name_plural = "项目月度亮灯"
        ordering = ["-year", "-month", "project"]
        indexes = [models.Index(fields=["year", "month", "colour"], name="project_light_month_colour")]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="project_light_one_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}-{self.month:02d} {self.get_colour_display()}"


class EvaluationRun(models.Model):
    """When a month was evaluated and how many projects got each colour (an audit of the runs)."""

    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    as_of = models.DateField("评价基准日")
    projects = models.PositiveIntegerField("项目数")
    red = models.PositiveIntegerField("红灯")
    yellow = models.PositiveIntegerField("黄灯")
    green = models.PositiveIntegerField("绿灯")
    partial = models.BooleanField("部分项目", default=False)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="执行人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    run_at = models.DateTimeField("执行时间", auto_now_add=True)

    class Meta:
        verbose_name = "评价记录"
        verbose_name_plural = "评价记录"
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"
