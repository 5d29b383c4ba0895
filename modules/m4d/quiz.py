"""Self-check quizzes that answer in the static book, with no kernel.

A lesson's questions live in a JSON data file beside it
(``book/<module>/quizzes/<lesson id>.json``) in jupyterquiz's format: a list of
questions, each with a ``type`` (``multiple_choice``, ``many_choice`` or
``numeric``) and answers that each carry ``feedback``. :func:`show_quiz`
checks the file and shows it with :mod:`m4d.quiz_rendering` (accessible form
controls and a small script that runs in the published page as well as in
JupyterLab).

The options are shown in an order computed here, not in the file's order, so an
author may list the right option first and a learner still cannot find it by
position. :func:`answer_order` gives that order; it depends only on the quiz
file's name and the questions, so the stored output of a notebook stays the same
run after run (nbval compares it) and a test can measure where the right option
is shown.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from m4d.errors import InputError

QUESTION_TYPES = {"multiple_choice", "many_choice", "numeric"}
CHOICE_TYPES = {"multiple_choice", "many_choice"}

# The right option of single-answer questions is placed in one of SLOTS equal
# bands of the option list, each band used once in every SLOTS questions of a
# file (in an order drawn from the file's name). That is stratified rather than
# purely random: a quiz file never shows its right options first more often than
# chance would on average, and the next question's position cannot be inferred
# from the last one's, as it could with a fixed rotation.
SLOTS = 4


def load_quiz(path: str | Path) -> list[dict[str, Any]]:
    """Read a quiz file and check that every question can give feedback on every answer."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"The quiz file {path} does not exist.")
    try:
        questions = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(f"{path} is not valid JSON (line {err.lineno}: {err.msg}).") from None
    check_quiz(questions, str(path))
    return questions


def check_quiz(questions: Any, where: str = "quiz") -> None:
    """Raise :class:`InputError` if a quiz would leave a learner without feedback."""
    if not isinstance(questions, list) or not questions:
        raise InputError(f"{where}: a quiz is a non-empty list of questions.")
    for n, q in enumerate(questions, start=1):
        at = f"{where}, question {n}"
        if not isinstance(q, dict) or not str(q.get("question", "")).strip():
            raise InputError(f"{at}: each question needs a 'question' text.")
        kind = q.get("type")
        if kind not in QUESTION_TYPES:
            raise InputError(f"{at}: type {kind!r} is not one of {sorted(QUESTION_TYPES)}.")
        answers = q.get("answers")
        if not isinstance(answers, list) or not answers:
            raise InputError(f"{at}: it has no answers.")
        for m, a in enumerate(answers, start=1):
            if not str(a.get("feedback", "")).strip():
                raise InputError(f"{at}, answer {m}: every answer needs 'feedback' so the learner learns why.")
        correct = [a for a in answers if a.get("correct")]
        if kind == "multiple_choice":
            if len(correct) != 1:
                raise InputError(f"{at}: a multiple_choice question has exactly one correct answer ({len(correct)} found).")
            if len(answers) < 2:
                raise InputError(f"{at}: a multiple_choice question needs at least two options.")
        elif kind == "many_choice" and not correct:
            raise InputError(f"{at}: a many_choice question needs at least one correct answer.")
        elif kind == "numeric":
            if not correct:
                raise InputError(f"{at}: a numeric question needs a correct value or range.")
            if not any(a.get("type") == "default" for a in answers):
                raise InputError(f"{at}: a numeric question needs a 'default' answer with feedback for any other value.")


def _draw(*parts: str) -> float:
    """A number in [0, 1) that depends only on the text it is given."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _slot_bag(quiz_name: str, round_no: int) -> list[int]:
    """The SLOTS bands in the order this quiz uses them in its round ``round_no``."""
    return sorted(range(SLOTS), key=lambda s: _draw(quiz_name, "bag", str(round_no), str(s)))


def answer_order(questions: list[dict[str, Any]], quiz_name: str) -> list[list[int]]:
    """For each question, the indices of its answers in the order they are shown.

    ``quiz_name`` is the quiz file's name (``m3_07.json``). Options of choice
    questions are ordered by a hash of the quiz name, the question and the option
    text, so the file's order never shows through; in a ``multiple_choice``
    question the right option is then moved to a position drawn band by band
    (see ``SLOTS``). ``numeric`` answers are not shown as options and keep their
    order (jupyterquiz checks them in turn, the ``default`` last).
    """
    orders: list[list[int]] = []
    single = 0
    for q in questions:
        answers = q.get("answers", [])
        n = len(answers)
        if q.get("type") not in CHOICE_TYPES or n < 2:
            orders.append(list(range(n)))
            continue
        text = str(q.get("question", ""))
        order = sorted(range(n), key=lambda i: _draw(quiz_name, text, str(answers[i].get("answer", "")), str(i)))
        if q.get("type") == "multiple_choice":
            right = next((i for i in order if answers[i].get("correct")), None)
            if right is not None:
                band = _slot_bag(quiz_name, single // SLOTS)[single % SLOTS]
                position = min(n - 1, int((band + _draw(quiz_name, text, "position")) * n / SLOTS))
                order.remove(right)
                order.insert(position, right)
            single += 1
        orders.append(order)
    return orders


def shown_quiz(questions: list[dict[str, Any]], quiz_name: str) -> list[dict[str, Any]]:
    """A copy of the questions with their answers in the order a learner sees them.

    Renderers call this (:mod:`m4d.quiz_rendering` shows options in the order it is given), so every rendering and the quiz-quality test agree on the order.
    """
    shown = []
    for q, order in zip(questions, answer_order(questions, quiz_name)):
        copy = dict(q)
        copy["answers"] = [q["answers"][i] for i in order]
        shown.append(copy)
    return shown


def quiz_markup(path: str | Path) -> str:
    """A lesson's self-check quiz as the HTML a reader sees, in the current language.

    The markup comes from :func:`m4d.quiz_rendering.quiz_html`: labelled form
    controls that answer with the keyboard, in the book and in JupyterLab. The
    texts are in the reader's language (:mod:`m4d.i18n.quizzes`). The
    ids derive from the file name, so a notebook's stored output is the same run
    after run (nbval compares it), and the book can show a quiz without a kernel
    (:mod:`m4d.book_quiz_lessons`) with the very HTML a kernel would.
    """
    from m4d.i18n.quizzes import translate_quiz
    from m4d.quiz_rendering import quiz_html

    questions = shown_quiz(load_quiz(path), Path(path).name)
    # Translated last, after the order is chosen from the English texts, so every edition shows
    # the options in the same order (and the quiz-quality test measures what every reader sees).
    questions = translate_quiz(questions, path)
    return quiz_html(questions, quiz_id=Path(path).stem)


def show_quiz(path: str | Path) -> None:
    """Display a lesson's self-check quiz (used in a hidden code cell of the lesson): :func:`quiz_markup`."""
    from IPython.display import HTML, display

    display(HTML(quiz_markup(path)))
