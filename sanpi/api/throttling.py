"""Per-token request rate of the API, answering 429 through errors.py.

A sliding-window counter: two counters per key, this window's and the last one's, and the estimate
`last × (share of the last window still inside the rate's duration) + this`. ninja's own
SimpleRateThrottle keeps a list of every request time and reads and rewrites it (pickled) on every
call — two cache round trips carrying up to `rate` floats; here Redis gets one pipelined round trip
(INCR, EXPIRE NX, GET) carrying three small integers. Requests refused count too, so a client that
keeps hammering stays refused until it slows down.

The database cache (no Redis) costs a write transaction per cache.set — on SQLite every API request
of every worker queued on the one write lock. There each worker adds up to 1 % of the limit locally
and writes the sum in one go (or when the window changes); a request is checked against the shared
counters plus the worker's own unwritten ones. The limit is exact within a worker and across
workers lets through at most 1 % of the limit per worker more; at limits under 200 (the tests'
"3/min") nothing is held back at all.
"""

import functools
import math
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from sanpi.accounts.signin import client_address


@functools.lru_cache(maxsize=16)
def _parse_rate(rate: str) -> tuple[int | None, int | None]:
    """"600/min" → (600, 60), read as ninja reads a rate."""
    return SimpleRateThrottle.parse_rate(SimpleRateThrottle, rate)  # uses only the class's periods


def _counts(current_key: str, previous_key: str, ttl: int) -> tuple[int, int]:
    """(this window's count including this request, the last window's count)."""
    cache = caches["default"]  # the backend itself (django.core.cache.cache is a proxy)
    if isinstance(cache, RedisCache):
        current, previous = cache.make_and_validate_key(current_key), cache.make_and_validate_key(previous_key)
        pipe = cache._cache.get_client(current, write=True).pipeline(transaction=False)
        pipe.incr(current)
        pipe.expire(current, ttl, nx=True)
        pipe.get(previous)
        count, _, last = pipe.execute()
        return int(count), int(last or 0)
    # The database cache: one read of both counters and one write (what the request log cost before);
    # concurrent requests may undercount by a few, as the log did.
    found = cache.get_many([current_key, previous_key])
    count = found.get(current_key, 0) + 1
    cache.set(current_key, count, ttl)
    return count, found.get(previous_key, 0)


BATCH_SHARE = 100  # a worker holds back at most limit // BATCH_SHARE requests before writing them
_PENDING_MAX = 10_000  # distinct callers held at once; beyond that everything held is written out
_pending: dict[tuple[str, str], tuple[int, int]] = {}  # (caller key, rate) → (window, unwritten count)
_pending_lock = threading.Lock()


def _write(key: str, window: int, n: int, ttl: int) -> int:
    """Add n to the shared counter of `key`'s `window`; returns its new value (database cache only)."""
    cache = caches["default"]
    name = f"{key}:{window}"
    count = (cache.get(name) or 0) + n
    cache.set(name, count, ttl)
    return count


def _batched_counts(key: str, rate: str, window: int, ttl: int, batch: int) -> tuple[int, int]:
    """_counts through the worker's unwritten share: (this window's count including this request and
    what this worker holds back, the last window's shared count)."""
    with _pending_lock:
        held_window, held = _pending.pop((key, rate), (window, 0))
        stale = (held_window, held) if held_window != window else None
        held = 0 if stale else held
        held += 1
        keep = held < batch and len(_pending) < _PENDING_MAX
        if keep:
            _pending[(key, rate)] = (window, held)
        flush_all = not keep and len(_pending) >= _PENDING_MAX
        others = list(_pending.items()) if flush_all else []
        if flush_all:
            _pending.clear()
    if stale and stale[1]:  # the last window's requests still count (by their share) against this one
        _write(key, stale[0], stale[1], ttl)
    for (other_key, _), (other_window, n) in others:
        _write(other_key, other_window, n, ttl)
    if not keep:
        found = caches["default"].get(f"{key}:{window - 1}") or 0
        return _write(key, window, held, ttl), found
    found = caches["default"].get_many([f"{key}:{window}", f"{key}:{window - 1}"])
    return found.get(f"{key}:{window}", 0) + held, found.get(f"{key}:{window - 1}", 0)


class TokenRateThrottle(BaseThrottle):
    """At most settings.API_RATE requests ("600/min") per API token; a browser session counts per user,
    anything else per client address. The rate is read on every request, so a test or a deployment can
    change it without re-importing the API. ninja keeps one instance per API, so the wait to report
    is kept per thread."""

    scope = "token"
    timer = staticmethod(time.time)

    def __init__(self):
        self._state = threading.local()

    def allow_request(self, request) -> bool:
        limit, duration = _parse_rate(settings.API_RATE)
        if not limit or not duration:
            return True
        window, offset = divmod(self.timer(), duration)
        key, window = self.get_cache_key(request), int(window)
        batch = limit // BATCH_SHARE
        if batch > 1 and not isinstance(caches["default"], RedisCache):
            count, last = _batched_counts(key, settings.API_RATE, window, 2 * duration, batch)
        else:
            count, last = _counts(f"{key}:{window}", f"{key}:{window - 1}", 2 * duration)
        if last * (1 - offset / duration) + count <= limit:
            return True
        # By the end of this window this window's count becomes the discounted one.
        self._state.wait = max(1.0, math.ceil(duration - offset))
        return False

    def wait(self) -> float | None:
        return getattr(self._state, "wait", None)

    def get_cache_key(self, request) -> str:
        token = getattr(request, "api_token", None)
        if token is not None:
            ident = f"t{token.key_hash[:32]}"
        elif getattr(request, "auth", None) is not None:
            ident = f"u{request.auth.pk}"
        else:
            # The address sign-in lockout uses: ninja's own reading trusts any X-Forwarded-For.
            ident = f"a{client_address(request)}"
        return f"throttle_{self.scope}_{ident}"
