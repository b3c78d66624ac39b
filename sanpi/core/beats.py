"""Signs of life of a running background step, kept in the task queue's storage.

An import's apply is one database transaction, and on SQLite that transaction holds the database's only
write lock: no other connection can write the job row until it ends. So a running step reports its
progress and a heartbeat here — huey's key-value store, i.e. var/huey.sqlite3 or Redis, which every app
server and the consumer share — and the job row gets the final figures. When the worker dies the beats
stop, which is how a dead worker is recognised (see ingest.services.jobs.import_job_check).
"""

import threading
import time
from contextlib import contextmanager

from huey.contrib.djhuey import HUEY

BEAT_SECONDS = 3.0


def _key(name: str) -> str:
    return f"sanpi:beat:{name}"


def beat_read(name: str) -> dict | None:
    """{"at": epoch seconds, "done": n, "total": n} of the step's last beat, or None."""
    try:
        return HUEY.get(_key(name), peek=True)
    except Exception:  # the queue's storage unreachable: the row's figures still answer
        return None


class Beat:
    def __init__(self, name: str):
        self.name = name
        self.done = 0
        self.total = 0
        self._lock = threading.Lock()

    def progress(self, done: int, total: int) -> None:
        with self._lock:
            self.done, self.total = done, total
        self.write()

    def write(self) -> None:
        with self._lock:
            value = {"at": time.time(), "done": self.done, "total": self.total}
        HUEY.put(_key(self.name), value)


@contextmanager
def beating(name: str, *, every: float = BEAT_SECONDS):
    """Beat every `every` seconds from a thread of this process while the block runs."""
    beat = Beat(name)
    beat.write()
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            try:
                beat.write()
            except Exception:  # a missed beat is harmless; the next one may get through
                pass

    thread = threading.Thread(target=loop, name=f"beat-{name}", daemon=True)
    thread.start()
    try:
        yield beat
    finally:
        stop.set()
        thread.join()
        try:
            HUEY.delete(_key(name))
        except Exception:
            pass
