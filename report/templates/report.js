// hdsctl report: the status filter works without this script (CSS
// :has()); the script only adds a count of the controls shown and a
// fallback for browsers without :has(). It fetches nothing.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("filter");
  var out = document.getElementById("filter-count");
  if (!form || !out) { return; }
  var controls = document.querySelectorAll(".control");
  var sets = document.querySelectorAll(".set");
  var hasSupport = window.CSS && CSS.supports && CSS.supports("selector(:has(a))");
  function apply() {
    var picked = form.querySelector("input[name=status]:checked");
    var status = picked ? picked.value : "all";
    if (status === "all") { delete document.body.dataset.filter; } else { document.body.dataset.filter = status; }
    var shown = 0;
    for (var i = 0; i < controls.length; i++) {
      if (status === "all" || controls[i].dataset.status === status) { shown++; }
    }
    if (!hasSupport) {
      for (var j = 0; j < sets.length; j++) {
        sets[j].hidden = status !== "all" && !sets[j].querySelector('.control[data-status="' + status + '"]');
      }
    }
    out.value = shown + " " + out.dataset.label;
  }
  form.addEventListener("change", apply);
  apply();
})();
