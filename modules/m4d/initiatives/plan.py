"""The plan of a partnership initiative, in the guidelines' planning steps (p. 57).

A plan is a title, a sector and a kind of initiative (Module 4), the partners, a
timeline (start and end dates) and nine parts, each a table of items with an
identifier:

=============  ===================================================================
part           an item is
=============  ===================================================================
diagnosis      a finding about the context: a problem, threat, challenge or opportunity
objectives     what the initiative wants to achieve, answering diagnosis findings
stakeholders   who takes part, with its kind (the six kinds of Module 3)
actions        what is done, by whom, for which objectives, from when to when
deliverables   what an action produces, and when it is due
results        the specific change expected, for which objectives
indicators     how a result is measured: unit, baseline, target, source
risks          what could go wrong, how likely, how bad, what is done about it
cost_lines     what an action costs, in which year and budget category (Module 5)
=============  ===================================================================

:func:`build_plan` turns plain data (a dict of lists of dicts, or of DataFrames)
into an :class:`InitiativePlan`, refusing what cannot be a plan (an unknown
sector, an empty plan, dates in the wrong order, an identifier used twice, an
unknown field) with :class:`m4d.InputError`. :func:`plan_to_dict` and
:func:`plan_to_frames` give the plan back as plain data; both round trips are
lossless. What a well-formed plan still lacks, or where it contradicts itself,
is for :func:`m4d.initiatives.checks.check_plan` to say.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _
from m4d.initiatives.vocabulary import kind_code, sector_code

LIST_SEPARATOR = ";"
#: The parts of a plan, in the order the guidelines plan them (p. 57) and exports show them.
PARTS = ("diagnosis", "objectives", "stakeholders", "actions", "deliverables", "results", "indicators",
         "risks", "cost_lines")
PART_TITLES = {
    "diagnosis": N_("Diagnosis"), "objectives": N_("Objectives"), "stakeholders": N_("Stakeholders"),
    "actions": N_("Actions"), "deliverables": N_("Deliverables"), "results": N_("Expected results"),
    "indicators": N_("Indicators"), "risks": N_("Risks"), "cost_lines": N_("Cost lines"),
}
#: What a diagnosis finding is about (the guidelines' words, p. 57).
ASPECTS = ("problem", "threat", "challenge", "opportunity")
#: Likelihood and impact of a risk.
LEVELS = ("low", "medium", "high")
#: The six kinds of stakeholders of Module 3 (m4d.stakeholders.KINDS).
STAKEHOLDER_KINDS = ("lra", "other_public", "cso", "diaspora", "private_sector", "knowledge")
#: Budget categories of Module 5 (m4d.budget.CATEGORIES).
COST_CATEGORIES = ("staff", "travel", "training", "equipment", "communication", "monitoring_evaluation",
                   "contingency", "indirect")
#: The plan's own fields (everything that is not a part), as plain data holds them.
META_FIELDS = ("title", "sector", "kind", "partners", "start", "end", "currency", "monitoring", "illustrative",
               "notes")


@dataclass(frozen=True)
class Field:
    """One column of a part: its name, what it holds, whether it is required, what it refers to."""

    name: str
    type: str  # id, text, choice, ids, ref, texts, date, number, year
    required: bool = False
    choices: tuple[str, ...] = ()
    refers_to: str | None = None  # the part whose ids a ref/ids field names
    description: str = ""


#: The columns of every part. ``id`` columns are unique within their part; ``ref``
#: and ``ids`` columns name items of another part (checked by check_plan, not here).
PART_FIELDS: dict[str, tuple[Field, ...]] = {
    "diagnosis": (
        Field("id", "id", True, description="Identifier, e.g. D1"),
        Field("aspect", "choice", True, ASPECTS, description="problem, threat, challenge or opportunity"),
        Field("finding", "text", True, description=N_("What the diagnosis found")),
        Field("source", "text", description="Where the finding comes from (a survey, a study, a meeting)"),
    ),
    "objectives": (
        Field("id", "id", True, description="Identifier, e.g. O1"),
        Field("objective", "text", True, description=N_("What the initiative wants to achieve")),
        Field("answers", "ids", refers_to="diagnosis", description="Diagnosis findings the objective answers"),
    ),
    "stakeholders": (
        Field("id", "id", True, description="Identifier, e.g. S1"),
        Field("name", "text", True, description=N_("Name of the organisation or group")),
        Field("kind", "choice", True, STAKEHOLDER_KINDS, description="Kind of stakeholder (Module 3)"),
        Field("territory", "text", description="Where it is (which partner's territory)"),
        Field("role", "text", description="What it does in the initiative"),
    ),
    "actions": (
        Field("id", "id", True, description="Identifier, e.g. A1"),
        Field("action", "text", True, description=N_("What is done")),
        Field("objectives", "ids", refers_to="objectives", description="Objectives the action serves"),
        Field("leads", "ids", refers_to="stakeholders", description="Stakeholders who lead or carry out the action"),
        Field("start", "date", True, description=N_("First day (YYYY-MM-DD)")),
        Field("end", "date", True, description=N_("Last day (YYYY-MM-DD)")),
    ),
    "deliverables": (
        Field("id", "id", True, description="Identifier, e.g. P1"),
        Field("deliverable", "text", True, description=N_("What is produced")),
        Field("action", "ref", refers_to="actions", description="The action that produces it"),
        Field("due", "date", description="When it is due (YYYY-MM-DD)"),
    ),
    "results": (
        Field("id", "id", True, description="Identifier, e.g. R1"),
        Field("result", "text", True, description=N_("The specific change expected")),
        Field("objectives", "ids", refers_to="objectives", description="Objectives the result contributes to"),
    ),
    "indicators": (
        Field("id", "id", True, description="Identifier, e.g. I1"),
        Field("indicator", "text", True, description=N_("What is measured")),
        Field("result", "ref", refers_to="results", description="The result it measures"),
        Field("unit", "text", description="Unit of measurement (people, %, sessions)"),
        Field("baseline", "number", description="Value at the start"),
        Field("target", "number", description="Value aimed for at the end"),
        Field("source", "text", description="Where the value will come from (means of verification)"),
        Field("frequency", "text", description="How often it is measured"),
        Field("disaggregation", "texts", description="Groups it is broken down by (sex; age; migration status)"),
    ),
    "risks": (
        Field("id", "id", True, description="Identifier, e.g. K1"),
        Field("risk", "text", True, description=N_("What could go wrong")),
        Field("likelihood", "choice", True, LEVELS, description="low, medium or high"),
        Field("impact", "choice", True, LEVELS, description="low, medium or high"),
        Field("mitigation", "text", description="What the partners do about it"),
        Field("owner", "ref", refers_to="stakeholders", description="The stakeholder who watches the risk"),
    ),
    "cost_lines": (
        Field("id", "id", True, description="Identifier of the cost line, e.g. C01"),
        Field("action", "ref", refers_to="actions",
              description="The action the cost belongs to (empty for costs of the whole initiative)"),
        Field("year", "year", True, description=N_("Year in which the cost falls")),
        Field("category", "choice", True, COST_CATEGORIES, description="Budget category (Module 5)"),
        Field("description", "text", description="What the money is spent on"),
        Field("amount", "number", True, description=N_("Cost in the plan's currency, 0 or more")),
    ),
}


@dataclass(frozen=True)
class InitiativePlan:
    """A well-formed plan of a partnership initiative.

    ``sector`` and ``kind`` are codes of :mod:`m4d.initiatives.vocabulary`;
    ``start`` and ``end`` are :class:`datetime.date`; each part is a tuple of
    items, each item a dict whose keys are the part's :data:`PART_FIELDS`
    (text as ``str``, ``""`` when empty; ``ids`` and ``texts`` as tuples;
    dates as ``datetime.date`` or ``None``; numbers as ``float`` or ``None``;
    years as ``int``). Build one with :func:`build_plan` and treat it as
    read-only: :func:`replace_part` gives a changed copy, checked again.
    """

    title: str
    sector: str
    kind: str
    start: dt.date
    end: dt.date
    partners: tuple[str, ...] = ()
    currency: str = "EUR"
    monitoring: str = ""
    illustrative: bool = False
    notes: str = ""
    diagnosis: tuple[dict, ...] = ()
    objectives: tuple[dict, ...] = ()
    stakeholders: tuple[dict, ...] = ()
    actions: tuple[dict, ...] = ()
    deliverables: tuple[dict, ...] = ()
    results: tuple[dict, ...] = ()
    indicators: tuple[dict, ...] = ()
    risks: tuple[dict, ...] = ()
    cost_lines: tuple[dict, ...] = ()

    def part(self, name: str) -> tuple[dict, ...]:
        """The items of one part, by its name in :data:`PARTS`."""
        if name not in PARTS:
            raise InputError(_("A plan has no part {part!r}. Parts: {parts}.").format(part=name, parts=", ".join(PARTS)))
        return getattr(self, name)

    def ids(self, name: str) -> list[str]:
        """The identifiers of one part's items, in order."""
        return [item["id"] for item in self.part(name)]

    def item(self, name: str, item_id: str) -> dict | None:
        """One item of a part by its identifier (``None`` if there is none)."""
        for item in self.part(name):
            if item["id"] == item_id:
                return item
        return None

    @property
    def years(self) -> list[int]:
        """The calendar years the timeline covers."""
        return list(range(self.start.year, self.end.year + 1))

    @property
    def total_cost(self) -> float:
        """The sum of every cost line."""
        return float(sum(line["amount"] for line in self.cost_lines))

    def label(self, text: str) -> str:
        """A title for a table or chart, marked illustrative when the plan is."""
        return _("{text} (illustrative)").format(text=text) if self.illustrative else text

    def __hash__(self) -> int:  # items are dicts; hash what identifies the plan
        return hash((self.title, self.sector, self.kind, self.start, self.end,
                     tuple(tuple(self.ids(p)) for p in PARTS)))


# ----------------------------------------------------------------------------- reading plain values
def _is_empty(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _text(value: Any, at: str) -> str:
    if _is_empty(value):
        return ""
    if isinstance(value, (list, tuple, dict, set)):
        raise InputError(_("{at}: expected a piece of text, not a {kind}.").format(at=at, kind=type(value).__name__))
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet turns an id such as 2026 into 2026.0
    return str(value).strip()


def _date(value: Any, at: str) -> dt.date | None:
    if _is_empty(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) >= 19 and text[10] in " T" and text[11:19] == "00:00:00":
        text = text[:10]  # a spreadsheet date read back as text
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(_("{at}: {value} is not a date. Write dates as YYYY-MM-DD, e.g. 2026-03-01.").format(
            at=at, value=repr(value))) from None


def _number(value: Any, at: str) -> float | None:
    if _is_empty(value):
        return None
    if isinstance(value, bool):
        raise InputError(_("{at}: {value} is not a number.").format(at=at, value=repr(value)))
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text.endswith("%"):
            raise InputError(_("{at}: write the number without its percent sign ({value} -> {number}) and say in "
                               "the unit that it is a percentage.").format(at=at, value=repr(value),
                                                                         number=text[:-1].strip()))
        value = text
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(_("{at}: {value} is not a number.").format(at=at, value=repr(value))) from None
    if not math.isfinite(number):
        raise InputError(_("{at}: {value} is not a finite number.").format(at=at, value=repr(value)))
    return number


def _year(value: Any, at: str) -> int | None:
    number = _number(value, at)
    if number is None:
        return None
    if number != int(number) or not 1900 <= number <= 2200:
        raise InputError(_("{at}: {value} is not a year (write it as 2027).").format(at=at, value=repr(value)))
    return int(number)


def _list(value: Any, at: str) -> tuple[str, ...]:
    if _is_empty(value):
        return ()
    if isinstance(value, str):
        parts = value.split(LIST_SEPARATOR)
    elif isinstance(value, (list, tuple)):
        parts = [_text(v, at) for v in value]
    else:
        parts = [_text(value, at)]
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if part and part not in out:
            out.append(part)
    return tuple(out)


def _identifier(value: Any, at: str) -> str:
    text = _text(value, at)
    if not text:
        raise InputError(_("{at}: every item needs an identifier (for example A1).").format(at=at))
    if any(ch in text for ch in (LIST_SEPARATOR, "|", "\n")) or text != text.strip():
        raise InputError(_("{at}: the identifier {identifier} may not contain ';', '|' or line breaks. Use short "
                           "codes such as A1 or O2.").format(at=at, identifier=repr(text)))
    return text


def _records(data: Any, part: str, where: str) -> list[dict]:
    if data is None:
        return []
    if isinstance(data, pd.DataFrame):
        frame = data.astype(object).where(data.notna(), None)
        return frame.to_dict("records")
    if isinstance(data, Mapping):
        raise InputError(_("{where}, part {part}: a part is a list of items (rows), one dict each, not a single "
                           "dict.").format(where=where, part=part))
    if isinstance(data, (str, bytes)):
        raise InputError(_("{where}, part {part}: a part is a list of items (rows), not a piece of text.").format(
            where=where, part=part))
    try:
        rows = list(data)
    except TypeError:
        raise InputError(_("{where}, part {part}: a part is a list of items or a DataFrame.").format(
            where=where, part=part)) from None
    out = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise InputError(_("{where}, part {part}, item {n}: an item is a dict of its fields, not {kind}.").format(
                where=where, part=part, n=i, kind=type(row).__name__))
        out.append(dict(row))
    return out


def _row_is_blank(record: dict) -> bool:
    return all(_is_empty(v) or (isinstance(v, (list, tuple)) and not v) for v in record.values())


def _clean_item(record: dict, part: str, at: str) -> dict:
    specs = PART_FIELDS[part]
    known = {f.name for f in specs}
    unknown = [k for k in record if k not in known]
    if unknown:
        raise InputError(_("{at}: unknown field(s) {unknown}. The fields of {part} are: {fields}.").format(
            at=at, unknown=", ".join(map(repr, unknown)), part=part, fields=", ".join(f.name for f in specs)))
    item: dict[str, Any] = {}
    for spec in specs:
        value = record.get(spec.name)
        where = _("{at}, field {field}").format(at=at, field=spec.name)
        if spec.type == "id":
            item[spec.name] = _identifier(value, where)
        elif spec.type in ("text", "ref"):
            item[spec.name] = _text(value, where)
        elif spec.type == "choice":
            text = _text(value, where).lower().replace(" ", "_").replace("-", "_")
            if text not in spec.choices:
                if spec.choices == COST_CATEGORIES and _text(value, where).lower() in _CATEGORY_LABELS:
                    text = _CATEGORY_LABELS[_text(value, where).lower()]
                else:
                    if _is_empty(value):
                        raise InputError(_("{where}: a value is required. Choose one of: {choices}.").format(
                            where=where, choices=", ".join(spec.choices)))
                    raise InputError(_("{where}: {value} is not allowed. Choose one of: {choices}.").format(
                        where=where, value=repr(value), choices=", ".join(spec.choices)))
            item[spec.name] = text
        elif spec.type in ("ids", "texts"):
            item[spec.name] = _list(value, where)
        elif spec.type == "date":
            item[spec.name] = _date(value, where)
        elif spec.type == "number":
            item[spec.name] = _number(value, where)
        elif spec.type == "year":
            item[spec.name] = _year(value, where)
        else:  # pragma: no cover - a programming error in PART_FIELDS
            raise AssertionError(spec.type)
        if spec.required and (item[spec.name] in ("", None, ())):
            raise InputError(_("{where}: a value is required ({description}).").format(
                where=where, description=_(spec.description)))
    if part == "actions" and item["end"] < item["start"]:
        raise InputError(_("{at}: the action ends ({end}) before it starts ({start}). Swap the dates or correct "
                           "one of them.").format(at=at, end=item["end"], start=item["start"]))
    if part == "cost_lines" and item["amount"] < 0:
        raise InputError(_("{at}, field amount: the cost is negative ({amount}). Enter costs as amounts of 0 or "
                           "more; a saving is a smaller cost, not a negative line.").format(
            at=at, amount=format(item["amount"], "g")))
    return item


_CATEGORY_LABELS = {
    "staff": "staff", "travel and study visits": "travel", "training": "training", "equipment": "equipment",
    "communication": "communication", "monitoring and evaluation": "monitoring_evaluation",
    "contingency": "contingency", "indirect costs": "indirect",
}


def _part(data: Any, part: str, where: str) -> tuple[dict, ...]:
    items: list[dict] = []
    first_row: dict[str, int] = {}
    for i, record in enumerate(_records(data, part, where), start=1):
        if _row_is_blank(record):
            continue  # an empty row left in a spreadsheet or a widget is not an item
        at = _("{where}, part {part}, item {n}").format(where=where, part=part, n=i)
        item = _clean_item(record, part, at)
        if item["id"] in first_row:
            raise InputError(_("{at}: the identifier {identifier} is used twice in {part} (items {first} and "
                               "{second}). Give each item its own identifier, or merge the two if they are the "
                               "same.").format(at=at, identifier=repr(item["id"]), part=part,
                                               first=first_row[item["id"]], second=i))
        first_row[item["id"]] = i
        items.append(item)
    return tuple(items)


# ----------------------------------------------------------------------------- the plan
def build_plan(data: Any, *, where: str = "plan") -> InitiativePlan:
    """Check plain data and return an :class:`InitiativePlan`.

    ``data`` is a dict with the fields of :data:`META_FIELDS` (``title``,
    ``sector``, ``kind``, ``start`` and ``end`` required) and one key per part of
    :data:`PARTS`, each a list of dicts or a DataFrame with that part's columns
    (:data:`PART_FIELDS`). List fields (``answers``, ``objectives``, ``leads``,
    ``disaggregation``, and ``partners``) may be lists or ';'-separated text.
    An :class:`InitiativePlan` is returned as it is.

    Raises :class:`m4d.InputError` for what cannot be a plan, naming the part,
    the item and the field: an unknown sector or kind, a plan with no item in any
    part, a date that is not YYYY-MM-DD, an end before a start, an identifier
    used twice in a part, an unknown field, a negative cost.
    """
    if isinstance(data, InitiativePlan):
        return data
    if not isinstance(data, Mapping):
        raise InputError(_("{where}: a plan is a dict of its fields and parts (see "
                           "m4d.initiatives.plan_template()), not {kind}.").format(where=where,
                                                                                    kind=type(data).__name__))
    unknown = [k for k in data if k not in META_FIELDS and k not in PARTS]
    if unknown:
        raise InputError(_("{where}: unknown key(s) {unknown}. A plan has the fields {fields} and the parts "
                           "{parts}.").format(where=where, unknown=", ".join(map(repr, unknown)),
                                              fields=", ".join(META_FIELDS), parts=", ".join(PARTS)))
    title = _text(data.get("title"), _("{where}, {field}").format(where=where, field="title"))
    if not title:
        raise InputError(_("{where}: the plan needs a title (for example 'Health campaigns "
                           "Tuscany-Kasserine').").format(where=where))
    sector = sector_code(data.get("sector"))
    kind = kind_code(data.get("kind"))
    start = _date(data.get("start"), _("{where}, {field}").format(where=where, field="start"))
    end = _date(data.get("end"), _("{where}, {field}").format(where=where, field="end"))
    if start is None and end is None:
        raise InputError(_("{where}: the timeline needs a start and an end date (YYYY-MM-DD).").format(where=where))
    if start is None:
        raise InputError(_("{where}: the timeline needs a start date (YYYY-MM-DD).").format(where=where))
    if end is None:
        raise InputError(_("{where}: the timeline needs an end date (YYYY-MM-DD).").format(where=where))
    if end < start:
        raise InputError(_("{where}: the plan ends ({end}) before it starts ({start}). Swap the dates or correct "
                           "one.").format(where=where, end=end, start=start))
    currency = (_text(data.get("currency"), _("{where}, {field}").format(where=where, field="currency"))
                or "EUR").upper()
    if len(currency) != 3 or not currency.isalpha():
        raise InputError(_("{where}: the currency must be a three-letter code such as EUR or TND, not "
                           "{currency}.").format(where=where, currency=repr(currency)))
    illustrative = data.get("illustrative", False)
    if isinstance(illustrative, str):
        if illustrative.strip().lower() not in ("true", "false", "yes", "no", "1", "0", ""):
            raise InputError(_("{where}, illustrative: write true or false, not {value}.").format(
                where=where, value=repr(illustrative)))
        illustrative = illustrative.strip().lower() in ("true", "yes", "1")
    elif _is_empty(illustrative):
        illustrative = False
    elif not isinstance(illustrative, (bool, int)):
        raise InputError(_("{where}, illustrative: write true or false, not {value}.").format(
            where=where, value=repr(illustrative)))
    parts = {name: _part(data.get(name), name, where) for name in PARTS}
    if not any(parts.values()):
        raise InputError(_("{where}: the plan is empty: none of its parts ({parts}) has an item. Start from "
                           "m4d.initiatives.start_plan(sector, kind), which fills in a first draft.").format(
            where=where, parts=", ".join(PARTS)))
    return InitiativePlan(
        title=title, sector=sector, kind=kind, start=start, end=end,
        partners=_list(data.get("partners"), f"{where}, partners"), currency=currency,
        monitoring=_text(data.get("monitoring"), f"{where}, monitoring"), illustrative=bool(illustrative),
        notes=_text(data.get("notes"), f"{where}, notes"), **parts,
    )


def replace_part(plan: InitiativePlan, part: str, items: Any) -> InitiativePlan:
    """A copy of ``plan`` with one part replaced (items checked as by :func:`build_plan`)."""
    data = plan_to_dict(plan)
    plan.part(part)  # names the parts if ``part`` is unknown
    data[part] = items
    return build_plan(data)


# ----------------------------------------------------------------------------- plain data out
def _plain_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def plan_to_dict(plan: InitiativePlan) -> dict[str, Any]:
    """The plan as plain data: str, bool, float, int, None and lists of dicts (JSON-ready).

    ``build_plan(plan_to_dict(plan)) == plan`` always holds.
    """
    plan = build_plan(plan)
    out: dict[str, Any] = {}
    for name in META_FIELDS:
        out[name] = _plain_value(getattr(plan, name))
    for name in PARTS:
        out[name] = [{k: _plain_value(v) for k, v in item.items()} for item in plan.part(name)]
    return out


def plan_from_dict(data: Mapping[str, Any]) -> InitiativePlan:
    """The inverse of :func:`plan_to_dict` (the same as :func:`build_plan`)."""
    return build_plan(data)


def _frame_value(value: Any, spec: Field) -> Any:
    if spec.type in ("ids", "texts"):
        return LIST_SEPARATOR.join(value)
    if spec.type == "date":
        return value.isoformat() if value is not None else None
    return value


def part_frame(plan: InitiativePlan, part: str) -> pd.DataFrame:
    """One part as a DataFrame: list fields as ';'-separated text, dates as YYYY-MM-DD text."""
    specs = PART_FIELDS[part]
    rows = [{s.name: _frame_value(item[s.name], s) for s in specs} for item in plan.part(part)]
    frame = pd.DataFrame(rows, columns=[s.name for s in specs])
    for s in specs:
        if s.type == "number":
            frame[s.name] = pd.to_numeric(frame[s.name], errors="coerce").astype(float)
        elif s.type == "year":
            frame[s.name] = frame[s.name].astype("Int64")
        else:
            frame[s.name] = frame[s.name].astype(object)
    return frame


def meta_frame(plan: InitiativePlan) -> pd.DataFrame:
    """The plan's own fields as a two-column table (field, value), all values as text."""
    values = []
    for name in META_FIELDS:
        value = getattr(plan, name)
        if isinstance(value, tuple):
            value = LIST_SEPARATOR.join(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = "true" if value else "false"
        values.append(value)
    return pd.DataFrame({"field": list(META_FIELDS), "value": values})


def plan_to_frames(plan: InitiativePlan) -> dict[str, pd.DataFrame]:
    """The plan as DataFrames: ``plan`` (field, value) and one frame per part.

    ``plan_from_frames(plan_to_frames(plan)) == plan`` always holds.
    """
    plan = build_plan(plan)
    frames = {"plan": meta_frame(plan)}
    frames.update({part: part_frame(plan, part) for part in PARTS})
    return frames


def plan_from_frames(frames: Mapping[str, pd.DataFrame], *, where: str = "plan tables") -> InitiativePlan:
    """Build a plan from the frames of :func:`plan_to_frames` (or tables laid out the same way)."""
    if not isinstance(frames, Mapping):
        raise InputError(_("{where}: expected a dict of tables (plan, {parts}), not {kind}.").format(
            where=where, parts=", ".join(PARTS), kind=type(frames).__name__))
    if "plan" not in frames:
        raise InputError(_("{where}: the table 'plan' (field, value) with the title, sector, kind and dates is "
                           "missing.").format(where=where))
    meta = frames["plan"]
    if not isinstance(meta, pd.DataFrame) or not {"field", "value"} <= set(meta.columns):
        raise InputError(_("{where}: the table 'plan' needs two columns, field and value.").format(where=where))
    data: dict[str, Any] = {}
    for key, value in zip(meta["field"], meta["value"]):
        key = _text(key, f"{where}, plan")
        if key:
            data[key] = value
    for part in PARTS:
        if part in frames and frames[part] is not None:
            data[part] = frames[part]
    extra = [k for k in frames if k != "plan" and k not in PARTS]
    if extra:
        raise InputError(_("{where}: unknown table(s) {unknown}. Tables: plan, {parts}.").format(
            where=where, unknown=", ".join(map(repr, extra)), parts=", ".join(PARTS)))
    return build_plan(data, where=where)


def plan_template(sector: str = "health", kind: str = "awareness_raising") -> dict[str, Any]:
    """An empty plan as plain data, with every field and part named: a form to fill in."""
    return {
        "title": "", "sector": sector, "kind": kind, "partners": [], "start": "", "end": "", "currency": "EUR",
        "monitoring": "", "illustrative": False, "notes": "",
        **{part: [] for part in PARTS},
    }


def part_columns(part: str) -> list[str]:
    """The column names of one part, in order."""
    if part not in PART_FIELDS:
        raise InputError(_("A plan has no part {part!r}. Parts: {parts}.").format(part=part, parts=", ".join(PARTS)))
    return [f.name for f in PART_FIELDS[part]]


__all__ = [
    "ASPECTS", "COST_CATEGORIES", "Field", "InitiativePlan", "LEVELS", "META_FIELDS", "PARTS", "PART_FIELDS",
    "PART_TITLES", "STAKEHOLDER_KINDS", "build_plan", "meta_frame", "part_columns", "part_frame",
    "plan_from_dict", "plan_from_frames", "plan_template", "plan_to_dict", "plan_to_frames", "replace_part",
]
