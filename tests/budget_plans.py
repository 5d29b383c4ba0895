"""Small budget plans for the budget tests, written out by hand so expected values can be worked out on paper."""
from __future__ import annotations

from m4d.budget import build_plan

ALL = "staff;travel;training;equipment;communication;monitoring_evaluation;contingency;indirect"


def line(line_id, year, category, amount, description=""):
    return {"line_id": line_id, "year": year, "category": category, "description": description, "amount": amount}


def source(source_id, kind, cap, eligible=ALL, form="cash", max_share=None, name=None):
    return {"source_id": source_id, "name": name or source_id, "kind": kind, "form": form, "cap": cap,
            "max_share": max_share, "eligible_categories": eligible}


def small_plan(own_cap=300.0, donor_cap=1000.0, donor_share=None, donor_eligible="staff;monitoring_evaluation"):
    """Staff 2026 = 600, M&E 2026 = 60, equipment 2027 = 240 (total 900); an own budget and one donor."""
    return build_plan(
        [line("L1", 2026, "staff", 600), line("L2", 2026, "monitoring_evaluation", 60), line("L3", 2027, "equipment", 240)],
        [source("own", "own_budget", own_cap), source("donor", "international_organisation", donor_cap,
                                                       eligible=donor_eligible, max_share=donor_share)])
