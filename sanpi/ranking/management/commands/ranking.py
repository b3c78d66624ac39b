import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanpi.ranking import bulletin, rules
from sanpi.ranking.examples import examples_install
from sanpi.ranking.models import Scheme
from sanpi.ranking.selectors import ranking_view


class Command(BaseCommand):
    help = ("区域考评排名：compute YYYY-MM|YYYY-Qn|YYYY --scheme 名称 [--format json]；"
            "bulletin … --scheme 名称 [--docx 文件]；examples（安装示例考评办法）。")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["compute", "bulletin", "examples"])
        parser.add_argument("period", nargs="?")
        parser.add_argument("--scheme")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--docx", help="排名通报 .docx 的输出文件")

    def handle(self, *args, action, period, scheme, format, docx, **options):
        if action == "examples":
            created = examples_install()
            self.stdout.write("已安装示例考评办法：" + ("、".join(created) if created else "（均已存在）"))
            return
        if not period or not scheme:
            raise CommandError("请给出考评期（如 2024-06、2024-Q2）和 --scheme 考评办法名称。")
        found = Scheme.objects.select_related("owner_region").filter(name=scheme).first()
        if found is None:
            names = "、".join(Scheme.objects.order_by("name").values_list("name", flat=True)) or "（无，先运行 sanpi ranking examples）"
            raise CommandError(f"没有名为“{scheme}”的考评办法。现有：{names}")
        try:
            parsed = rules.parse_period(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        data, _ = ranking_view(scheme=found, period=parsed)
        if action == "compute":
            if format == "json":
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(bulletin.bulletin_text(data))
            return
        self.stdout.write(bulletin.bulletin_text(data))
        if docx:
            Path(docx).write_bytes(bulletin.bulletin_docx(data))
            self.stdout.write(f"已写入 {docx}")
