"""The default 前期手续 catalogue (domain guide; 政府投资条例, 企业投资项目核准和备案管理条例).

Regions add or switch off kinds for themselves by rows with their region (and a year) in the admin.
"""

from django.db import migrations

DEFAULTS = [
    # code, name, applies_to, sort, blocks_start
    ("lixiang", "立项（项目建议书批复）", "government", 10, True),
    ("keyan", "可研批复", "government", 20, True),
    ("chushe", "初步设计及概算批复", "government", 30, True),
    ("hezhun_beian", "核准或备案", "enterprise", 15, True),
    ("yongdi", "用地预审与选址", "all", 40, True),
    ("guihua", "规划许可", "all", 50, True),
    ("huanping", "环评", "all", 60, True),
    ("jieneng", "节能审查", "all", 70, True),
    ("shuibao", "水土保持", "all", 80, True),
    ("shigong", "施工许可", "all", 90, True),
]


def create(apps, schema_editor):
    ApprovalKind = apps.get_model("approvals", "ApprovalKind")
    for code, name, applies_to, sort, blocks in DEFAULTS:
        ApprovalKind.objects.get_or_create(code=code, region=None, year=None, defaults={
            "name": name, "applies_to": applies_to, "sort": sort, "blocks_start": blocks})


def remove(apps, schema_editor):
    apps.get_model("approvals", "ApprovalKind").objects.filter(region=None, year=None).delete()


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
