// Share blocks: "Copy link" copies the link (without clipboard access it selects it
// instead), and "Share…" opens the browser's share sheet, shown only where there is one.
// Each outcome is also said in the block's status region, for screen readers.
(function () {
  "use strict";
  function say(field, text) {
    var status = document.getElementById(field.id + "-status");
    if (status) status.textContent = text;
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      function selected() {
        field.focus();
        field.select();
        button.textContent = "Press Ctrl+C to copy";
        say(field, "The link is selected: copy it.");
      }
      if (!navigator.clipboard) { selected(); return; }
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Copied";
        say(field, "Link copied.");
      }, selected);
    });
  });

  if (typeof navigator.share !== "function") return;
  document.querySelectorAll("[data-share]").forEach(function (button) {
    var field = document.getElementById(button.dataset.share);
    button.hidden = false;
    button.addEventListener("click", function () {
      var shared = { url: field.value };
      if (button.dataset.shareTitle) shared.title = button.dataset.shareTitle;
      navigator.share(shared).catch(function () {
        // Closing the share sheet rejects too (AbortError): nothing went wrong.
      });
    });
  });
})();
