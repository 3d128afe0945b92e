/* wagtail-congress: the programme page's filters and day tabs update in place.
   Progressive enhancement: without this script the GET form and the day links load the page. */
(function () {
  "use strict";
  var page = document.querySelector("[data-programme-url]");
  if (!page || !window.fetch || !window.DOMParser) return;
  var form = page.querySelector("form.congress-filters");
  var results = document.getElementById("congress-programme-results");

  function load(url, push) {
    results.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("congress-programme-results");
        if (!fresh) { window.location.href = url; return; }
        results.innerHTML = fresh.innerHTML;
        var day = new URL(url, window.location.href).searchParams.get("day");
        if (day && form.elements.day) form.elements.day.value = day;
        if (push) window.history.pushState({ programme: true }, "", url);
      })
      .catch(function () { window.location.href = url; })
      .finally(function () { results.removeAttribute("aria-busy"); });
  }

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value) params.append(name, value); });
    return form.getAttribute("action") + "?" + params.toString();
  }

  form.addEventListener("change", function () { load(formUrl(), true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); load(formUrl(), true); });
  results.addEventListener("click", function (event) {
    var link = event.target.closest(".congress-days a");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    load(link.href, true).then(function () {
      var current = results.querySelector(".congress-days a[aria-current]");
      if (current) current.focus();
    });
  });
  window.addEventListener("popstate", function () { window.location.reload(); });
})();
