from django.conf import settings
from django.db import models
from django.utils import timezone

from sanpi.core.uploads import random_name


def upload_path(instance, filename: str) -> str:
    return f"imports/{instance.user_id}/{random_name(filename)}"


class ImportJob(models.Model):
    """One uploaded workbook: its preview, then its application (the audit row of an import)."""

    class Kind(models.TextChoices):
        LEDGER = "ledger", "项目台账"
        REPORTS = "reports", "月报"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "已上传"
        PREVIEWING = "previewing", "正在预览"
        PREVIEWED = "previewed", "预览完成"
        APPLYING = "applying", "正在导入"
        APPLIED = "applied", "已导入"
        REJECTED = "rejected", "未导入（有错误）"
        FAILED = "failed", "失败"

    class Phase(models.TextChoices):
        PREVIEW = "preview", "预览"
        APPLY = "apply", "导入"

    class Via(models.TextChoices):
        WEB = "web", "网页"
        CLI = "cli", "命令行"

    class Mode(models.TextChoices):
        ALL = "all", "全部导入（有任何错误则不导入）"
        VALID_ONLY = "valid_only", "仅导入无误的行"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.LEDGER)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                             related_name="+")
    file = models.FileField("文件", upload_to=upload_path)
    original_name = models.CharField("原文件名", max_length=200)
    # For monthly-report workbooks: the month the reports are for (first day).
    month = models.DateField("月份", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.UPLOADED)
    mode = models.CharField("导入方式", max_length=16, choices=Mode.choices, default=Mode.ALL)
    via = models.CharField("来源", max_length=8, choices=Via.choices, default=Via.WEB)
    # The step the queue runs or ran last; `attempt` numbers its runs so a retried job ignores a late
    # message from a worker that was given up on.
    phase = models.CharField("阶段", max_length=8, choices=Phase.choices, default=Phase.PREVIEW)
    attempt = models.PositiveIntegerField("执行次数", default=0)
    # Set by the worker when it starts the step (null while the task waits in the queue) and as it goes.
    started_at = models.DateTimeField("开始处理时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    done = models.PositiveIntegerField("已处理行数", default=0)
    total = models.PositiveIntegerField("总行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("无变化", default=0)
    error_count = models.PositiveIntegerField("有错误的行", default=0)
    # The preview: {"columns": [...], "created": [...], "updated": [...], "errors": [...], ...} (samples capped).
    result = models.JSONField("预览结果", default=dict, blank=True)
    error_file = models.FileField("错误行工作簿", upload_to="imports/errors/", null=True, blank=True)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.PREVIEWING, self.Status.APPLYING)

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0


def export_path(instance, filename: str) -> str:
    import uuid

    return f"exports/{instance.user_id}/{uuid.uuid4().hex}.xlsx"  # not guessable; served through a checked view


class ExportJob(models.Model):
    """A large export written by the task queue (the ledger, or another list page's rows: `kind` names
    sanpi.web.lists' list); the user downloads the file when it is done."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "正在导出"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导出人", on_delete=models.PROTECT,
                             related_name="+")
    kind = models.CharField("列表", max_length=32, default="ledger")
    title = models.CharField("名称", max_length=64, default="项目台账")
    # The list page's query string (key → values), as the page passed it.
    params = models.JSONField("筛选条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField("项目数", default=0)
    done = models.PositiveIntegerField("已写入", default=0)
    file = models.FileField("文件", upload_to=export_path, null=True, blank=True)
    message = models.TextField("说明", blank=True)
    started_at = models.DateTimeField("开始处理时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.title}导出 {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}（{self.get_status_display()}）"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def filename(self) -> str:
        return f"{self.title}-{timezone.localtime(self.created_at):%Y%m%d}.xlsx"
