import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from sanpi.core.errors import Forbidden, NotFound
from sanpi.progress import services
from sanpi.progress.models import MonthlyReport, ReportStep
from sanpi.testing import make_project

from .factories import make_plan, make_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(enterprise_org):
    p = make_project("安图生物体外诊断产业园（三期）", owner=enterprise_org,
                     stages=[("started", dt.date(2024, 1, 8))])
    make_plan(p, 2024, "12000")
    return p


def _draft(user, project, month=1, amount="1000", **extra):
    return services.report_save_draft(user=user, project_id=project.pk, year=2024, month=month,
                                      month_completed_wan=amount, **extra)


def test_enterprise_files_and_zone_approves_with_every_step_kept(project, enterprise_user, zone_user):
    report = _draft(enterprise_user, project, progress_text="主体结构封顶")
    assert (report.ytd_completed_wan, report.since_start_completed_wan) == (D(1000), D(1000))
    services.report_submit(user=enterprise_user, report_id=report.pk)
    services.report_approve(user=zone_user, report_id=report.pk)
    services.report_lock(user=zone_user, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == "locked"
    assert report.approved_by == zone_user
    steps = list(report.steps.values_list("action", "from_status", "to_status", "by__username"))
    assert steps == [("save", "", "draft", "enterprise_t"), ("submit", "draft", "submitted", "enterprise_t"),
                     ("approve", "submitted", "approved", "jingkai_t"), ("lock", "approved", "locked", "jingkai_t")]


def test_an_enterprise_cannot_approve(project, enterprise_user):
    report = _draft(enterprise_user, project)
    services.report_submit(user=enterprise_user, report_id=report.pk)
    with pytest.raises(Forbidden):
        services.report_approve(user=enterprise_user, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_zone_cannot_approve_another_zones_report(project, enterprise_user, other_zone_user):
    report = _draft(enterprise_user, project)
    services.report_submit(user=enterprise_user, report_id=report.pk)
    with pytest.raises(NotFound):
        services.report_approve(user=other_zone_user, report_id=report.pk)
    with pytest.raises(NotFound):
        services.report_return(user=other_zone_user, report_id=report.pk, reason="不属实")
    report.refresh_from_db()
    assert report.status == "submitted"


def test_city_and_province_above_may_review(project, enterprise_user, city_user, province_user):
    first = _draft(enterprise_user, project, 1)
    services.report_submit(user=enterprise_user, report_id=first.pk)
    services.report_return(user=city_user, report_id=first.pk, reason="照片缺失")
    first.refresh_from_db()
    assert (first.status, first.return_reason) == ("returned", "照片缺失")
    services.report_submit(user=enterprise_user, report_id=first.pk)
    assert services.report_approve(user=province_user, report_id=first.pk).status == "approved"


def test_another_enterprise_cannot_see_the_report(project, enterprise_user):
    from sanpi.testing import make_org, make_user

    stranger = make_user("other_ent", role="enterprise", organisation=make_org())
    report = _draft(enterprise_user, project)
    with pytest.raises(NotFound):
        services.report_submit(user=stranger, report_id=report.pk)
    with pytest.raises(NotFound):
        _draft(stranger, project, 2)


def test_return_needs_a_reason(project, enterprise_user, zone_user):
    report = _draft(enterprise_user, project)
    services.report_submit(user=enterprise_user, report_id=report.pk)
    with pytest.raises(ValidationError) as exc:
        services.report_return(user=zone_user, report_id=report.pk, reason="  ")
    assert exc.value.message_dict == {"reason": ["退回月报必须填写退回原因。"]}


def test_a_locked_report_refuses_edits(project, enterprise_user, zone_user):
    report = _draft(enterprise_user, project)
    services.report_submit(user=enterprise_user, report_id=report.pk)
    services.report_approve(user=zone_user, report_id=report.pk)
    services.report_lock(user=zone_user, report_id=report.pk)
    with pytest.raises(Forbidden) as exc:
        _draft(enterprise_user, project, 1, "2000")
    assert exc.value.message == "该月报已锁定，不能修改；如需更正，请由项目办发起更正并填写原因。"
    with pytest.raises(Forbidden):
        _draft(zone_user, project, 1, "2000")
    with pytest.raises(Forbidden):
        services.report_submit(user=enterprise_user, report_id=report.pk)
    report.refresh_from_db()
    assert report.month_completed_wan == D(1000)


def test_a_submitted_report_cannot_be_edited_until_returned(project, enterprise_user):
    report = _draft(enterprise_user, project)
    services.report_submit(user=enterprise_user, report_id=report.pk)
    with pytest.raises(Forbidden):
        _draft(enterprise_user, project, 1, "5")


def test_negative_figures_are_refused_naming_the_field_and_nothing_is_saved(project, enterprise_user):
    with pytest.raises(ValidationError) as exc:
        _draft(enterprise_user, project, 1, "-100")
    assert exc.value.message_dict == {"month_completed_wan": ["本月完成投资不能为负数（填写了 -100 万元）。"]}
    assert not MonthlyReport.objects.exists()
    assert not ReportStep.objects.exists()


def test_inconsistent_cumulative_figures_are_refused_and_nothing_is_saved(project, enterprise_user):
    make_reports(project, 2024, ["1000", "500"], since_start_before="3000")
    with pytest.raises(ValidationError) as exc:
        _draft(enterprise_user, project, 3, "800", ytd_completed_wan="2000", since_start_completed_wan="5300")
    assert exc.value.message_dict == {"ytd_completed_wan": [
        "自年初累计完成投资应等于1-2月各月合计 1500 万元加本月完成投资 800 万元，即 2300 万元，填写的是 2000 万元。"]}
    with pytest.raises(ValidationError) as exc:
        _draft(enterprise_user, project, 3, "abc")
    assert exc.value.message_dict == {"month_completed_wan": ["本月完成投资应为数字（万元），收到“abc”。"]}
    assert MonthlyReport.objects.filter(month=3).count() == 0
    ok = _draft(enterprise_user, project, 3, "800")
    assert (ok.ytd_completed_wan, ok.since_start_completed_wan) == (D(2300), D(5300))


def test_a_future_month_is_refused(project, enterprise_user):
    with pytest.raises(ValidationError) as exc:
        services.report_save_draft(user=enterprise_user, project_id=project.pk, year=2099, month=1,
                                   month_completed_wan="1")
    assert exc.value.message_dict == {"month": ["不能填报尚未到来的月份（2099-01）。"]}


def test_a_month_far_off_the_usual_pace_is_flagged_not_refused(project, enterprise_user):
    make_reports(project, 2024, ["1000", "900", "1100"])
    report = _draft(enterprise_user, project, 4, "4000")
    assert report.pace_flag is True
    assert report.pace_reason == "本月完成投资 4000 万元，超过此前 3 个月中位数 1000 万元的 3 倍，请核实。"
    normal = _draft(enterprise_user, project, 4, "1000")
    assert (normal.pk, normal.pace_flag) == (report.pk, False)


def test_correction_after_lock_is_a_new_version_and_shifts_later_months(project, zone_user, enterprise_user):
    jan, feb, mar = make_reports(project, 2024, ["1000", "500", "700"], status="locked")
    with pytest.raises(ValidationError):
        services.report_correct(user=zone_user, report_id=feb.pk, reason="", month_completed_wan="600")
    with pytest.raises(Forbidden):
        services.report_correct(user=enterprise_user, report_id=feb.pk, reason="统计口径调整",
                                month_completed_wan="600")
    new = services.report_correct(user=zone_user, report_id=feb.pk, reason="统计局核定数调整",
                                  month_completed_wan="600")
    assert (new.version, new.month_completed_wan, new.ytd_completed_wan, new.since_start_completed_wan) == (
        2, D(600), D(1600), D(1600))
    assert new.supersedes_id == feb.pk and new.correction_reason == "统计局核定数调整"
    feb.refresh_from_db()
    assert (feb.is_current, feb.month_completed_wan) == (False, D(500))
    current_mar = MonthlyReport.objects.get(project=project, year=2024, month=3, is_current=True)
    assert (current_mar.version, current_mar.ytd_completed_wan, current_mar.since_start_completed_wan) == (
        2, D(2300), D(2300))
    assert current_mar.correction_reason == "随 2024-02 月报更正顺延累计数：统计局核定数调整"
    assert MonthlyReport.objects.filter(project=project).count() == 5
    assert new.steps.get().action == "correct"


def test_month_lock_locks_approved_reports_in_scope(project, zone_user, other_zone_user):
    (jan,) = make_reports(project, 2024, ["1000"], status="approved")
    elsewhere = make_project(region="410172")
    (other,) = make_reports(elsewhere, 2024, ["10"], status="approved")
    assert services.reporting_month_lock(user=zone_user, year=2024, month=1) == 1
    jan.refresh_from_db()
    other.refresh_from_db()
    assert (jan.status, other.status) == ("locked", "approved")
    assert jan.steps.get().reason == "2024年1月整月锁定"


def test_photo_time_and_place_come_from_exif(project, enterprise_user, tmp_path, settings):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    image = Image.new("RGB", (8, 8), "gray")
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2024:03:28 15:20:00"
    exif[0x8825] = {1: "N", 2: (34.0, 43.0, 30.0), 3: "E", 4: (113.0, 45.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    report = _draft(enterprise_user, project, 3, "10", ytd_completed_wan="30", since_start_completed_wan="30")
    photo = services.report_photo_add(user=enterprise_user, report_id=report.pk,
                                      image=SimpleUploadedFile("site.jpg", buffer.getvalue(), "image/jpeg"))
    assert photo.taken_at.isoformat() == "2024-03-28T15:20:00+08:00"
    assert (photo.latitude, photo.longitude) == (D("34.725000"), D("113.750000"))
    with pytest.raises(ValidationError) as exc:
        services.report_photo_add(user=enterprise_user, report_id=report.pk,
                                  image=SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg"))
    assert "请上传JPEG、PNG 或 WebP 图片" in exc.value.message_dict["image"][0]


def test_a_region_may_set_its_own_due_date_which_the_evaluation_uses(project, zone_user, enterprise_user):
    from sanpi.progress.evaluation import evaluate_month
    from sanpi.progress.models import Light

    with pytest.raises(ValidationError) as exc:
        services.reporting_month_set_due(user=zone_user, year=2024, month=1, due_date="2024-01-20")
    assert exc.value.message_dict == {"due_date": ["报送截止日期应在 2024年1月之后。"]}
    with pytest.raises(Forbidden):
        services.reporting_month_set_due(user=enterprise_user, year=2024, month=1, due_date="2024-02-10")
    services.reporting_month_set_due(user=zone_user, year=2024, month=1, due_date="2024-02-10")
    assert services.report_due_date(year=2024, month=1, region=project.region) == dt.date(2024, 2, 10)
    assert services.report_due_date(year=2024, month=1, region=None) == dt.date(2024, 2, 5)
    make_reports(project, 2024, ["100"], on_time=False)  # submitted 2024-02-20
    evaluate_month(year=2024, month=1, as_of=dt.date(2024, 2, 28))
    assert Light.objects.get(project=project, dimension="report_overdue").reason == (
        "1月月报未在 2024-02-10 前报送 → 黄灯")
