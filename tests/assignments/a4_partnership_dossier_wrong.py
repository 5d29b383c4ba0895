"""Plausible wrong answers for assignment A4 (the partnership dossier).

- ``partner``: the learner weighs what is easy to see (the size of the group and the
  partner's resources) and gives associations only 10 %, against the council's
  condition of at least 30 %; the ranking then favours Tunis.
- ``framework``: the learner keeps the survey at the 500 interviews already planned and
  breaks I2 down by age only, ignoring the steering committee's request for
  household migration status (and so never meets the survey-size question).
- ``agreement``: the learner leaves out the governance system (how the partners decide
  together), one of the minimum elements of p. 44.
"""

WRONG_ANSWERS = {
    "partner": '''from m4d.partners import rank

partner_weights = {"migrant_group": 0.40, "associations": 0.10, "dc_experience": 0.10,
                   "resources": 0.30, "proximity": 0.10}
chosen_partner = rank(candidates, partner_weights).top
''',
    "framework": '''from m4d.results import build_collection_plan, build_framework, check_framework, framework_from_plan, framework_tables

draft = framework_from_plan(plan)
tables = framework_tables(draft.framework)
results = tables["results"]
indicators = tables["indicators"]
indicators.loc[indicators["indicator_id"] == "I2", "target"] = 40.0
indicators.loc[indicators["indicator_id"] == "I2", "disaggregation"] = "age"
collection = build_collection_plan(data_sources, survey_groups)
framework = build_framework(results, indicators, start_year=2026, end_year=2027)
survey_interviews = 500
''',
    "agreement": '''from m4d.agreements import build_agreement, check_agreement

partner_name = candidates.set_index("partner").loc[chosen_partner, "name"]
given = allocation.merge(funding_sources[["source_id", "name", "form"]], on="source_id")
by_source = given.groupby(["name", "form"], as_index=False)["amount"].sum()
agreement_fields = {
    "partners": [{"name": "Region of Tuscany", "country": "Italy"}, {"name": str(partner_name), "country": "Tunisia"}],
    "aim": "More women in the targeted areas use antenatal care by the end of 2027, through diaspora-led campaigns.",
    "actions": [a["action"] for a in plan["actions"]],
    "expected_results": [r["result"] for r in plan["results"]],
    "stakeholders": [{"name": s["name"], "kind": s["kind"], "role": s.get("role") or "takes part"} for s in plan["stakeholders"]],
    "monitoring": "A baseline and an end-line survey, activity records and hospital records, reviewed twice a year.",
    "indicators": [f"{i}: {d}" for i, d in zip(framework.indicators["indicator_id"], framework.indicators["definition"])],
    "coherence": "The initiative serves both regions' health and cooperation plans.",
    "sdgs": ["10.7 Well-managed migration"],
    "start": "2026-01-01",
    "duration_years": 2,
    "currency": "EUR",
    "budget": [{"source": n, "amount": float(a), "kind": "cash" if f == "cash" else "in kind"}
               for n, f, a in zip(by_source["name"], by_source["form"], by_source["amount"])],
    "management": [{"partner": "Region of Tuscany", "unit": "International cooperation office", "responsibility": "coordination"}],
}
''',
}
