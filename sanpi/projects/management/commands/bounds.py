"""`sanpi bounds [--clear]`: list stored values outside the limits of sanpi/core/bounds.py."""

import sys

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from sanpi.core.datacheck import out_of_range, report


class Command(BaseCommand):
    help = "检查数据库中超出取值范围的金额、面积和日期（录入限制生效前写入的值）；--clear 将其中可为空的字段置空。"

    def add_arguments(self, parser):
        parser.add_argument("--clear", action="store_true",
                            help="将超出范围且允许为空的值置空（由项目办重新填报）；不可为空的只列出")

    def handle(self, *args, clear, **options):
        findings = out_of_range()
        if not findings:
            self.stdout.write("未发现超出范围的值。")
            return
        for line in report(findings):
            self.stdout.write(line)
        if not clear:
            sys.exit(1)
        with transaction.atomic():
            for f in findings:
                model = apps.get_model(f.model)
                field = model._meta.get_field(f.field)
                if not field.null:
                    self.stdout.write(f"  {f.model}.{f.field} 不可为空，请人工更正。")
                    continue
                cleared = model._default_manager.filter(f.condition).update(**{f.field: None})
                self.stdout.write(f"  已置空 {f.model}.{f.field} {cleared} 条。")
