"""A household questionnaire on migration, exported as an XLSForm.

XLSForm is the spreadsheet format that KoboToolbox, ODK and SurveyCTO load:
a ``survey`` sheet (one row per question, with its type, name, label and skip
logic in ``relevant``), a ``choices`` sheet (the answer lists) and a
``settings`` sheet (title, id, version).

The core questions follow the data the guidelines list as worth collecting
(JMDI 2017, pp. 26-27): where migrants come from, household members abroad
and where they live, remittances received and their use. Skip logic keeps
the interview short: year of arrival only for people born abroad, the
remittance questions only for households that receive them.

What it deliberately does **not** ask: names, addresses, exact dates of
birth, and legal or residence status. Data minimisation protects migrants
who fear reprisal or lack regular status (JMDI 2017, p. 27), and a local
needs assessment does not need those answers. It starts with informed consent;
nobody who declines is asked anything else.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import _

CHOICES = {
    "yes_no": [("yes", "Yes"), ("no", "No")],
    "sex": [("female", "Female"), ("male", "Male"), ("other", "Other or prefer to describe"),
            ("not_stated", "Prefer not to say")],
    "citizenship": [("this_country", "Citizen of this country only"),
                    ("other_country", "Citizen of another country"),
                    ("both", "Citizen of this country and another"),
                    ("not_stated", "Prefer not to say")],
    "frequency": [("monthly", "Every month"), ("few_times", "A few times a year"),
                  ("yearly", "Once a year"), ("occasionally", "Only now and then")],
    "remittance_use": [("food", "Food and daily needs"), ("education", "Education"),
                       ("health", "Health care"), ("housing", "Housing"), ("savings", "Savings"),
                       ("business", "A business or farm"), ("debt", "Paying debts"), ("other", "Other")],
}


def core_questions(survey_year: int | None = None) -> list[dict[str, str]]:
    """The core migration questions, as XLSForm ``survey`` rows (dicts), with consent and skip logic."""
    year = survey_year or datetime.date.today().year
    if not isinstance(year, int) or not 1950 <= year <= 2200:
        raise InputError(_("The survey year must be a whole year such as 2026; got {year}.").format(
            year=repr(survey_year)))
    consented = "${consent} = 'yes'"
    return [
        {"type": "note", "name": "intro", "label": "This survey helps the municipality plan services. "
         "Taking part is voluntary, you may skip any question or stop at any time, and your answers "
         "are kept without your name or address."},
        {"type": "select_one yes_no", "name": "consent", "label": "Do you agree to take part?",
         "required": "yes"},
        {"type": "note", "name": "declined", "label": "Thank you for your time. The interview ends here.",
         "relevant": "${consent} = 'no'"},
        {"type": "begin_group", "name": "household", "label": "You and your household", "relevant": consented},
        {"type": "select_one sex", "name": "respondent_sex", "label": "What is your sex?", "required": "yes"},
        {"type": "integer", "name": "respondent_age", "label": "How old are you, in years?", "required": "yes",
         "constraint": ". >= 18 and . <= 110", "constraint_message": "Give an age between 18 and 110."},
        {"type": "integer", "name": "household_size", "label": "How many people live in this household, you included?",
         "required": "yes", "constraint": ". >= 1 and . <= 40", "constraint_message": "Between 1 and 40."},
        {"type": "end_group", "name": "household_end"},
        {"type": "begin_group", "name": "migration", "label": "Migration", "relevant": consented},
        {"type": "select_one yes_no", "name": "born_here", "label": "Were you born in this country?",
         "required": "yes"},
        {"type": "text", "name": "country_of_birth", "label": "In which country were you born?",
         "relevant": "${born_here} = 'no'"},
        {"type": "integer", "name": "year_of_arrival", "label": "In which year did you come to live in this country?",
         "relevant": "${born_here} = 'no'", "constraint": f". >= 1920 and . <= {year}",
         "constraint_message": f"Give a year between 1920 and {year}."},
        {"type": "select_one citizenship", "name": "citizenship", "label": "What is your citizenship?"},
        {"type": "select_one yes_no", "name": "lived_abroad", "label": "Have you ever lived abroad for a year or more?",
         "relevant": "${born_here} = 'yes'"},
        {"type": "select_one yes_no", "name": "any_member_abroad",
         "label": "Does any member of your household live abroad now?", "required": "yes"},
        {"type": "integer", "name": "members_abroad", "label": "How many members of your household live abroad?",
         "relevant": "${any_member_abroad} = 'yes'", "constraint": ". >= 1 and . <= 30",
         "constraint_message": "Between 1 and 30."},
        {"type": "text", "name": "countries_of_members", "label": "In which countries do they live?",
         "relevant": "${any_member_abroad} = 'yes'"},
        {"type": "end_group", "name": "migration_end"},
        {"type": "begin_group", "name": "remittances", "label": "Money from abroad", "relevant": consented},
        {"type": "select_one yes_no", "name": "receives_remittances",
         "label": "In the last 12 months, did your household receive money from someone living abroad?",
         "required": "yes"},
        {"type": "select_one frequency", "name": "remittance_frequency", "label": "How often does it arrive?",
         "relevant": "${receives_remittances} = 'yes'"},
        {"type": "integer", "name": "remittance_amount",
         "label": "About how much did you receive last month, in local currency?",
         "hint": "Leave empty if you prefer not to say.", "relevant": "${receives_remittances} = 'yes'",
         "constraint": ". >= 0", "constraint_message": "The amount cannot be negative."},
        {"type": "select_multiple remittance_use", "name": "remittance_use", "label": "What is the money used for?",
         "relevant": "${receives_remittances} = 'yes'"},
        {"type": "end_group", "name": "remittances_end"},
    ]


def questionnaire_sheets(questions: list[dict[str, str]] | None = None, title: str = "Household migration survey",
                         form_id: str = "m4d_household_migration", version: str | None = None,
                         survey_year: int | None = None) -> dict[str, pd.DataFrame]:
    """The three XLSForm sheets (survey, choices, settings) as DataFrames."""
    rows = core_questions(survey_year) if questions is None else questions
    if not rows:
        raise InputError(_("A questionnaire needs at least one question."))
    names = [r.get("name", "") for r in rows]
    for row in rows:
        if not row.get("type") or not row.get("name"):
            raise InputError(_("Every question needs a type and a name; this one has not: {question}.").format(
                question=repr(row)))
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise InputError(_("Question names must be unique; repeated: {names}.").format(names=", ".join(duplicated)))
    needed = {r["type"].split()[1] for r in rows if r["type"].split()[0] in ("select_one", "select_multiple")}
    unknown = needed - set(CHOICES)
    if unknown:
        raise InputError(_("No answer list called {lists}; known lists: {known}.").format(
            lists=", ".join(sorted(unknown)), known=", ".join(CHOICES)))
    columns = ["type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message"]
    survey = pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns)
    choices = pd.DataFrame([{"list_name": name, "name": value, "label": label}
                            for name in CHOICES if name in needed for value, label in CHOICES[name]])
    settings = pd.DataFrame([{"form_title": title, "form_id": form_id,
                              "version": version or datetime.date.today().strftime("%Y%m%d")}])
    return {"survey": survey, "choices": choices, "settings": settings}


def write_xlsform(path: str | Path, sheets: dict[str, pd.DataFrame] | None = None, **options) -> Path:
    """Write the questionnaire as an XLSForm ``.xlsx`` file that field tools load."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InputError(_("An XLSForm is an .xlsx file; {file} has another extension.").format(file=target.name))
    if not target.parent.exists():
        raise InputError(_("The folder {folder} does not exist.").format(folder=target.parent))
    sheets = sheets or questionnaire_sheets(**options)
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name in ("survey", "choices", "settings"):
            sheets[name].to_excel(writer, sheet_name=name, index=False)
    return target


def to_xform(path: str | Path) -> str:
    """Convert an XLSForm to XForm XML with pyxform (what field tools do on upload); errors become InputError."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        return convert(xlsform=str(path), warnings=[]).xform
    except PyXFormError as err:
        # Translators: {problem} is pyxform's own English message.
        raise InputError(_("The questionnaire is not a valid XLSForm: {problem}").format(problem=err)) from None
