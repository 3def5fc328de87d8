// Live results: every 2 seconds, ask for this page again with the ETag of the last answer
// (the server answers an empty 304 while nothing changed) and swap in its #results-live
// section. The server renders that section as it does without JavaScript, so the order, the
// outcome sentence and "Your vote" stay right; the new outcome is read out through the
// live region #results-announcer, which stays in place.
(function () {
  "use strict";
  var INTERVAL_MS = 2000;
  var live = document.getElementById("results-live");
  var announcer = document.getElementById("results-announcer");
  if (!live || !announcer) return;
  var etag = null;
  var gone = false; // a 4xx answer (the poll was deleted): stop asking

  function announce(text) {
    // Emptied first, so that the same words after another change are read out again.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 100);
  }

  // Keep the keyboard focus and the sideways scroll of the rounds table across a swap.
  function keepPlace() {
    var focused = live.contains(document.activeElement) ? document.activeElement.id : "";
    var scrolled = {};
    live.querySelectorAll(".table-scroll[id]").forEach(function (box) {
      scrolled[box.id] = box.scrollLeft;
    });
    return function restore() {
      Object.keys(scrolled).forEach(function (id) {
        var box = document.getElementById(id);
        if (box) box.scrollLeft = scrolled[id];
      });
      var again = focused && document.getElementById(focused);
      if (again) again.focus({ preventScroll: true });
    };
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("results-live");
    if (!fresh || fresh.innerHTML === live.innerHTML) return;
    var restore = keepPlace();
    live.replaceChildren.apply(live, Array.from(fresh.childNodes));
    live.dataset.open = fresh.dataset.open;
    restore();
    var outcome = document.getElementById("outcome");
    announce("Results updated. " + (outcome ? outcome.textContent.trim() : ""));
  }

  function refresh() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(live.dataset.url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        gone = response.status >= 400 && response.status < 500;
        if (response.status !== 200) return null;
        etag = response.headers.get("ETag");
        return response.text();
      })
      .then(function (html) { if (html) swap(html); })
      .catch(function () { /* offline for a moment: try again next tick */ })
      .finally(function () {
        if (!gone && live.dataset.open === "true") window.setTimeout(refresh, INTERVAL_MS);
      });
  }
  window.setTimeout(refresh, INTERVAL_MS);
})();
