import importlib
import inspect
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sanpi.projects import demo

# Each app that has demo data exposes demo.build(stdout=…); run in this order (later ones use earlier).
# sanpi.funding's follows the reports: the command has sanpi.progress's build it between its reports and
# its lights (with_funding), so that the lights judge the money; listed after it for the other callers.
DEMO_APPS = ["sanpi.activities", "sanpi.stats", "sanpi.approvals", "sanpi.progress", "sanpi.funding", "sanpi.ranking",
             "sanpi.pools", "sanpi.ingest", "sanpi.api", "sanpi.outlook", "sanpi.web"]


class Command(BaseCommand):
    help = "迁移数据库、加载参考数据和演示数据，并在 127.0.0.1:8000 启动演示服务。"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--no-consumer", action="store_true",
                            help="不启动后台任务处理程序（另行运行 sanpi run_huey 时）")

    def handle(self, *args, no_serve, addr, no_consumer=False, **options):
        call_command("migrate", verbosity=0)
        demo.build(stdout=self.stdout)
        for name in DEMO_APPS:
            try:
                module = importlib.import_module(f"{name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{name}.demo":
                    raise
                continue
            # a build that prints addresses (the API's sample curl) is told where the server listens
            parameters = inspect.signature(module.build).parameters
            extra = {"addr": addr} if "addr" in parameters else {}
            if "with_funding" in parameters:
                extra["with_funding"] = True
            module.build(stdout=self.stdout, **extra)
        self.stdout.write("\n演示账号（密码均为 demo12345）：")
        for username, _, _, description in demo.DEMO_USERS:
            self.stdout.write(f"  {username:<11} {description}")
        if no_serve:
            return
        # The queue's consumer beside the web server, stopped with it: imports, dashboard refresh and
        # the periodic work run there, never in the web process.
        consumer = None
        if not no_consumer:
            manage = str(Path(settings.BASE_DIR) / "manage.py")
            consumer = subprocess.Popen([sys.executable, manage, "run_huey"])
            self.stdout.write(f"后台任务处理程序已启动（sanpi run_huey，进程 {consumer.pid}）。")
        self.stdout.write(f"\n打开 http://{addr}/ （管理后台 http://{addr}/admin/）")
        try:
            call_command("runserver", addr, use_reloader=False)
        finally:
            if consumer is not None:
                consumer.terminate()
                try:
                    consumer.wait(15)
                except subprocess.TimeoutExpired:
                    consumer.kill()
