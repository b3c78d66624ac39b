from django.conf import settings
from django.db import models
from django.db.models import Q

from sanpi.core.uploads import random_name


def closure_path(instance, filename: str) -> str:
    return f"problem-closure/{instance.project_id}/{random_name(filename)}"


def letter_path(instance, filename: str) -> str:
    return f"letters/{instance.problem.project_id}/{random_name(filename)}"


class Problem(models.Model):
    """协调事项 / 问题台账: something that blocks a project, followed until it is closed (销号)."""

    class Kind(models.TextChoices):
        LAND = "land", "用地"
        DEMOLITION = "demolition", "征地拆迁"  # land acquisition and relocation, apart from 用地 指标/手续
        FUNDS = "funds", "资金"
        APPROVALS = "approvals", "审批手续"
        UTILITIES = "utilities", "水电气暖等配套"
        LABOUR = "labour", "用工"
        SITE = "site_environment", "施工环境"  # obstruction of work on site (阻工、扰工)
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        OPEN = "open", "待办理"
        IN_PROGRESS = "in_progress", "办理中"
        RESOLVED = "resolved", "已销号"

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="problems")
    kind = models.CharField("问题类型", max_length=16, choices=Kind.choices)
    description = models.TextField("问题描述")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateField("提出日期")
    responsible_department = models.CharField("责任单位", max_length=100)
    deadline = models.DateField("办结时限")
    measures = models.TextField("协调措施", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    resolved_at = models.DateField("销号日期", null=True, blank=True)
    closure_evidence = models.FileField("销号佐证", upload_to=closure_path, null=True, blank=True)
    closure_note = models.TextField("销号说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "协调事项"
        verbose_name_plural = "协调事项"
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="problem_status_deadline"),
            models.Index(fields=["project", "status"], name="problem_project_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_at__isnull=False), name="problem_resolved_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}：{self.get_kind_display()}问题"

    def get_absolute_url(self) -> str:
        return f"/progress/problems/{self.pk}/"


class ProblemEscalation(models.Model):
    """An escalation letter issued for a problem; the .docx is generated and kept."""

    class Level(models.TextChoices):
        REMINDER = "reminder", "提醒函"
        ASSIGNMENT = "assignment", "交办函"
        SUPERVISION = "supervision", "督办函"

    problem = models.ForeignKey(Problem, verbose_name="协调事项", on_delete=models.CASCADE,
                                related_name="escalations")
    level = models.CharField("函件类型", max_length=16, choices=Level.choices)
    number = models.CharField("文号", max_length=40)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发函人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("发函时间", auto_now_add=True)
    letter = models.FileField("函件", upload_to=letter_path)

    class Meta:
        verbose_name = "督办函件"
        verbose_name_plural = "督办函件"
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.number}"
