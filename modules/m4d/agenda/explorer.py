"""Explore how the GCM objectives, the migration-related SDG targets, the course and local action connect.

The links are the course's editorial mapping (dataset ``gcm_sdg_links``), not a
UN classification: for each of the 23 objectives of the Global Compact for Migration
the course names its themes, the SDG targets it judges closest, how far a local or
regional authority can act on it, and where the course teaches it. Real examples of
local action (dataset ``local_action_examples``) hang on the objectives.

:func:`explore` filters by objective, SDG target, theme, local role or words, and
returns the matching objectives with their targets, lessons and examples.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from m4d import datasets
from m4d.agenda.course_map import course_order, course_place
from m4d.errors import InputError
from m4d.i18n import N_, SOURCE_LANGUAGE, _, language, ngettext, translate_frame, translate_value

# Codes (explore() and the data use them as they are); N_ marks them so that menus can show them translated.
THEMES = (
    N_("data and evidence"), N_("information and documentation"), N_("rights and protection"),
    N_("labour and skills"), N_("basic services"), N_("inclusion and cohesion"), N_("diaspora and remittances"),
    N_("mobility and borders"), N_("return and reintegration"), N_("cooperation and governance"),
)
LOCAL_ROLES = {
    N_("leading"): "mostly local powers: local and regional authorities can lead",
    N_("shared"): "local and national powers: local and regional authorities act alongside the state",
    N_("supporting"): "mostly national powers: local and regional authorities support and refer",
}
ALL = "All"
#: How each filter is named in the summary sentence, translated where shown.
FILTER_NAMES = {"objective": N_("objective"), "target": N_("target"), "theme": N_("theme"), "role": N_("role"),
                "words": N_("words")}
#: Short names of the sources, translated where shown (source_name).
SOURCE_NAMES = {
    "jmdi2017guidelines": N_("JMDI guidelines"),
    "rother2017bridging": N_("Rother and Thouez 2017"),
    "rother2019mayors": N_("Rother and Thouez 2019"),
    "thouez2016local": N_("Thouez 2016"),
    "marrakech2018notes": N_("Marrakech notes 2018"),
}
OBJECTIVE_COUNT = 23


@dataclass(frozen=True)
class AgendaLinks:
    """The course's map: objectives with their links, the SDG targets, and the examples of local action."""

    objectives: pd.DataFrame
    targets: pd.DataFrame
    examples: pd.DataFrame


@dataclass(frozen=True)
class Exploration:
    """What a filter found: objectives, their SDG targets, the course's lessons and examples of local action."""

    objectives: pd.DataFrame
    targets: pd.DataFrame
    lessons: pd.DataFrame
    examples: pd.DataFrame
    filters: dict[str, object] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """One sentence that says what the filter found."""
        chosen = ", ".join(f"{_(FILTER_NAMES.get(k, k))} {v}" for k, v in self.filters.items() if v is not None)
        if self.objectives.empty:
            if chosen:
                return _("No GCM objective matches for {filters}. Remove a filter or try other words.").format(
                    filters=chosen)
            return _("No GCM objective matches. Remove a filter or try other words.")
        n = len(self.objectives)
        found = ngettext("{n} GCM objective", "{n} GCM objectives", n).format(n=n)
        if chosen:
            found = _("{found} for {filters}").format(found=found, filters=chosen)
        return _("{found}: {targets} SDG target(s), {places} place(s) in the course, {examples} example(s) of "
                 "local action.").format(found=found, targets=len(self.targets), places=len(self.lessons),
                                          examples=len(self.examples))


@lru_cache(maxsize=1)
def agenda_links() -> AgendaLinks:
    """The course's GCM/SDG map, loaded from the data package and checked for consistency."""
    return check_links(datasets.load("gcm_objectives"), datasets.load("sdg_targets"),
                       datasets.load("gcm_sdg_links"), datasets.load("local_action_examples"))


def check_links(objectives: pd.DataFrame, targets: pd.DataFrame, links: pd.DataFrame,
                examples: pd.DataFrame) -> AgendaLinks:
    """Join the four tables and check that every link points to something that exists.

    Raises :class:`InputError` naming the table, the row (as a spreadsheet numbers
    it, header = row 1) and the value that does not fit.
    """
    numbers = sorted(int(n) for n in objectives["objective"])
    if numbers != list(range(1, OBJECTIVE_COUNT + 1)):
        missing = sorted(set(range(1, OBJECTIVE_COUNT + 1)) - set(numbers))
        if missing:
            text = _("gcm_objectives must list objectives 1 to {count} once each; missing: {missing}, found {rows} rows.")
        else:
            text = _("gcm_objectives must list objectives 1 to {count} once each; missing: none, found {rows} rows.")
        raise InputError(text.format(count=OBJECTIVE_COUNT, missing=missing, rows=len(numbers)))
    known_targets = set(targets["target"])
    linked = set()
    for i, row in enumerate(links.itertuples(index=False), start=2):
        where = _("gcm_sdg_links, row {row}").format(row=i)
        if int(row.objective) not in numbers:
            raise InputError(_("{where}: objective {objective} is not a GCM objective (1 to {count}).").format(
                where=where, objective=row.objective, count=OBJECTIVE_COUNT))
        linked.add(int(row.objective))
        for theme in row.themes:
            if theme not in THEMES:
                raise InputError(_("{where}, column themes: {theme} is not a course theme. Themes: {themes}.").format(
                    where=where, theme=repr(theme), themes=", ".join(THEMES)))
        for target in row.sdg_targets:
            if target not in known_targets:
                raise InputError(_("{where}, column sdg_targets: {target} is not in sdg_targets. Known targets: "
                                   "{targets}.").format(where=where, target=repr(target),
                                                        targets=", ".join(sorted(known_targets))))
        for place in row.lessons:
            try:
                course_place(place)
            except InputError as err:
                raise InputError(_("{where}, column lessons: {problem}").format(where=where, problem=err)) from None
    unlinked = sorted(set(numbers) - linked)
    if unlinked:
        raise InputError(_("gcm_sdg_links has no row for objective(s) {objectives}: every objective needs its "
                           "links.").format(objectives=unlinked))
    for i, row in enumerate(examples.itertuples(index=False), start=2):
        for value in row.gcm_objectives:
            if not value.isdigit() or int(value) not in numbers:
                raise InputError(_("local_action_examples, row {row}, column gcm_objectives: {value} is not a GCM "
                                   "objective number (1 to {count}).").format(row=i, value=repr(value),
                                                                             count=OBJECTIVE_COUNT))
    merged = objectives.merge(links, on="objective", how="left", validate="one_to_one")
    examples = examples.assign(gcm_objectives=[[int(v) for v in vs] for vs in examples["gcm_objectives"]])
    return AgendaLinks(objectives=merged.sort_values("objective").reset_index(drop=True),
                       targets=targets.reset_index(drop=True), examples=examples.reset_index(drop=True))


def _is_unset(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", ALL))


def parse_objective(value: object) -> int | None:
    """A GCM objective number from what a learner typed ('15', 15, 'All')."""
    if _is_unset(value):
        return None
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit():
        # The first word of a dropdown label ('15 Basic services') is the number.
        first = text.split(maxsplit=1)[0]
        if not first.isdigit():
            raise InputError(_("{value} is not a GCM objective: give its number, a whole number from 1 to {count}.")
                             .format(value=repr(value), count=OBJECTIVE_COUNT))
        text = first
    number = int(text)
    if not 1 <= number <= OBJECTIVE_COUNT:
        raise InputError(_("GCM objective {number} does not exist: the compact has objectives 1 to {count}.")
                         .format(number=number, count=OBJECTIVE_COUNT))
    return number


def parse_target(value: object, links: AgendaLinks | None = None) -> str | None:
    """An SDG target id from what a learner typed ('10.7', 'SDG 10.c', '10.C')."""
    if _is_unset(value):
        return None
    links = links or agenda_links()
    text = str(value).strip().lower()
    for prefix in ("sdg target", "sdg", "target"):
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
    text = text.split(maxsplit=1)[0] if text else text
    known = list(links.targets["target"])
    if text not in known:
        raise InputError(_("SDG target {value} is not one of the course's migration-related targets. "
                           "Choose one of: {known}.").format(value=repr(str(value).strip()), known=", ".join(known)))
    return text


def parse_theme(value: object) -> str | None:
    """One of the course's themes, whatever the capitals."""
    if _is_unset(value):
        return None
    text = str(value).strip().lower()
    if text not in THEMES:
        raise InputError(_("{value} is not a course theme. Choose one of: {themes}.").format(
            value=repr(str(value).strip()), themes=", ".join(THEMES)))
    return text


def parse_role(value: object) -> str | None:
    """A local role: leading, shared or supporting."""
    if _is_unset(value):
        return None
    text = str(value).strip().lower()
    if text not in LOCAL_ROLES:
        raise InputError(_("{value} is not a local role. Choose one of: {roles}.").format(
            value=repr(str(value).strip()), roles=", ".join(LOCAL_ROLES)))
    return text


def explore(objective: object = None, target: object = None, theme: object = None, role: object = None,
            words: str | None = None, links: AgendaLinks | None = None) -> Exploration:
    """The objectives that match every filter given, with their SDG targets, lessons and examples.

    ``objective`` is a GCM objective number, ``target`` an SDG target such as
    '10.7', ``theme`` one of :data:`THEMES`, ``role`` one of 'leading', 'shared'
    or 'supporting', and ``words`` text to look for in an objective's title,
    short name or suggested local action. Leave a filter out (or 'All') to not filter on it.
    """
    links = links or agenda_links()
    number, target_id = parse_objective(objective), parse_target(target, links)
    theme_name, role_name = parse_theme(theme), parse_role(role)
    if words is not None and not isinstance(words, str):
        raise InputError(_("words must be text to search for, not {value}.").format(value=repr(words)))
    search = (words or "").strip().lower()

    obj = links.objectives
    keep = pd.Series(True, index=obj.index)
    if number is not None:
        keep &= obj["objective"] == number
    if target_id is not None:
        keep &= obj["sdg_targets"].map(lambda ts: target_id in ts)
    if theme_name is not None:
        keep &= obj["themes"].map(lambda ts: theme_name in ts)
    if role_name is not None:
        keep &= obj["local_role"] == role_name
    if search:
        text = (obj["short_name"] + " " + obj["title"] + " " + obj["local_action"]).str.lower()
        if language() != SOURCE_LANGUAGE:
            # A reader of the French or Spanish edition types words of the text shown: search it too.
            shown = translate_frame(translate_frame(obj, "gcm_objectives"), "gcm_sdg_links")
            text = text + " " + (shown["short_name"] + " " + shown["title"] + " " + shown["local_action"]).str.lower()
        for word in search.split():
            keep &= text.str.contains(word, regex=False)
    found = obj[keep]

    chosen = set(int(n) for n in found["objective"])
    target_ids = [t for t in links.targets["target"] if any(t in ts for ts in found["sdg_targets"])]
    targets = links.targets[links.targets["target"].isin(target_ids)].reset_index(drop=True)

    places: dict[str, list[int]] = {}
    for n, lessons in zip(found["objective"], found["lessons"]):
        for place in lessons:
            places.setdefault(place, []).append(int(n))
    ordered = sorted(places, key=course_order)
    lessons = pd.DataFrame({"place": ordered, "name": [course_place(p) for p in ordered],
                            "objectives": [places[p] for p in ordered]})

    ex = links.examples
    hits = ex["gcm_objectives"].map(lambda ns: bool(chosen.intersection(ns)))
    examples = ex[hits].reset_index(drop=True)

    objectives = found[["objective", "short_name", "title", "local_role", "themes", "sdg_targets",
                        "local_action", "lessons"]].reset_index(drop=True)
    filters = {"objective": number, "target": target_id, "theme": theme_name, "role": role_name,
               "words": search or None}
    return Exploration(objectives=objectives, targets=targets, lessons=lessons, examples=examples, filters=filters)


def source_name(keys: list[str], detail: str | None) -> str:
    """A short citation for an example: 'JMDI guidelines, Example 19, p. 53' (in the reader's language)."""
    shown = [_(SOURCE_NAMES[k]) if k in SOURCE_NAMES else k for k in keys]
    names = shown[0] if shown else ""
    for name in shown[1:]:
        names = _("{first} and {second}").format(first=names, second=name)
    if detail:
        detail = translate_value("local_action_examples", "source_detail", detail)
    return f"{names}, {detail}" if detail else names
