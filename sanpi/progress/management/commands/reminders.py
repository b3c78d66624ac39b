import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sanpi.progress.services import reminders_send


class Command(BaseCommand):
    help = "月报提醒：截止日前 N 天提醒未报单位，截止后提醒逾期（站内通知 + 有邮箱的发邮件；同一用户同月同类只发一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按这一天计算（默认今天），如 2024-07-03")
        parser.add_argument("--days-before", type=int, default=3, help="截止日前几天开始提醒（默认 3）")

    def handle(self, *args, today=None, days_before=3, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"日期“{today}”无效，请按 2024-07-03 的格式填写。") from None
        counts = reminders_send(today=day, days_before=days_before)
        self.stdout.write(f"已发送站内通知 {counts['notifications']} 条、邮件 {counts['emails']} 封。")
