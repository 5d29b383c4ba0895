/* The course's additions to the book theme (m4d.book_extension): every part of a page
   works with the keyboard and fits a phone. */
(function () {
  "use strict";

  // A box that scrolls (a wide table, a long widget snapshot) takes the keyboard focus,
  // so a reader without a mouse can scroll it with the arrow keys; it is named after its
  // caption so a screen reader says what it is.
  function focusableScrollBoxes() {
    var boxes = document.querySelectorAll(".bd-article div, .bd-article section");
    Array.prototype.forEach.call(boxes, function (box) {
      var style = window.getComputedStyle(box);
      var scrolls = /(auto|scroll)/.test(style.overflowX + style.overflowY) &&
        (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1);
      if (!scrolls) {
        if (box.getAttribute("data-m4d-scrollbox")) {
          box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label");
          box.removeAttribute("data-m4d-scrollbox");
        }
        return;
      }
      if (box.hasAttribute("tabindex")) { return; }
      var caption = box.querySelector("caption, figcaption, strong, h2, h3, h4");
      var name = caption ? caption.textContent.trim().slice(0, 120) : "";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name ? "Scrollable: " + name : "Scrollable content");
      box.setAttribute("data-m4d-scrollbox", "true");
    });
  }

  // Plotly's tool bar buttons are links without href: make them reachable and usable
  // with Tab, Enter and Space.
  function keyboardModebars() {
    Array.prototype.forEach.call(document.querySelectorAll(".modebar-btn"), function (btn) {
      if (btn.getAttribute("tabindex")) { return; }
      btn.setAttribute("tabindex", "0");
      btn.setAttribute("role", "button");
      btn.setAttribute("aria-label", btn.getAttribute("data-title") || "Chart tool");
      btn.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); btn.click(); }
      });
    });
  }

  // On a narrow screen a legend beside the chart squeezes it: put the legend below.
  var NARROW = 560;
  function phoneLegends() {
    if (typeof window.Plotly === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".m4d-figure .js-plotly-plot"), function (plot) {
      if (!plot.layout) { return; }
      var narrow = plot.getBoundingClientRect().width < NARROW;
      var state = plot.getAttribute("data-m4d-legend");
      if (narrow && state !== "below") {
        var legend = plot.layout.legend || {};
        plot.setAttribute("data-m4d-wide-legend", JSON.stringify({
          orientation: legend.orientation || "v", x: legend.x, y: legend.y,
          xanchor: legend.xanchor, yanchor: legend.yanchor}));
        plot.setAttribute("data-m4d-legend", "below");
        plot.setAttribute("data-m4d-title-size", String(((plot.layout.title || {}).font || {}).size || ""));
        window.Plotly.relayout(plot, {"legend.orientation": "h", "legend.x": 0, "legend.xanchor": "left",
          "legend.y": -0.15, "legend.yanchor": "top", "margin.r": 10, "title.font.size": 12});
        // Place names on a small map run into each other: on a phone they stay in the hover
        // text and the figure's description, not on the map.
        var labelled = [], modes = [];
        (plot.data || []).forEach(function (trace, i) {
          if (trace.type === "scattergeo" && /text/.test(trace.mode || "")) { labelled.push(i); modes.push(trace.mode); }
        });
        if (labelled.length) {
          plot.setAttribute("data-m4d-modes", JSON.stringify([labelled, modes]));
          window.Plotly.restyle(plot, {mode: modes.map(function (m) { return m.replace(/\+?text/, "") || "markers"; })}, labelled);
        }
      } else if (!narrow && state === "below") {
        var wide = JSON.parse(plot.getAttribute("data-m4d-wide-legend") || "{}");
        plot.setAttribute("data-m4d-legend", "beside");
        var size = Number(plot.getAttribute("data-m4d-title-size")) || null;
        window.Plotly.relayout(plot, {"legend.orientation": wide.orientation, "legend.x": wide.x,
          "legend.xanchor": wide.xanchor, "legend.y": wide.y, "legend.yanchor": wide.yanchor, "title.font.size": size});
        var saved = JSON.parse(plot.getAttribute("data-m4d-modes") || "null");
        if (saved) { window.Plotly.restyle(plot, {mode: saved[1]}, saved[0]); }
      }
    });
  }

  // A chart drawn at a fixed width (a heatmap sized to its cells) wider than its column
  // would push the page sideways: it is redrawn at the column's width, and back when
  // there is room again.
  function fitWidths() {
    if (typeof window.Plotly === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".m4d-figure .js-plotly-plot"), function (plot) {
      if (!plot.layout) { return; }
      // The column a chart may use: its output box (which scrolls) or the article.
      var column = plot.closest(".output, .m4d-widget-snapshot, .bd-article") || plot.parentElement;
      var room = column.clientWidth;
      var wanted = Number(plot.getAttribute("data-m4d-width") || plot.layout.width || 0);
      if (!wanted) { return; }
      if (wanted > room && plot.layout.width !== Math.floor(room)) {
        plot.setAttribute("data-m4d-width", String(wanted));
        window.Plotly.relayout(plot, {width: Math.floor(room)});
      } else if (wanted <= room && plot.getAttribute("data-m4d-width") && plot.layout.width !== wanted) {
        window.Plotly.relayout(plot, {width: wanted});
      }
    });
  }

  function update() {
    fitWidths();
    phoneLegends();
    keyboardModebars();
    focusableScrollBoxes();
  }

  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 200);
  });
  if (document.readyState === "complete") { update(); } else { window.addEventListener("load", update); }
  document.addEventListener("DOMContentLoaded", focusableScrollBoxes);
})();
