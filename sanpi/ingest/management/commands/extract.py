"""`sanpi extract FILE --format json|text`: 三个一批 list figures and project drafts from a bulletin."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanpi.ingest.services.drafts import bulletin_text


class Command(BaseCommand):
    help = "从新闻通稿中提取清单数字（签约/开工/投产/竣工/重点项目/谋划/增资/合计/其他）和项目草稿（不写入数据库）。FILE 可为 .txt 或 .docx，- 表示标准输入。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, file, format, **options):
        from sanpi.ingest.parsers.bulletin import extract
        from sanpi.ingest.parsers.numerals import format_decimal as num

        if file == "-":
            text = sys.stdin.read()
        else:
            path = Path(file)
            if not path.exists():
                raise CommandError(f"文件不存在：{path}")
            text = bulletin_text(name=path.name, data=path.read_bytes())
        extraction = extract(text)
        if format == "json":
            sys.stdout.buffer.write(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2).encode("utf-8"))
            sys.stdout.buffer.write(b"\n")
            return
        for item in extraction.lists:
            self.stdout.write(f"[清单] {item.scope or ''} {item.kind}：{item.count} 个，总投资 {num(item.total_investment_wan)} 万元"
                              f"\n       出处：{item.source}")
            for part in item.breakdowns:
                self.stdout.write(f"       其中 {part['label']}：{part['count']} 个，总投资 {num(part['total_investment_wan'])} 万元")
        for draft in extraction.projects:
            self.stdout.write(f"[项目] {draft.name}：总投资 {draft.total_investment_wan} 万元，占地 {draft.land_mu} 亩，"
                              f"建筑面积 {draft.building_area_m2} 平方米\n       出处：{draft.source}")
