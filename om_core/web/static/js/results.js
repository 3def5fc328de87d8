// Live results: ask every 2 seconds with the last ETag; the server answers 304 when
// nothing changed, and new counts otherwise, which this script writes into the page.
(function () {
  "use strict";
  var root = document.getElementById("results");
  if (!root) return;
  var url = root.dataset.url;
  var etag = null;
  var INTERVAL_MS = 2000;

  function formatPercent(value) { return value.toFixed(1) + "%"; }

  function render(results) {
    document.getElementById("total-votes").textContent = results.total_votes;
    document.getElementById("total-votes-word").textContent =
      results.total_votes === 1 ? "vote" : "votes";
    var leaders = new Set(results.winners);
    results.choices.forEach(function (line) {
      var row = root.querySelector("tr[data-choice-id='" + line.id + "']");
      if (!row) return;
      row.querySelector(".votes").textContent = line.votes;
      row.querySelector(".percent").textContent = formatPercent(line.percent);
      var bar = row.querySelector("progress");
      bar.max = results.total_votes || 1;
      bar.value = line.votes;
      row.classList.toggle("winner", leaders.has(line.id));
      row.querySelector(".badge").hidden = !leaders.has(line.id);
    });
    if (results.rounds) renderRounds(results);
  }

  function renderRounds(results) {
    var container = document.getElementById("rounds");
    if (!container) return;
    var texts = {};
    results.choices.forEach(function (line) { texts[line.id] = line.text; });
    container.replaceChildren();
    results.rounds.forEach(function (round) {
      var section = document.createElement("section");
      section.className = "round";
      var heading = document.createElement("h3");
      heading.textContent = "Round " + round.round;
      var list = document.createElement("ul");
      Object.keys(round.counts).forEach(function (id) {
        var item = document.createElement("li");
        item.textContent = texts[id] + ": " + round.counts[id];
        list.appendChild(item);
      });
      section.append(heading, list);
      if (round.eliminated.length) {
        var out = document.createElement("p");
        out.textContent = "Eliminated: " + round.eliminated.map(function (id) { return texts[id]; }).join(", ");
        section.appendChild(out);
      }
      if (round.exhausted) {
        var exhausted = document.createElement("p");
        exhausted.textContent = "Exhausted ballots: " + round.exhausted;
        section.appendChild(exhausted);
      }
      container.appendChild(section);
    });
  }

  function refresh() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status !== 200) return null;
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (results) { if (results) render(results); })
      .catch(function () { /* offline for a moment: try again next tick */ })
      .finally(function () { window.setTimeout(refresh, INTERVAL_MS); });
  }
  window.setTimeout(refresh, INTERVAL_MS);
})();
