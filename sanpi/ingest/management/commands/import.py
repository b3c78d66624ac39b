"""`sanpi import FILE [--apply] [--valid-only] [--user USERNAME] [--errors OUT.xlsx] [--format text|json]`:
a ledger workbook. `--format json` prints one object on stdout for scripts:
{"created", "updated", "unchanged", "errors", "applied", "rejected", "rows": [{"line", "action", "id",
"name", "changes"?, "errors"?}]} (progress still goes to stderr)."""

import json
import sys
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sanpi.core.errors import DomainError
from sanpi.ingest.services.jobs import error_workbook_bytes, import_job_record
from sanpi.ingest.services.ledger import ledger_import

from ._common import command_user as _user


class Command(BaseCommand):
    help = "导入项目台账工作簿（.xlsx/.xls/.csv）：默认只预览；--apply 写入（有错误则全部不写入），--valid-only 只写入无误的行。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--apply", action="store_true", help="写入数据库（默认只预览）")
        parser.add_argument("--valid-only", action="store_true", help="只写入无误的行，错误行另存为工作簿")
        parser.add_argument("--user", help="以该用户身份导入（默认：第一个超级用户）")
        parser.add_argument("--errors", help="错误行工作簿的保存路径（默认：<文件名>-错误行.xlsx）")
        parser.add_argument("--show", type=int, default=20, help="列出的错误条数（默认20）")
        parser.add_argument("--format", choices=["text", "json"], default="text", dest="output",
                            help="输出格式：text（默认）或 json（每行的结果，供脚本读取）")

    def handle(self, *args, file, apply, valid_only, user, errors, show, output, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        account = _user(user)
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r已处理 {done}/{total} 行（{time.monotonic() - started:.1f} 秒）")
            sys.stderr.flush()

        try:
            result = ledger_import(user=account, path=path, apply=apply or valid_only, valid_only=valid_only,
                                   progress=progress, source=path.name, keep_rows=output == "json")
        except ValidationError as exc:
            raise CommandError("；".join(m for ms in exc.message_dict.values() for m in ms)) from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        sys.stderr.write("\n")
        job = import_job_record(user=account, path=path, result=result, apply=apply or valid_only, valid_only=valid_only)
        if output == "json":
            self.stdout.write(json.dumps({
                "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
                "errors": result.errors, "applied": result.applied, "rejected": result.rejected, "rows": result.rows,
                "checklists": result.checklists,
            }, ensure_ascii=False, default=str))
            if result.rejected or (result.errors and not (apply or valid_only)):
                sys.exit(1)
            return
        out = self.stdout.write
        out(f"文件：{path.name}（{f'表头在第{result.header_line}行，' if result.header_line else ''}数据 {result.total} 行）")
        units = "、".join(f"{c['header']}→{c['field']}" for c in result.columns if c["unit"])
        if units:
            out(f"单位换算：{units}（均换算为万元、亩、平方米）")
        if result.ignored:
            out(f"未识别的列（已忽略）：{'、'.join(result.ignored)}")
        if result.read_only:
            out(f"只读列（不导入；阶段日期请通过阶段变更登记）：{'、'.join(result.read_only)}")
        out(f"新增 {result.created} 个，更新 {result.updated} 个，无变化 {result.unchanged} 个，有错误 {result.errors} 行。")
        for sheet in result.checklists:  # the 前期手续 / 资金到位 sheets, counted in the totals above
            out(f"  工作表“{sheet['sheet']}”：新增 {sheet['created']} 条，更新 {sheet['updated']} 条，"
                f"无变化 {sheet['unchanged']} 条，有错误 {sheet['errors']} 条。")
            for row in sheet["rows"][:show]:
                changes = "；".join(f"{label}：{old or '（空）'} → {new}" for label, old, new in row["changes"])
                out(f"    第{row['line']}行 {row['project']} {row['record']}：{changes}")
        if result.new_orgs:
            out(f"将新登记单位 {len(result.new_orgs)} 个：{'、'.join(result.new_orgs[:10])}")
        for row in result.updated_rows[:show]:
            changes = "；".join(f"{label}：{old or '（空）'} → {new}" for label, old, new in row["changes"])
            out(f"  更新 第{row['line']}行 {row['name']}：{changes}")
        for issue in result.issues[:show]:
            out(f"  错误 第{issue.line}行 [{issue.column}] “{issue.value}”：{issue.reason}")
        if len(result.issues) > show:
            out(f"  ……共 {len(result.issues)} 条错误")
        if result.error_rows and (valid_only or not apply):
            target = Path(errors) if errors else path.with_name(f"{path.stem}-错误行.xlsx")
            target.write_bytes(error_workbook_bytes(result))
            out(f"错误行已另存为：{target}")
        out(f"用时 {time.monotonic() - started:.1f} 秒。导入记录：/ingest/import/{job.pk}/")
        if result.rejected:
            raise CommandError(f"有 {result.errors} 行存在错误，未写入任何数据（可用 --valid-only 只导入无误的行）。")
        if apply or valid_only:
            out(self.style.SUCCESS("已导入。" if result.applied else "未导入。"))
        elif result.errors:
            sys.exit(1)
