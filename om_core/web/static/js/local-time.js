// Each <time data-local-time> reads in the viewer's own time zone, named:
// "Fri 12 Dec, 18:00 (Europe/Paris)", the year added when it is not this year. The server
// writes the same in UTC, which is what shows without JavaScript.
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  var thisYear = new Date().getFullYear();
  document.querySelectorAll("time[data-local-time]").forEach(function (time) {
    var moment = new Date(time.dateTime);
    if (isNaN(moment)) return;
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      weekday: "short", day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone
    }).formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
    var year = +parts.year === thisYear ? "" : " " + parts.year;
    time.textContent = parts.weekday + " " + parts.day + " " + parts.month + year + ", " +
      parts.hour + ":" + parts.minute + " (" + zone + ")";
  });
})();
