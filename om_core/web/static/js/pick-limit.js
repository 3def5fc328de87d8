// A multiple poll with a most number of picks: once that many are ticked the other boxes
// are disabled, and #pick-count (a status region: screen readers hear it) says how many are
// picked. The server still checks every ballot; without JavaScript it is the only check.
(function () {
  "use strict";
  var fieldset = document.querySelector("fieldset[data-max-picks]");
  var count = document.getElementById("pick-count");
  if (!fieldset || !count) return;
  var most = Number(fieldset.dataset.maxPicks);
  var boxes = Array.prototype.slice.call(fieldset.querySelectorAll("input[type='checkbox']"));

  function update() {
    var picked = boxes.filter(function (box) { return box.checked; }).length;
    boxes.forEach(function (box) { box.disabled = !box.checked && picked >= most; });
    if (picked > most) {
      count.textContent = "You picked " + picked + ": the most is " + most + ". Untick " +
        (picked - most) + " to vote.";
    } else if (picked === most) {
      count.textContent = "You picked " + picked + " of " + most + ". To pick another, untick one first.";
    } else {
      count.textContent = "You picked " + picked + " of " + most + ".";
    }
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
