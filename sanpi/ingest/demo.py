"""Demo of the ingest app: a previewed ledger workbook waiting for 经开区's confirmation.

The workbook is the kind offices send (title row, 亿元 header, a line break in a name, one bad row);
its preview is ready on /ingest/import/ for the user jingkai. Idempotent.
"""

import datetime as dt
import io

import xlsxwriter
from django.core.files.base import ContentFile

from sanpi.accounts.models import User

from .models import ImportJob
from .services.jobs import import_job_run

NAME = "经开区2024年新增项目台账（演示）.xlsx"


def sample_workbook() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("台账")
    headers = ["序号", "项目名称", "建设单位", "所在县区", "总投资（亿元）", "占地（亩）", "计划开工时间", "当前阶段", "阶段日期"]
    sheet.merge_range(0, 0, 0, len(headers) - 1, "郑州经开区2024年新增重点项目台账")
    sheet.write_row(1, 0, headers)
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    rows = [
        [1, "郑州经开区智能网联汽车\n零部件产业园项目", "河南演示汽车科技有限公司", "郑州经开区", "１２.５", 180, dt.date(2024, 6, 1), "签约",
         dt.date(2024, 1, 2)],
        [2, "郑州经开区冷链物流中心项目", "河南演示物流有限公司", "郑州经济技术开发区", "3", "95", "2024年9月", "谋划", None],
        [3, "数字孪生产业基地项目", "河南演示数字科技有限公司", "郑州经开区", "约5", None, None, "谋划", None],
    ]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def build(*, stdout=None) -> None:
    user = User.objects.filter(username="jingkai").first()
    if user is None or ImportJob.objects.filter(user=user, original_name=NAME).exists():
        return
    job = ImportJob(user=user, original_name=NAME, attempt=1)
    job.file.save(NAME, ContentFile(sample_workbook()), save=False)
    job.save()
    # Here, not through the queue: the demo's data is complete before the server starts.
    job = import_job_run(job_id=job.pk, attempt=1, apply=False, valid_only=False)
    if stdout:
        stdout.write(f"已准备导入预览：{NAME}（新增 {job.created_count} 个，错误 {job.error_count} 行，"
                     f"账号 jingkai，/ingest/import/{job.pk}/）。")
