"""The agreement builder writes every element from the fields, in Markdown and Word, and refuses bad fields clearly."""
from __future__ import annotations

import copy
import re

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from m4d import InputError
from m4d.agreements import build_agreement, check_agreement, example_fields, template_text, write_agreement
from m4d.cli import main


def test_the_agreement_carries_the_partners_actions_and_budget_total():
    fields = example_fields("new")
    markdown = build_agreement(fields)
    for partner in fields["partners"]:
        assert partner["name"] in markdown
    for action in fields["actions"]:
        assert action in markdown
    total = sum(b["amount"] for b in fields["budget"])
    assert f"**{total:,.0f}**" in markdown


def test_the_template_is_written_in_the_course_words_with_every_element_numbered():
    text = template_text("new")
    assert text.count("\n## ") == 13  # twelve elements and the signatures
    assert "$partners" in text and "$governance" in text


def test_the_word_file_has_the_same_headings_as_the_markdown(tmp_path):
    fields = example_fields("new")
    path = write_agreement(fields, tmp_path / "mou.docx")
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    markdown_headings = [line[3:] for line in build_agreement(fields).splitlines() if line.startswith("## ")]
    assert headings == markdown_headings
    assert document.tables, "the budget is a Word table"


def test_a_missing_field_is_named():
    fields = example_fields("new")
    del fields["governance"]
    with pytest.raises(InputError, match="'governance' is missing"):
        build_agreement(fields)


def test_a_misspelt_field_gets_a_suggestion():
    fields = example_fields("new")
    fields["budjet"] = fields.pop("budget")
    with pytest.raises(InputError, match="Did you mean 'budget'"):
        build_agreement(fields)


def test_a_revision_needs_the_agreement_it_revises():
    fields = example_fields("revision")
    del fields["existing_agreement"]
    with pytest.raises(InputError, match="existing_agreement"):
        build_agreement(fields, "revision")


def test_a_revision_without_a_diaspora_stakeholder_is_refused():
    fields = example_fields("revision")
    fields["stakeholders"] = [s for s in fields["stakeholders"] if s["kind"] != "diaspora"]
    with pytest.raises(InputError, match="diaspora"):
        build_agreement(fields, "revision")


@pytest.mark.parametrize("change, message", [
    (lambda f: f.update(partners=f["partners"][:1]), "at least two partners"),
    (lambda f: f["budget"][0].update(amount=-5), "zero or more"),
    (lambda f: f["budget"][0].update(kind="loan"), "'cash' or 'in kind'"),
    (lambda f: f["stakeholders"][0].update(kind="donor"), "use one of"),
    (lambda f: f.update(start="next spring"), "YYYY-MM-DD"),
    (lambda f: f.update(duration_years=0), "between 1 and"),
    (lambda f: f["management"][0].update(partner="Atlantis"), "not among the partners"),
    (lambda f: f.update(actions="one action"), "must be a list"),
])
def test_bad_fields_are_input_errors_that_say_what_is_wrong(change, message):
    fields = copy.deepcopy(example_fields("new"))
    change(fields)
    with pytest.raises(InputError, match=message):
        build_agreement(fields)


def test_an_unknown_mode_is_an_input_error():
    with pytest.raises(InputError, match="'new'.*'revision'"):
        build_agreement(example_fields("new"), "amendment")


def test_saving_to_an_unknown_format_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"\.md .*\.docx"):
        write_agreement(example_fields("new"), tmp_path / "mou.pdf")


_text = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs")), min_size=1, max_size=30).filter(str.strip)


@settings(max_examples=40, deadline=None)
@given(aim=_text, action=_text, result=_text, governance=_text, amount=st.integers(0, 10**7))
def test_any_valid_fields_build_an_agreement_the_checker_accepts(aim, action, result, governance, amount):
    fields = example_fields("new")
    fields.update(aim=aim, actions=[action], expected_results=[result], governance=governance)
    fields["budget"] = [{"source": "Own budget", "amount": amount, "kind": "cash"}]
    report = check_agreement(build_agreement(fields))
    assert report.complete, report.summary()


def test_the_command_builds_and_checks_a_word_agreement(tmp_path, capsys):
    out = tmp_path / "mou.docx"
    assert main(["agreement", "build", "--example", "--out", str(out)]) == 0
    assert main(["agreement", "check", str(out)]) == 0
    assert "12 of 12" in capsys.readouterr().out


def test_the_command_exits_1_and_lists_what_is_missing(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text("# MoU\n\n## Budget\n\nEach city pays half of the costs.\n", encoding="utf-8")
    assert main(["agreement", "check", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "1 of 12" in out and "- Governance system (missing)" in out


def test_the_command_reports_bad_json_without_a_traceback(tmp_path, capsys):
    bad = tmp_path / "fields.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["agreement", "build", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "Traceback" not in err


# --- the draft in the reader's language (issue 17) ---------------------------------------------------------------
@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("mode", ["new", "revision"])
def test_a_french_or_spanish_draft_is_complete_for_the_checker_in_the_same_language(language, mode):
    from m4d.i18n import use_language
    from tests.widget_translation import translation

    fields = example_fields(mode)
    english = build_agreement(fields, mode)
    with use_language(language):
        draft = build_agreement(fields, mode)
        report = check_agreement(draft, mode)
    assert report.complete, report.summary()
    english_headings = [re.sub(r"^## (\d+\. )?", "", line) for line in english.splitlines() if line.startswith("## ")]
    headings = [re.sub(r"^## (\d+\. )?", "", line) for line in draft.splitlines() if line.startswith("## ")]
    # Every heading is the catalogue's translation of the English one (none left in English), and each element
    # was found under its own heading.
    assert headings == [translation(language, h) for h in english_headings]
    assert not set(headings) & set(english_headings) - {"Budget", "Signatures"}  # the same word in French
    found = {re.sub(r"^\d+\. ", "", e.heading) for e in report.elements}
    assert found <= set(headings) and len(found) == len(report.elements)
    # The fixed sentences are the catalogue's too: no sentence of the English template is left.
    for sentence in ("The partners take their joint decisions as follows:", "How progress is followed and evaluated:"):
        assert sentence in english and sentence not in draft
        assert translation(language, sentence) in draft


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_french_or_spanish_word_draft_is_complete_too_and_writes_amounts_the_readers_way(tmp_path, language):
    from m4d.agreements import check_agreement_file
    from m4d.i18n import use_language

    fields = example_fields("new")
    with use_language(language):
        path = write_agreement(fields, tmp_path / "mou.docx")
        report = check_agreement_file(path)
        draft = build_agreement(fields)
    assert report.complete, report.summary()
    total = sum(b["amount"] for b in fields["budget"])
    assert f"**{total:,.0f}**" not in draft  # 160,000 is an English way of writing the total
    assert f"{total:,.0f}".replace(",", "") in "".join(ch for ch in draft if ch.isdigit() or ch == "\n")


# Fields that cannot make an agreement, each refused for its own reason.
BAD_FIELDS = {
    "unknown field": lambda f: f.update(budjet=[]),
    "missing field": lambda f: f.pop("governance"),
    "one partner": lambda f: f.update(partners=f["partners"][:1]),
    "budget kind": lambda f: f["budget"][0].update(kind="loan"),
    "negative amount": lambda f: f["budget"][0].update(amount=-1),
    "start date": lambda f: f.update(start="next year"),
    "duration": lambda f: f.update(duration_years=50),
    "management": lambda f: f["management"][0].update(partner="Somewhere else"),
}


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("name", BAD_FIELDS)
def test_bad_fields_are_explained_in_the_readers_language(language, name):
    from m4d.i18n import use_language
    from tests.i18n_widget_catalogue import message_in

    fields = example_fields("new")
    BAD_FIELDS[name](fields)
    with pytest.raises(InputError) as english:
        build_agreement(copy.deepcopy(fields))
    with use_language(language), pytest.raises(InputError) as shown:
        build_agreement(copy.deepcopy(fields))
    assert str(shown.value) != str(english.value)
    assert message_in(language, str(english.value), str(shown.value)), (str(english.value), str(shown.value))
