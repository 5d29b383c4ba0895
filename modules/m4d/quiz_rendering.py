"""How a self-check quiz looks and answers on the page: plain HTML form controls.

The questions stay in jupyterquiz's JSON format (see :mod:`m4d.quiz`); this
module only turns them into markup that every reader can use:

- each question is a ``<fieldset>`` whose ``<legend>`` is the question, so a
  screen reader announces the question with every option;
- options are real radio buttons (one answer) or check boxes (several), each
  inside its ``<label>``; a numeric question has a labelled text box;
- a *Check* button (or Enter) gives the feedback in a live region, and says in
  words, not only in colour, whether the answer is right;
- colours come from the book theme's variables, so the quiz keeps its contrast
  in light and dark mode.

The answer logic is the small script ``static/quiz.js``, inlined once per output
so the quiz also answers in JupyterLab (trusted notebooks) with no server. The
order of the options is the order of the list it is given: choosing that order
is :mod:`m4d.quiz`'s job, not this module's.
"""
from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Marks the HTML so that the book can tell which pages hold a quiz.
QUIZ_CLASS = "m4d-quiz"

_STATIC = Path(__file__).resolve().parent / "quiz_static"
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$")


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (_STATIC / name).read_text(encoding="utf-8")


def text_html(text: str) -> str:
    """A quiz text as safe HTML: escaped, with Markdown links and ``$...$`` math kept."""
    escaped = html.escape(str(text), quote=True)
    escaped = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', escaped)
    return _MATH.sub(lambda m: f'<span class="math notranslate nohighlight">\\({m.group(1)}\\)</span>', escaped)


def _hint(kind: str) -> str:
    return {"multiple_choice": "Choose one answer, then check it.",
            "many_choice": "Choose every answer that applies, then check them.",
            "numeric": "Type a number, then check it."}[kind]


def _choice_options(q: dict[str, Any], name: str) -> str:
    kind = "radio" if q["type"] == "multiple_choice" else "checkbox"
    options = []
    for n, answer in enumerate(q["answers"]):
        options.append(
            f'<label class="m4d-quiz-option"><input type="{kind}" name="{name}" value="{n}" '
            f'data-correct="{"true" if answer.get("correct") else "false"}" '
            f'data-feedback="{html.escape(str(answer.get("feedback", "")), quote=True)}">'
            f'<span class="m4d-quiz-option-text">{text_html(answer.get("answer", ""))}</span>'
            f'<span class="m4d-quiz-mark" aria-hidden="true"></span></label>')
    return f'<div class="m4d-quiz-options">{"".join(options)}</div>'


def _numeric_input(q: dict[str, Any], name: str) -> str:
    answers = [{k: a[k] for k in ("type", "value", "range", "correct", "feedback") if k in a} for a in q["answers"]]
    precision = q.get("precision")
    data = html.escape(json.dumps(answers, ensure_ascii=False), quote=True)
    return (f'<div class="m4d-quiz-numeric"><label for="{name}">Your answer</label>'
            f'<input type="text" id="{name}" name="{name}" inputmode="decimal" autocomplete="off" '
            f'data-answers="{data}"' + (f' data-precision="{int(precision)}"' if precision is not None else "") +
            '></div>')


def question_html(q: dict[str, Any], quiz_id: str, number: int, total: int) -> str:
    """One question as a form: legend, options (or a number box), a Check button and a feedback region."""
    name = f"{quiz_id}-q{number}"
    controls = _numeric_input(q, name) if q["type"] == "numeric" else _choice_options(q, name)
    return (f'<form class="m4d-quiz-question" data-kind="{q["type"]}" novalidate>'
            f'<fieldset><legend><span class="m4d-quiz-number">Question {number} of {total}.</span> '
            f'{text_html(q["question"])}</legend>'
            f'<p class="m4d-quiz-hint" id="{name}-hint">{_hint(q["type"])}</p>'
            f'{controls}</fieldset>'
            f'<button type="submit" class="m4d-quiz-check" aria-describedby="{name}-hint">Check</button>'
            f'<div class="m4d-quiz-feedback" role="status" aria-live="polite"></div></form>')


def quiz_html(questions: list[dict[str, Any]], quiz_id: str, title: str = "Self-check") -> str:
    """The whole quiz: a labelled region with every question, its style and its script.

    ``quiz_id`` must be unique on the page (the lesson id is); it prefixes every
    control's name and id, so the same HTML comes out run after run.
    """
    quiz_id = re.sub(r"[^A-Za-z0-9_-]", "-", quiz_id)
    body = "".join(question_html(q, quiz_id, n, len(questions)) for n, q in enumerate(questions, start=1))
    return (f'<section class="{QUIZ_CLASS}" id="quiz-{quiz_id}" aria-label="{html.escape(title, quote=True)}">'
            f'<style>{_asset("quiz.css")}</style>{body}'
            f'<script>{_asset("quiz.js")}</script></section>')
