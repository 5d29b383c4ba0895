"""The answers of a self-assessment: one per question, on a four-step scale or "don't know"."""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _

#: Answer codes, their label (English; shown with ``_(label)``) and the points they count (None: not counted).
ANSWERS: dict[str, tuple[str, int | None]] = {
    "not_in_place": (N_("Not in place"), 0),
    "started": (N_("Planned or started"), 1),
    "in_place": (N_("In place"), 2),
    "reviewed": (N_("In place and reviewed with the people concerned"), 3),
    "dont_know": (N_("Don't know"), None),
}
MAX_POINTS = max(p for _, p in ANSWERS.values() if p is not None)


def _question_ids() -> list[str]:
    from m4d.self_assessment.profile import questions

    return list(questions()["question_id"])


def blank_answers() -> dict[str, str]:
    """Every question answered "don't know": the starting point of a new assessment."""
    return {q: "dont_know" for q in _question_ids()}


def example_answers() -> dict[str, str]:
    """The illustrative answers of Alvora, the course's fictional municipality."""
    from m4d import datasets

    frame = datasets.load("self_assessment_example")
    return dict(zip(frame["question_id"], frame["answer"]))


def check_answers(answers: Any, where: str | None = None) -> dict[str, str]:
    """Check answers (a dict, or a table of question_id and answer) and return them complete.

    Answers may be codes (``in_place``) or labels (``In place``); a question left
    out counts as "don't know". An unknown question or answer raises
    :class:`m4d.InputError`; ``where`` names the answers in its message (by default "self-assessment").
    """
    where = _("self-assessment") if where is None else where
    if isinstance(answers, pd.DataFrame):
        if not {"question_id", "answer"} <= set(answers.columns):
            raise InputError(_("{where}: a table of answers needs the columns question_id and answer.").format(
                where=where))
        answers = dict(zip(answers["question_id"], answers["answer"]))
    if not isinstance(answers, Mapping):
        raise InputError(_("{where}: give the answers as a dict from question id to answer, or as a table.").format(
            where=where))
    known = _question_ids()
    by_label = {label.lower(): code for code, (label, _points) in ANSWERS.items()}
    clean = blank_answers()
    for qid, value in answers.items():
        qid = str(qid).strip().upper()
        if qid not in clean:
            raise InputError(_("{where}: there is no question {question}; the questions are {first} to {last} (see "
                               "m4d.self_assessment.questions()).").format(where=where, question=repr(qid),
                                                                           first=known[0], last=known[-1]))
        text = "" if value is None else str(value).strip()
        code = text.lower().replace(" ", "_").replace("'", "")
        code = code if code in ANSWERS else by_label.get(text.lower(), "dont_know" if text == "" else None)
        if code is None:
            # Translators: {answers} lists each answer's code and, in brackets, its label ("in_place (In place)").
            raise InputError(_("{where}, question {question}: {value} is not an answer. Use one of: {answers}.").format(
                where=where, question=qid, value=repr(value),
                answers=", ".join("{code} ({label})".format(code=c, label=_(label))
                                  for c, (label, _points) in ANSWERS.items())))
        clean[qid] = code
    return clean
