from django.conf import settings
from django.db import models
from django.db.models import Q

from .rules import MoveKind, Pool


class PoolMove(models.Model):
    """A dated move of a project into, between or out of the pools, reviewed twice: 初审 by the
    project's own region office, 终审 by the office above. The project's pool is the target of its
    latest approved move; refused moves stay on record with their reason."""

    class Status(models.TextChoices):
        FIRST = "first", "待初审"
        FINAL = "final", "待终审"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "未通过"

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.PROTECT,
                                related_name="pool_moves")
    kind = models.CharField("类型", max_length=16, choices=MoveKind.choices)
    from_pool = models.CharField("原库", max_length=16, choices=Pool.choices, blank=True)
    to_pool = models.CharField("目标库", max_length=16, choices=Pool.choices)
    moved_on = models.DateField("日期")
    reason = models.CharField("理由", max_length=300, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.FIRST)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申报人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    first_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="初审人", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    first_reviewed_at = models.DateTimeField("初审时间", null=True, blank=True)
    final_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="终审人", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    final_reviewed_at = models.DateTimeField("终审时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目出入库"
        verbose_name_plural = "项目出入库"
        ordering = ["-moved_on", "-id"]
        indexes = [models.Index(fields=["project", "status", "moved_on"], name="poolmove_project_status")]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="withdraw") | ~Q(reason=""), name="poolmove_withdraw_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()} {self.get_to_pool_display()}"
