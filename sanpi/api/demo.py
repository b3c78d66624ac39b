"""Demo data of the API: a token for the demo province user, so that the curl examples of
docs/api.md work at once. Idempotent: the key is printed only when the token is created."""

from sanpi.accounts.models import User

from .models import ApiToken
from .services import token_create

DEMO_TOKEN_NAME = "演示令牌（docs/api.md 示例）"


def build(*, stdout=None, addr: str = "127.0.0.1:8000") -> None:
    """`addr` is where `sanpi demo --addr` serves: the printed example calls that address."""
    user = User.objects.filter(username="province").first()
    if user is None or ApiToken.objects.filter(user=user, name=DEMO_TOKEN_NAME, revoked_at__isnull=True).exists():
        return
    new = token_create(user=user, name=DEMO_TOKEN_NAME)
    if stdout:
        stdout.write(f"API 演示令牌（province 用户，只显示这一次）：{new.key}")
        stdout.write(f"  例：curl -H 'Authorization: Bearer <令牌>' http://{addr}/api/v1/projects?limit=5")
