"""The application as bench/pages.py serves it with gunicorn: config.wsgi, with the dashboard's shared
cache turned off, so that every dashboard request reads the stored snapshot (the cost a leader pays
between refreshes, once the 60 s cache entry has expired). Turning the entry off here, rather than
deleting it from the bench before each request, keeps the measure exact under 8 concurrent clients:
one client's request would otherwise fill the entry another client had just deleted. The miss still
writes the (already expired) entry, as a real miss does. Bench only; never deployed.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.wsgi import application  # noqa: E402,F401  (sets Django up)
from sanpi.stats import selectors  # noqa: E402

selectors.DASHBOARD_CACHE_SECONDS = 0  # Django's caches: 0 = expire at once
