// "Copy link" buttons: copy the share link; without clipboard access, select it instead.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      function selected() { field.select(); button.textContent = "Press Ctrl+C to copy"; }
      if (!navigator.clipboard) { selected(); return; }
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Copied";
      }, selected);
    });
  });
})();
