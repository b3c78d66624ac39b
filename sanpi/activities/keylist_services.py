"""Writes of key-project lists (重点建设项目名单): one transaction each, access through accounts.access."""

from django.core.exceptions import ValidationError
from django.db import transaction

from sanpi.accounts.access import (
    access_keylist,
    access_project,
    can_administer,
    fetch,
    region_in_scope,
    scope_regional,
)
from sanpi.accounts.models import Region
from sanpi.core.concurrency import unique_or
from sanpi.core.errors import Forbidden

from .models import KeyProjectEntry, KeyProjectList, Period


@transaction.atomic
def keylist_create(*, user, region: Region | str, year: int, batch: int, name: str,
                   level: str = Period.Level.PROVINCE) -> KeyProjectList:
    region_obj = region if isinstance(region, Region) else Region.objects.filter(pk=region).first()
    if region_obj is None:
        raise ValidationError({"region": ["发布地区不存在。"]})
    if not can_administer(user) or not region_in_scope(user, region_obj):
        raise Forbidden("只有本地区的市、省项目办可以发布重点建设项目名单。")
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = ["名单名称不能为空。"]
    if level not in Period.Level.values:
        errors["level"] = ["级别无效。"]
    if KeyProjectList.objects.filter(level=level, region=region_obj, year=year, batch=batch).exists():
        errors["batch"] = [f"{region_obj.name}{year}年第{batch}批名单已存在。"]
    if errors:
        raise ValidationError(errors)
    with unique_or(ValidationError({"batch": [f"{region_obj.name}{year}年第{batch}批名单已存在。"]})):
        return KeyProjectList.objects.create(level=level, region=region_obj, year=year, batch=batch, name=name)


@transaction.atomic
def keylist_entry_add(*, user, key_list_id: int, project_id: int,
                      declared_total_investment_wan=None) -> KeyProjectEntry:
    """A project may be on several key-project lists and in 三个一批 too; once per list."""
    # Locked: entries are checked, then added, under it (the entry row may not exist yet).
    key_list = access_keylist(user=user, key_list_id=key_list_id, need="edit", lock=True)
    project = access_project(user=user, project_id=project_id, need="read")
    if not project.region.path.startswith(key_list.region.path):
        raise ValidationError({"project": [f"项目所在地“{project.region.name}”不在{key_list.region.name}范围内。"]})
    if KeyProjectEntry.objects.filter(key_list=key_list, project=project).exists():
        raise ValidationError({"project": [f"“{project.name}”已在该名单中。"]})
    from .services import _money  # services re-exports this module: imported here, not at load

    total = _money(declared_total_investment_wan, "declared_total_investment_wan", "总投资（万元）")
    return KeyProjectEntry.objects.create(
        key_list=key_list, project=project,
        declared_total_investment_wan=total if total is not None else project.total_investment_wan,
        added_by=user if getattr(user, "pk", None) else None,
    )


@transaction.atomic
def keylist_entry_remove(*, user, entry_id: int) -> None:
    visible = scope_regional(KeyProjectList.objects.all(), user, region_field="region")
    entry = fetch(KeyProjectEntry.objects.filter(key_list__in=visible), entry_id)
    access_keylist(user=user, key_list_id=entry.key_list_id, need="edit")
    entry.delete()
