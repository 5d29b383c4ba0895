/* Search and filter the case library table with no kernel (m4d.cases.table).
   A row stays visible when every word of the search appears in its text
   (ignoring case and accents) and it has the value chosen in every drop-down. */
(function () {
  "use strict";
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setUp(root) {
    var search = root.querySelector('input[type="search"]');
    var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-facet]"));
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
    var count = root.querySelector(".m4d-cl-count");
    var form = root.querySelector("form");
    function update() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-text") || "";
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
        selects.forEach(function (sel) {
          if (!ok || !sel.value) { return; }
          var attr = "data-" + sel.getAttribute("data-facet").replace(/_/g, "-");
          ok = (row.getAttribute(attr) || "").split("|").indexOf(sel.value) !== -1;
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      // The sentences come from the page, in the reader's language (m4d.cases.table).
      var template = count.getAttribute("data-template") || "Showing {shown} of {total} examples.";
      count.textContent = shown === 0
        ? (count.getAttribute("data-none") || "No example matches; clear a filter or change the search.")
        : template.replace("{shown}", shown).replace("{total}", rows.length);
    }
    search.addEventListener("input", update);
    selects.forEach(function (sel) { sel.addEventListener("change", update); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    update();
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".m4d-case-library"), setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
