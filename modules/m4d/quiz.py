"""Self-check quizzes that answer in the static book, with no kernel.

A lesson's questions live in a JSON data file beside it
(``book/<module>/quizzes/<lesson id>.json``) in jupyterquiz's format: a list of
questions, each with a ``type`` (``multiple_choice``, ``many_choice`` or
``numeric``) and answers that each carry ``feedback``. :func:`show_quiz`
checks the file and renders it with jupyterquiz, whose JavaScript runs in the
published page as well as in JupyterLab.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from m4d.errors import InputError

QUESTION_TYPES = {"multiple_choice", "many_choice", "numeric"}


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


def show_quiz(path: str | Path) -> None:
    """Display a lesson's self-check quiz (used in a hidden code cell of the lesson)."""
    import random
    import zlib

    from jupyterquiz import display_quiz

    from m4d.i18n.quizzes import translate_quiz

    questions = load_quiz(path)
    # jupyterquiz names its container with random letters; seeding from the quiz file
    # keeps a notebook's stored output identical run after run (nbval compares it).
    state = random.getstate()
    random.seed(zlib.crc32(Path(path).name.encode()))
    try:
        # Translated last, after any reordering, so every language shows the options in the same order.
        questions = translate_quiz(questions, path)
        display_quiz(questions, shuffle_answers=False, max_width=760)
    finally:
        random.setstate(state)
