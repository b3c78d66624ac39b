"""Finding 8 (issue 10): any city office could revise the province's default rule set. A rule set is
revised only by the office that owns it: the province office for a set without a region, the office
of the set's region (or above) otherwise."""

import pytest
from django.urls import reverse

from sanpi.core.errors import Forbidden, NotFound
from sanpi.progress.models import RuleSet
from sanpi.progress.services import rule_set_revise
from sanpi.testing import make_user

THRESHOLDS = {"investment_pace": ("8", "25")}


def revise(user, rule_set):
    return rule_set_revise(user=user, rule_set_id=rule_set.pk, effective_from="2026-01-01",
                           thresholds=THRESHOLDS if rule_set.rules.filter(dimension="investment_pace").exists() else {})


@pytest.mark.django_db
def test_a_city_office_cannot_revise_the_default_rule_set(city_user):
    default = RuleSet.objects.get(is_default=True)
    with pytest.raises(Forbidden):
        revise(city_user, default)
    assert RuleSet.objects.filter(name=default.name).count() == 1


@pytest.mark.django_db
def test_the_province_office_revises_the_default(province_user):
    default = RuleSet.objects.get(is_default=True)
    new = revise(province_user, default)
    assert (new.version, new.is_default) == (2, True)


@pytest.mark.django_db
def test_a_city_rule_set_is_revised_by_that_city_and_above_only(city_user, province_user):
    sanya = RuleSet.objects.get(place="三亚")
    sanya.scope_region_id = "410100"  # a set 郑州 adopted for its region
    sanya.save()
    luoyang = make_user("luoyang_t", role="city", region="410300")
    with pytest.raises(Forbidden):
        revise(luoyang, sanya)
    assert revise(city_user, sanya).version == 2
    assert revise(province_user, RuleSet.objects.get(place="三亚", version=2)).version == 3


@pytest.mark.django_db
def test_revise_page_shows_the_link_to_the_owner_only(client, city_user, province_user):
    default = RuleSet.objects.get(is_default=True)
    edit = reverse("progress:ruleset_edit", args=[default.pk])
    client.force_login(city_user)
    assert edit not in client.get(reverse("progress:ruleset_list")).content.decode()
    assert client.get(edit).status_code == 403
    client.force_login(province_user)
    assert edit in client.get(reverse("progress:ruleset_list")).content.decode()
    assert client.get(edit).status_code == 200


@pytest.mark.django_db
def test_unknown_or_junk_rule_set_is_not_found(province_user):
    for junk in (10**9, "abc", "²", "1" * 23):
        with pytest.raises(NotFound):
            rule_set_revise(user=province_user, rule_set_id=junk, effective_from="2026-01-01", thresholds={})
