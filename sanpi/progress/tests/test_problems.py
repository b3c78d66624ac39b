import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from sanpi.core.errors import Forbidden, NotFound
from sanpi.progress import services
from sanpi.progress.models import Problem
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def project(enterprise_org):
    return make_project("超亚医药新药研发及其配套项目", owner=enterprise_org)


def _raise(user, project, **extra):
    fields = {"kind": "land", "description": "二期用地指标未落实", "responsible_department": "经开区自然资源局",
              "deadline": "2024-03-31", "raised_at": "2024-01-15", **extra}
    return services.problem_raise(user=user, project_id=project.pk, **fields)


def test_enterprise_raises_and_the_zone_follows_it_to_closure(project, enterprise_user, zone_user):
    problem = _raise(enterprise_user, project)
    assert (problem.status, problem.raised_by, problem.deadline) == ("open", enterprise_user, dt.date(2024, 3, 31))
    services.problem_update(user=zone_user, problem_id=problem.pk, status="in_progress", measures="协调市局调剂指标")
    with pytest.raises(ValidationError) as exc:
        services.problem_resolve(user=zone_user, problem_id=problem.pk)
    assert exc.value.message_dict == {"closure_note": ["销号需上传佐证材料或填写销号说明。"]}
    evidence = SimpleUploadedFile("批复.pdf", b"%PDF-1.4 test", "application/pdf")
    done = services.problem_resolve(user=zone_user, problem_id=problem.pk, closure_evidence=evidence,
                                    resolved_at="2024-03-20")
    assert (done.status, done.resolved_at) == ("resolved", dt.date(2024, 3, 20))
    assert done.closure_evidence.name.startswith(f"problem-closure/{project.pk}/")
    with pytest.raises(Forbidden):
        services.problem_update(user=zone_user, problem_id=problem.pk, measures="再次")


def test_an_enterprise_cannot_close_or_escalate(project, enterprise_user):
    problem = _raise(enterprise_user, project)
    with pytest.raises(Forbidden):
        services.problem_resolve(user=enterprise_user, problem_id=problem.pk, closure_note="已解决")
    with pytest.raises(Forbidden):
        services.problem_escalate(user=enterprise_user, problem_id=problem.pk, level="reminder")


def test_another_zone_cannot_see_the_problem(project, enterprise_user, other_zone_user):
    problem = _raise(enterprise_user, project)
    with pytest.raises(NotFound):
        services.problem_resolve(user=other_zone_user, problem_id=problem.pk, closure_note="x")


def test_bad_input_is_refused_field_by_field(project, zone_user):
    with pytest.raises(ValidationError) as exc:
        _raise(zone_user, project, kind="weather", description=" ", deadline="2024-01-01")
    assert exc.value.message_dict == {
        "kind": ["问题类型“weather”无效，可选：用地、征地拆迁、资金、审批手续、水电气暖等配套、用工、施工环境、其他。"],
        "description": ["请填写问题描述。"],
        "deadline": ["办结时限（2024-01-01）不能早于提出日期（2024-01-15）。"],
    }
    assert not Problem.objects.exists()


def test_escalation_letter_is_a_docx_naming_the_problem(project, zone_user):
    problem = _raise(zone_user, project)
    letter = services.problem_escalate(user=zone_user, problem_id=problem.pk, level="supervision")
    problem.refresh_from_db()
    assert problem.status == "in_progress"
    assert letter.number.startswith("督办〔") and letter.number.endswith("〕1号")
    document = Document(io.BytesIO(letter.letter.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于超亚医药新药研发及其配套项目协调事项的督办函" in text
    assert "经开区自然资源局：" in text
    items = [p.text for p in document.paragraphs if p.style.name == "公文三级标题"]
    assert items[:4] == ["1. 项目名称：超亚医药新药研发及其配套项目", "2. 建设地点：郑州经济技术开发区", "3. 问题类型：用地",
                         "4. 问题描述：二期用地指标未落实"]
    second = services.problem_escalate(user=zone_user, problem_id=problem.pk, level="supervision")
    assert second.number.endswith("〕2号")


@pytest.mark.parametrize(("kind", "label"), [("demolition", "征地拆迁"), ("site_environment", "施工环境")])
def test_land_acquisition_and_obstruction_of_work_are_problem_types(project, zone_user, kind, label):
    problem = _raise(zone_user, project, kind=kind, description="红线内3户未完成征迁；周边村民阻工")
    assert (problem.kind, problem.get_kind_display()) == (kind, label)
