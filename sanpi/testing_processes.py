"""Real processes for tests: a queue consumer (`sanpi run_huey`) and app servers (gunicorn) working on
the test database, with the test process switched from huey's immediate mode to the real queue.

Tests using these need committed data (`django_db(transaction=True)`): the processes have their own
connections.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def database_url() -> str:
    """The test database as a DATABASE_URL for a subprocess."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else ""
    return f"postgres://{quote(s['USER'])}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def redis_reachable(url: str) -> bool:
    if not url:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


@contextmanager
def real_queue(tmp_path: Path):
    """Tasks queued in this block go to the real storage — a fresh SQLite file, or REDIS_URL's
    database (emptied first) — where a consumer started by `consumer()` finds them."""
    from huey.contrib.djhuey import HUEY

    saved = dict(HUEY.storage_kwargs)
    if "filename" in HUEY.storage_kwargs:
        HUEY.storage_kwargs["filename"] = str(tmp_path / "huey.sqlite3")
    HUEY.immediate = False
    HUEY.flush()
    try:
        yield HUEY
    finally:
        HUEY.flush()
        HUEY.storage_kwargs.clear()
        HUEY.storage_kwargs.update(saved)
        HUEY.immediate = True


def process_env(**extra: str) -> dict[str, str]:
    from huey.contrib.djhuey import HUEY

    env = {k: v for k, v in os.environ.items() if k != "SANPI_HUEY_IMMEDIATE"}
    env.update({"DATABASE_URL": database_url(), "SANPI_MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONUNBUFFERED": "1"})
    if "filename" in HUEY.storage_kwargs:
        env["SANPI_HUEY_FILE"] = HUEY.storage_kwargs["filename"]
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    env.update(extra)
    return env


class Process:
    def __init__(self, args: list[str], log: Path, **env: str):
        self.log = log
        self._handle = log.open("wb")
        self.popen = subprocess.Popen(args, env=process_env(**env), stdout=self._handle, stderr=subprocess.STDOUT,
                                      cwd=settings.BASE_DIR)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when a machine or an OOM killer takes the worker."""
        if self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGKILL)
        self.popen.wait(10)
        self._handle.close()

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._handle.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def consumer(log: Path, **env: str) -> Process:
    """`sanpi run_huey` without periodic tasks (a test decides what runs)."""
    return Process([sys.executable, MANAGE, "run_huey", "--no-periodic", "--workers", "1"], log, **env)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_server(log: Path, port: int, **env: str) -> Process:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return Process([gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"],
                   log, **env)


def wait_for(predicate, *, timeout: float, every: float = 0.5, what: str = "condition"):
    """Poll until predicate() is truthy; its value. AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


def wait_for_port(port: int, timeout: float = 30) -> None:
    def up() -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    wait_for(up, timeout=timeout, every=0.2, what=f"a server on port {port}")
