from django.conf import settings
from django.db import models
from django.db.models import Q

from sanpi.accounts.models import Region
from sanpi.core.fields import MoneyField
from sanpi.projects.models import Project


class Period(models.Model):
    """One period (第N期) of the 三个一批 activity, held by a province, a city or a county/zone.

    Numbers run on across years. Closing freezes the period: its entries refuse changes and its
    statistics are answered from the latest PeriodSnapshot.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县区级"  # counties and development zones hold their own sub-venue lists

    class Status(models.TextChoices):
        PLANNING = "planning", "筹备中"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已关闭"  # frozen: lists and figures never change afterwards

    number = models.PositiveIntegerField("期数")
    held_on = models.DateField("活动日期")
    level = models.CharField("级别", max_length=16, choices=Level.choices, default=Level.PROVINCE)
    host_region = models.ForeignKey(Region, verbose_name="举办地区", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PLANNING)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="关闭人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # The window the entries' events (签约/开工/投产 dates) must fall in; empty: from the day after the
    # previous period of the same level and host to the period's own date (rules.entry_window).
    window_start = models.DateField("清单事件起始日期", null=True, blank=True,
                                    help_text="留空则为上一期活动日期的次日")
    window_end = models.DateField("清单事件截止日期", null=True, blank=True, help_text="留空则为本期活动日期")
    # 竣工 (建成投用) projects — hospitals, roads — on the 投产一批 beside those put into production.
    completed_in_producing = models.BooleanField("竣工（建成投用）项目可列入投产一批", default=True)
    # Set on generated (demo) periods: the bulletin, the page and the exports print it as 演示.
    demo_note = models.CharField("演示数据说明", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "三个一批活动期次"
        verbose_name_plural = "三个一批活动期次"
        ordering = ["-held_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["level", "host_region", "number"], name="period_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.host_region.name}第{self.number}期"

    def get_absolute_url(self) -> str:
        return f"/activities/periods/{self.pk}/"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class ListEntry(models.Model):
    """A project on one of a period's three lists, with the figures as declared for that list."""

    class Batch(models.TextChoices):
        SIGNED = "signed", "签约"
        STARTED = "started", "开工"
        PRODUCING = "producing", "投产"  # since about period 8 carried over (结转) from earlier 开工 lists

    period = models.ForeignKey(Period, verbose_name="期次", on_delete=models.CASCADE, related_name="entries")
    batch = models.CharField("批次", max_length=16, choices=Batch.choices)
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="list_entries")
    declared_total_investment_wan = MoneyField("申报总投资（万元）")
    declared_annual_plan_wan = MoneyField("申报年度计划投资（万元）", null=True, blank=True)
    # The project's region when it was listed: a later move does not shift a frozen figure.
    region = models.ForeignKey(Region, verbose_name="所在区划（列入时）", on_delete=models.PROTECT, related_name="+")
    carried_from = models.ForeignKey(
        "self", verbose_name="结转自（开工一批）", null=True, blank=True, on_delete=models.PROTECT,
        related_name="carried_to",
    )
    threshold_override_reason = models.CharField("低于列入门槛的列入理由", max_length=200, blank=True)
    window_override_reason = models.CharField("事件日期不在本期时间窗口内的列入理由", max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="列入人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField("列入时间", auto_now_add=True)

    class Meta:
        verbose_name = "三个一批清单项目"
        verbose_name_plural = "三个一批清单项目"
        ordering = ["period", "batch", "id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "batch", "project"], name="entry_once_per_list"),
            models.CheckConstraint(condition=Q(declared_total_investment_wan__gte=0), name="entry_investment_not_negative"),
        ]
        indexes = [
            models.Index(fields=["period", "batch"], name="entry_period_batch"),
            models.Index(fields=["project", "batch"], name="entry_project_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.get_batch_display()}一批：{self.project}"


class EntryThreshold(models.Model):
    """列入门槛 (never called 入库…: officers read 入库 as 统计入库): the minimum 总投资 for a sector category to
    enter the lists, per region and year (configurable;
    a region without its own row uses its nearest ancestor's, then the defaults in rules.py)."""

    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    sector_code = models.CharField("产业类别代码", max_length=32)
    minimum_wan = MoneyField("最低总投资（万元）")

    class Meta:
        verbose_name = "列入门槛"
        verbose_name_plural = "列入门槛"
        ordering = ["region", "year", "sector_code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "sector_code"], name="threshold_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.sector_code} ≥{self.minimum_wan}万元"


class PeriodSnapshot(models.Model):
    """The frozen statistics of a closed period. Revision 1 is written on closing; a correction
    writes revision N+1 with its reason, and earlier revisions stay readable."""

    period = models.ForeignKey(Period, verbose_name="期次", on_delete=models.CASCADE, related_name="snapshots")
    revision = models.PositiveIntegerField("修订版本")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("修订原因", max_length=200, blank=True)
    data = models.JSONField("统计数据")

    class Meta:
        verbose_name = "期次统计快照"
        verbose_name_plural = "期次统计快照"
        ordering = ["period", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["period", "revision"], name="snapshot_unique_revision"),
            models.CheckConstraint(condition=Q(revision=1) | ~Q(reason=""), name="snapshot_revision_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.period} 第{self.revision}版统计"


class KeyProjectList(models.Model):
    """重点建设项目名单: e.g. 2024年河南省第一批重点建设项目名单."""

    level = models.CharField("级别", max_length=16, choices=Period.Level.choices, default=Period.Level.PROVINCE)
    region = models.ForeignKey(Region, verbose_name="发布地区", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    batch = models.PositiveSmallIntegerField("批次", default=1)
    name = models.CharField("名单名称", max_length=100)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "重点建设项目名单"
        verbose_name_plural = "重点建设项目名单"
        ordering = ["-year", "level", "region", "batch"]
        constraints = [
            models.UniqueConstraint(fields=["level", "region", "year", "batch"], name="keylist_unique_batch"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/activities/keylists/{self.pk}/"


class KeyProjectEntry(models.Model):
    class EntryClass(models.TextChoices):
        NEW_START = "new_start", "新开工"
        CONTINUING = "continuing", "续建"
        COMPLETING = "completing", "竣工"
        PREPARATORY = "preparatory", "前期预备"  # reports quarterly (3, 6, 9, 12月), not monthly

    key_list = models.ForeignKey(KeyProjectList, verbose_name="名单", on_delete=models.CASCADE, related_name="entries")
    entry_class = models.CharField("项目类别", max_length=16, choices=EntryClass.choices, blank=True)
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="key_entries")
    declared_total_investment_wan = MoneyField("总投资（万元）", null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="列入人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField("列入时间", auto_now_add=True)

    class Meta:
        verbose_name = "重点建设项目"
        verbose_name_plural = "重点建设项目"
        ordering = ["key_list", "id"]
        constraints = [models.UniqueConstraint(fields=["key_list", "project"], name="keyentry_once_per_list")]

    def __str__(self) -> str:
        return f"{self.key_list}：{self.project}"


class BulletinText(models.Model):
    """What the office writes into a period's 通报 before generating it: 存在问题 and 下步要求, one item a
    line. Each save is a new row (the latest is the text in use), so every earlier wording is kept."""

    period = models.ForeignKey(Period, verbose_name="期次", on_delete=models.CASCADE, related_name="bulletin_texts")
    problems = models.TextField("存在问题", blank=True)
    requirements = models.TextField("下步要求", blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField("填写时间", auto_now_add=True)

    class Meta:
        verbose_name = "通报问题与要求"
        verbose_name_plural = "通报问题与要求"
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period} 通报问题与要求（{self.written_at:%Y-%m-%d %H:%M}）"

    def items(self, field: str) -> list[str]:
        """The non-empty lines of `field` ("problems" / "requirements"), without any numbering typed."""
        import re

        return [re.sub(r"^\s*(?:\d+[.、．]|[（(]\d+[)）]|[一二三四五六七八九十]+、)\s*", "", line).strip()
                for line in getattr(self, field).splitlines() if line.strip()]
