// The import preview's unit names: filter a name's unit list as the person types, and show
// the new unit's fields or the "remember as alias" tick only where they apply.
(function () {
  "use strict";
  function sync(select) {
    var row = select.closest("[data-testid=name-row]");
    if (!row) return;
    var pick = select.value;
    var fresh = row.querySelector("[data-testid=new-unit]");
    var remember = row.querySelector(".remember");
    var special = pick === "new" || pick === "ignore" || pick === "collective";
    if (fresh) fresh.hidden = pick !== "new";
    if (remember) remember.hidden = special;
  }
  function filter(input) {
    var select = document.getElementById("id_" + input.dataset.target);
    if (!select) return;
    var words = input.value.trim().toLowerCase();
    var first = null;
    Array.prototype.forEach.call(select.options, function (option) {
      var keep = !words || option.text.toLowerCase().indexOf(words) !== -1 ||
        ["new", "ignore", "collective"].indexOf(option.value) !== -1;
      option.hidden = !keep;
      if (keep && !first && words && /^\d+$/.test(option.value)) first = option;
    });
    if (first) {
      select.value = first.value;
      sync(select);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select.unit-pick")) sync(event.target);
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input.unit-search")) filter(event.target);
  });
  document.querySelectorAll("select.unit-pick").forEach(sync);
})();
