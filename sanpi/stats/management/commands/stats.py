from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanpi.stats.selectors import dashboard_refresh_all


class Command(BaseCommand):
    help = "统计汇总：`sanpi stats refresh` 立即重新计算各辖区驾驶舱汇总（后台任务处理程序 sanpi run_huey 每 5 分钟自动运行）。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh"])

    def handle(self, *args, action, **options):
        if action != "refresh":
            raise CommandError("未知操作")
        timings = dashboard_refresh_all(today=timezone.localdate())
        for scope, seconds in timings:
            self.stdout.write(f"  {scope:<24} {seconds * 1000:9.0f} 毫秒")
        self.stdout.write(f"已刷新 {len(timings)} 个范围的驾驶舱汇总。")
