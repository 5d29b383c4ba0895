"""The toolbox's translation mechanism (m4d.i18n): which language is chosen, how catalogues are
read, and that quizzes, the case library and data show translated text while their codes, order
and numbers stay what the English has."""
from __future__ import annotations

import json
import re
import textwrap
from html import unescape
from pathlib import Path

import pytest

import m4d
from m4d import i18n
from m4d.errors import InputError
from m4d.i18n import catalogues, languages as language_module

ROOT = Path(__file__).resolve().parents[1]


def _po(entries: str, language: str, plural: str | None = None) -> str:
    header = f'"Language: {language}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    if plural:
        header += f'"Plural-Forms: {plural}\\n"\n'
    return f'msgid ""\nmsgstr ""\n{header}\n' + textwrap.dedent(entries)


@pytest.fixture
def locales(tmp_path, monkeypatch):
    """An empty locales folder that the toolbox reads instead of the course's."""
    monkeypatch.setenv("M4D_LOCALES", str(tmp_path))
    monkeypatch.setattr(language_module, "_chosen", None)
    for variable in ("M4D_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)

    def write(domain: str, language: str, entries: str, plural: str | None = None) -> Path:
        path = tmp_path / language / "LC_MESSAGES" / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_po(entries, language, plural), encoding="utf-8")
        return path

    return write


@pytest.mark.parametrize("environment, expected", [
    ({}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANGUAGE": "de:es:fr", "LANG": "fr_FR.UTF-8"}, "es"),
    ({"LC_ALL": "es_EC.UTF-8", "LANG": "fr_FR.UTF-8"}, "es"),
    ({"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"M4D_LANG": "fr", "LC_ALL": "es_ES.UTF-8"}, "fr"),
])
def test_language_follows_the_build_then_the_users_locale_in_gettexts_order(locales, monkeypatch, environment, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.language() == expected


def test_set_language_wins_over_the_environment_and_use_language_restores_it(locales, monkeypatch):
    monkeypatch.setenv("M4D_LANG", "es")
    assert i18n.set_language("fr-CA") == "fr"
    with i18n.use_language("en"):
        assert i18n.language() == "en"
    assert i18n.language() == "fr"
    i18n.set_language(None)
    assert i18n.language() == "es"
    with pytest.raises(InputError, match="not translated into 'de'"):
        i18n.set_language("de")


def test_messages_are_translated_fuzzy_and_missing_ones_stay_english(locales):
    locales("m4d", "fr", '''
        msgid "Search the cases"
        msgstr "Chercher dans les cas"

        #, fuzzy
        msgid "Clear filters"
        msgstr "Effacer"

        msgid "Sector"
        msgstr ""
        ''')
    with i18n.use_language("fr"):
        assert i18n._("Search the cases") == "Chercher dans les cas"
        assert i18n._("Clear filters") == "Clear filters"   # fuzzy: the English changed since
        assert i18n._("Sector") == "Sector"                 # not translated yet
        assert i18n._("Never seen") == "Never seen"
    assert i18n._("Search the cases") == "Search the cases"


def test_plurals_follow_each_languages_rules(locales):
    # French uses the singular for 0 and 1, English the plural for 0: the catalogue's rule decides.
    locales("m4d", "fr", '''
        msgid "{n} example"
        msgid_plural "{n} examples"
        msgstr[0] "{n} exemple"
        msgstr[1] "{n} exemples"
        ''', plural="nplurals=2; plural=(n > 1);")
    assert i18n.ngettext("{n} example", "{n} examples", 0) == "{n} examples"
    with i18n.use_language("fr"):
        assert i18n.ngettext("{n} example", "{n} examples", 0) == "{n} exemple"
        assert i18n.ngettext("{n} example", "{n} examples", 1) == "{n} exemple"
        assert i18n.ngettext("{n} example", "{n} examples", 2) == "{n} exemples"


def test_a_changed_catalogue_is_read_again_without_restarting(locales):
    path = locales("m4d", "es", 'msgid "Sector"\nmsgstr "Sector"\n')
    with i18n.use_language("es"):
        assert i18n._("Sector") == "Sector"
        path.write_text(_po('msgid "Sector"\nmsgstr "Ámbito"\n', "es"), encoding="utf-8")
        import os
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
        assert i18n._("Sector") == "Ámbito"


def test_a_broken_catalogue_is_reported_with_its_file_and_what_to_do(locales):
    # A translator deleted a msgstr line: the next msgid follows a msgid.
    path = locales("m4d", "fr", 'msgid "Sector"\nmsgid "Direction"\nmsgstr "Direction"\n')
    with i18n.use_language("fr"), pytest.raises(InputError, match=r"cannot be read.*Poedit"):
        i18n._("Sector")
    assert str(path) in str(catalogues.catalogue_path("m4d", "fr"))


QUIZ = [
    {"question": "Which partner?", "type": "multiple_choice", "answers": [
        {"answer": "The region", "correct": False, "feedback": "No: the region has no say here, because ..."},
        {"answer": "The city", "correct": True, "feedback": "Yes: the city runs the service, so ..."}]},
    {"question": "How many?", "type": "numeric", "precision": 2, "answers": [
        {"type": "value", "value": 3.3, "correct": True, "feedback": "Right: 432 / 132."},
        {"type": "default", "feedback": "Divide remittances by aid."}]},
]


def test_quiz_texts_are_translated_and_order_values_and_flags_are_not(locales):
    locales("quizzes/m9_01", "fr", '''
        msgid "Which partner?"
        msgstr "Quel partenaire ?"

        msgid "The city"
        msgstr "La ville"

        msgid "Yes: the city runs the service, so ..."
        msgstr "Oui : la ville gère le service, donc ..."

        msgid "Divide remittances by aid."
        msgstr "Divisez les envois de fonds par l'aide."
        ''')
    shown = i18n.translate_quiz(QUIZ, "book/m9/quizzes/m9_01.json", "fr")
    assert shown[0]["question"] == "Quel partenaire ?"
    assert [a["answer"] for a in shown[0]["answers"]] == ["The region", "La ville"]   # untranslated stays English
    assert [a["correct"] for a in shown[0]["answers"]] == [False, True]
    assert shown[1]["answers"][0]["value"] == 3.3 and shown[1]["precision"] == 2
    assert shown[1]["answers"][1]["feedback"] == "Divisez les envois de fonds par l'aide."
    assert QUIZ[0]["question"] == "Which partner?", "the quiz file's questions are not changed in place"
    assert i18n.translate_quiz(QUIZ, "quizzes/m9_01.json", "en") is QUIZ


def test_every_quiz_text_a_learner_reads_is_extracted_once_per_occurrence():
    from m4d.i18n.quizzes import quiz_messages

    found = dict((where, text) for text, where in quiz_messages(QUIZ))
    assert found == {
        "q1.question": "Which partner?", "q1.answers[1].answer": "The region",
        "q1.answers[1].feedback": "No: the region has no say here, because ...",
        "q1.answers[2].answer": "The city", "q1.answers[2].feedback": "Yes: the city runs the service, so ...",
        "q2.question": "How many?", "q2.answers[1].feedback": "Right: 432 / 132.",
        "q2.answers[2].feedback": "Divide remittances by aid.",
    }


def _script_defaults() -> dict:
    """The English words written in the quiz script itself (its ``M`` object), read as JSON."""
    script = (Path(m4d.__file__).parent / "quiz_static" / "quiz.js").read_text(encoding="utf-8")
    block = re.search(r"var M = (\{.*?\n  \});", script, re.S).group(1)
    return json.loads(re.sub(r"^(\s+)(\w+):", r'\1"\2":', block, flags=re.M))


def test_the_quiz_scripts_english_words_are_the_catalogues_msgids_and_english_html_carries_none():
    from m4d.quiz_rendering import quiz_html, script_messages

    with i18n.use_language("en"):
        assert _script_defaults() == script_messages()
        html = quiz_html(QUIZ, "m9_01")
    assert "data-m4d-messages=" not in html
    assert ">Check</button>" in html and "Question 1 of 2." in html and 'aria-label="Self-check"' in html


def test_a_quiz_in_french_shows_its_own_words_and_gives_the_script_translated_verdicts(locales):
    from m4d.quiz_rendering import quiz_html

    locales("m4d", "fr", '''
        msgctxt "check a quiz answer"
        msgid "Check"
        msgstr "Vérifier"

        msgid "Question {number} of {total}."
        msgstr "Question {number} sur {total}."

        msgid "Self-check"
        msgstr "Autoévaluation"

        msgid "Not this one."
        msgstr "Pas celle-ci."

        msgid "Not yet: {found} of {total} right answers chosen, and {wrong} that does not apply."
        msgid_plural "Not yet: {found} of {total} right answers chosen, and {wrong} that do not apply."
        msgstr[0] "Pas encore : {found} sur {total} bonnes réponses choisies, et {wrong} en trop."
        msgstr[1] "Pas encore : {found} sur {total} bonnes réponses choisies, et {wrong} en trop (pl)."
        ''', plural="nplurals=2; plural=(n > 1);")
    with i18n.use_language("fr"):
        html = quiz_html(QUIZ, "m9_01")
    assert ">Vérifier</button>" in html and "Question 2 sur 2." in html and 'aria-label="Autoévaluation"' in html
    given = re.search(r'data-m4d-messages="([^"]+)"', html).group(1)
    words = json.loads(unescape(given))
    assert words["wrong"] == "Pas celle-ci."
    assert words["right"] == "Right.", "an untranslated word stays English"
    assert words["notYetExtra"][0].endswith("en trop.") and words["notYetExtra"][1].endswith("(pl).")
    assert set(words) == set(_script_defaults()), "the script finds every word it says"


def test_case_library_table_is_translated_but_its_filters_keep_the_english_codes(locales):
    from m4d.cases import case_table_html, load_cases

    locales("m4d", "fr", '''
        msgid "Sector"
        msgstr "Secteur"

        msgid "Search the cases"
        msgstr "Chercher dans les cas"

        msgid "Showing {shown} of {total} example."
        msgid_plural "Showing {shown} of {total} examples."
        msgstr[0] "{shown} cas affiché sur {total}."
        msgstr[1] "{shown} cas affichés sur {total}."
        ''', plural="nplurals=2; plural=(n > 1);")
    locales("datasets", "fr", '''
        msgctxt "cases.sectors"
        msgid "health"
        msgstr "santé"

        msgctxt "cases.title"
        msgid "Local migration data in Calabarzon, Philippines"
        msgstr "Des données migratoires locales au Calabarzon (Philippines)"
        ''')
    english = case_table_html()
    with i18n.use_language("fr"):
        french = case_table_html()
    n = len(load_cases())
    assert '<label for="case-library-sector">Secteur</label>' in french
    assert '<option value="health">santé</option>' in french          # value: the code the rows carry
    assert french.count('data-sectors="') == english.count('data-sectors="')
    assert "Des données migratoires locales au Calabarzon (Philippines)" in french
    assert f"{n} cas affichés sur {n}." in french
    assert 'data-template="{shown} cas affichés sur {total}."' in french
    # A French reader finds a case by the French or by the English words.
    row = french.split("<tr ")[1]
    assert "des donnees migratoires locales" in row and "local migration data in calabarzon" in row
    assert "<label for=\"case-library-sector\">Sector</label>" in english


def test_data_translation_is_for_display_only(locales):
    from m4d import datasets
    from m4d.i18n import translate_frame

    locales("datasets", "es", 'msgctxt "cases.sectors"\nmsgid "health"\nmsgstr "salud"\n')
    cases = datasets.load("cases")
    with i18n.use_language("es"):
        shown = translate_frame(cases, "cases")
    assert any("salud" in s for s in shown["sectors"])
    assert not any("salud" in s for s in cases["sectors"]), "the loaded data keeps its codes"
    assert shown["id"].tolist() == cases["id"].tolist()


def test_every_translatable_column_exists_and_every_vocabulary_value_is_offered_for_translation():
    from m4d import datasets
    from m4d.i18n.data import data_messages, translatable_columns

    messages = {(context, value) for context, value, _ in data_messages()}
    for field in datasets.resource("cases")["schema"]["fields"]:
        if field["name"] in translatable_columns("cases"):
            for value in field.get("m4d:vocabulary", []):
                assert ("cases." + field["name"], value) in messages
    titles = {value for context, value in messages if context == "cases.title"}
    assert titles == set(datasets.load("cases")["title"])


def test_toolbox_template_holds_the_marked_strings_of_the_package_and_not_unmarked_ones():
    from m4d.i18n.extract import toolbox_template

    template = toolbox_template(ROOT / "modules" / "m4d", ROOT / "book")
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert {"Search the cases", "Kind of initiative", "Where the examples of the JMDI guidelines take place",
            "Not yet: {found} of {total} right answers chosen.", "Showing {shown} of {total} example."} <= ids
    # The case library's citation helper is English API output, not a marked message.
    assert not any(i.startswith("JMDI (2017), Example") for i in ids)


def test_todo_and_fill_round_trip_a_catalogue_and_clear_fuzzy(tmp_path):
    from babel.messages.pofile import read_po

    from m4d.i18n.cli import fill_catalogue, parse_blocks

    po = tmp_path / "x.po"
    po.write_text(_po('''
        msgid "First paragraph."
        msgstr ""

        #, fuzzy
        msgid "Second paragraph, changed."
        msgstr "Deuxième paragraphe."
        ''', "fr"), encoding="utf-8")
    from m4d.i18n.cli import _entry_key

    with po.open("rb") as fh:
        keys = [_entry_key(m) for m in read_po(fh) if m.id]
    text = f"@@ {keys[0]}\n# First paragraph.\nPremier\nparagraphe.\n\n@@ {keys[1]} fuzzy\n# Second...\nDeuxième paragraphe, modifié.\n"
    filled, unknown = fill_catalogue(po, parse_blocks(text))
    assert (filled, unknown) == (2, [])
    with po.open("rb") as fh:
        entries = {m.id: m for m in read_po(fh) if m.id}
    assert entries["First paragraph."].string == "Premier paragraphe."
    assert entries["Second paragraph, changed."].string == "Deuxième paragraphe, modifié."
    assert not entries["Second paragraph, changed."].fuzzy
