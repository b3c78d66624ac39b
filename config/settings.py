"""One settings module; deployments differ only by environment variables.

DATABASE_URL   PostgreSQL (postgres://user@host:5432/db); SQLite file var/sanpi.sqlite3 otherwise
SANPI_SECRET_KEY, SANPI_DEBUG, SANPI_ALLOWED_HOSTS, SANPI_MEDIA_ROOT, SANPI_EMAIL_BACKEND
SANPI_HTTPS=1          served over HTTPS only: HSTS, redirect to https, Secure cookies
SANPI_BEHIND_PROXY=1   a reverse proxy in front sets X-Forwarded-Proto and appends X-Forwarded-For
SANPI_HSTS_PRELOAD=0   leave "preload" out of the HSTS header (it is in by default with SANPI_HTTPS=1)
SANPI_TOKEN_DAYS       API tokens expire after this many days (90)
SANPI_API_RATE         requests per API token (or session) and period, e.g. "600/min"
SANPI_X_ACCEL_REDIRECT, SANPI_MAX_BODY_BYTES, SANPI_UPLOAD_MAX_BYTES, SANPI_IMPORT_MAX_* (limits, see below)
REDIS_URL      Redis (redis://host:6379/0) for the task queue and the cache; without it the queue is
               an SQLite file under var/ and the cache is a database table
SANPI_HUEY_IMMEDIATE=1   run tasks in the calling process (no consumer; tests and debugging)
SANPI_JOB_STALE_SECONDS  a running job whose worker gave no sign of life for this long is failed
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SANPI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("SANPI_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SANPI_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A built-in key would let anyone who read this file forge sessions and password-reset links.
        raise ImproperlyConfigured("SANPI_DEBUG=0 时必须设置 SANPI_SECRET_KEY（至少50个随机字符）。")
    SECRET_KEY = "dev-only-insecure-key-change-me"
ALLOWED_HOSTS = os.environ.get("SANPI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "sanpi.accounts",
    "sanpi.projects",
    "sanpi.activities",
    "sanpi.progress",
    "sanpi.approvals",
    "sanpi.funding",
    "sanpi.stats",
    "sanpi.ranking",
    "sanpi.pools",
    "sanpi.ingest",
    "sanpi.api",
    "sanpi.outlook",
    "sanpi.web",
    "sanpi.documents",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sanpi.core.middleware.DomainErrorMiddleware",  # NotFound/Forbidden/Conflict → 404/403/409 pages
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'sanpi.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server read while an import or evaluation writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, so that a test's consumer and app-server subprocesses open the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_sanpi.sqlite3")}

# Background work runs in a huey consumer (`sanpi run_huey`), never in a web process: its storage is an
# SQLite file beside the database, or Redis when REDIS_URL is set so several hosts share one queue.
REDIS_URL = os.environ.get("REDIS_URL", "")
# An idle worker polls the queue at least once a second (huey's default backs off to 10 s on SQLite,
# which a user waiting for an import preview notices); Redis blocks on the queue instead.
HUEY_CONSUMER = {"workers": int(os.environ.get("SANPI_HUEY_WORKERS", "2")), "worker_type": "thread",
                 "max_delay": 1.0}
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "sanpi", "url": REDIS_URL}
else:
    HUEY = {"huey_class": "huey.SqliteHuey", "name": "sanpi",
            "filename": os.environ.get("SANPI_HUEY_FILE", str(VAR_DIR / "huey.sqlite3"))}
# utc=False: periodic tasks (reminders at 06:00) follow TIME_ZONE, which Django sets as the process's TZ.
# results=False: tasks report through the rows they write, so nothing piles up in the queue's storage.
HUEY.update({"immediate": os.environ.get("SANPI_HUEY_IMMEDIATE") == "1", "utc": False, "results": False,
             "consumer": HUEY_CONSUMER})
JOB_STALE_SECONDS = int(os.environ.get("SANPI_JOB_STALE_SECONDS", "45"))
# A ledger export of more projects than this is written by the queue, not inside the request.
EXPORT_QUEUE_ROWS = int(os.environ.get("SANPI_EXPORT_QUEUE_ROWS", "20000"))
# Tests only: seconds an import step sleeps after each chunk, so a test can kill its worker mid-way.
IMPORT_TEST_DELAY = float(os.environ.get("SANPI_IMPORT_TEST_DELAY", "0"))

# One cache for every app server: a database table (created by a migration) or Redis.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "sanpi"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sanpi_cache"}}

AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's validators; their messages come in Chinese from Django's zh-hans translation.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The axes backend comes first so that a locked-out username or address is refused before any
# password is checked; it needs the request, which every sign-in form passes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout (docs/decisions.md): 10 failures per username, and separately per client address, lock
# that username or address for 30 minutes; `sanpi axes_reset_username NAME` or the admin unlocks.
AXES_FAILURE_LIMIT = int(os.environ.get("SANPI_SIGNIN_FAILURES", "10"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("SANPI_SIGNIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "sanpi.accounts.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "sanpi.accounts.signin.client_address"
# Failed attempts are kept for the administrator; successful sign-ins are not logged by axes.
AXES_DISABLE_ACCESS_LOG = True
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/start/"  # web.views.account.landing: the role's start page
LOGOUT_REDIRECT_URL = "/login/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from npm (package.json) and are served by Django: no CDN at run time.
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STATICFILES_DIRS = [(p, d) for p, d in STATICFILES_DIRS if d.exists()]

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SANPI_MEDIA_ROOT", VAR_DIR / "media"))
# A request body (files excluded) above this is refused: 413 JSON on the API. Form text is bounded
# further by sanpi/core/bounds.py (5,000 characters for long text, as the API).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("SANPI_MAX_BODY_BYTES", 10 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Stored files (sanpi/core/uploads.py, downloads.py) and workbook imports (sanpi/ingest/guard.py).
SANPI_UPLOAD_MAX_BYTES = int(os.environ.get("SANPI_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
SANPI_IMAGE_MAX_PIXELS = int(os.environ.get("SANPI_IMAGE_MAX_PIXELS", 50_000_000))
SANPI_IMPORT_MAX_BYTES = int(os.environ.get("SANPI_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
SANPI_IMPORT_MAX_UNCOMPRESSED = int(os.environ.get("SANPI_IMPORT_MAX_UNCOMPRESSED", 200 * 1024 * 1024))
SANPI_IMPORT_MAX_RATIO = int(os.environ.get("SANPI_IMPORT_MAX_RATIO", 100))
SANPI_IMPORT_MAX_ROWS = int(os.environ.get("SANPI_IMPORT_MAX_ROWS", 200_000))
SANPI_IMPORT_MAX_COLUMNS = int(os.environ.get("SANPI_IMPORT_MAX_COLUMNS", 200))
SANPI_IMPORT_MAX_CELLS = int(os.environ.get("SANPI_IMPORT_MAX_CELLS", 6_000_000))
# Production: after the access check the web server sends the bytes (nginx `internal` location).
SANPI_X_ACCEL_REDIRECT = os.environ.get("SANPI_X_ACCEL_REDIRECT", "0") == "1"
SANPI_X_ACCEL_PREFIX = os.environ.get("SANPI_X_ACCEL_PREFIX", "/protected-media/")

EMAIL_BACKEND = os.environ.get("SANPI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("SANPI_FROM_EMAIL", "sanpi@localhost")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- HTTPS and browser policies (README "Deployment") ---
BEHIND_PROXY = os.environ.get("SANPI_BEHIND_PROXY", "0") == "1"
if BEHIND_PROXY:
    # Only correct when the proxy overwrites X-Forwarded-Proto; otherwise a client could claim https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = os.environ.get("SANPI_HTTPS", "0") == "1"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("SANPI_HSTS_PRELOAD", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Same-origin scripts and styles only: no inline <script>, style="" or on…="" in any template
# (page data travels in json_script blocks, read by static files). Bootstrap's icons are data: SVGs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- API (sanpi/api) ---
API_TOKEN_DAYS = int(os.environ.get("SANPI_TOKEN_DAYS", "90"))
API_RATE = os.environ.get("SANPI_API_RATE", "600/min")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
