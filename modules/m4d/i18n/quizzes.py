"""Self-check quizzes in the reader's language.

A quiz file (``book/<module>/quizzes/<lesson id>.json``) stays in English; its
questions, options and feedback are msgids of the catalogue
``locales/<language>/LC_MESSAGES/quizzes/<lesson id>.po``. :func:`translate_quiz`
is applied when the quiz is shown, *after* the options are put in their shown
order, so the order (and what the quiz-quality test measures) is the same in
every language. The quiz's own words (*Check*, the verdicts) are the toolbox's
(:mod:`m4d.quiz_rendering`, catalogue ``m4d.po``).
"""
from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from m4d.i18n.catalogues import catalogue
from m4d.i18n.languages import SOURCE_LANGUAGE, language

#: The fields of a question and of an answer that a learner reads.
QUESTION_FIELDS = ("question",)
ANSWER_FIELDS = ("answer", "feedback")


def quiz_domain(path: str | Path) -> str:
    """The catalogue of a quiz file: ``quizzes/<lesson id>`` (lesson ids are unique in the course)."""
    return f"quizzes/{Path(path).stem}"


def quiz_messages(questions: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """Every text a learner reads in a quiz, with where it is (``q2.answers[3].feedback``)."""
    for n, question in enumerate(questions, start=1):
        for name in QUESTION_FIELDS:
            if isinstance(question.get(name), str) and question[name].strip():
                yield question[name], f"q{n}.{name}"
        for m, answer in enumerate(question.get("answers") or [], start=1):
            for name in ANSWER_FIELDS:
                if isinstance(answer.get(name), str) and answer[name].strip():
                    yield answer[name], f"q{n}.answers[{m}].{name}"


def translate_quiz(questions: list[dict[str, Any]], path: str | Path, lang: str | None = None) -> list[dict[str, Any]]:
    """A copy of ``questions`` with every text in ``lang`` (the current language by default).

    Numbers, flags and the order of questions and answers are untouched; a text
    with no translation stays in English.
    """
    lang = lang or language()
    if lang == SOURCE_LANGUAGE:
        return questions
    translations = catalogue(quiz_domain(path), lang)
    shown = copy.deepcopy(questions)
    for question in shown:
        for name in QUESTION_FIELDS:
            if isinstance(question.get(name), str):
                question[name] = translations.gettext(question[name])
        for answer in question.get("answers") or []:
            for name in ANSWER_FIELDS:
                if isinstance(answer.get(name), str):
                    answer[name] = translations.gettext(answer[name])
    return shown
