import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sanpi.accounts.access import access_project, scope_projects
from sanpi.core.errors import Forbidden, NotFound
from sanpi.projects import selectors, services
from sanpi.projects.models import Project, StageEvent
from sanpi.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(enterprise_org):
    return {
        "jingkai": make_project("经开区项目", region="410171", owner=enterprise_org,
                                stages=[("signed", dt.date(2023, 1, 1))]),
        "gaoxin": make_project("高新区项目", region="410172", stages=[("signed", dt.date(2023, 1, 1))]),
        "kaifeng": make_project("开封项目", region="410205"),
        "hubei": make_project("武汉项目", region="420102"),
    }


def visible(user):
    return set(scope_projects(Project.objects.all(), user).values_list("name", flat=True))


def test_region_scopes(projects, zone_user, city_user, province_user, enterprise_user, admin_user):
    assert visible(zone_user) == {"经开区项目"}
    assert visible(city_user) == {"经开区项目", "高新区项目"}
    assert visible(province_user) == {"经开区项目", "高新区项目", "开封项目"}
    assert visible(enterprise_user) == {"经开区项目"}
    assert len(visible(admin_user)) == 4


def test_foreign_zone_project_is_not_found_by_every_path(projects, zone_user):
    foreign = projects["gaoxin"]
    missing_id = Project.objects.order_by("-id").first().pk + 1000
    # Reading: the same answer for "not yours" and "does not exist".
    for pk in (foreign.pk, missing_id):
        with pytest.raises(NotFound) as exc:
            access_project(user=zone_user, project_id=pk)
        assert exc.value.message == "记录不存在，或您无权访问。"
    assert not selectors.project_list(user=zone_user, filters={"q": "高新区"}).exists()
    assert not selectors.project_list(user=zone_user, filters={"region": "410172"}).exists()
    # Writing, by every service that takes a project.
    with pytest.raises(NotFound):
        services.project_update(user=zone_user, project_id=foreign.pk, version=foreign.version, fields={"land_mu": 1})
    with pytest.raises(NotFound):
        services.stage_advance(user=zone_user, project_id=foreign.pk, stage="started", occurred_on=dt.date(2024, 1, 1))
    event = StageEvent.objects.get(project=foreign)
    with pytest.raises(NotFound):
        services.stage_correct(user=zone_user, event_id=event.pk, stage="signed", occurred_on=dt.date(2023, 2, 1),
                               reason="试图更正")
    with pytest.raises(NotFound):
        services.annual_plan_set(user=zone_user, project_id=foreign.pk, year=2024, planned_investment_wan=1)
    # Creating into, or moving a project to, a foreign region.
    with pytest.raises(NotFound):
        services.project_create(user=zone_user, fields={"name": "越权项目", "region": "410172"})
    own = projects["jingkai"]
    with pytest.raises(NotFound):
        services.project_update(user=zone_user, project_id=own.pk, version=own.version, fields={"region": "410172"})
    foreign.refresh_from_db()
    assert foreign.land_mu is None and foreign.stage == "signed"
    assert not Project.objects.filter(name="越权项目").exists()


def test_enterprise_reads_own_project_but_cannot_edit_ledger(projects, enterprise_user):
    assert access_project(user=enterprise_user, project_id=projects["jingkai"].pk).name == "经开区项目"
    with pytest.raises(Forbidden):
        services.project_update(user=enterprise_user, project_id=projects["jingkai"].pk, version=1,
                                fields={"land_mu": 1})
    with pytest.raises(NotFound):
        access_project(user=enterprise_user, project_id=projects["gaoxin"].pk)


def test_leader_reads_but_cannot_write(projects):
    from sanpi.testing import make_user

    leader = make_user("leader_t", role="leader", region="410100")
    assert access_project(user=leader, project_id=projects["gaoxin"].pk)
    with pytest.raises(Forbidden):
        services.project_create(user=leader, fields={"name": "x", "region": "410171"})


def test_anonymous_sees_nothing(projects):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()
    with pytest.raises(NotFound):
        access_project(user=AnonymousUser(), project_id=projects["jingkai"].pk)


def test_non_numeric_id_is_not_found(zone_user):
    with pytest.raises(NotFound):
        access_project(user=zone_user, project_id="1 OR 1=1")


def test_admin_site_scoped(client, projects, zone_user):
    """The Django admin is for administrators only; a zone user is sent to its login page."""
    client.force_login(zone_user)
    response = client.get(f"/admin/projects/project/{projects['gaoxin'].pk}/change/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_validation_error_type_for_bad_region(zone_user):
    with pytest.raises(ValidationError):
        services.project_create(user=zone_user, fields={"name": "x", "region": "000000"})


def test_unknown_region_code_scopes_to_nothing():
    from sanpi.accounts.access import region_codes_below

    assert list(region_codes_below("000000")) == []


def test_correcting_an_unknown_event_answers_like_a_foreign_one(projects, zone_user):
    foreign_event = StageEvent.objects.get(project=projects["gaoxin"])
    for event_id in (foreign_event.pk, foreign_event.pk + 10_000, "abc"):
        with pytest.raises(NotFound):
            services.stage_correct(user=zone_user, event_id=event_id, stage="signed",
                                   occurred_on=dt.date(2023, 2, 1), reason="核实")
