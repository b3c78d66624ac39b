from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Region(models.Model):
    """A 行政区划 (GB/T 2260) or a statistical zone code (x71–x79), as a tree.

    The code is the key because every office, workbook and bulletin names regions by it.
    Regions are never deleted: a renamed or abolished code gets valid_to.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "地市级"
        COUNTY = "county", "县级"
        ZONE = "zone", "开发区"  # statistical codes x71–x79, no GB/T 2260 code

    code = models.CharField("区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=64)
    kind = models.CharField("级别", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Ancestor codes down to this one, "410000/410100/410171/": "this region and below" is a prefix.
    path = models.CharField("路径", max_length=64, db_index=True)
    # The row a province-level breakdown by city reports this region under (航空港区 is its own row).
    reporting_unit = models.ForeignKey(
        "self", verbose_name="统计归口", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField("启用日期", null=True, blank=True)
    valid_to = models.DateField("停用日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_zone(self) -> bool:
        return self.kind == self.Kind.ZONE


class Organisation(models.Model):
    """An enterprise, a government department or a zone office."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        GOVERNMENT = "government", "政府部门"
        ZONE_OFFICE = "zone_office", "园区/县区项目办"

    name = models.CharField("名称", max_length=128)
    # 统一社会信用代码 (GB 32100); optional because a signing company may not be registered yet.
    uscc = models.CharField("统一社会信用代码", max_length=18, null=True, blank=True, unique=True)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE)
    contact = models.CharField("联系人及电话", max_length=128, blank=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        indexes = [models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(uscc__isnull=True) | Q(uscc__regex=r"^[0-9A-HJ-NPQRTUWXY]{18}$"),
                name="organisation_uscc_format",
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        ENTERPRISE = "enterprise", "项目单位"
        ZONE = "zone", "园区/县区项目办"
        CITY = "city", "市级"
        PROVINCE = "province", "省级"
        LEADER = "leader", "领导"

    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.ZONE)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField("电话", max_length=32, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def role_label(self) -> str:
        return "系统管理员" if self.is_superuser and not self.region_id else self.get_role_display()


class Leader(models.Model):
    """A 包联领导: a leader assigned to follow projects; may or may not sign in."""

    name = models.CharField("姓名", max_length=32)
    title = models.CharField("职务", max_length=64, blank=True)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        User, verbose_name="登录账号", null=True, blank=True, on_delete=models.SET_NULL, related_name="leader"
    )

    class Meta:
        verbose_name = "包联领导"
        verbose_name_plural = "包联领导"

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name
