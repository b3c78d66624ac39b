import sys

from django.core.management.base import BaseCommand, CommandError

from sanpi.accounts.models import Region, User
from sanpi.api import oc4ids


class Command(BaseCommand):
    help = "导出 OC4IDS 0.9 项目数据包（JSON，输出到标准输出）：sanpi oc4ids [--region 区划代码] [--project 项目ID] > package.json"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="区划代码（含下级区划）")
        parser.add_argument("--project", type=int, help="只导出一个项目")
        parser.add_argument("--user", help="以该用户的权限范围导出（默认：全部项目）")

    def handle(self, *args, region, project, user, **options):
        if region and not Region.objects.filter(pk=region).exists():
            raise CommandError(f"区划代码 {region} 不存在。")
        if user:
            viewer = User.objects.filter(username=user).first()
            if viewer is None:
                raise CommandError(f"用户 {user} 不存在。")
        else:
            # A command runs with the operator's authority over the whole database.
            viewer = User(is_superuser=True, is_active=True)
        qs = oc4ids.export_queryset(user=viewer, region=region, project=project)
        if project is not None and not qs.exists():
            raise CommandError(f"项目 {project} 不存在或不在所选范围内。")
        query = "&".join(f"{k}={v}" for k, v in (("region", region), ("project", project)) if v)
        uri = f"{oc4ids.PUBLIC_URL}/api/v1/oc4ids" + (f"?{query}" if query else "")
        count = oc4ids.package_write(self.stdout._out, oc4ids.records(qs, user=viewer), uri=uri)
        self.stdout._out.flush()
        print(f"已导出 {count} 个项目。", file=sys.stderr)
