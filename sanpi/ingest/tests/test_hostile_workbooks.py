"""Finding 3 of issue 10: hostile workbooks are refused before parsing, quickly, with a Chinese reason.

The files are built here with zipfile (nothing big is committed): a 2 KB .xlsx whose only cell is at
XFD1048576, the same cell behind a lying <dimension>, and a zip bomb (one huge shared string).
"""

import io
import resource
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from sanpi.ingest.models import ImportJob
from sanpi.ingest.reader import UnreadableFile, read_rows
from sanpi.ingest.services import jobs

pytestmark = pytest.mark.django_db

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
                 'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"'
                 '/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
                 '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
            'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                 '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
                 'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"'
                 '/></Relationships>')


def _sheet(rows_xml: str, dimension: str | None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main">{dim}<sheetData>{rows_xml}</sheetData></worksheet>')


def write_xlsx(path, *, sheet: str, shared: str | None = None, shared_bytes: int = 0):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        prefix = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                  '2006/main" count="1" uniqueCount="1"><si><t>')
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(prefix.encode())
            part.write((shared or "项目名称").encode())
            block = b"A" * (1024 * 1024)
            for _ in range(shared_bytes // len(block)):
                part.write(block)
            part.write(b"</t></si></sst>")
    return path


def xfd_workbook(path):
    """The finding's 2 KB file: its only cell is at XFD1048576."""
    return write_xlsx(path, sheet=_sheet('<row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c></row>',
                                         "XFD1048576"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_xfd1048576_workbook_is_refused_by_the_reader_in_under_two_seconds(tmp_path):
    path = xfd_workbook(tmp_path / "一格.xlsx")
    assert path.stat().st_size < 4096
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="1,048,576 行，超过导入上限 200,000 行"):
        read_rows(path)
    assert time.monotonic() - started < 2


def test_lying_dimension_is_caught_while_streaming_the_sheet(tmp_path):
    """A1 and XFD1048576 under a <dimension> that claims A1: the reference scan refuses it."""
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = write_xlsx(tmp_path / "假维度.xlsx", sheet=_sheet(rows, "A1"))
    with pytest.raises(UnreadableFile, match="超过导入上限"):
        read_rows(path)
    no_dimension = write_xlsx(tmp_path / "无维度.xlsx", sheet=_sheet(rows, None))
    with pytest.raises(UnreadableFile, match="超过导入上限"):
        read_rows(no_dimension)


def test_zip_bomb_is_refused_in_under_two_seconds_without_inflating_it(tmp_path):
    path = write_xlsx(tmp_path / "炸弹.xlsx", sheet=_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', "A1"),
                      shared_bytes=300 * 1024 * 1024)
    assert path.stat().st_size < 2 * 1024 * 1024
    before = _peak_mb()
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="疑似压缩炸弹"):
        read_rows(path)
    assert time.monotonic() - started < 2
    assert _peak_mb() - before < 100


@override_settings(SANPI_IMPORT_MAX_RATIO=1000)
def test_bomb_under_the_ratio_is_still_refused_by_the_uncompressed_total(tmp_path):
    path = write_xlsx(tmp_path / "炸弹.xlsx", sheet=_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', "A1"),
                      shared_bytes=210 * 1024 * 1024)
    with pytest.raises(UnreadableFile, match="解压后达 210 MB，超过上限 200 MB"):
        read_rows(path)


@override_settings(SANPI_IMPORT_MAX_BYTES=1024)
def test_file_size_limit_refuses_big_uploads_and_csv(tmp_path):
    path = tmp_path / "大.csv"
    path.write_text("项目名称,总投资\n" + "甲,1\n" * 1000, encoding="utf-8")
    with pytest.raises(UnreadableFile, match="文件过大.*导入上限为 0 MB"):
        read_rows(path)


@override_settings(SANPI_IMPORT_MAX_ROWS=100)
def test_csv_rows_are_bounded_while_reading(tmp_path):
    path = tmp_path / "多行.csv"
    path.write_text("项目名称,总投资\n" + "甲,1\n" * 500, encoding="utf-8")
    with pytest.raises(UnreadableFile, match="超过导入上限 100 行"):
        read_rows(path)


def test_cli_import_of_xfd_workbook_exits_with_a_chinese_message(tmp_path, zone_user):
    path = xfd_workbook(tmp_path / "一格.xlsx")
    started = time.monotonic()
    with pytest.raises(CommandError, match="超过导入上限"):
        call_command("import", str(path), user=zone_user.username)
    assert time.monotonic() - started < 5


def test_upload_page_refuses_hostile_workbook_and_leaves_no_job_previewing(tmp_path, client, zone_user, monkeypatch):
    client.force_login(zone_user)
    data = xfd_workbook(tmp_path / "一格.xlsx").read_bytes()
    upload = io.BytesIO(data)
    upload.name = "一格.xlsx"
    response = client.post("/ingest/import/", {"kind": "ledger", "file": upload}, follow=True)
    assert response.status_code == 200
    assert "超过导入上限 200,000 行" in response.content.decode()
    assert not ImportJob.objects.filter(status=ImportJob.Status.PREVIEWING).exists()


def test_job_whose_file_turns_hostile_ends_failed_not_previewing(tmp_path, zone_user, settings, monkeypatch):
    """A stored job whose workbook is refused at parse time (e.g. limits lowered) ends as failed."""
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(user=zone_user, kind=ImportJob.Kind.LEDGER, original_name="一格.xlsx",
                                   file="imports/x.xlsx")
    (tmp_path / "imports").mkdir()
    xfd_workbook(tmp_path / "imports" / "x.xlsx")
    job = jobs.import_job_run(job_id=job.pk, attempt=job.attempt, apply=False, valid_only=False)
    assert job.status == ImportJob.Status.FAILED
    assert "超过导入上限" in job.message
