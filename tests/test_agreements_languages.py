"""The agreement checker reads drafts written in French and Spanish as well as English, whatever the reader's
language (an agreement's language is the partners' choice), and speaks to a French or Spanish reader in their
language: the element's name, the words that count in a heading and the guidance, from the catalogues.

The drafts below are written as a French or Spanish officer would head them, not taken from the catalogue."""
from __future__ import annotations

import re

import pytest

from m4d.agreements import check_agreement, minimum_elements
from m4d.i18n import use_language
from tests.widget_translation import catalogue

FRENCH = """# Protocole d'accord entre la Commune de Saint-Louis et la Ville de Lyon

## 1. Partenaires signataires
La Commune de Saint-Louis (Sénégal), représentée par son maire, et la Ville de Lyon (France), représentée par son adjointe aux relations internationales.

## 2. Objectifs du partenariat
Améliorer l'accueil des jeunes qui reviennent de l'étranger et leur accès à un premier emploi dans la commune.

## 3. Plan de travail
Un guichet d'orientation ouvre à Saint-Louis ; des conseillers lyonnais forment ses agents pendant deux missions par an.

## 4. Résultats attendus
Trois cents jeunes orientés chaque année et un service d'orientation que la commune gère seule à la fin.

## 5. Acteurs associés
Les associations de la diaspora sénégalaise de Lyon, la chambre de métiers et l'université Gaston-Berger participent au comité.

## 6. Suivi et évaluation
Le comité examine chaque semestre les indicateurs : jeunes orientés, jeunes en emploi six mois après.

## 7. Cohérence avec les plans de développement
Le projet s'inscrit dans le plan communal de développement de Saint-Louis et dans la politique de solidarité de Lyon.

## 8. Contribution aux ODD
Le partenariat contribue aux cibles 8.6 et 10.7 des objectifs de développement durable.

## 9. Durée et calendrier
L'accord entre en vigueur à sa signature pour trois ans, avec une revue à mi-parcours.

## 10. Budget et financement
Chaque ville apporte la moitié du coût, en numéraire et en temps de personnel valorisé.

## 11. Mise en œuvre
La direction des relations internationales de chaque ville est chargée du suivi quotidien.

## 12. Comité de pilotage
Un comité mixte de six membres, trois par ville, se réunit deux fois par an et décide par consensus.
"""

SPANISH = """# Acuerdo de hermanamiento entre el Municipio de Cuenca y el Ayuntamiento de Murcia

## 1. Partes firmantes
El Gobierno Autónomo Descentralizado de Cuenca (Ecuador) y el Ayuntamiento de Murcia (España), representados por sus alcaldes.

## 2. Objetivos de la asociación
Reforzar los servicios de orientación para las familias de migrantes y las personas retornadas en ambas ciudades.

## 3. Acciones previstas
Intercambio de técnicos municipales, formación conjunta y una ventanilla de información en cada ciudad.

## 4. Resultados esperados
Dos ventanillas en funcionamiento y cuatrocientas familias orientadas cada año al final del acuerdo.

## 5. Actores participantes
Las asociaciones de ecuatorianos en Murcia, la Universidad de Cuenca y la cámara de comercio participan en el diseño.

## 6. Seguimiento y evaluación
Un informe semestral recoge los indicadores acordados: familias atendidas y derivaciones a servicios.

## 7. Coherencia con los planes de desarrollo
Las acciones se integran en el plan de desarrollo cantonal de Cuenca y en el plan municipal de cooperación de Murcia.

## 8. Alineación con los ODS
La asociación contribuye a las metas 10.7 y 11.3 de los Objetivos de Desarrollo Sostenible.

## 9. Cronograma
El acuerdo entra en vigor al firmarse y dura cuatro años, con una revisión cada dos años.

## 10. Presupuesto
Cada ayuntamiento aporta su parte en efectivo y en especie, según el anexo financiero.

## 11. Gestión
La oficina de relaciones internacionales de cada ayuntamiento está a cargo de la ejecución diaria.

## 12. Gobernanza
Un comité mixto de los dos ayuntamientos y de las asociaciones se reúne cada seis meses.
"""

DRAFTS = {"fr": FRENCH, "es": SPANISH}


def _sections(draft: str) -> list[str]:
    return re.split(r"(?m)^(?=## )", draft)


@pytest.mark.parametrize("draft_language", DRAFTS)
@pytest.mark.parametrize("reader", ["en", "fr", "es"])
def test_a_complete_french_or_spanish_draft_is_complete_for_a_reader_of_any_language(draft_language, reader):
    with use_language(reader):
        report = check_agreement(DRAFTS[draft_language])
    assert report.complete, report.summary()


@pytest.mark.parametrize("draft_language", DRAFTS)
def test_dropping_any_section_of_a_french_or_spanish_draft_reports_that_element_only(draft_language):
    parts = _sections(DRAFTS[draft_language])
    for n, element in enumerate(minimum_elements("new"), start=1):
        draft = "".join(p for i, p in enumerate(parts) if i != n)
        assert check_agreement(draft).missing == [element.name], parts[n].splitlines()[0]


def test_french_placeholders_and_a_monitoring_section_without_indicators_are_caught():
    draft = FRENCH.replace("Chaque ville apporte la moitié du coût, en numéraire et en temps de personnel valorisé.",
                           "À compléter.")
    draft = draft.replace("Le comité examine chaque semestre les indicateurs : jeunes orientés, jeunes en emploi "
                          "six mois après.", "Le comité examine chaque semestre les progrès et les difficultés.")
    found = {e.element: e.status for e in check_agreement(draft).elements}
    assert found["budget"] == "empty" and found["monitoring_evaluation"] == "incomplete"
    assert [k for k, v in found.items() if v != "present"] == ["monitoring_evaluation", "budget"]


@pytest.mark.parametrize("language", DRAFTS)
@pytest.mark.parametrize("mode", ["new", "revision"])
def test_every_translated_element_name_is_recognised_as_the_heading_of_its_element(language, mode):
    # The checker tells a French or Spanish reader to add a section headed with the translated name:
    # that heading must then count, for its own element.
    names = catalogue(language, "datasets")
    for element in minimum_elements(mode):
        heading = names[("agreement_elements.name", element.name)]
        draft = f"# Accord\n\n## {heading}\n\n" + "Texte de la section, avec indicateur, plan, service, migration et diaspora.\n"
        statuses = {e.element: e.status for e in check_agreement(draft, mode).elements}
        assert statuses[element.element] == "present", (heading, statuses[element.element])


@pytest.mark.parametrize("language", DRAFTS)
def test_a_french_or_spanish_reader_is_told_what_is_missing_in_their_language(language):
    names = catalogue(language, "datasets")
    draft = "".join(p for i, p in enumerate(_sections(DRAFTS[language])) if i != 9)  # no timeline
    with use_language(language):
        report = check_agreement(draft)
        summary = report.summary()
    timeline = {e.element: e for e in report.elements}["timeline"]
    assert report.missing == ["Timeline"], "the result keeps the English name, as programs use it"
    assert names[("agreement_elements.name", "Timeline")] in timeline.message
    assert names[("agreement_elements.guidance", "When the agreement starts, how long it runs and its milestones.")] \
        in timeline.message
    # The words that count in a heading are the reader's language's, with their accents.
    keywords = names[("agreement_elements.heading_keywords", "timeline")].split(";")[0].strip().lower()
    assert keywords in timeline.message and "timeline" not in timeline.message
    assert f"- {names[('agreement_elements.name', 'Timeline')]} (" in summary


def test_an_elements_name_in_any_language_names_that_element_only():
    from m4d.agreements.checker import elements_named

    confused = []
    for mode in ("new", "revision"):
        elements = minimum_elements(mode)
        for language in ("en", *DRAFTS):
            names = catalogue(language, "datasets") if language != "en" else {}
            for element in elements:
                name = names.get(("agreement_elements.name", element.name), element.name)
                named = [e.element for e in elements_named(elements, name)]
                if named != [element.element]:
                    confused.append((mode, language, name, named))
    assert confused == []


# A heading in one language holds a keyword of another element in another language: the French and
# Spanish stakeholders and SDG headings below hold the English "parties" (partners) and the French or
# Spanish "objectif"/"objetivo" (aim). Each must count for its own element only.
OVERLAPS = {
    "fr": {"stakeholders": "Parties prenantes", "sdgs": "Objectifs de développement durable"},
    "es": {"stakeholders": "Partes interesadas", "sdgs": "Objetivos de Desarrollo Sostenible"},
    "en": {"stakeholders": "Stakeholders to engage", "sdgs": "Sustainable Development Goals"},
}
NEIGHBOURS = {"stakeholders": "partners", "sdgs": "aim"}


@pytest.mark.parametrize("language", OVERLAPS)
@pytest.mark.parametrize("element", NEIGHBOURS)
def test_a_stakeholders_or_sdg_heading_does_not_stand_for_the_partners_or_the_aim(language, element):
    body = "Les associations, la chambre de métiers et l'université participent ; the city and its partners.\n"
    draft = f"# Accord\n\n## {OVERLAPS[language][element]}\n\n{body}"
    with use_language(language):
        found = {e.element: e for e in check_agreement(draft).elements}
    assert found[element].status == "present"
    assert found[NEIGHBOURS[element]].status == "missing", found[NEIGHBOURS[element]]


def test_english_headings_that_name_two_elements_with_different_words_still_name_both():
    from m4d.agreements.checker import elements_named

    elements = minimum_elements("new")
    assert [e.element for e in elements_named(elements, "Parties to the agreement")] == ["partners"]
    assert [e.element for e in elements_named(elements, "Aim and expected results")] == ["aim", "expected_results"]
    assert [e.element for e in elements_named(elements, "Budget and management")] == ["budget", "management"]
