"""`Idempotency-Key` on every API write (POST, PUT, PATCH, DELETE), as payment APIs do it.

The same key with the same request (method, path and body, hashed) from the same user within 24
hours answers with the first response — status and body — without running the write again; with a
different request it is refused (422). While the first request is still running, a duplicate
waits for its answer (up to `WAIT_SECONDS`) and then gets 409. Server errors (5xx) are not kept, so
a retry after one runs again. Requests without the header behave as before.

Installed once on the NinjaAPI by `install`: an "operation" decorator claims the key after
authentication (it needs the user), a "view" decorator stores the finished response.
"""

import datetime as dt
import functools
import hashlib
import time

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.http.request import RawPostDataException
from django.utils import timezone

from sanpi.core.errors import Conflict, DomainError

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
LIFETIME = dt.timedelta(hours=24)
WAIT_SECONDS = 10.0
MAX_LENGTH = 200


class KeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422

    def __init__(self):
        super().__init__("该 Idempotency-Key 已用于另一个请求（请求内容不同）；新的请求请使用新的幂等键。")


class KeyInvalid(DomainError):
    code = "idempotency_key_invalid"
    status = 422

    def __init__(self):
        super().__init__(f"Idempotency-Key 应为 1 到 {MAX_LENGTH} 个可见 ASCII 字符（建议使用 UUID）。")


class Replay(Exception):
    """Raised inside the operation to answer with a stored response (handled in `install`)."""

    def __init__(self, row: IdempotencyKey):
        self.row = row


def _body(request) -> bytes:
    try:
        return request.body
    except RawPostDataException:  # multipart, already parsed: its fields and files stand for the body
        parts = [f"{k}={v}" for k, v in sorted(request.POST.lists())]
        for name, files in sorted(request.FILES.lists()):
            for f in files:
                content = hashlib.sha256(b"".join(f.chunks())).hexdigest()
                f.seek(0)
                parts.append(f"{name}:{f.name}:{f.size}:{content}")
        return "\n".join(parts).encode()


def request_hash(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), _body(request)):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _key(request) -> str | None:
    if request.method not in WRITE_METHODS:
        return None
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise KeyInvalid()
    return key


def _claim(*, user, key: str, digest: str) -> IdempotencyKey | None:
    """The row this request now owns (status null), or raise Replay/KeyReused/Conflict."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        fresh_after = timezone.now() - LIFETIME
        # Autocommit, outside any transaction of the write: the claim is visible to a duplicate at once.
        IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=fresh_after).delete()
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(user=user, key=key, request_hash=digest)
        except IntegrityError:
            pass
        row = IdempotencyKey.objects.filter(user=user, key=key).first()
        if row is None:
            continue  # expired and deleted meanwhile
        if row.request_hash != digest:
            raise KeyReused()
        if row.status is not None:
            raise Replay(row)
        if time.monotonic() > deadline:
            raise Conflict("相同 Idempotency-Key 的请求仍在处理中，请稍后用同一幂等键重试以取得结果。")
        time.sleep(0.05)


def claim_decorator(view_func):
    """Operation mode: runs after authentication and input validation, before the endpoint."""

    @functools.wraps(view_func)
    def wrapper(request, *args, **kwargs):
        key = _key(request)
        user = getattr(request, "auth", None)
        if key is not None and getattr(user, "pk", None):
            request._idempotency_row = _claim(user=user, key=key, digest=request_hash(request))
        return view_func(request, *args, **kwargs)

    return wrapper


def store_decorator(run):
    """View mode: wraps the whole operation, so it sees the final response, errors included."""

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            _release(request)
            raise
        row = getattr(request, "_idempotency_row", None)
        if row is not None:
            if response.status_code >= 500:
                _release(request)
            else:
                IdempotencyKey.objects.filter(pk=row.pk).update(
                    status=response.status_code, body=bytes(response.content),
                    content_type=response.get("Content-Type", ""))
        return response

    return wrapper


def _release(request) -> None:
    row = getattr(request, "_idempotency_row", None)
    if row is not None:
        IdempotencyKey.objects.filter(pk=row.pk).delete()


def replay_response(row: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(row.body), status=row.status,
                            content_type=row.content_type or "application/json; charset=utf-8")
    response["Idempotent-Replayed"] = "true"
    return response


PARAMETER = {
    "in": "header", "name": HEADER, "required": False,
    "schema": {"type": "string", "maxLength": MAX_LENGTH},
    "description": ("幂等键（建议 UUID）。24 小时内同一用户以同一幂等键重发相同请求，返回首次的响应（状态码和内容，"
                    "响应头 Idempotent-Replayed: true），不会重复写入；请求内容不同则返回 422；"
                    "首次请求仍在处理时，重复请求最多等待 10 秒，之后返回 409。"),
}


def document(schema: dict) -> dict:
    """Add the header parameter to every write operation of an OpenAPI document."""
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method.upper() in WRITE_METHODS:
                operation.setdefault("parameters", [])
                if not any(p.get("name") == HEADER for p in operation["parameters"]):
                    operation["parameters"].append(dict(PARAMETER))
    return schema


def install(api) -> None:
    api.add_decorator(claim_decorator, mode="operation")
    api.add_decorator(store_decorator, mode="view")

    @api.exception_handler(Replay)
    def replay(request, exc: Replay):
        return replay_response(exc.row)
