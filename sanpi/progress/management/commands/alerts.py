import datetime as dt
import json
import re
import time

from django.core.management.base import BaseCommand, CommandError

from sanpi.progress.evaluation import evaluate_month

COLOUR_LABEL = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}


class Command(BaseCommand):
    help = "红黄绿灯预警：`sanpi alerts evaluate 2024-06 [--format json]` 评价一个月的全部项目并保存结果。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate = sub.add_parser("evaluate", help="评价一个月（YYYY-MM）的全部项目")
        evaluate.add_argument("month", help="报告期，如 2024-06")
        evaluate.add_argument("--format", choices=["text", "json"], default="text")
        evaluate.add_argument("--as-of", help="评价基准日（默认：今天与次月末中较早者），如 2024-07-10")
        evaluate.add_argument("--project", type=int, action="append", help="只评价这些项目 id（可重复）")

    def handle(self, *args, action, **options):
        if action == "evaluate":
            self.evaluate(**options)

    def evaluate(self, *, month, format, as_of=None, project=None, **_):
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise CommandError(f"报告期“{month}”无效，请按 2024-06 的格式填写。")
        try:
            as_of_date = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(f"评价基准日“{as_of}”无效，请按 2024-07-10 的格式填写。") from None
        started = time.perf_counter()
        result = evaluate_month(year=int(match[1]), month=int(match[2]), project_ids=project, as_of=as_of_date)
        seconds = time.perf_counter() - started
        if format == "json":
            self.stdout.write(json.dumps(result["results"], ensure_ascii=False, indent=1))
            return
        self.stdout.write(
            f"{match[1]}年{int(match[2])}月评价完成（基准日 {result['as_of']:%Y-%m-%d}，用时 {seconds:.1f} 秒）："
            f"项目 {result['projects']} 个，红灯 {result['red']} 个，黄灯 {result['yellow']} 个，绿灯 {result['green']} 个。"
        )
