"""Errors of the agreement checker's file reader and of Module 4's vocabulary and plans, and the
areas of cooperation of a draft, in the reader's language (issue 17)."""
from __future__ import annotations

import pytest

from m4d.errors import InputError
from m4d.i18n import use_language


@pytest.mark.parametrize("lang, words", [("en", "does not exist"), ("fr", "n'existe pas"), ("es", "no existe")])
def test_a_missing_draft_is_explained_in_the_readers_language(tmp_path, lang, words):
    from m4d.agreements.draft import read_draft

    with use_language(lang), pytest.raises(InputError) as caught:
        read_draft(tmp_path / "agreement.md")
    assert words in str(caught.value) and "agreement.md" in str(caught.value)


@pytest.mark.parametrize("lang, words", [("en", "is not UTF-8 text"), ("fr", "n'est pas un texte en UTF-8"),
                                         ("es", "no es un texto en UTF-8")])
def test_a_draft_in_another_encoding_is_explained_in_the_readers_language(tmp_path, lang, words):
    from m4d.agreements.draft import read_draft

    draft = tmp_path / "accord.txt"
    draft.write_bytes("Parties : la Région\n".encode("latin-1"))
    with use_language(lang), pytest.raises(InputError, match=words):
        read_draft(draft)


@pytest.mark.parametrize("lang, words", [("en", "the checker reads Markdown"), ("fr", "le vérificateur lit"),
                                         ("es", "el verificador lee")])
def test_a_draft_in_an_unread_format_names_the_formats_in_the_readers_language(tmp_path, lang, words):
    from m4d.agreements.draft import read_draft

    with use_language(lang), pytest.raises(InputError, match=words) as caught:
        read_draft(tmp_path / "accord.pdf")
    assert "accord.pdf" in str(caught.value)


@pytest.mark.parametrize("lang, words", [("en", "is not a sector of Module 4"), ("fr", "n'est pas un secteur du module 4"),
                                         ("es", "no es un sector del módulo 4")])
def test_an_unknown_sector_is_explained_in_the_readers_language(lang, words):
    from m4d.initiatives.vocabulary import sector_code

    with use_language(lang), pytest.raises(InputError, match=words) as caught:
        sector_code("tourism")
    assert "'tourism'" in str(caught.value)


@pytest.mark.parametrize("lang, words", [("en", "No kind of initiative is given"),
                                         ("fr", "Aucun type d'initiative n'est indiqué"),
                                         ("es", "No se indica ningún tipo de iniciativa")])
def test_a_missing_kind_of_initiative_is_explained_in_the_readers_language(lang, words):
    from m4d.initiatives.vocabulary import kind_code

    with use_language(lang), pytest.raises(InputError, match=words):
        kind_code("  ")


@pytest.mark.parametrize("lang, words", [("en", "A plan has no part"), ("fr", "Un plan n'a pas de partie"),
                                         ("es", "Un plan no tiene ninguna parte")])
def test_an_unknown_part_of_a_plan_is_explained_in_the_readers_language(lang, words):
    from m4d.initiatives.plan import part_columns

    with use_language(lang), pytest.raises(InputError, match=words) as caught:
        part_columns("budget")
    assert "'budget'" in str(caught.value) and "cost_lines" in str(caught.value)


@pytest.mark.parametrize("lang, separator", [("fr", "\u00a0; "), ("es", "; "), ("en", "; ")])
def test_areas_of_cooperation_are_separated_as_the_language_writes_a_semicolon(lang, separator):
    from m4d.agreements.builder import semicolon_list

    with use_language(lang):
        joined = semicolon_list(["santé maternelle", "formation"])
    assert joined == "santé maternelle" + separator + "formation"
    # French never leaves ";" at the start of a line: the space before it does not break.
    assert " ;" not in joined
