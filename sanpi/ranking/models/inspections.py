from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class InspectionEvent(models.Model):
    """观摩/拉练: leaders visit projects on site and scorers mark each project on weighted items."""

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey("accounts.Region", verbose_name="组织单位（区划）", on_delete=models.PROTECT,
                               related_name="+")
    held_on = models.DateField("观摩日期")
    drop_high_low = models.BooleanField("去掉一个最高分和一个最低分", default=True)
    scorers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="评分人", blank=True, related_name="+")
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "观摩拉练活动"
        verbose_name_plural = "观摩拉练活动"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/ranking/inspections/{self.pk}/"


class InspectionItem(models.Model):
    """A scoring item (形象进度、综合效益、现场管理 …) and its full points."""

    event = models.ForeignKey(InspectionEvent, verbose_name="活动", on_delete=models.CASCADE, related_name="items")
    name = models.CharField("评分项目", max_length=32)
    weight = models.DecimalField("满分（分）", max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "观摩评分项目"
        verbose_name_plural = "观摩评分项目"
        ordering = ["event", "order", "id"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="inspection_item_weight_positive")]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}分）"


class InspectionProject(models.Model):
    """A project visited; `region` is the project's region on the day (a later move shifts nothing)."""

    event = models.ForeignKey(InspectionEvent, verbose_name="活动", on_delete=models.CASCADE, related_name="visits")
    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("accounts.Region", verbose_name="所在区划（观摩时）", on_delete=models.PROTECT,
                               related_name="+")
    order = models.PositiveSmallIntegerField("观摩顺序", default=0)

    class Meta:
        verbose_name = "观摩项目"
        verbose_name_plural = "观摩项目"
        ordering = ["event", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "project"], name="inspection_project_once")]

    def __str__(self) -> str:
        return f"{self.event}：{self.project}"


class InspectionScore(models.Model):
    """One scorer's mark for one item of one visited project (a re-entry replaces it)."""

    visit = models.ForeignKey(InspectionProject, verbose_name="观摩项目", on_delete=models.CASCADE,
                              related_name="scores")
    item = models.ForeignKey(InspectionItem, verbose_name="评分项目", on_delete=models.CASCADE, related_name="+")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", on_delete=models.PROTECT,
                               related_name="+")
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)
    updated_at = models.DateTimeField("评分时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "观摩评分"
        verbose_name_plural = "观摩评分"
        constraints = [
            models.UniqueConstraint(fields=["visit", "item", "scorer"], name="inspection_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="inspection_points_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.visit} {self.item.name} {self.points}"
