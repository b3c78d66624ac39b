// A POST form sends once: a second click (double-click, impatient tap on a slow network) is ignored
// and the submit buttons are disabled while the page loads. The server is safe regardless; this only
// spares the user a second request. Disabled after the browser has collected the form data, so the
// clicked button's name (e.g. "submit" of 保存并报送) is still sent. htmx forms use hx-disabled-elt.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") return;
    if (form.hasAttribute("hx-post") || form.hasAttribute("data-submit-many")) return;
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented) return;
    form.dataset.submitted = "1";
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]').forEach(function (b) {
        b.disabled = true;
        b.setAttribute("aria-busy", "true");
      });
    }, 0);
  });
  // Back to a page from the browser's cache: the form may be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("[aria-busy]").forEach(function (b) {
        b.disabled = false;
        b.removeAttribute("aria-busy");
      });
    });
  });
})();
