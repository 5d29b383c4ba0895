"""The wording of the agreements the builder writes, one message per heading and sentence.

The builder writes a draft in the reader's language (:func:`m4d.i18n.language`):
every heading and fixed sentence below is a message of the ``m4d`` catalogue, so
``make locales`` offers it to the translators and a changed English sentence turns
fuzzy in the French and Spanish catalogues. The French and Spanish translations
of the headings must hold the words by which :mod:`m4d.agreements.checker` recognises each element in
that language (``tests/test_agreements_builder.py`` builds every draft in every
language and checks it).

A template is a sequence of blocks: ``("title",)``, ``("note", text)`` (a line in
italics), ``("heading", text)`` (numbered in order), ``("signatures", text)`` (the
last heading, not numbered), ``("text", text)`` (a paragraph; ``{name}`` is filled
from the fields) and ``("value", name)`` (a list or table written from the fields).
"""
from __future__ import annotations

from m4d.i18n import N_, _

TEMPLATES: dict[str, tuple[tuple[str, ...], ...]] = {
    "new": (
        ("title",),
        ("note", N_("Memorandum of understanding on cooperation in migration and local development. Draft produced "
                    "with the m4d agreement builder: the partners adapt it to their own needs, priorities and "
                    "circumstances before it is signed.")),
        ("heading", N_("General information on the partners")),
        ("text", N_("This memorandum is agreed between the following local and regional authorities:")),
        ("value", "partners"),
        ("heading", N_("Aim of the partnership")),
        ("text", N_("The partners share the following aim:")),
        ("value", "aim"),
        ("value", "areas"),
        ("heading", N_("Actions foreseen")),
        ("text", N_("The partners will carry out these actions, each with a target that can be measured:")),
        ("value", "actions"),
        ("heading", N_("Expected results")),
        ("text", N_("By the end of the agreement the partners expect the following results:")),
        ("value", "expected_results"),
        ("heading", N_("Stakeholders to engage")),
        ("text", N_("Beyond the two authorities, these stakeholders take part in the partnership, with the role "
                    "given for each:")),
        ("value", "stakeholders"),
        ("heading", N_("Monitoring and evaluation system")),
        ("text", N_("How progress is followed and evaluated:")),
        ("value", "monitoring"),
        ("text", N_("Indicators that the partners will follow:")),
        ("value", "indicators"),
        ("heading", N_("Coherence with each partner's development plans")),
        ("text", N_("How the partnership fits the development plan of each partner:")),
        ("value", "coherence"),
        ("heading", N_("Alignment with the Sustainable Development Goals")),
        ("text", N_("The partnership contributes to these goals and targets of the 2030 Agenda:")),
        ("value", "sdgs"),
        ("heading", N_("Timeline")),
        ("text", N_("This memorandum takes effect on {start} and runs for {duration}.")),
        ("value", "milestones"),
        ("heading", N_("Budget")),
        ("text", N_("Contributions, in {currency}:")),
        ("value", "budget"),
        ("heading", N_("Management system")),
        ("text", N_("The units in charge of running the partnership on each side are:")),
        ("value", "management"),
        ("heading", N_("Governance system")),
        ("text", N_("The partners take their joint decisions as follows:")),
        ("value", "governance"),
        ("signatures", N_("Signatures")),
        ("value", "signatures"),
    ),
    "revision": (
        ("title",),
        ("note", N_("Revision of an existing partnership agreement to bring migration and development into it. Draft "
                    "produced with the m4d agreement builder: the partners adapt it to their own needs, priorities "
                    "and circumstances before it is signed.")),
        ("text", N_("This document revises **{existing_agreement}**, agreed between:")),
        ("value", "partners"),
        ("heading", N_("Revised aims")),
        ("text", N_("The partners revise the aims of their cooperation as follows:")),
        ("value", "aim"),
        ("value", "areas"),
        ("heading", N_("Revised actions")),
        ("text", N_("Under the revised agreement the partners will carry out these actions, each with a target that "
                    "can be measured:")),
        ("value", "actions"),
        ("heading", N_("Expected results")),
        ("text", N_("The revised partnership is expected to achieve the following results:")),
        ("value", "expected_results"),
        ("heading", N_("Further stakeholders to engage")),
        ("text", N_("The partnership now also involves these stakeholders, with the role given for each:")),
        ("value", "stakeholders"),
        ("heading", N_("New indicators")),
        ("text", N_("How progress is followed and evaluated:")),
        ("value", "monitoring"),
        ("text", N_("Indicators added to follow the work on migration:")),
        ("value", "indicators"),
        ("heading", N_("Revised coherence approach")),
        ("text", N_("How the partnership fits the development plan of each partner:")),
        ("value", "coherence"),
        ("heading", N_("Alignment with the Sustainable Development Goals")),
        ("text", N_("The revised partnership contributes to these goals and targets of the 2030 Agenda:")),
        ("value", "sdgs"),
        ("heading", N_("Timeline of the revised agreement")),
        ("text", N_("The revision takes effect on {start} and runs for {duration}.")),
        ("value", "milestones"),
        ("heading", N_("Revised budget")),
        ("text", N_("Contributions under the revised agreement, in {currency}:")),
        ("value", "budget"),
        ("heading", N_("Revised management system")),
        ("text", N_("The units in charge of the revised partnership on each side are:")),
        ("value", "management"),
        ("heading", N_("Revised governance system")),
        ("text", N_("The partners take their joint decisions as follows:")),
        ("value", "governance"),
        ("signatures", N_("Signatures")),
        ("value", "signatures"),
    ),
}


def heading(text: str) -> str:
    """A heading of the template in the reader's language."""
    return _(text)


def render(mode: str, values: dict[str, str]) -> str:
    """The template of ``mode`` in the reader's language, each ``{name}`` and value block filled from ``values``."""
    blocks = []
    number = 0
    for block in TEMPLATES[mode]:
        kind = block[0]
        if kind == "title":
            blocks.append(f"# {values['title']}")
        elif kind == "note":
            blocks.append(f"*{_(block[1])}*")
        elif kind == "heading":
            number += 1
            blocks.append(f"## {number}. {heading(block[1])}")
        elif kind == "signatures":
            blocks.append(f"## {heading(block[1])}")
        elif kind == "text":
            blocks.append(_(block[1]).format_map(values))
        else:
            blocks.append(values[block[1]])
    return "\n\n".join(b for b in blocks if b.strip())
