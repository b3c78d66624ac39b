from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import localtime

from sanpi.accounts.models import User
from sanpi.api import selectors, services
from sanpi.core.errors import DomainError


class Command(BaseCommand):
    help = "管理 API 令牌：sanpi token create 用户名 --name 名称 | sanpi token revoke 令牌ID | sanpi token list [用户名]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户创建令牌（密钥只显示一次）")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="令牌用途")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("token_id", type=int)
        listing = sub.add_parser("list", help="列出令牌")
        listing.add_argument("username", nargs="?")

    def handle(self, *args, action, **options):
        # The operator of the server acts as a system administrator.
        admin = User(is_superuser=True, is_active=True)
        try:
            if action == "create":
                owner = User.objects.filter(username=options["username"]).first()
                if owner is None:
                    raise CommandError(f"用户 {options['username']} 不存在。")
                new = services.token_create(user=admin, name=options["name"], owner=owner)
                self.stderr.write(f"已为 {owner.username} 创建令牌 #{new.token.pk}（{new.token.name}）。密钥只显示这一次：")
                self.stdout.write(new.key)
            elif action == "revoke":
                token = services.token_revoke(user=admin, token_id=options["token_id"])
                self.stdout.write(f"已吊销令牌 #{token.pk}（{token.user.username}：{token.name}）。")
            else:
                tokens = selectors.token_list(user=admin, all_users=True)
                if options.get("username"):
                    tokens = tokens.filter(user__username=options["username"])
                for t in tokens:
                    if t.revoked_at:
                        state = f"已吊销 {localtime(t.revoked_at):%Y-%m-%d}"
                    elif t.is_expired:
                        state = f"已过期 {localtime(t.expires_at):%Y-%m-%d}"
                    else:
                        state = f"有效至 {localtime(t.expires_at):%Y-%m-%d}"
                    used = f"{localtime(t.last_used_at):%Y-%m-%d %H:%M}" if t.last_used_at else "从未使用"
                    self.stdout.write(f"#{t.pk}\t{t.user.username}\t{t.name}\t{t.prefix}…\t{state}\t最近使用 {used}")
        except DomainError as exc:
            raise CommandError(exc.message) from None
        except Exception as exc:
            if hasattr(exc, "message_dict"):
                raise CommandError("；".join(m for ms in exc.message_dict.values() for m in ms)) from None
            raise
