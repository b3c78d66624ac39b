import time

from django.core.management.base import BaseCommand
from django.db import connection

from sanpi.projects.generator import generate


class Command(BaseCommand):
    help = "生成模拟项目台账（河南各县区、开发区），用于测试、演示和基准测试。"

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, required=True, help="项目数")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（同一种子、同一数据库状态得到相同数据）")
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, projects, seed, batch, **options):
        started = time.perf_counter()
        last = [started]

        def progress(done: int) -> None:
            now = time.perf_counter()
            if now - last[0] > 5 or done == projects:
                last[0] = now
                self.stderr.write(f"  已生成 {done}/{projects} 个项目（{now - started:.0f} 秒）")

        counts = generate(projects=projects, seed=seed, batch=batch, progress=progress)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"生成完成：项目 {counts['projects']} 个、单位 {counts['organisations']} 个、阶段记录 {counts['stage_events']} 条、"
            f"年度计划 {counts['annual_plans']} 条，用时 {elapsed:.1f} 秒（{connection.vendor}）。"
        )
