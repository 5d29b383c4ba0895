/* Self-check quizzes (m4d.quiz_rendering): answer with the mouse or the keyboard,
   feedback in words in a live region. Defined once, however many quizzes a page has. */
(function () {
  "use strict";
  if (window.m4dQuiz) { window.m4dQuiz.setUpAll(); return; }

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
    if (!chosen.length) {
      say(form, "Choose an answer first.", false, []);
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
      say(form, ok ? "Right." : "Not this one.", ok, feedback);
      return;
    }
    var rightOnes = inputs.filter(function (i) { return i.getAttribute("data-correct") === "true"; });
    var found = chosen.filter(function (i) { return i.getAttribute("data-correct") === "true"; }).length;
    var wrong = chosen.length - found;
    var all = found === rightOnes.length && wrong === 0;
    var verdict = all ? "Right: you found every answer that applies."
      : "Not yet: " + found + " of " + rightOnes.length + " right answers chosen" +
        (wrong ? ", and " + wrong + " that does not apply." : ".");
    say(form, verdict, all, feedback);
  }

  function checkNumeric(form) {
    var input = form.querySelector("input");
    var value = number(input.value);
    if (value === null) {
      say(form, "Type a number, for example 12 or 8.5.", false, []);
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
    say(form, found.correct ? "Right." : "Not this one.", !!found.correct, found.feedback ? [found.feedback] : []);
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
