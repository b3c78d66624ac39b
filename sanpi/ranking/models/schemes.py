from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Scheme(models.Model):
    """A scoring scheme (考评办法) as data: indicators with weights and methods, groups ranked apart."""

    class PeriodKind(models.TextChoices):
        MONTH = "month", "月度"
        QUARTER = "quarter", "季度"
        YEAR = "year", "年度"

    name = models.CharField("名称", max_length=64, unique=True)
    owner_region = models.ForeignKey("accounts.Region", verbose_name="制定单位（区划）", on_delete=models.PROTECT,
                                     related_name="+")
    period_kind = models.CharField("考评周期", max_length=8, choices=PeriodKind.choices,
                                   default=PeriodKind.MONTH)
    description = models.TextField("说明", blank=True)
    top_n = models.PositiveSmallIntegerField("红黑榜各取前后（名）", default=3)
    is_example = models.BooleanField("示例（演示）", default=False)
    # An edit names the version it started from; a later one is refused (schemes.scheme_update).
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考评办法"
        verbose_name_plural = "考评办法"
        ordering = ["owner_region", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/ranking/schemes/{self.pk}/"


class SchemeIndicator(models.Model):
    """One indicator of a scheme: which figure (a key of ranking.indicators.REGISTRY), its weight
    (full points) and how points are given (rules.points)."""

    class Method(models.TextChoices):
        LINEAR = "linear", "按目标线性计分"  # floor → 0 points, target → full points
        RANK = "rank", "按排名计分"  # first → full points, last → min points, evenly between
        THRESHOLDS = "thresholds", "分档计分"  # [[value, points], …] best band first

    scheme = models.ForeignKey(Scheme, verbose_name="考评办法", on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    indicator = models.CharField("指标", max_length=48)
    label = models.CharField("指标名称（通报用）", max_length=64, blank=True)
    weight = models.DecimalField("权重（分）", max_digits=6, decimal_places=2)
    method = models.CharField("计分方法", max_length=16, choices=Method.choices, default=Method.LINEAR)
    higher_is_better = models.BooleanField("越大越好", default=True)
    target = models.DecimalField("满分值", max_digits=12, decimal_places=2, null=True, blank=True)
    floor = models.DecimalField("零分值", max_digits=12, decimal_places=2, null=True, blank=True)
    thresholds = models.JSONField("分档（[[值, 得分], …]）", default=list, blank=True)
    cap_points = models.DecimalField("得分上限", max_digits=6, decimal_places=2, null=True, blank=True)
    min_points = models.DecimalField("得分下限", max_digits=6, decimal_places=2, null=True, blank=True)
    params = models.JSONField("参数", default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考评指标"
        verbose_name_plural = "考评指标"
        ordering = ["scheme", "order", "id"]
        constraints = [models.CheckConstraint(condition=Q(weight__gte=0), name="indicator_weight_not_negative")]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.label or self.indicator}"


class RegionGroup(models.Model):
    """A group of regions ranked among themselves (县组 / 城区组 / 功能区组; 省辖市 / 济源示范区、航空港区)."""

    scheme = models.ForeignKey(Scheme, verbose_name="考评办法", on_delete=models.CASCADE, related_name="groups")
    name = models.CharField("分组名称", max_length=32)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    regions = models.ManyToManyField("accounts.Region", verbose_name="参评区划", related_name="+")
    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        verbose_name = "排名分组"
        verbose_name_plural = "排名分组"
        ordering = ["scheme", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="group_unique_name")]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.name}"


class Ranking(models.Model):
    """A published ranking: the frozen JSON of every region's score, points, indicator values and the
    source figures behind them. Never changed; a correction is revision N+1 with its reason."""

    scheme = models.ForeignKey(Scheme, verbose_name="考评办法", on_delete=models.PROTECT, related_name="rankings")
    period = models.CharField("考评期", max_length=8)  # 2024-06, 2024-Q2, 2024
    revision = models.PositiveIntegerField("修订版本", default=1)
    reason = models.CharField("修订原因", max_length=200, blank=True)
    data = models.JSONField("排名快照")
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "已发布排名"
        verbose_name_plural = "已发布排名"
        ordering = ["scheme", "-period", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "period", "revision"], name="ranking_unique_revision"),
            models.CheckConstraint(condition=Q(revision=1) | ~Q(reason=""), name="ranking_revision_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.period} 第{self.revision}版"
