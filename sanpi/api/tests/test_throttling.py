"""The API's sliding-window rate counter: the last window's requests count by the share of it still
inside the rate's duration, so the limit holds across a window boundary (a fixed window would let
twice the rate through around it)."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from sanpi.api import throttling

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 6000.0}  # the start of a 60-second window; the cache's own expiry keeps real time
    monkeypatch.setattr(throttling.TokenRateThrottle, "timer", staticmethod(lambda: now["t"]))
    cache.clear()
    yield now
    cache.clear()


@pytest.fixture
def database_cache(settings):
    """The batching below is the database cache's; CI's PostgreSQL run puts the cache on Redis."""
    from django.core.management import call_command

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "sanpi_cache"}}
    call_command("createcachetable", verbosity=0)


def _statuses(throttle, request, n: int) -> list[bool]:
    return [throttle.allow_request(request) for _ in range(n)]


def test_the_last_window_counts_by_its_share_still_inside_the_duration(clock, settings):
    settings.API_RATE = "4/min"
    throttle, request = throttling.TokenRateThrottle(), RequestFactory().get("/api/v1/projects", REMOTE_ADDR="10.1.1.1")
    assert _statuses(throttle, request, 5) == [True, True, True, True, False]
    assert throttle.wait() == 60
    # Half-way through the next window the 5 counted last window weigh 2.5: one more request fits.
    clock["t"] += 90
    assert _statuses(throttle, request, 2) == [True, False]
    assert throttle.wait() == 30
    # Two windows on, nothing of the first remains and the last one weighs nothing at its start.
    clock["t"] += 30 + 60
    assert _statuses(throttle, request, 4) == [True, True, True, True]
    # Another address has its own allowance.
    assert throttle.allow_request(RequestFactory().get("/", REMOTE_ADDR="10.1.1.2"))


def test_the_counters_expire(clock, settings):
    settings.API_RATE = "2/min"
    throttle, request = throttling.TokenRateThrottle(), RequestFactory().get("/", REMOTE_ADDR="10.1.1.3")
    _statuses(throttle, request, 3)
    key = throttle.get_cache_key(request)
    count, last = throttling._counts(f"{key}:100", f"{key}:99", 120)
    assert (count, last) == (4, 0)
    cache.delete(f"{key}:100")
    assert throttling._counts(f"{key}:100", f"{key}:99", 120) == (1, 0)


def test_with_the_database_cache_a_worker_writes_its_count_in_batches_and_stays_exact(database_cache, clock, settings):
    settings.API_RATE = "1000/min"  # batches of 10
    throttling._pending.clear()
    throttle, request = throttling.TokenRateThrottle(), RequestFactory().get("/", REMOTE_ADDR="10.1.1.4")
    key = f"{throttle.get_cache_key(request)}:100"
    assert _statuses(throttle, request, 9) == [True] * 9
    assert cache.get(key) is None  # held back in the worker
    assert throttle.allow_request(request)
    assert cache.get(key) == 10  # the tenth request wrote all ten
    assert _statuses(throttle, request, 991) == [True] * 990 + [False]  # the limit is exact within a worker
    # Another worker's writes count for this one at once.
    cache.set(key, cache.get(key) + 500)
    clock["t"] += 60  # next window: the last one's 1001 (+500) weigh fully at its start
    assert not throttle.allow_request(request)


def test_a_count_held_back_is_written_when_the_window_changes(database_cache, clock, settings):
    settings.API_RATE = "600/min"  # batches of 6
    throttling._pending.clear()
    throttle, request = throttling.TokenRateThrottle(), RequestFactory().get("/", REMOTE_ADDR="10.1.1.5")
    base = throttle.get_cache_key(request)
    _statuses(throttle, request, 4)
    clock["t"] += 60
    assert throttle.allow_request(request)
    assert cache.get(f"{base}:100") == 4 and cache.get(f"{base}:101") is None
