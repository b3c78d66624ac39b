"""Finding 7 (deployment, browser side): the Content-Security-Policy allows only same-origin scripts and
styles, so every page must work without inline script or style. Chromium reports each blocked inline
script, style element, style attribute or eval as a `securitypolicyviolation` event; none may occur on
the main pages, and the scripts that draw the charts must have run."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded from the first byte of every document, before any page script runs.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def visit(s, path: str, console: list[str]) -> list[str]:
    response = s.goto(path)
    assert response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"]
    s.page.wait_for_load_state("networkidle")
    return s.page.evaluate("window.__csp") + [m for m in console if "Content Security Policy" in m]


def open_recording(session, username):
    s = session(username)
    console: list[str] = []
    s.page.on("console", lambda m: console.append(m.text))
    s.context.add_init_script(RECORD_VIOLATIONS)
    return s, console


def test_main_pages_render_without_a_csp_violation(session, demo):
    s, console = open_recording(session, "province")
    period = demo["period"].pk
    pages = ["/", "/projects/", f"/projects/{demo['antu'].pk}/", "/todo/", "/activities/",
             f"/activities/periods/{period}/", f"/activities/periods/{period}/bulletin/",
             f"/activities/periods/{period}/started-candidates/", "/progress/lights/",
             "/progress/problems/", "/progress/reports/", "/ingest/import/", "/api/v1/docs"]
    violations = {path: visit(s, path, console) for path in pages}
    assert violations == {path: [] for path in pages}


def test_charts_and_htmx_still_work_under_the_policy(session, demo):
    s, console = open_recording(session, "province")
    visit(s, "/", console)
    # ECharts drew into its canvases: the external dashboard script ran and its styles were allowed.
    expect(s.page.locator("#chart-regions canvas")).to_have_count(1)
    visit(s, f"/activities/periods/{demo['period'].pk}/", console)
    expect(s.page.locator("#chart-city canvas")).to_have_count(1)
    # htmx read its configuration from the meta tag and did not inject its own <style>.
    assert s.page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert s.page.evaluate("document.querySelectorAll('style').length") == 0
    # The progress bar of a project is sized by its class, not a style attribute.
    visit(s, f"/projects/{demo['antu'].pk}/", console)
    assert s.page.evaluate("window.__csp") == []
    # The recorder is live: an inline script and a <style> element added now are blocked and reported.
    s.page.evaluate("""() => {
      const script = document.createElement("script"); script.textContent = "window.__ran = 1";
      document.body.appendChild(script);
      const style = document.createElement("style"); style.textContent = "body { color: red }";
      document.head.appendChild(style);
    }""")
    s.page.wait_for_timeout(200)
    blocked = s.page.evaluate("window.__csp")
    assert s.page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in blocked) and any(v.startswith("style-src") for v in blocked)


def test_admin_pages_render_without_a_csp_violation(session, demo):
    s, console = open_recording(session, "admin")
    pages = ["/admin/", "/admin/accounts/user/", f"/admin/projects/project/{demo['antu'].pk}/change/",
             "/admin/axes/accessattempt/"]
    violations = {path: visit(s, path, console) for path in pages}
    assert violations == {path: [] for path in pages}


def test_behaviour_moved_out_of_the_templates_still_works(session, demo):
    """The confirm before closing a period and the level filter that submits itself (web/app.js)."""
    s, console = open_recording(session, "province")
    page = s.page
    visit(s, f"/activities/periods/{demo['period'].pk}/", console)
    messages: list[str] = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.click("#close-period")
    page.wait_for_timeout(300)
    assert messages == ["关闭后本期清单和统计数据将冻结，不能再修改。确定关闭？"]
    demo["period"].refresh_from_db()
    assert not demo["period"].is_closed  # dismissed: the form was not sent

    visit(s, "/activities/", console)
    with page.expect_navigation():
        page.select_option("select[name=level]", index=1)
    assert "level=" in page.url
    assert page.evaluate("window.__csp") == []
