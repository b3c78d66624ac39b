from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from sanpi.projects import demo
from sanpi.projects.models import Project

pytestmark = pytest.mark.django_db


def test_demo_holds_the_seed_projects_with_their_figures():
    demo.build(generated=60)
    demo.build(generated=60)  # idempotent
    zte = Project.objects.get(name="中兴5G微基站和智慧杆塔集成项目")
    assert (zte.region_id, zte.phase, zte.previous_phase.name) == ("410171", "二期", "郑州中兴产业园一期")
    # the seed's 425亩/61亿元/64万㎡ are the whole park's (一期 + 二期): in the text, summed nowhere
    assert (zte.land_mu, zte.total_investment_wan, zte.building_area_m2) == (None, None, None)
    assert "产业园（一、二期合计）总占地425亩、总投资61亿元、建筑面积64万平方米" in zte.scale_content
    assert (zte.stage, str(zte.completed_on)) == ("completed", "2023-12-20")  # 建成投用 in 2023 (the seed)
    assert {e.note for e in zte.stage_events.all()} == {demo.INVENTED}  # dates not given by the seed
    antu = Project.objects.get(name="安图生物体外诊断产业园（三期）")
    assert (antu.land_mu, antu.building_area_m2, antu.total_investment_wan) == (
        Decimal(251), Decimal(620000), Decimal(190000))
    assert antu.previous_phase.previous_phase.name == "安图生物体外诊断产业园（一期）"
    chaoya = Project.objects.get(name="超亚医药新药研发及其配套项目")
    assert (chaoya.land_mu, chaoya.total_investment_wan) == (Decimal(102), Decimal(50000))
    assert Project.objects.count() == 60


@pytest.mark.parametrize("username", ["admin", "province", "zhengzhou", "jingkai", "enterprise"])
def test_demo_users_sign_in(username):
    demo.build(generated=0)
    # Sign-in goes through django-axes, which counts failures per request (address): it needs one.
    user = authenticate(RequestFactory().post("/login/"), username=username, password=demo.DEMO_PASSWORD)
    assert user is not None
    if username == "enterprise":
        assert user.organisation.projects.filter(name="安图生物体外诊断产业园（三期）").exists()
    if username == "jingkai":
        assert user.region_id == "410171"
