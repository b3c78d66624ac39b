"""419001 is 济源示范区 in Henan's own lists (the statistical source says 济源市)."""

from django.db import migrations


def rename(apps, schema_editor):
    apps.get_model("accounts", "Region").objects.filter(pk="419001", name="济源市").update(name="济源示范区")


def restore(apps, schema_editor):
    apps.get_model("accounts", "Region").objects.filter(pk="419001", name="济源示范区").update(name="济源市")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(rename, restore)]
