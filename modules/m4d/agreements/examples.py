"""Illustrative agreement fields to start from, in the reader's language.

The two sample agreements (a new memorandum between two fictional cities, and
the revision of a fictional twinning agreement) are made up for teaching: every
name, figure and date in them is illustrative and says so. Their texts are
messages of the ``m4d`` catalogue, so a French or Spanish reader starts from a
French or Spanish example; the codes (a stakeholder's or budget line's
``kind``, the start date, the currency) stay as the builder reads them.
"""
from __future__ import annotations

import copy
from typing import Any

from m4d.agreements.elements import check_mode
from m4d.i18n import N_, _

#: The fields whose values are codes the builder reads, never translated.
CODE_FIELDS = frozenset({"kind", "start", "currency"})

EXAMPLES: dict[str, dict[str, Any]] = {
    "new": {
        "title": N_("Illustrative memorandum of understanding between the City of Northbay and the Municipality of Southport"),
        "partners": [
            {"name": N_("City of Northbay"), "country": N_("Country of destination (illustrative)"), "level": N_("municipality"), "signatory": N_("the Mayor")},
            {"name": N_("Municipality of Southport"), "country": N_("Country of origin (illustrative)"), "level": N_("municipality"), "signatory": N_("the President of the Municipal Council")},
        ],
        "aim": N_("Within three years, help young people of Southport and Southport migrants settled in Northbay to start and grow small businesses in both cities, drawing on the skills and savings of the diaspora."),
        "areas_of_cooperation": [
            N_("local economic development"),
            N_("governance"),
            N_("employment"),
        ],
        "actions": [
            N_("Set up a one-stop desk for migrant entrepreneurs in each city, open at least three days a week by the end of year 1"),
            N_("Train 120 young people and returned migrants in business planning, half of them women"),
            N_("Hold two study visits a year between the two cities' local development departments"),
        ],
        "expected_results": [
            N_("60 new businesses registered, of which at least 20 led by migrants or returned migrants"),
            N_("A joint register of diaspora investors and mentors used by both desks"),
        ],
        "stakeholders": [
            {"name": N_("Association of Southport Migrants in Northbay"), "kind": "diaspora", "role": N_("co-designs the desk's services and mobilises mentors")},
            {"name": N_("Northbay Chamber of Commerce"), "kind": "private_sector", "role": N_("offers mentoring and market contacts")},
            {"name": N_("University of Southport"), "kind": "knowledge", "role": N_("runs the baseline survey and the final evaluation")},
            {"name": N_("Southport Youth Network"), "kind": "cso", "role": N_("reaches young people and follows them up")},
        ],
        "monitoring": N_("The joint committee reviews progress every six months against a baseline survey carried out in the first three months; an external evaluation is made in the last year and discussed with all stakeholders."),
        "indicators": [
            N_("Number of businesses registered through the desks, by sex and migration status of the founder"),
            N_("Share of trained people running a business one year after training"),
            N_("Number of diaspora mentors active"),
        ],
        "coherence": N_("The actions follow the employment chapter of Northbay's development plan and the youth and local economic development priorities of Southport's municipal development plan."),
        "sdgs": [
            N_("8.3 Decent job creation, entrepreneurship and small enterprises"),
            N_("10.7 Orderly, safe, regular and responsible migration"),
            N_("17.17 Effective public and civil society partnerships"),
        ],
        "start": "2026-01-01",
        "duration_years": 3,
        "milestones": [
            N_("Desks open: month 12"),
            N_("Mid-term review: month 18"),
            N_("Final evaluation: month 36"),
        ],
        "currency": "EUR",
        "budget": [
            {"source": N_("City of Northbay own budget"), "amount": 90000, "kind": "cash"},
            {"source": N_("Municipality of Southport own budget"), "amount": 30000, "kind": "cash"},
            {"source": N_("Municipality of Southport office space and staff time"), "amount": 25000, "kind": "in kind"},
            {"source": N_("Northbay Chamber of Commerce mentoring"), "amount": 15000, "kind": "in kind"},
        ],
        "management": [
            {"partner": N_("City of Northbay"), "unit": N_("Department of International Cooperation"), "responsibility": N_("coordinates the partnership and manages its budget")},
            {"partner": N_("Municipality of Southport"), "unit": N_("Local Development Office"), "responsibility": N_("runs the desk in Southport and reports on progress")},
        ],
        "governance": N_("A joint committee of two elected representatives and two technical officers from each city, with one seat for the migrant association, meets twice a year, decides by consensus and publishes its minutes."),
    },
    "revision": {
        "title": N_("Illustrative revision of the twinning agreement between the City of Eastvale and the Municipality of Westhill"),
        "partners": [
            {"name": N_("City of Eastvale"), "country": N_("Country A (illustrative)"), "level": N_("municipality")},
            {"name": N_("Municipality of Westhill"), "country": N_("Country B (illustrative)"), "level": N_("municipality")},
        ],
        "aim": N_("Extend the partnership's work on water and sanitation so that it also improves the reception of migrants in both cities and involves the Westhill diaspora in Eastvale in the choice of projects."),
        "actions": [
            N_("Open a welcome point for newly arrived migrants in each city within 12 months"),
            N_("Involve the diaspora association in selecting and co-funding two water projects a year"),
        ],
        "expected_results": [
            N_("Newly arrived migrants in both cities know where to find basic services"),
            N_("Water projects chosen with the diaspora and co-funded by it"),
        ],
        "stakeholders": [
            {"name": N_("Westhill Diaspora Association in Eastvale"), "kind": "diaspora", "role": N_("joins the joint committee and co-selects projects")},
            {"name": N_("Eastvale Red Cross branch"), "kind": "cso", "role": N_("staffs the welcome point")},
        ],
        "monitoring": N_("The existing annual review now includes the migration work, with the new indicators below."),
        "indicators": [
            N_("Number of people served by each welcome point, by sex and age"),
            N_("Share of water projects co-funded by the diaspora"),
        ],
        "coherence": N_("The welcome points apply the inclusion strategy of Eastvale and the migration chapter of Westhill's development plan."),
        "sdgs": [
            N_("6.1 Safe and affordable drinking water"),
            N_("10.7 Orderly, safe, regular and responsible migration"),
        ],
        "start": "2026-07-01",
        "duration_years": 2,
        "milestones": [
            N_("Welcome points open: month 12"),
        ],
        "currency": "EUR",
        "budget": [
            {"source": N_("City of Eastvale own budget"), "amount": 40000, "kind": "cash"},
            {"source": N_("Westhill Diaspora Association"), "amount": 8000, "kind": "cash"},
            {"source": N_("Municipality of Westhill staff time"), "amount": 12000, "kind": "in kind"},
        ],
        "management": [
            {"partner": N_("City of Eastvale"), "unit": N_("Department of International Relations, with the Migration Unit"), "responsibility": N_("coordinates and reports")},
            {"partner": N_("Municipality of Westhill"), "unit": N_("Social Services Department"), "responsibility": N_("runs the Westhill welcome point")},
        ],
        "governance": N_("The existing joint committee adds a seat for the diaspora association and a migration item to each of its two yearly meetings."),
        "existing_agreement": N_("the twinning agreement of 12 May 2015 (illustrative)"),
    },
}


def _shown(value: Any, field: str | None = None) -> Any:
    if isinstance(value, str):
        return value if field in CODE_FIELDS else _(value)
    if isinstance(value, list):
        return [_shown(v, field) for v in value]
    if isinstance(value, dict):
        return {k: _shown(v, k) for k, v in value.items()}
    return value


def example_fields(mode: str = "new") -> dict[str, Any]:
    """Fields of an illustrative agreement of this mode, in the reader's language, ready to edit and build."""
    check_mode(mode)
    return _shown(copy.deepcopy(EXAMPLES[mode]))
