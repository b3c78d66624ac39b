"""`sanpi export ledger|period N|reports YYYY-MM [--region CODE] [--user U] -o FILE`."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from sanpi.core.errors import DomainError
from sanpi.ingest.exports import ledger_export, period_export

from ._common import command_user as _user


class Command(BaseCommand):
    help = "导出工作簿：ledger（项目台账）、period N（第N期三个一批清单）、reports YYYY-MM（预填的月报表）。"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["ledger", "period", "reports"])
        parser.add_argument("arg", nargs="?", help="period 的期数，或 reports 的月份 YYYY-MM")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")
        parser.add_argument("--region", help="只导出该区划及其下级（6位代码）")
        parser.add_argument("--stage", help="台账：只导出该阶段的项目（planned/signed/started/producing…）")
        parser.add_argument("--user", help="以该用户的权限范围导出（默认：第一个超级用户）")
        parser.add_argument("--level", default="province", help="period：期次级别（province/city/county）")
        parser.add_argument("--host", default="410000", help="period：举办地区代码（默认 410000 河南省）")

    def handle(self, *args, what, arg, output, region, stage, user, level, host, **options):
        account = _user(user)
        started = time.monotonic()
        try:
            if what == "ledger":
                filters = {k: v for k, v in (("region", region), ("stage", stage)) if v}
                count = ledger_export(user=account, target=output, filters=filters, extras=True)
                summary = f"已导出项目台账 {count} 个项目"
            elif what == "period":
                from sanpi.activities.selectors import period_find

                if not (arg or "").isdigit():
                    raise CommandError("请给出期数，如：sanpi export period 11 -o 第11期.xlsx")
                period = period_find(number=int(arg), level=level, host_region=host)
                counts = period_export(user=account, period_id=period.pk, target=output, region=region)
                summary = f"已导出{period}清单：签约 {counts['signed']} 个、开工 {counts['started']} 个、投产 {counts['producing']} 个"
            else:
                from sanpi.ingest.services.reports import reports_workbook

                try:
                    month = dt.datetime.strptime(arg or "", "%Y-%m").date()
                except ValueError:
                    raise CommandError("请给出月份，如：sanpi export reports 2024-05 -o 月报.xlsx") from None
                count = reports_workbook(user=account, month=month, target=output, region=region)
                summary = f"已导出 {month:%Y年%m月} 月报表 {count} 个项目"
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"{summary} → {output}（{time.monotonic() - started:.1f} 秒）")
