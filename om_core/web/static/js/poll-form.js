// The poll form (new or edit): "Add choice" adds the next "Choice N" field in place (the
// server does the same without JavaScript), the max-selections field shows for multiple
// polls only, and the closing time is entered in the browser's time zone. Editing a poll
// with votes has no choice fields, and editing has no kind.
(function () {
  "use strict";
  var form = document.getElementById("poll-form");
  if (!form) return;
  var fieldset = document.getElementById("choices");
  var addButton = form.querySelector("input[name='add_choice']");

  if (addButton) addButton.addEventListener("click", function (event) {
    event.preventDefault();
    var rows = fieldset.querySelectorAll(".choice");
    var last = rows[rows.length - 1];
    var next = last.cloneNode(true);
    var input = next.querySelector("input");
    var label = next.querySelector("label");
    var n = rows.length;  // FieldList ids are choices-0, choices-1, ...
    input.id = "choices-" + n;
    input.name = "choices-" + n;
    input.value = "";
    label.htmlFor = input.id;
    label.textContent = "Choice " + (n + 1);
    last.after(next);
    input.focus();
  });

  // The server sends the form in UTC (timezone "UTC"): move it to the browser's zone, the
  // time already there included, and name the zone in the label. A form sent back keeps
  // the zone it was sent in; a zone the server did not know is a visible field, left alone.
  var zoneField = form.querySelector("input[name='timezone'][type='hidden']");
  var closesAt = document.getElementById("closes_at");
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zoneField && closesAt && zone && zoneField.value === "UTC" && zone !== "UTC") {
    closesAt.value = utcToLocal(closesAt.value);
    zoneField.value = zone;
    document.getElementById("closes-at-zone").textContent = "(" + zone + ")";
  }

  // "2030-06-14T16:00" (or with seconds, or a space for the T) read as UTC, written as the
  // same moment in the browser's zone, as a datetime-local field takes it.
  function utcToLocal(value) {
    var part = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?/.exec(value);
    if (!part) return value;
    var moment = new Date(Date.UTC(+part[1], part[2] - 1, +part[3], +part[4], +part[5], +(part[6] || 0)));
    function two(n) { return String(n).padStart(2, "0"); }
    var local = String(moment.getFullYear()).padStart(4, "0") + "-" + two(moment.getMonth() + 1) + "-" +
      two(moment.getDate()) + "T" + two(moment.getHours()) + ":" + two(moment.getMinutes());
    return part[6] && part[6] !== "00" ? local + ":" + two(moment.getSeconds()) : local;
  }

  var maxSelections = document.getElementById("max-selections");
  if (!maxSelections) return;
  function showMaxSelections() {
    var kind = form.querySelector("input[name='kind']:checked");
    maxSelections.hidden = !kind || kind.value !== "multiple";
  }
  form.querySelectorAll("input[name='kind']").forEach(function (radio) {
    radio.addEventListener("change", showMaxSelections);
  });
  showMaxSelections();
})();
