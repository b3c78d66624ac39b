"""Finding 8 (issue 10): the leader's 包联项目 page linked 10 of 13 projects to pages that answered
404 — the generator assigns leaders to projects across the province. A 包联领导 reads the projects
assigned to them (domain guide §1), on every page and through the API alike; the page links only to
pages the leader can open."""

import re
from html import unescape

import pytest
from django.urls import reverse

from sanpi.accounts.access import access_project, scope_projects
from sanpi.accounts.models import Leader
from sanpi.core.errors import Forbidden, NotFound
from sanpi.progress.models import Problem
from sanpi.projects.models import Project
from sanpi.testing import make_project, make_user


@pytest.fixture
def leader_world(db):
    user = make_user("leader_t", role="leader", region="410171")
    leader = Leader.objects.create(name="张波", title="经开区管委会主任", region_id="410171", user=user)
    home = make_project("经开区包联项目", region="410171")
    kaifeng = make_project("开封市包联项目", region="410202")
    luoyang = make_project("洛阳市包联项目", region="410302")
    unassigned = make_project("洛阳市他人项目", region="410302")
    for project in (home, kaifeng, luoyang):
        project.leaders.add(leader)
    Problem.objects.create(project=kaifeng, kind="land", description="用地指标未落实", deadline="2024-03-01",
                           raised_at="2024-01-05",
                           responsible_department="开封市自然资源局")
    return user, [home, kaifeng, luoyang], unassigned


def _links(html: str) -> list[str]:
    main = html.split('id="leader-projects"', 1)[1]
    return sorted({unescape(h) for h in re.findall(r'href="(/[^"#]+)"', main)})


def test_every_link_on_the_leader_page_opens(client, leader_world):
    user, assigned, _ = leader_world
    client.force_login(user)
    page = client.get(reverse("progress:leader"))
    assert page.status_code == 200
    links = [link for link in _links(page.content.decode()) if "/progress/" in link or "/projects/" in link]
    assert len(links) >= len(assigned) + 1  # each project, and the open problem
    broken = {link: client.get(link).status_code for link in links}
    assert {link: status for link, status in broken.items() if status != 200} == {}


def test_leader_reads_assigned_projects_anywhere_but_nothing_else_outside(client, leader_world):
    user, assigned, unassigned = leader_world
    client.force_login(user)
    for project in assigned:
        assert client.get(reverse("web:project_detail", args=[project.pk])).status_code == 200
        assert client.get(reverse("progress:project_lights", args=[project.pk])).status_code == 200
    assert client.get(reverse("web:project_detail", args=[unassigned.pk])).status_code == 404
    assert set(scope_projects(Project.objects.all(), user)) >= set(assigned)
    assert unassigned not in scope_projects(Project.objects.all(), user)


def test_leader_reads_but_does_not_edit(leader_world):
    user, assigned, unassigned = leader_world
    with pytest.raises(Forbidden):
        access_project(user=user, project_id=assigned[1].pk, need="edit")
    with pytest.raises(NotFound):
        access_project(user=user, project_id=unassigned.pk, need="edit")
