from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from sanpi.core.uploads import random_name


def template_path(instance, filename: str) -> str:
    return f"doc-templates/{instance.kind}/{random_name(filename)}"


class DocumentTemplate(models.Model):
    """An office's own .docx template for a kind of document (its wording, letterhead); without one,
    the nearest higher region's applies, else the built-in template (sanpi/documents/templates/)."""

    class Kind(models.TextChoices):
        BULLETIN = "bulletin", "三个一批活动通报"
        LETTER = "letter", "协调事项函件（提醒函、交办函、督办函）"

    kind = models.CharField("公文类型", max_length=16, choices=Kind.choices)
    region = models.ForeignKey("accounts.Region", verbose_name="适用地区（含下级）", on_delete=models.PROTECT,
                               related_name="+")
    file = models.FileField("模板文件（.docx）", upload_to=template_path)
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "公文模板"
        verbose_name_plural = "公文模板"
        constraints = [models.UniqueConstraint(fields=["kind", "region"], name="doc_template_one_per_region")]

    def __str__(self) -> str:
        return f"{self.region.name} · {self.get_kind_display()}"
