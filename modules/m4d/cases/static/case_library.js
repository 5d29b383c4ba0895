/* Search and filter the case library table with no kernel (m4d.cases.table).
   A row stays visible when every word of the search appears in its text
   (ignoring case and accents) and it has the value chosen in every drop-down.
   Opt-in (attributes of the table's root): data-counts shows in each option how many
   examples it would leave; data-map names a plotly map whose points are kept in step. */
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
    var mapId = root.getAttribute("data-map");
    var withCounts = root.getAttribute("data-counts") === "true";
    function has(row, sel, value) {
      var attr = "data-" + sel.getAttribute("data-facet").replace(/_/g, "-");
      return (row.getAttribute(attr) || "").split("|").indexOf(value) !== -1;
    }
    function matches(row, words, skip) {
      var text = row.getAttribute("data-text") || "";
      if (!words.every(function (w) { return text.indexOf(w) !== -1; })) { return false; }
      return selects.every(function (sel) { return sel === skip || !sel.value || has(row, sel, sel.value); });
    }
    // Each option says how many examples it would leave, the other filters kept.
    function updateCounts(words) {
      selects.forEach(function (sel) {
        var base = rows.filter(function (row) { return matches(row, words, sel); });
        Array.prototype.forEach.call(sel.options, function (opt) {
          if (!opt.hasAttribute("data-label")) { opt.setAttribute("data-label", opt.textContent); }
          var n = opt.value ? base.filter(function (row) { return has(row, sel, opt.value); }).length : base.length;
          opt.textContent = opt.getAttribute("data-label") + " (" + n + ")";
        });
      });
    }
    // Keep on the map only the points of the examples the table shows (points carry the example number).
    function updateMap(ids) {
      var gd = mapId && document.getElementById(mapId);
      if (!gd || !window.Plotly || !gd.data) { return; }
      if (!gd.m4dAll) {
        gd.m4dAll = gd.data.map(function (t) {
          return {lat: (t.lat || []).slice(), lon: (t.lon || []).slice(), text: (t.text || []).slice(),
                  customdata: (t.customdata || []).slice()};
        });
      }
      var update = {lat: [], lon: [], text: [], customdata: []};
      gd.m4dAll.forEach(function (t) {
        var keep = t.customdata.map(function (c) { return ids[String(c)] === true; });
        ["lat", "lon", "text", "customdata"].forEach(function (k) {
          update[k].push(t[k].filter(function (_, i) { return keep[i]; }));
        });
      });
      window.Plotly.restyle(gd, update);
    }
    function update() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var ids = {};
      rows.forEach(function (row) {
        var ok = matches(row, words, null);
        row.hidden = !ok;
        if (ok) { shown += 1; ids[row.getAttribute("data-case")] = true; }
      });
      if (withCounts) { updateCounts(words); }
      if (mapId) { updateMap(ids); }
      count.textContent = shown === 0
        ? "No example matches; clear a filter or change the search."
        : "Showing " + shown + " of " + rows.length + " examples.";
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
