"""Writes of the API app: personal tokens (created and revoked by their user or an administrator)."""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sanpi.accounts.access import is_global
from sanpi.core.errors import NotFound

from .models import ApiToken

KEY_PREFIX = "sanpi_"
# last_used_at is refreshed at most this often, so that reads do not each cost a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# A checked token's user (with region) is kept in the shared cache this long, so a request reads one
# token row by primary key instead of joining and building user and region; saving the user
# (password, is_active, role, region) drops it at once (tokens_forget).
TOKEN_CACHE_SECONDS = 60


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once; only its hash is stored


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def password_fingerprint(user) -> str:
    """Changes whenever the password does (each new hash has a new salt), even to the same password.

    A digest of the salted, stretched hash, not of the password; unlike an HMAC it does not depend on
    SECRET_KEY, so rotating the key does not silently end every integration.
    """
    return hashlib.sha256((user.password or "").encode()).hexdigest()


def is_token_admin(user) -> bool:
    """Administrators (superusers) may create and revoke tokens of any user."""
    return bool(user.is_authenticated and (user.is_superuser or is_global(user)))


@transaction.atomic
def token_create(*, user, name: str, owner=None) -> NewToken:
    """A new token for `owner` (default: `user` itself); only an administrator may name another owner."""
    owner = owner or user
    if owner.pk != user.pk and not is_token_admin(user):
        raise NotFound("用户不存在，或您无权为其创建令牌。")
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": ["令牌名称不能为空。"]})
    if len(name) > 64:
        raise ValidationError({"name": ["令牌名称不能超过64个字符。"]})
    if not owner.is_active:
        raise ValidationError({"user": ["该用户已停用，不能创建令牌。"]})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=owner, name=name, key_hash=key_hash(key), prefix=key[:12],
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
        password_fingerprint=password_fingerprint(owner))
    return NewToken(token=token, key=key)


@transaction.atomic
def token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke a token of the user's own (or any, for an administrator). Revoking twice is harmless."""
    tokens = ApiToken.objects.select_for_update()
    if not is_token_admin(user):
        tokens = tokens.filter(user=user)
    token = tokens.filter(pk=token_id).first()
    if token is None:
        raise NotFound("令牌不存在，或不是您的令牌。")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    cache.delete(_cache_key(token.key_hash))
    return token


def tokens_revoke_for_user(*, user_id: int) -> int:
    """Revoke every live token of a user (deactivated, or their password changed). Returns how many."""
    revoked = ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    tokens_forget(user_id=user_id)
    return revoked


def token_authenticate(*, key: str) -> ApiToken | None:
    """The live token a key names, or None: not revoked, not expired, its user active and with the
    password the token was made under. A token found to fail the last two is revoked for good, so that
    reactivating the user or restoring an old hash does not bring it back. Marks the token used (at
    most once a minute).
    """
    if not key or len(key) > 200:
        return None
    digest = key_hash(key)
    token = cache.get(_cache_key(digest))
    fresh = token is None
    if fresh:
        token = (ApiToken.objects.select_related("user", "user__region")
                 .filter(key_hash=digest, revoked_at__isnull=True).first())
        if token is None:
            return None
    else:
        # The cached user and region stand; the token's own state is read again (one primary-key
        # row), so a revocation or expiry however written counts at once.
        state = next(iter(ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).order_by().values_list(
            "expires_at", "last_used_at")[:1]), None)
        if state is None:
            cache.delete(_cache_key(digest))
            return None
        token.expires_at, token.last_used_at = state
    now = timezone.now()
    if token.expires_at <= now:
        return None
    if fresh and (not token.user.is_active or not secrets.compare_digest(token.password_fingerprint,
                                                                         password_fingerprint(token.user))):
        tokens_revoke_for_user(user_id=token.user_id)
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        fresh = True
    if fresh:
        cache.set(_cache_key(digest), token, TOKEN_CACHE_SECONDS)
    return token


def _cache_key(digest: str) -> str:
    return f"api-token:{digest}"


def tokens_forget(*, user_id: int) -> None:
    """Drop the cached tokens of a user (revoked, deactivated, password, role or region changed), so
    the next request checks the token against the database again."""
    digests = ApiToken.objects.filter(user_id=user_id).values_list("key_hash", flat=True)
    cache.delete_many([_cache_key(d) for d in digests])


def idempotency_keys_purge(*, now=None) -> int:
    """Delete Idempotency-Key records older than their 24-hour lifetime; returns how many. Run
    periodically (`sanpi idempotency_purge`); an expired key is ignored on use even before."""
    from django.utils import timezone

    from .idempotency import LIFETIME
    from .models import IdempotencyKey

    cutoff = (now or timezone.now()) - LIFETIME
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
