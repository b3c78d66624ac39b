"""Personal API tokens: list, create (the key is shown once), revoke."""

from ninja import Router

from sanpi.accounts.models import User
from sanpi.core.errors import NotFound

from .. import selectors, services
from ..errors import ERRORS
from ..schemas import PathId, TokenCreate, TokenCreated, TokenOut

router = Router(tags=["令牌"])


def token_out(t) -> dict:
    return {"id": t.id, "user": t.user.username, "name": t.name, "prefix": t.prefix, "created_at": t.created_at,
            "last_used_at": t.last_used_at, "revoked_at": t.revoked_at, "expires_at": t.expires_at}


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, summary="我的令牌")
def token_list(request, all: bool = False):  # noqa: A002 - the query parameter's name
    """`all=true` lists every user's tokens (administrators only; others get their own)."""
    return [token_out(t) for t in selectors.token_list(user=request.auth, all_users=all)]


@router.post("/tokens", response={201: TokenCreated, **ERRORS}, summary="创建令牌")
def token_create(request, payload: TokenCreate):
    owner = None
    if payload.username and payload.username != request.auth.username:
        owner = User.objects.filter(username=payload.username).first()
        if owner is None or not services.is_token_admin(request.auth):
            raise NotFound("用户不存在，或您无权为其创建令牌。")
    new = services.token_create(user=request.auth, name=payload.name, owner=owner)
    return 201, {**token_out(new.token), "key": new.key}


@router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS}, summary="吊销令牌")
def token_revoke(request, token_id: PathId):
    return token_out(services.token_revoke(user=request.auth, token_id=token_id))
