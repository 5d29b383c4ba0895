"""Partnership agreements: build one from structured fields, check a draft for what it lacks.

The guidelines list the elements a new decentralised cooperation agreement
should contain at a minimum, and the points to cover when an existing agreement
is revised to bring migration into it (JMDI guidelines, p. 44).

- :func:`build_agreement` / :func:`write_agreement`: fields -> Markdown or Word;
- :func:`check_agreement` / :func:`check_agreement_file`: a draft -> an
  :class:`AgreementCheck` that names every missing element;
- :func:`minimum_elements`: the elements themselves, with the rules that
  recognise them in a draft.
"""
from m4d.agreements.builder import agreement_docx, build_agreement, template_text, write_agreement
from m4d.agreements.checker import (MIN_BODY_WORDS, AgreementCheck, ElementCheck, check_agreement,
                                    check_agreement_file, check_sections)
from m4d.agreements.draft import Section, read_draft, sections_from_docx, sections_from_markdown, sections_from_text
from m4d.agreements.elements import MODES, AgreementElement, minimum_elements
from m4d.agreements.examples import example_fields
from m4d.agreements.fields import FIELD_SPECS, check_fields

__all__ = [
    "AgreementCheck", "AgreementElement", "ElementCheck", "FIELD_SPECS", "MIN_BODY_WORDS", "MODES", "Section",
    "agreement_docx", "build_agreement", "check_agreement", "check_agreement_file", "check_fields",
    "check_sections", "example_fields", "minimum_elements", "read_draft", "sections_from_docx",
    "sections_from_markdown", "sections_from_text", "template_text", "write_agreement",
]
from m4d.agreements.widget import AgreementWorkbench, check_report_html, fields_from_json  # noqa: E402

__all__ += ["AgreementWorkbench", "check_report_html", "fields_from_json"]
