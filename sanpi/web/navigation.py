"""The navigation bar: which sections each role sees (a section a role cannot use is hidden)."""

from dataclasses import dataclass

from sanpi.accounts.access import can_edit_ledger, is_global
from sanpi.accounts.models import User

EVERYONE = "everyone"
NOT_ENTERPRISE = "not_enterprise"
LEDGER = "ledger"
LEADER = "leader"

# label, url, who sees it
SECTIONS = [
    ("驾驶舱", "/", EVERYONE),
    ("项目台账", "/projects/", EVERYONE),
    ("一张图", "/outlook/map/", EVERYONE),
    ("三个一批", "/activities/", NOT_ENTERPRISE),
    ("月报", "/progress/reports/", EVERYONE),
    ("红黄绿灯", "/progress/lights/", EVERYONE),  # the enterprise sees its own projects' lights and the rules
    ("协调事项", "/progress/problems/", EVERYONE),
    ("应统未统", "/progress/uncounted/", LEDGER),
    ("考评排名", "/ranking/", NOT_ENTERPRISE),
    ("项目库", "/pools/", LEDGER),
    ("导入导出", "/ingest/", LEDGER),
    ("包联项目", "/progress/leader/", LEADER),
    ("待办", "/todo/", EVERYONE),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def may_see(user, audience: str) -> bool:
    if audience == EVERYONE:
        return True
    if audience == NOT_ENTERPRISE:
        return is_global(user) or user.role != User.Role.ENTERPRISE
    if audience == LEDGER:
        return can_edit_ledger(user)
    if audience == LEADER:
        return user.role == User.Role.LEADER
    raise ValueError(audience)


def nav_items(user, path: str) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = []
    for label, url, audience in SECTIONS:
        if may_see(user, audience):
            active = path == "/" if url == "/" else path.startswith(url)
            items.append(NavItem(label, url, active))
    return items
