"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Run with `pytest -m browser`. Screenshots go to test-artifacts/screenshots/ (git-ignored).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[4] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}
PASSWORD = "demo12345"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("浏览器测试需要 Debian 的 Chromium：sudo apt-get install -y chromium fonts-wqy-microhei")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    """The journeys' dataset (see dataset.py); uploads go to a temporary MEDIA_ROOT."""
    from django.core.cache import cache

    from .dataset import build

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield build()
    cache.clear()


class Session:
    """One signed-in user's browser context, with helpers the journeys share."""

    def __init__(self, browser, base_url: str, username: str, viewport=DESKTOP):
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.login(username)

    def url(self, path: str) -> str:
        return self.base_url + path

    def login(self, username: str) -> None:
        page = self.page
        page.goto(self.url("/login/"))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        # each role lands on its own start page (/start/): 驾驶舱, 待办 or 包联项目
        page.wait_for_url(lambda url: "/login/" not in url and "/start/" not in url)

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_no_horizontal_overflow(self) -> None:
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"页面横向溢出 {overflow}px：{self.page.url}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser, live_server, demo):
    """Open sessions as `session("jingkai")` or `session("jingkai", PHONE)`; closed after the test."""
    opened: list[Session] = []

    def open_session(username: str, viewport=DESKTOP) -> Session:
        s = Session(browser, live_server.url, username, viewport)
        opened.append(s)
        return s

    yield open_session
    for s in opened:
        assert not s.errors, f"页面脚本错误：{s.errors}"
        s.close()
