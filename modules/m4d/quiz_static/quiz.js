/* Self-check quizzes (m4d.quiz_rendering): answer with the mouse or the keyboard,
   feedback in words in a live region. Defined once, however many quizzes a page has. */
(function () {
  "use strict";
  if (window.m4dQuiz) { window.m4dQuiz.setUpAll(); return; }

  // The script's words in English. A quiz in another language carries its own, translated, in
  // data-m4d-messages (m4d.quiz_rendering.script_messages, from the m4d catalogue).
  var M = {
    chooseFirst: "Choose an answer first.",
    right: "Right.",
    wrong: "Not this one.",
    allFound: "Right: you found every answer that applies.",
    notYet: "Not yet: {found} of {total} right answers chosen.",
    notYetExtra: ["Not yet: {found} of {total} right answers chosen, and {wrong} that does not apply.",
                  "Not yet: {found} of {total} right answers chosen, and {wrong} that do not apply."],
    typeNumber: "Type a number, for example 12 or 8.5."
  };

  function words(form) {
    var quiz = form.closest(".m4d-quiz");
    var given = quiz && quiz.getAttribute("data-m4d-messages");
    if (!given) { return M; }
    try { return JSON.parse(given); } catch (e) { return M; }
  }

  function fill(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
  }

  function number(text) {
    // Readers type "8,6" as well as "8.6", and may add spaces or a percent sign.
    var cleaned = String(text).trim().replace(/\s+/g, "").replace(/%$/, "").replace(",", ".");
    if (cleaned === "" || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) { return null; }
    return Number(cleaned);
  }

  function sameValue(a, b, precision) {
    if (precision > 0) { return Number(a.toPrecision(precision)) === Number(Number(b).toPrecision(precision)); }
    return Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b));
  }

  function say(form, verdict, right, parts) {
    var box = form.querySelector(".m4d-quiz-feedback");
    box.textContent = "";
    box.className = "m4d-quiz-feedback " + (right ? "m4d-quiz-right" : "m4d-quiz-wrong");
    var strong = document.createElement("strong");
    strong.textContent = verdict;
    box.appendChild(strong);
    parts.forEach(function (text) {
      var p = document.createElement("p");
      p.textContent = text;
      box.appendChild(p);
    });
  }

  function checkChoice(form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    var chosen = inputs.filter(function (i) { return i.checked; });
    inputs.forEach(function (i) { i.parentNode.removeAttribute("data-verdict"); });
    var w = words(form);
    if (!chosen.length) {
      say(form, w.chooseFirst, false, []);
      return;
    }
    chosen.forEach(function (i) {
      i.parentNode.setAttribute("data-verdict", i.getAttribute("data-correct") === "true" ? "right" : "wrong");
    });
    var feedback = chosen.map(function (i) {
      var label = i.parentNode.querySelector(".m4d-quiz-option-text").textContent;
      return (chosen.length > 1 ? label + ": " : "") + i.getAttribute("data-feedback");
    });
    if (form.getAttribute("data-kind") === "multiple_choice") {
      var ok = chosen[0].getAttribute("data-correct") === "true";
      say(form, ok ? w.right : w.wrong, ok, feedback);
      return;
    }
    var rightOnes = inputs.filter(function (i) { return i.getAttribute("data-correct") === "true"; });
    var found = chosen.filter(function (i) { return i.getAttribute("data-correct") === "true"; }).length;
    var wrong = chosen.length - found;
    var all = found === rightOnes.length && wrong === 0;
    // The plural form for {wrong} >= 1: the first for 1, the second for more (en, fr and es agree).
    var counts = {found: found, total: rightOnes.length, wrong: wrong};
    var verdict = all ? w.allFound : fill(wrong ? w.notYetExtra[wrong === 1 ? 0 : 1] : w.notYet, counts);
    say(form, verdict, all, feedback);
  }

  function checkNumeric(form) {
    var input = form.querySelector("input");
    var value = number(input.value);
    var w = words(form);
    if (value === null) {
      say(form, w.typeNumber, false, []);
      return;
    }
    var precision = Number(input.getAttribute("data-precision") || 0);
    var answers = JSON.parse(input.getAttribute("data-answers"));
    var fallback = null, match = null;
    answers.forEach(function (a) {
      if (match) { return; }
      if ("value" in a && sameValue(value, a.value, precision)) { match = a; }
      else if ("range" in a && value >= a.range[0] && value <= a.range[1]) { match = a; }
      else if (a.type === "default") { fallback = a; }
    });
    var found = match || fallback || {correct: false, feedback: ""};
    say(form, found.correct ? w.right : w.wrong, !!found.correct, found.feedback ? [found.feedback] : []);
  }

  function setUp(form) {
    if (form.getAttribute("data-ready")) { return; }
    form.setAttribute("data-ready", "true");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.getAttribute("data-kind") === "numeric") { checkNumeric(form); } else { checkChoice(form); }
    });
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".m4d-quiz form"), setUp);
  }

  window.m4dQuiz = {setUpAll: setUpAll, number: number};
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
