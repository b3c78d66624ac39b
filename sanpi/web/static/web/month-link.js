// A link that follows a month picker: <a data-month-from="month" href="…?month=2026-11">. When the
// picker (the <input type="month"> with that id) changes, the link's `month` parameter follows it, so
// "下载预填的月报表" downloads the month the user chose, not the page's default.
(function () {
  function follow(link) {
    var input = document.getElementById(link.dataset.monthFrom);
    if (!input) return;
    function update() {
      if (!/^\d{4}-\d{2}$/.test(input.value)) return;
      var url = new URL(link.getAttribute('href'), window.location.href);
      url.searchParams.set('month', input.value);
      link.setAttribute('href', url.pathname + url.search);
    }
    input.addEventListener('change', update);
    input.addEventListener('input', update);
    update();
  }
  document.querySelectorAll('a[data-month-from]').forEach(follow);
})();
