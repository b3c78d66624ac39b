"""Coordinates: a point outside the project's county is flagged on the project page (not refused);
a report photo's EXIF point is offered on the edit form."""

import datetime as dt
from decimal import Decimal

import pytest

from sanpi.outlook import boundaries
from sanpi.outlook.locations import location_warning, photo_suggestion
from sanpi.progress.models import ReportPhoto
from sanpi.progress.tests.factories import make_reports
from sanpi.testing import make_project

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(boundaries.collection("410000") is None, reason="boundaries not built")]


def test_point_outside_the_county_is_flagged_on_the_page(client, city_user):
    inside = make_project("中牟项目", region="410122", longitude=Decimal("113.976000"), latitude=Decimal("34.719000"))
    outside = make_project("填错的项目", region="410122", longitude=Decimal("112.450000"), latitude=Decimal("34.620000"))
    swapped = make_project("经纬度填反", region="410122", longitude=Decimal("34.719000"), latitude=Decimal("113.976000"))
    zone = make_project("经开区项目", region="410171", longitude=Decimal("113.735000"), latitude=Decimal("34.715000"))
    assert location_warning(inside) is None and location_warning(zone) is None
    assert location_warning(outside).startswith("坐标（经度 112.450000，纬度 34.620000）不在中牟县的边界内")
    assert location_warning(swapped) is not None
    client.force_login(city_user)
    page = client.get(f"/projects/{outside.pk}/").content.decode()
    assert 'data-testid="location-warning"' in page and "WGS-84" in page
    assert 'data-testid="location-warning"' not in client.get(f"/projects/{inside.pk}/").content.decode()


def test_edit_form_offers_the_photo_point(client, city_user):
    project = make_project("有照片的项目", region="410122",
                           stages=[("signed", dt.date(2024, 1, 5)), ("started", dt.date(2024, 2, 1))])
    report = make_reports(project, 2024, ["100", "100"])[-1]
    ReportPhoto.objects.create(report=report, image="report-photos/x.jpg", taken_at=None,
                               latitude=Decimal("34.720001"), longitude=Decimal("113.970002"))
    suggestion = photo_suggestion(project_id=project.pk)
    assert (suggestion.longitude, suggestion.latitude) == (Decimal("113.970002"), Decimal("34.720001"))
    assert suggestion.report == "2024年2月月报照片"
    client.force_login(city_user)
    page = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'data-pick-lon="113.970002"' in page and 'id="pick-map"' in page and 'data-start="410100"' in page
