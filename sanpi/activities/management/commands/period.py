import json

from django.core.management.base import BaseCommand, CommandError

from sanpi.activities.bulletin import bulletin_docx, bulletin_text
from sanpi.activities.models import Period
from sanpi.activities.selectors import period_find
from sanpi.activities.statistics import period_stats
from sanpi.core.errors import DomainError
from sanpi.core.money import format_yi
from sanpi.documents.render import template_for


def _level_for(region: str, level: str | None) -> str:
    if level:
        return level
    if region.endswith("0000"):
        return Period.Level.PROVINCE
    if region.endswith("00"):
        return Period.Level.CITY
    return Period.Level.COUNTY


class Command(BaseCommand):
    requires_system_checks: list = []  # a read-only report
    help = "三个一批期次：统计（stats）与通报（bulletin）。例：sanpi period stats 11 --format json"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("stats", "输出一期的统计数据"), ("bulletin", "生成一期的通报（文本，或 --docx 写入 Word 文件）")):
            p = sub.add_parser(name, help=text)
            p.add_argument("number", type=int, help="期数（第N期）")
            p.add_argument("--region", default="410000", help="举办地区代码（默认 410000 河南省）")
            p.add_argument("--level", choices=Period.Level.values, help="级别（默认按地区代码推断）")
            p.add_argument("--revision", type=int, help="已关闭期次的统计修订版本（默认最新）")
            if name == "stats":
                p.add_argument("--format", choices=["json", "text"], default="json", dest="fmt")
            else:
                p.add_argument("--docx", metavar="FILE", help="写入 .docx 文件")

    def handle(self, *args, action, number, region, level, revision, **options):
        try:
            period = period_find(number=number, level=_level_for(region, level), host_region=region)
            stats = period_stats(period=period, revision=revision)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if action == "stats":
            if options["fmt"] == "json":
                self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(self._text(stats))
            return
        if options.get("docx"):
            with open(options["docx"], "wb") as fh:
                fh.write(bulletin_docx(stats, template=template_for(kind="bulletin",
                                                                    region_code=period.host_region_id)))
            self.stdout.write(f"已写入 {options['docx']}")
        else:
            self.stdout.write(bulletin_text(stats), ending="")

    def _text(self, stats: dict) -> str:
        lines = [f"{stats['host_region']['name']}第{stats['period']}期（{stats['held_on']}）"
                 f"{'，冻结统计第' + str(stats['revision']) + '版' if stats.get('revision') else '，实时统计'}"]
        for label, cell in stats["lists"].items():
            lines.append(f"  {label}一批  {cell['count']:>6} 个  总投资 {format_yi(cell['total_investment_wan'])}"
                         f"（{cell['total_investment_wan']}万元）")
        lines.append("分省辖市（个 / 亿元）：")
        for row in stats["by_city"]:
            cells = "  ".join(f"{label}{c['count']}个/{format_yi(c['total_investment_wan'])}"
                              for label, c in row["lists"].items())
            lines.append(f"  {row['name']:<10} {cells}")
        return "\n".join(lines)
