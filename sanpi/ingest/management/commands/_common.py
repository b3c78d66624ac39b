"""Shared by the ingest commands."""

from django.core.management.base import CommandError

from sanpi.accounts.models import User


def command_user(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        return user
    user = User.objects.filter(is_superuser=True).order_by("id").first()
    if user is None:
        raise CommandError("没有超级用户：请用 --user 指定导入人。")
    return user
