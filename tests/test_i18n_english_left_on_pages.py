"""No English sentence on a page of the French or Spanish edition (issue 17: everything a reader sees
is translated), read from the editions the suite builds once (tests/conftest.py): the pages' text,
their pictures' and charts' words, their alternative texts and the notebooks' printed outputs
(tests/english_sentences.py says what a run is and when it reads as English).

Text made by code comes out English when the code does not translate it; the catalogues' coverage
cannot see that, the built page can."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.english_sentences import english_runs
from tests.site_browser import book_pages

pytestmark = pytest.mark.slow

TRANSLATED = ("fr", "es")

#: Pages whose English is known, with where it comes from. A page leaves the list when its code is
#: converted (the test fails until it does, so that the list only shrinks).
KNOWN_ENGLISH = {
    "book/m3_decentralised_cooperation/m3_12_activity_agreement_builder.html":
        "the agreement draft is English by design (CONTRIBUTING); the lesson quotes it",
}


@pytest.fixture(scope="module")
def english_left(editions_site) -> dict[str, list[str]]:
    """Page -> its English runs ("fr: where: text"), in both translated editions."""
    found: dict[str, list[str]] = {}
    for language in TRANSLATED:
        edition = Path(editions_site) / language
        pictures: dict = {}
        for rel in book_pages(edition):
            for where, text in english_runs(edition / rel, language, pictures):
                found.setdefault(rel, []).append(f"{language}: {where}: {text[:160]}")
    return found


def test_french_and_spanish_pages_have_no_english_sentence(english_left):
    unexpected = {page: runs for page, runs in english_left.items() if page not in KNOWN_ENGLISH}
    lines = [f"{page}\n    " + "\n    ".join(sorted(set(runs))[:12]) for page, runs in sorted(unexpected.items())]
    assert not unexpected, f"{len(unexpected)} translated pages show English:\n" + "\n".join(lines)


def test_pages_known_to_show_english_still_do(english_left):
    converted = sorted(set(KNOWN_ENGLISH) - set(english_left))
    assert not converted, f"no English left on these pages: remove them from KNOWN_ENGLISH: {converted}"


@pytest.mark.parametrize("text, language", [
    ("Show the interactive chart (loads about 396 kB)", "fr"),
    ("the 28 examples of the JMDI guidelines by Module 4 sector, kind of initiative and direction.", "es"),
    ("Between October 2011 and December 2013, 62% of the 45 parents trained became facilitators", "fr"),
])
def test_an_english_sentence_is_english(text, language):
    from tests.english_sentences import english_share

    assert english_share(text, language)


@pytest.mark.parametrize("text, language", [
    ("Afficher le graphique interactif (environ 396 ko à charger)", "fr"),
    ("Le partenariat entre la Toscane et Kasserine a renforcé la santé maternelle et infantile.", "fr"),
    ("Mostrar el gráfico interactivo (descarga unos 396 kB)", "es"),
    ("La asociación entre Toscana y Kasserine reforzó la salud materna e infantil.", "es"),
    ("Parents on the Spot, Hambourg", "fr"),  # a project's name
    ("UN-Habitat, UCLG", "es"),  # names, fewer than four words
])
def test_a_french_or_spanish_sentence_or_a_name_is_not(text, language):
    from tests.english_sentences import english_share

    assert not english_share(text, language)


def test_words_marked_not_to_be_translated_are_not_read_as_english(tmp_path):
    """HTML's translate="no" (a form's codes in m6_06) keeps words out; the same words unmarked are read."""
    from tests.english_sentences import english_runs

    words = "select_one yes_no of the household and the people with them"
    for marked, expected in (("", 1), (' translate="no"', 0)):
        page = tmp_path / f"page{len(marked)}.html"
        page.write_text(f'<html lang="fr"><body><main><table><tr><td><span{marked}>{words}</span></td></tr>'
                        f"</table></main></body></html>", encoding="utf-8")
        assert len(english_runs(page, "fr", {})) == expected, marked
