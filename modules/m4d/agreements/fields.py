"""The structured fields from which an agreement is written, and their checks.

An agreement is described by a plain dict (for example read from a JSON file).
Every field maps onto one or more of the elements the guidelines require (p. 44),
so an agreement built from valid fields contains all of them:

===================== ==========================================================
field                 what it holds
===================== ==========================================================
title                 optional; a title is made from the partners' names
existing_agreement    revision only: the agreement being revised (name, date)
partners              at least two: {name, country, level?, signatory?}
aim                   the aim, concrete and results-oriented
areas_of_cooperation  optional list of areas (health, local economic development)
actions               list of measurable actions
expected_results      list of expected results
stakeholders          list of {name, kind, role}; kind is one of the six kinds
monitoring            how progress is followed and evaluated
indicators            list of indicators
coherence             how the partnership fits each partner's development plan
sdgs                  list of SDG goals or targets ("10.7 Well-managed migration")
start                 date the agreement takes effect (YYYY-MM-DD)
duration_years        how many years it runs (1 to 30)
milestones            optional list of milestones
currency              currency code of the budget, e.g. EUR
budget                list of {source, amount, kind}; kind is "cash" or "in kind"
management            list of {partner, unit, responsibility}: who is in charge
governance            how the partners decide together
===================== ==========================================================
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
from typing import Any

from m4d.agreements.elements import check_mode
from m4d.errors import InputError
from m4d.i18n import N_, _

STAKEHOLDER_KINDS = ("lra", "other_public", "cso", "diaspora", "private_sector", "knowledge")
BUDGET_KINDS = ("cash", "in kind")
MAX_DURATION_YEARS = 30

_TEXT = N_("text")
_TEXT_LIST = N_("list of texts")
_RECORDS = N_("list of records")
# field -> (what it is, required in new mode, required in revision mode)
FIELD_SPECS: dict[str, tuple[str, bool, bool]] = {
    "title": (_TEXT, False, False),
    "existing_agreement": (_TEXT, False, True),
    "partners": (_RECORDS, True, True),
    "aim": (_TEXT, True, True),
    "areas_of_cooperation": (_TEXT_LIST, False, False),
    "actions": (_TEXT_LIST, True, True),
    "expected_results": (_TEXT_LIST, True, True),
    "stakeholders": (_RECORDS, True, True),
    "monitoring": (_TEXT, True, True),
    "indicators": (_TEXT_LIST, True, True),
    "coherence": (_TEXT, True, True),
    "sdgs": (_TEXT_LIST, True, True),
    "start": (_TEXT, True, True),
    "duration_years": (N_("whole number"), True, True),
    "milestones": (_TEXT_LIST, False, False),
    "currency": (_TEXT, True, True),
    "budget": (_RECORDS, True, True),
    "management": (_RECORDS, True, True),
    "governance": (_TEXT, True, True),
}
RECORD_KEYS = {
    "partners": (("name", "country"), ("level", "signatory")),
    "stakeholders": (("name", "kind", "role"), ()),
    "budget": (("source", "amount", "kind"), ()),
    "management": (("partner", "unit", "responsibility"), ()),
}


def check_fields(fields: Any, mode: str = "new") -> dict[str, Any]:
    """Check the fields of an agreement and return them cleaned (texts stripped).

    Raises :class:`InputError` naming the first field that is missing, unknown
    (with the nearest known name), of the wrong type or out of range.
    """
    check_mode(mode)
    if not isinstance(fields, dict):
        raise InputError(_("The agreement fields must be a mapping of field names to values (a JSON object)."))
    for name in fields:
        if name not in FIELD_SPECS:
            near = difflib.get_close_matches(str(name), FIELD_SPECS, n=1)
            if near:
                raise InputError(_("Unknown field {name}. Did you mean {near}? Known fields: {fields}.").format(
                    name=repr(name), near=repr(near[0]), fields=", ".join(FIELD_SPECS)))
            raise InputError(_("Unknown field {name}. Known fields: {fields}.").format(
                name=repr(name), fields=", ".join(FIELD_SPECS)))
    clean: dict[str, Any] = {}
    for name, (kind, needed_new, needed_revision) in FIELD_SPECS.items():
        needed = needed_new if mode == "new" else needed_revision
        value = fields.get(name)
        if value is None or (isinstance(value, (str, list)) and not value):
            if needed:
                raise InputError(_("The field {name} is missing or empty; {purpose}").format(
                    name=repr(name), purpose=_purpose(name, mode)))
            continue
        clean[name] = _check_value(name, kind, value)
    _check_meaning(clean, mode)
    return clean


def _purpose(name: str, mode: str) -> str:
    what = {
        "existing_agreement": N_("name the agreement being revised and its date."),
        "partners": N_("list at least two partners, each with a name and a country."),
        "stakeholders": N_("list who else takes part, each with name, kind and role."),
        "budget": N_("list each contribution with source, amount and kind (cash or in kind)."),
        "management": N_("say which unit of each partner is in charge (partner, unit, responsibility)."),
        "duration_years": N_("give the number of years the agreement runs."),
        "start": N_("give the date it takes effect, as YYYY-MM-DD."),
    }
    if name in what:
        return _(what[name])
    if mode == "new":
        return _("the guidelines list it among the elements of a new agreement (p. 44).")
    return _("the guidelines list it among the elements of a revised agreement (p. 44).")


def _check_value(name: str, kind: str, value: Any) -> Any:
    if kind == _TEXT:
        if not isinstance(value, str):
            raise InputError(_("The field {name} must be text, not {kind}.").format(name=repr(name),
                                                                                   kind=type(value).__name__))
        return value.strip()
    if kind == "whole number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
            raise InputError(_("The field {name} must be a whole number of years, not {value}.").format(
                name=repr(name), value=repr(value)))
        return int(value)
    if not isinstance(value, list):
        raise InputError(_("The field {name} must be a list ({what}), not {kind}.").format(
            name=repr(name), what=_(kind), kind=type(value).__name__))
    if kind == _TEXT_LIST:
        out = []
        for i, item in enumerate(value, start=1):
            if not isinstance(item, str) or not item.strip():
                raise InputError(_("Item {n} of {name} must be a non-empty text.").format(n=i, name=repr(name)))
            out.append(item.strip())
        return out
    required, optional = RECORD_KEYS[name]
    out = []
    for i, item in enumerate(value, start=1):
        where = _("Item {n} of {name}").format(n=i, name=repr(name))
        if not isinstance(item, dict):
            raise InputError(_("{where} must be a record with the keys {keys}.").format(where=where,
                                                                                       keys=", ".join(required)))
        unknown = set(item) - set(required) - set(optional)
        if unknown:
            raise InputError(_("{where} has unknown key(s) {unknown}; allowed: {keys}.").format(
                where=where, unknown=", ".join(sorted(unknown)), keys=", ".join(required + optional)))
        record = {}
        for key in required + optional:
            cell = item.get(key)
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                if key in required:
                    raise InputError(_("{where} lacks {key}.").format(where=where, key=repr(key)))
                continue
            if key == "amount":
                if isinstance(cell, bool) or not isinstance(cell, (int, float)) or not math.isfinite(cell) or cell < 0:
                    raise InputError(_("{where}: the amount must be a number of zero or more, not {value}.").format(
                        where=where, value=repr(cell)))
                record[key] = cell
            elif not isinstance(cell, str):
                raise InputError(_("{where}: {key} must be text, not {value}.").format(where=where, key=repr(key),
                                                                                       value=repr(cell)))
            else:
                record[key] = cell.strip()
        out.append(record)
    return out


def _check_meaning(clean: dict[str, Any], mode: str) -> None:
    partners = clean["partners"]
    if len(partners) < 2:
        raise InputError(_("An agreement needs at least two partners; add the other local or regional authority."))
    names = [p["name"] for p in partners]
    if len(set(names)) != len(names):
        raise InputError(_("Two partners have the same name; each partner must appear once."))
    for s in clean["stakeholders"]:
        if s["kind"] not in STAKEHOLDER_KINDS:
            raise InputError(_("Stakeholder {name} has kind {kind}; use one of {kinds}.").format(
                name=repr(s["name"]), kind=repr(s["kind"]), kinds=", ".join(STAKEHOLDER_KINDS)))
    for b in clean["budget"]:
        if b["kind"] not in BUDGET_KINDS:
            raise InputError(_("Budget line {source} has kind {kind}; use 'cash' or 'in kind'.").format(
                source=repr(b["source"]), kind=repr(b["kind"])))
    for m in clean["management"]:
        if m["partner"] not in names:
            raise InputError(_("Management names the partner {partner}, which is not among the partners "
                               "({partners}).").format(partner=repr(m["partner"]), partners=", ".join(names)))
    missing_unit = [p for p in names if p not in {m["partner"] for m in clean["management"]}]
    if missing_unit:
        raise InputError(_("Say which unit is in charge for {partners} in 'management': every partner names "
                           "one.").format(partners=", ".join(missing_unit)))
    try:
        dt.date.fromisoformat(clean["start"])
    except ValueError:
        raise InputError(_("The start date {start} is not a date written YYYY-MM-DD.").format(
            start=repr(clean["start"]))) from None
    if not 1 <= clean["duration_years"] <= MAX_DURATION_YEARS:
        raise InputError(_("duration_years must be between 1 and {maximum}, not {value}.").format(
            maximum=MAX_DURATION_YEARS, value=clean["duration_years"]))
    if len(clean["currency"]) > 12:
        raise InputError(_("The currency should be a short code such as EUR, USD or MAD."))
    if mode == "revision":
        if "migra" not in clean["aim"].lower():
            raise InputError(_("A revision brings migration into the partnership: say in the aim what migration "
                               "adds (the aim does not mention migration or migrants)."))
        if not any(s["kind"] == "diaspora" for s in clean["stakeholders"]):
            raise InputError(_("A revision should engage migrant associations or diaspora groups (guidelines, "
                               "p. 44): add at least one stakeholder of kind {kind}.").format(kind=repr("diaspora")))
