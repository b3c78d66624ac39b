import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from sanpi.ingest.models import ImportJob
from sanpi.projects.models import Project
from sanpi.testing import make_project

from .books import write_ledger

pytestmark = pytest.mark.django_db
SEED = "/work/shared/seed/000_b04ef842c9a4b641.txt"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the queue runs in immediate mode here (conftest)


def upload(client, path):
    with open(path, "rb") as handle:
        return client.post(reverse("ingest:import_upload"), {"kind": "ledger", "file": handle})


def test_upload_preview_then_valid_only_apply_and_error_workbook(client, zone_user, tmp_path):
    path = write_ledger(tmp_path / "台账.xlsx", [
        [1, "新能源电池项目", None, "某某电池有限公司", None, "郑州经开区", "2.5"],
        [2, "坏项目", None, None, None, "郑州经开区", "两亿"],
    ])
    client.force_login(zone_user)
    response = upload(client, path)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ingest:import_preview", args=[job.pk])
    assert (job.status, job.created_count, job.error_count) == ("previewed", 1, 1)
    page = client.get(response["Location"]).content.decode()
    assert "新能源电池项目" in page and "总投资（亿元）应为数字。" in page and "25000" in page
    assert Project.objects.count() == 0

    client.post(reverse("ingest:import_apply", args=[job.pk]), {"mode": "all"})
    job.refresh_from_db()
    assert (job.status, Project.objects.count()) == ("rejected", 0)

    job.status = "previewed"
    job.save()
    client.post(reverse("ingest:import_apply", args=[job.pk]), {"mode": "valid_only"})
    job.refresh_from_db()
    assert (job.status, job.created_count, Project.objects.get().total_investment_wan) == (
        "applied", 1, Decimal("25000.00"))
    errors = client.get(reverse("ingest:import_errors", args=[job.pk]))
    rows = CalamineWorkbook.from_object(io.BytesIO(b"".join(errors.streaming_content))).get_sheet_by_index(0).to_python()
    assert [r[1] for r in rows[2:]] == ["坏项目"]
    assert rows[2][-1] == "第5行：总投资（亿元）应为数字。"
    from urllib.parse import quote

    stem = job.original_name.rsplit(".", 1)[0]
    assert quote(f"错误行-{stem}.xlsx") in errors["Content-Disposition"] and ".xlsx.xlsx" not in errors[
        "Content-Disposition"]


def test_progress_fragment_polls_while_running_and_refreshes_when_done(client, zone_user):
    job = ImportJob.objects.create(user=zone_user, original_name="a.xlsx", file="imports/a.xlsx",
                                   status="previewing", done=2000, total=100000)
    client.force_login(zone_user)
    fragment = client.get(reverse("ingest:import_preview", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in fragment.content.decode() and "2000" in fragment.content.decode()
    job.status = "previewed"
    job.save()
    done = client.get(reverse("ingest:import_preview", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert (done.status_code, done["HX-Refresh"]) == (204, "true")


def test_jobs_are_private(client, zone_user, other_zone_user):
    job = ImportJob.objects.create(user=zone_user, original_name="a.xlsx", file="imports/a.xlsx", status="previewed")
    client.force_login(other_zone_user)
    assert client.get(reverse("ingest:import_preview", args=[job.pk])).status_code == 404
    assert client.post(reverse("ingest:import_apply", args=[job.pk]), {"mode": "all"}).status_code == 404


def test_export_ledger_takes_the_list_filters_from_the_query_string(client, city_user):
    make_project("开工的", stages=[("started", dt.date(2023, 5, 1))])
    make_project("谋划的")
    client.force_login(city_user)
    response = client.get(reverse("ingest:export_ledger") + "?stage=started")
    rows = CalamineWorkbook.from_object(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0).to_python()
    assert [r[3] for r in rows[2:]] == ["开工的"]


def test_extract_page_shows_drafts_with_sources_and_confirms_only_chosen_ones(client, zone_user):
    client.force_login(zone_user)
    text = open(SEED, encoding="utf-8").read()
    page = client.post(reverse("ingest:extract"), {"text": text}).content.decode()
    assert "6643" in page and "超亚医药新药研发及其配套项目" in page and "出处：" in page
    assert Project.objects.count() == 0
    response = client.post(reverse("ingest:extract"), {
        "action": "confirm", "pick": ["2"], "region": "410171", "d2-name": "超亚医药新药研发及其配套项目",
        "d2-total_investment_wan": "50000", "d2-land_mu": "102", "d2-source": "超亚医药……总投资5亿元",
        "d1-name": "未勾选的", "d1-total_investment_wan": "1"})
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.name, project.region_id, project.total_investment_wan, project.land_mu) == (
        "超亚医药新药研发及其配套项目", "410171", Decimal("50000.00"), Decimal("102.00"))
    assert project.scale_content == "（据新闻通稿：超亚医药……总投资5亿元）"


def test_extract_confirm_outside_scope_writes_nothing(client, zone_user):
    client.force_login(zone_user)
    client.post(reverse("ingest:extract"), {"action": "confirm", "pick": ["0"], "region": "410172",
                                            "d0-name": "越权项目"})
    assert Project.objects.count() == 0


def _seed_confirm(**extra):
    text = open(SEED, encoding="utf-8").read()
    data = {"action": "confirm", "text": text, "region": "410171",
            "d0-name": "中兴5G微基站和智慧杆塔集成项目", "d0-total_investment_wan": "610000", "d0-source": "郑州中兴……",
            "d1-name": "改过名字的安图项目", "d1-total_investment_wan": "190000", "d1-location": "经开区",
            "d1-stage": "开工", "d1-source": "安图生物……",
            "d2-name": "超亚医药新药研发及其配套项目", "d2-total_investment_wan": "五个亿", "d2-source": "超亚医药……"}
    data.update(extra)
    return data


def test_a_refused_confirmation_keeps_every_draft_with_the_users_edits(client, zone_user):
    client.force_login(zone_user)
    response = client.post(reverse("ingest:extract"), _seed_confirm(pick=["1", "2"]))
    page = response.content.decode()
    assert response.status_code == 400
    assert Project.objects.count() == 0
    # the refusal names the draft by the number shown beside it on the page (the third row), not by its
    # place among the ticked ones
    assert "第3个草稿" in page and "第2个草稿" not in page
    assert '<span class="small text-muted" data-testid="draft-number">第3个</span>' in page
    # all three drafts are still there, with what the user typed and ticked
    assert page.count('data-testid="draft"') == 3
    assert 'value="改过名字的安图项目"' in page and 'value="五个亿"' in page and 'value="中兴5G微基站和智慧杆塔集成项目"' in page
    assert 'name="pick" value="1" aria-label="登记改过名字的安图项目" checked' in page
    assert 'name="pick" value="0" aria-label="登记中兴5G微基站和智慧杆塔集成项目">' in page
    assert "出处：安图生物……" in page and 'name="d1-stage" value="开工"' in page
    # the list figures are shown again from the carried text
    assert "6643000" in page.replace(",", "") or "66430000" in page
    # fixing the figure and confirming again works
    response = client.post(reverse("ingest:extract"), _seed_confirm(pick=["1", "2"], **{"d2-total_investment_wan": "50000"}))
    assert response.status_code == 302
    assert sorted(Project.objects.values_list("name", flat=True)) == ["改过名字的安图项目", "超亚医药新药研发及其配套项目"]


def test_a_confirmation_outside_scope_keeps_the_drafts(client, zone_user):
    client.force_login(zone_user)
    response = client.post(reverse("ingest:extract"), _seed_confirm(pick=["0"], region="410172"))
    assert response.status_code in (403, 404)
    assert Project.objects.count() == 0
    assert response.content.decode().count('data-testid="draft"') == 3


def test_extract_page_shows_list_kinds_and_breakdowns(client, zone_user):
    client.force_login(zone_user)
    text = ("6月18日，宝鸡市重点项目集中开工，全市集中开工重点项目118个，总投资680.5亿元。其中，战略性新兴产业项目38个、"
            "总投资265亿元。宝鸡吉利汽车发动机扩能项目，总投资15亿元。")
    page = client.post(reverse("ingest:extract"), {"text": text}).content.decode()
    assert "<td>开工</td><td>宝鸡市</td>" in page and "战略性新兴产业 38 个、2650000 万元" in page
    assert "出处：宝鸡吉利汽车发动机扩能项目,总投资15亿元。" in page  # the cleaned sentence


def test_upload_rejects_other_file_types(client, zone_user):
    client.force_login(zone_user)
    response = client.post(reverse("ingest:import_upload"),
                           {"kind": "ledger", "file": SimpleUploadedFile("a.pdf", b"%PDF")}, follow=True)
    assert "请上传 .xlsx、.xls 或 .csv 文件。" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_demo_prepares_one_previewed_job_and_is_idempotent():
    from sanpi.ingest import demo
    from sanpi.testing import make_user

    make_user("jingkai", role="zone", region="410171")
    demo.build()
    demo.build()
    job = ImportJob.objects.get()
    assert (job.status, job.created_count, job.error_count) == ("previewed", 2, 1)
    assert [i["line"] for i in job.result["issues"]] == [5]


def test_apply_from_the_page_refuses_a_project_edited_after_its_preview(client, zone_user, tmp_path):
    from decimal import Decimal

    from sanpi.projects.services import project_update
    from sanpi.testing import make_project

    project = make_project("预览后被改的项目", total_investment_wan=Decimal(1000))
    path = write_ledger(tmp_path / "台账.xlsx", [[1, project.pk, "预览后被改的项目", 1100]],
                        headers=["序号", "系统编号", "项目名称", "总投资（万元）"])
    client.force_login(zone_user)
    upload(client, path)
    job = ImportJob.objects.get()
    assert (job.status, job.updated_count, job.result["versions"]) == ("previewed", 1, {str(project.pk): 1})
    project_update(user=zone_user, project_id=project.pk, version=1, fields={"total_investment_wan": "5000"})
    client.post(reverse("ingest:import_apply", args=[job.pk]), {"mode": "valid_only"})
    job.refresh_from_db()
    assert (job.status, job.updated_count, job.error_count) == ("applied", 0, 1)
    assert job.result["issues"][0]["reason"] == "预览后此项目已被修改，请重新预览后再导入。"
    project.refresh_from_db()
    assert project.total_investment_wan == 5000
