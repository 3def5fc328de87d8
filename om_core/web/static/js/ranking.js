// A ranked poll's ballot as two lists, by buttons that work by keyboard and touch alike:
// "Rank" moves a choice to the end of "Your ranking", "Up" and "Down" reorder it, "Remove"
// leaves it unranked. Each button's name says its choice ("Move Ember up"); after a move the
// focus stays on a button of the moved choice, or goes to the next choice's same button when
// the choice left its list, and #rank-status says where the choice now is.
// The rank selects stay the form's fields (`rank-<id>`, as without JavaScript): the lists
// write their order into them, and follow them when something else sets them. They are only
// hidden from sight, the keyboard and screen readers, not removed.
(function () {
  "use strict";
  var fieldset = document.getElementById("ranking");
  var status = document.getElementById("rank-status");
  if (!fieldset || !status) return;
  var rows = Array.prototype.slice.call(fieldset.querySelectorAll(".rank"));
  if (!rows.length) return;

  var widget = element("div", "ranking");
  widget.appendChild(element("p", "hint", "Press “Rank” on your favourite first, then on the " +
    "next one. “Up” and “Down” change the order."));
  var rankedLabel = element("p", "list-label", "Your ranking");
  rankedLabel.id = "ranked-label";
  var ranked = element("ol", "ranked");
  ranked.setAttribute("aria-labelledby", rankedLabel.id);
  var emptyNote = element("p", "ranking-empty", "Nothing ranked yet.");
  var unrankedBlock = element("div", "unranked-block");
  var unrankedLabel = element("p", "list-label", "Not ranked");
  unrankedLabel.id = "unranked-label";
  var unranked = element("ul", "unranked");
  unranked.setAttribute("aria-labelledby", unrankedLabel.id);
  unrankedBlock.append(unrankedLabel, unranked);
  widget.append(rankedLabel, ranked, emptyNote, unrankedBlock);
  rows[0].before(widget);

  var items = rows.map(function (row, order) {
    var select = row.querySelector("select");
    var text = row.querySelector("label").textContent.trim();
    var item = element("li", "rank-item");
    item.dataset.order = order;
    item.select = select;
    item.text = text;
    var buttons = element("span", "rank-buttons");
    buttons.append(
      button("up", "Up", "Move " + text + " up"),
      button("down", "Down", "Move " + text + " down"),
      button("remove", "Remove", "Remove " + text + " from your ranking"),
      button("add", "Rank", "Rank " + text)
    );
    item.append(element("span", "choice-text", text), buttons);
    row.classList.add("visually-hidden");
    row.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    return item;
  });
  followSelects();
  fieldset.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") followSelects();
  });

  // The lists in the selects' order: ranked by their rank, the rest in the poll's order.
  function followSelects() {
    items.filter(function (item) { return item.select.value; })
      .sort(function (a, b) { return a.select.value - b.select.value || a.dataset.order - b.dataset.order; })
      .forEach(function (item) { ranked.appendChild(item); });
    items.forEach(function (item) { if (!item.select.value) unranked.appendChild(item); });
    refresh();
  }

  widget.addEventListener("click", function (event) {
    var pressed = event.target.closest("button[data-act]");
    if (!pressed) return;
    var item = pressed.closest("li");
    var act = pressed.dataset.act;
    if (act === "up" || act === "down") move(item, act, pressed);
    else if (act === "add") rank(item);
    else unrank(item);
  });

  function move(item, way, pressed) {
    var other = way === "up" ? item.previousElementSibling : item.nextElementSibling;
    if (!other) {
      say(item.text + " is already " + (way === "up" ? "first." : "last."));
      return;
    }
    // The neighbour moves, not the item: the pressed button keeps the focus.
    if (way === "up") ranked.insertBefore(other, item.nextElementSibling);
    else ranked.insertBefore(other, item);
    refresh();
    pressed.focus();
    say(item.text + " is now " + position(item) + ".");
  }

  function rank(item) {
    var next = item.nextElementSibling || item.previousElementSibling;
    ranked.appendChild(item);
    refresh();
    (next ? act(next, "add") : act(item, "up")).focus();
    say(item.text + " is ranked " + position(item) + ".");
  }

  function unrank(item) {
    var next = item.nextElementSibling || item.previousElementSibling;
    var after = Array.prototype.find.call(unranked.children, function (other) {
      return Number(other.dataset.order) > Number(item.dataset.order);
    });
    unranked.insertBefore(item, after || null);
    refresh();
    (next ? act(next, "remove") : act(item, "add")).focus();
    say(item.text + " is not ranked.");
  }

  // Buttons per list, the ends' Up and Down marked unavailable (aria-disabled: a disabled
  // button would drop the focus), and the selects set to the order shown.
  function refresh() {
    Array.prototype.forEach.call(ranked.children, function (item, index) {
      show(item, true);
      act(item, "up").setAttribute("aria-disabled", index === 0);
      act(item, "down").setAttribute("aria-disabled", index === ranked.children.length - 1);
      item.select.value = String(index + 1);
    });
    Array.prototype.forEach.call(unranked.children, function (item) {
      show(item, false);
      item.select.value = "";
    });
    emptyNote.hidden = ranked.children.length > 0;
    unrankedBlock.hidden = unranked.children.length === 0;
  }

  function show(item, isRanked) {
    ["up", "down", "remove"].forEach(function (name) { act(item, name).hidden = !isRanked; });
    act(item, "add").hidden = isRanked;
  }

  function position(item) {
    return Array.prototype.indexOf.call(ranked.children, item) + 1 + " of " + ranked.children.length;
  }

  function say(text) {  // the same words twice in a row are still read out
    status.textContent = status.textContent === text ? text + "\u00a0" : text;
  }

  function act(item, name) { return item.querySelector("[data-act='" + name + "']"); }

  function button(name, label, accessibleName) {
    var made = element("button", "outline secondary", label);
    made.type = "button";
    made.dataset.act = name;
    made.setAttribute("aria-label", accessibleName);
    return made;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }
})();
