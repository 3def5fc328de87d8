// The poll form (new or edit): "Add choice" adds the next "Choice N" field in place (the
// server does the same without JavaScript), and the max-selections field shows for multiple
// polls only. Editing a poll with votes has no choice fields, and editing has no kind.
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
