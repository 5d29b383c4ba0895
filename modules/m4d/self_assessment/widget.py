"""The self-assessment as a widget: one drop-down per question, the profile redrawn at each answer."""
from __future__ import annotations

import html

import ipywidgets as w

from m4d.errors import InputError
from m4d.i18n import N_, _, translate_value
from m4d.self_assessment.answers import ANSWERS, blank_answers, check_answers, example_answers
from m4d.self_assessment.chart import dimension_name, profile_chart_html
from m4d.self_assessment.profile import dimensions, gaps, profile, questions
from m4d.snapshot import StaticSnapshot, snapshot_note_html

MESSAGE_STYLE = "color:#8c2d04;font-weight:bold"


class SelfAssessmentWidget(StaticSnapshot):
    """Answer the course's questions for one authority and see its profile (no score, no ranking).

    With no arguments it opens on the illustrative answers of Alvora; pass
    ``answers`` (a dict or table) and ``place`` for your own authority, or
    ``answers="blank"`` to start from "don't know" everywhere.
    """

    title = N_("Local self-assessment on migration governance")

    def __init__(self, answers=None, place: str | None = None):
        is_example = answers is None
        if is_example:
            answers, place = example_answers(), place or "Alvora"
        elif isinstance(answers, str) and answers == "blank":
            answers = blank_answers()
        self.answers = check_answers(answers)
        self.place = place or "the authority"
        self.illustrative = is_example
        self.error: str | None = None
        options = [(_(label), code) for code, (label, _points) in ANSWERS.items()]
        self.controls: dict[str, w.Dropdown] = {}
        sections = []
        qs = questions()
        for dim in dimensions().to_dict("records"):
            items = []
            for row in qs[qs["dimension"] == dim["dimension"]].to_dict("records"):
                box = w.Dropdown(options=options, value=self.answers[row["question_id"]],
                                 layout=w.Layout(width="300px"))
                box.observe(self._on_change(row["question_id"]), names="value")
                self.controls[row["question_id"]] = box
                items.append(w.HBox([w.HTML(f"<b>{row['question_id']}</b> {html.escape(_question(row['question']))}",
                                            layout=w.Layout(width="520px")), box]))
            sections.append(w.VBox(items))
        self.accordion = w.Accordion(children=sections)
        for i, name in enumerate(dimensions()["name"]):
            self.accordion.set_title(i, dimension_name(name))
        self.message = w.HTML()
        self.output = w.HTML()
        self.widget = w.VBox([w.HTML(f"<h4>{html.escape(self._heading())}</h4>"),
                              self.accordion, self.message, self.output])
        self.update()

    def _on_change(self, question_id: str):
        def handler(change) -> None:
            self.answer(question_id, change["new"])
        return handler

    def answer(self, question_id: str, value: str) -> None:
        """Record one answer (a code or a label) and redraw."""
        try:
            self.answers = check_answers({**self.answers, question_id: value})
        except InputError as err:
            self.error = str(err)
            self.message.value = f'<p role="alert" style="{MESSAGE_STYLE}">{html.escape(str(err))}</p>'
            return
        self.update()

    def update(self) -> None:
        self.error = None
        self.message.value = ""
        self.profile = profile(self.answers)
        todo = gaps(self.answers)
        listed = "".join(f"<li><b>{html.escape(dimension_name(r.dimension))}</b>, {r.question_id}: "
                         f"{html.escape(_question(r.question))} <em>({html.escape(_(r.answer))})</em></li>"
                         for r in todo.itertuples(index=False))
        heading = _("Where to look first ({n} questions)").format(n=len(todo))
        self.output.value = (profile_chart_html(self.profile, self.place, illustrative=self.illustrative)
                             + f"<h5>{html.escape(heading, quote=False)}</h5><ul>{listed}</ul>")

    def snapshot_html(self) -> str:
        static = _("Static snapshot of the self-assessment. Open this page as a notebook to answer the questions "
                   "for your own authority.")
        return (f'<div class="m4d-widget-snapshot"><p><strong>{html.escape(self._heading())}'
                f"</strong></p>{snapshot_note_html(static)}{self.output.value}</div>")

    def _heading(self) -> str:
        place = _("the authority") if self.place == "the authority" else self.place
        if self.illustrative:
            return _("{title}: {place} (illustrative)").format(title=_(self.title), place=place)
        return _("{title}: {place}").format(title=_(self.title), place=place)

    def snapshot_text(self) -> str:
        return _("{title} (a widget; its static snapshot is shown in the book)").format(title=_(self.title))


def _question(text: str) -> str:
    """A question of the self-assessment (English, as the data holds it) in the reader's language."""
    return translate_value("self_assessment_questions", "question", text)
