import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanpi.accounts.models import Region, User
from sanpi.stats.rate_selectors import region_rates
from sanpi.stats.selectors import dashboard_refresh_all


class Command(BaseCommand):
    help = ("统计汇总：`sanpi stats refresh` 立即重新计算各辖区驾驶舱汇总（后台任务处理程序 sanpi run_huey 每 5 分钟自动运行）；"
            "`sanpi stats rates 2024-06 --region 410000 [--format json]` 打印该区划及下级各区划的"
            "前期手续办结率、资金到位率、资金支付率、开工率、投产率、达效率、年度投资完成率和序时进度。")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh", "rates"])
        parser.add_argument("month", nargs="?", help="统计月份，如 2024-06（rates）")
        parser.add_argument("--region", default="410000", help="区划代码（默认 410000 河南省）")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action, month, region, format, **options):
        if action == "refresh":
            timings = dashboard_refresh_all(today=timezone.localdate())
            for scope, seconds in timings:
                self.stdout.write(f"  {scope:<24} {seconds * 1000:9.0f} 毫秒")
            scopes = [scope for scope, _ in timings if not scope.startswith("（")]  # not the shared steps
            self.stdout.write(f"已刷新 {len(scopes)} 个范围的驾驶舱汇总。")
            return
        if not month or not re.fullmatch(r"2\d{3}-\d{2}", month) or not 1 <= int(month[5:]) <= 12:
            raise CommandError("请按 2024-06 的格式给出统计月份。")
        place = Region.objects.filter(pk=region).first()
        if place is None:
            raise CommandError(f"区划代码“{region}”不存在。")
        year, number = int(month[:4]), int(month[5:])
        rows = region_rates(user=User(is_superuser=True, is_active=True), region=place, year=year, month=number)
        if format == "json":
            self.stdout.write(json.dumps({"month": month, "region": place.code, "rows": [
                {"code": r["code"], "name": r["name"], "rates": [rate.as_dict() for rate in r["rates"]]}
                for r in rows]}, ensure_ascii=False, indent=1))
            return
        labels = [rate.label for rate in rows[0]["rates"]]
        self.stdout.write(f"{place.name} {year}年{number}月 各项比率（分子/分母，百分比保留一位小数）")
        for r in rows:
            cells = "  ".join(f"{label} {rate.as_dict()['text']}（{rate.as_dict()['numerator']}/"
                              f"{rate.as_dict()['denominator']}）" for label, rate in zip(labels, r["rates"], strict=True))
            self.stdout.write(f"{r['name']}：{cells}")
