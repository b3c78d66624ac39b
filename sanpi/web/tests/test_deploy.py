"""Finding 7 (deployment): no HSTS, no SSL redirect, no Secure cookies, none settable by environment; no
Content-Security-Policy; with SANPI_DEBUG=0 and no SANPI_SECRET_KEY the app used a built-in key.

Settings are read from the environment at import, so each case runs Django in a subprocess with the
environment README's Deployment section documents.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION = {
    "SANPI_DEBUG": "0",
    "SANPI_SECRET_KEY": "k7Qe9-v2Lr_XpT4mWc8sZ1nHd6yGf3uJb0aNq5iRtEoKlPhVxD",
    "SANPI_ALLOWED_HOSTS": "sanpi.example.gov.cn",
    "SANPI_HTTPS": "1",
}


def run(args, **env):
    # Not the test run's own switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process).
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SANPI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ["SANPI_VAR_DIR"] = os.environ.get("SANPI_VAR_DIR", str(BASE_DIR / "var"))
    environ.update(env)
    return subprocess.run([sys.executable, *args], cwd=BASE_DIR, env=environ, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_with_the_documented_production_environment_prints_no_warning():
    result = run(["manage.py", "check", "--deploy"], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "WARNING" not in output and "System check identified no issues (0 silenced)." in output


def test_check_deploy_would_warn_without_https():
    """The check above is not vacuous: the same environment without SANPI_HTTPS=1 warns."""
    env = {**PRODUCTION, "SANPI_HTTPS": "0"}
    output = run(["manage.py", "check", "--deploy"], **env).stderr
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in output


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SANPI_SECRET_KEY"}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "必须设置 SANPI_SECRET_KEY" in result.stderr


RESPONSE_PROBE = """
import json, django
django.setup()
from django.test import Client
from django.conf import settings
c = Client()
http = c.get("/login/", HTTP_HOST="sanpi.example.gov.cn")
https = c.get("/login/", HTTP_HOST="sanpi.example.gov.cn", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "http": [http.status_code, http.get("Location")],
    "https": [https.status_code, https.get("Strict-Transport-Security"), https.get("Content-Security-Policy")],
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE, "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
}))
"""


def test_https_turns_on_redirect_hsts_and_secure_cookies_behind_the_proxy():
    result = run(["-c", RESPONSE_PROBE], DJANGO_SETTINGS_MODULE="config.settings", SANPI_BEHIND_PROXY="1",
                 **PRODUCTION)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["http"] == [301, "https://sanpi.example.gov.cn/login/"]
    status, hsts, csp = probe["https"]
    assert status == 200
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert probe["csrf_cookie_secure"] and probe["session_cookie_secure"]


def test_without_the_proxy_setting_a_forwarded_proto_header_is_not_trusted():
    result = run(["-c", RESPONSE_PROBE], DJANGO_SETTINGS_MODULE="config.settings", **PRODUCTION)
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["https"][0] == 301  # a client's own X-Forwarded-Proto does not make http look like https


def test_every_page_carries_a_same_origin_policy(client):
    csp = client.get("/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp


TEMPLATES = sorted(p for p in (BASE_DIR / "sanpi").glob("*/templates/**/*.html"))
INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b|\sstyle=|\son[a-z]+=",
                    re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_no_template_has_inline_script_or_style(template):
    """The policy would block them in the browser; here they are caught before anyone opens the page."""
    text = re.sub(r"\{#.*?#\}", "", template.read_text(), flags=re.DOTALL)  # template comments
    assert not INLINE.findall(text)
