"""The good-practice explorer: the case library faceted by sector, kind, direction, region, actors and funding.

A learner asks "South-South health partnerships with a diaspora association"
and gets the examples of the guidelines that match, with the printed pages that
support each sector and kind (``case_tags``). When nothing matches, the
explorer says which single filter to drop to find the nearest examples.

Facets (keywords of :func:`explore_cases`; within a facet a case matches any of
the values asked for, across facets it must match all):

- ``sector``: the Module 4 sectors (``initiative_sectors``: health, education,
  ...), by code or label; a case belongs to a sector when one of its case
  library sectors is grouped under it;
- ``kind``: the eight kinds of initiative of pp. 55-56 (``initiative_kinds``);
- ``direction``, ``world_region``, ``actor_type``: the case library's own
  vocabularies (:func:`m4d.cases.vocabulary`);
- ``funding_source``: who paid, as the guidelines name them, or ``not stated``.

:class:`CaseIndex` does the work: it turns each facet into a boolean matrix
(cases x values) once, so that a filter is a few array operations (a library
of 100,000 cases filters in milliseconds; see ``benchmarks/initiatives.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
import pandas as pd

from m4d import datasets
from m4d.cases import load_cases, load_places, vocabulary
from m4d.cases.search import fold as _fold_accents
from m4d.errors import InputError
from m4d.i18n import N_, SOURCE_LANGUAGE, _, language, ngettext, pgettext, translate_value
from m4d.initiatives.vocabulary import case_kind_map, case_sector_map, kind_labels, sector_labels

NOT_STATED = N_("not stated")
#: facet keyword -> label shown to a reader, in the order the explorer shows them.
FACET_LABELS = {
    "sector": N_("Sector"), "kind": N_("Kind of initiative"), "direction": N_("Direction"),
    "world_region": N_("World region"), "actor_type": N_("Type of actor"), "funding_source": N_("Funding source"),
}

#: What the explorer says of a value it does not know, one whole sentence per filter.
_NOT_KNOWN = {
    "sector": N_("{value} is not a sector the explorer knows. Choose from: {choices}."),
    "kind": N_("{value} is not a kind of initiative the explorer knows. Choose from: {choices}."),
    "direction": N_("{value} is not a direction the explorer knows. Choose from: {choices}."),
    "world_region": N_("{value} is not a world region the explorer knows. Choose from: {choices}."),
    "actor_type": N_("{value} is not a type of actor the explorer knows. Choose from: {choices}."),
    "funding_source": N_("{value} is not a funding source the explorer knows. Choose from: {choices}."),
}


def fold(text: str) -> str:
    """Lower case without accents (as the case library's search); plain ASCII text takes the fast path."""
    return text.lower() if text.isascii() else _fold_accents(text)


@lru_cache(maxsize=1)
def case_tags() -> pd.DataFrame:
    """Every sector and kind tag of every example with the printed page that supports it (``case_tags``)."""
    return datasets.load("case_tags")


def _m4_values(fine: Iterable[str], mapping: dict[str, tuple[str, ...]], labels: dict[str, str]) -> list[str]:
    codes = {code for item in (fine or []) for code in mapping.get(item, ())}
    return [labels[c] for c in labels if c in codes]


def with_module4_facets(cases: pd.DataFrame) -> pd.DataFrame:
    """The cases with the explorer's columns added: ``m4_sectors``, ``m4_kinds`` (labels) and ``funders``."""
    out = cases.copy()
    s_map, k_map = case_sector_map(), case_kind_map()
    s_lab, k_lab = sector_labels(), kind_labels()
    # Many cases share a combination of tags: group each combination once.
    memo: dict[tuple, list[str]] = {}

    def grouped(items, mapping, labels, key):
        token = (key, tuple(items or ()))
        if token not in memo:
            memo[token] = _m4_values(items, mapping, labels)
        return list(memo[token])

    out["m4_sectors"] = [grouped(v, s_map, s_lab, "s") for v in out["sectors"]]
    out["m4_kinds"] = [grouped(v, k_map, k_lab, "k") for v in out["initiative_kinds"]]
    out["funders"] = [list(v) if v else [NOT_STATED] for v in out["funding_sources"]]
    return out


#: Where a facet's values (English, as the data holds them) are translated: resource and column of datasets.po.
_VALUE_COLUMNS = {"sector": ("initiative_sectors", "label"), "kind": ("initiative_kinds", "label"),
                  "direction": ("cases", "direction"), "world_region": ("cases", "world_regions"),
                  "actor_type": ("cases", "actor_types"), "funding_source": ("cases", "funding_sources")}


def value_label(facet: str, value: str) -> str:
    """A facet's value (a sector, a kind, a direction ...) in the reader's language; a funder by its name in that
    language (the official one where it has one, e.g. ICMD for the JMDI). In English the value as given."""
    if facet == "funding_source" and value == NOT_STATED:
        return _(NOT_STATED)
    if language() == SOURCE_LANGUAGE or facet not in _VALUE_COLUMNS:
        return value
    if facet in ("sector", "kind"):
        # A learner may ask by code or label in any case ("health"): the catalogue knows the label.
        labels = sector_labels() if facet == "sector" else kind_labels()
        by_fold = {fold(k.replace("_", " ")): v for k, v in labels.items()} | {fold(v): v for v in labels.values()}
        value = by_fold.get(fold(str(value).replace("_", " ")), value)
    return translate_value(*_VALUE_COLUMNS[facet], value)


def explorer_message(selections: dict[str, Any], query: str, shown: int, total: int,
                     relaxations: list[tuple[str, int]]) -> str:
    """What the explorer found, in the reader's language: how many examples match what was asked, or which
    single filter to drop to find the nearest."""
    query = str(query or "")
    asked = []
    for facet, value in selections.items():
        values = [value] if isinstance(value, str) else list(value)
        either = (" " + pgettext("one value or another of a filter", "or") + " ").join(
            value_label(facet, str(v)) for v in values)
        asked.append(_("{filter} {value}").format(filter=_(FACET_LABELS[facet]).lower(), value=either))
    if query.strip():
        asked.append(_("the words '{words}'").format(words=query.strip()))
    if shown:
        if asked:
            return _("{shown} of {total} examples match {asked}.").format(shown=shown, total=total,
                                                                          asked="; ".join(asked))
        return _("{shown} of {total} examples match.").format(shown=shown, total=total)
    hint = "; ".join(
        _("without the {filter} filter, {n} would").format(
            filter=(_(FACET_LABELS[f]) if f in FACET_LABELS else _("search words")).lower(), n=n)
        for f, n in relaxations)
    found = _("No example matches {asked}.").format(asked="; ".join(asked))
    if hint:
        return found + " " + _("Drop one filter to see the nearest: {hint}.").format(hint=hint)
    return found + " " + _("Clear the filters to start again.")


def pages_text(pages: list[int]) -> str:
    """The printed pages that support an example's tags, as a reader reads them ("pp. 17, 52")."""
    listed = ", ".join(str(p) for p in pages)
    return ngettext("p. {pages}", "pp. {pages}", len(pages)).format(pages=listed)


#: facet keyword -> column of :func:`with_module4_facets`.
FACET_COLUMNS = {"sector": "m4_sectors", "kind": "m4_kinds", "direction": "direction",
                 "world_region": "world_regions", "actor_type": "actor_types", "funding_source": "funders"}


def _facet_vocabulary(facet: str, frame: pd.DataFrame) -> list[str]:
    if facet == "sector":
        return list(sector_labels().values())
    if facet == "kind":
        return list(kind_labels().values())
    if facet == "funding_source":
        present = sorted({v for items in frame["funders"] for v in items if v != NOT_STATED}, key=fold)
        return present + [NOT_STATED]
    return vocabulary({"direction": "direction", "world_region": "world_regions", "actor_type": "actor_types"}[facet])


@dataclass
class CaseIndex:
    """The case library prepared for fast faceted filtering: one boolean matrix per facet."""

    cases: pd.DataFrame
    values: dict[str, list[str]]
    matrices: dict[str, np.ndarray]
    texts: np.ndarray
    ids: np.ndarray
    _codes: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, cases: pd.DataFrame | None = None) -> "CaseIndex":
        """Index ``cases`` (the course's case library by default)."""
        frame = with_module4_facets(load_cases() if cases is None else cases).reset_index(drop=True)
        values, matrices = {}, {}
        for facet, column in FACET_COLUMNS.items():
            vocab = _facet_vocabulary(facet, frame)
            matrices[facet] = _membership(frame[column], vocab)
            values[facet] = vocab
        text_columns = [c for c in ("title", "summary", "territories", "countries", "actors", "corridor")
                        if c in frame.columns]
        joined = pd.Series([""] * len(frame), index=frame.index, dtype=object)
        for c in text_columns:
            joined = joined + " " + frame[c].map(_flat)
        texts = np.array([fold(t) for t in joined], dtype=str)
        codes = {"sector": dict(sector_labels()), "kind": dict(kind_labels())}
        return cls(frame, values, matrices, texts, frame["id"].to_numpy(dtype=np.int64), codes)

    def _wanted(self, facet: str, value: Any) -> np.ndarray:
        vocab = self.values[facet]
        asked = [value] if isinstance(value, str) else list(value)
        columns = []
        for item in asked:
            text = str(item).strip()
            if text in vocab:
                columns.append(vocab.index(text))
                continue
            codes = self._codes.get(facet, {})
            folded = {fold(v): i for i, v in enumerate(vocab)}
            key = fold(codes.get(text, text).replace("_", " "))
            if key in folded:
                columns.append(folded[key])
                continue
            # One sentence per filter (not a "{facet}" slot): French and Spanish nouns differ in gender.
            raise InputError(_(_NOT_KNOWN.get(facet, _NOT_KNOWN["sector"])).format(
                value=repr(item), choices=", ".join(vocab)))
        return np.asarray(columns, dtype=int)

    def mask(self, query: str = "", **selections) -> np.ndarray:
        """Boolean mask of the cases that match every selection (and every word of ``query``)."""
        keep = np.ones(len(self.ids), dtype=bool)
        for facet, value in selections.items():
            if facet not in FACET_COLUMNS:
                raise InputError(_("The explorer cannot filter by {facet}. Filters: {filters}, query.").format(
                    facet=repr(facet), filters=", ".join(FACET_COLUMNS)))
            if value is None or (not isinstance(value, str) and len(list(value)) == 0) or value == "":
                continue
            keep &= self.matrices[facet][:, self._wanted(facet, value)].any(axis=1)
        if not isinstance(query, str):
            raise InputError(_("The search text must be words, not {kind}.").format(kind=type(query).__name__))
        for word in fold(query).split():
            # Look only in the cases still kept: the facets usually leave few.
            rows = np.flatnonzero(keep)
            keep[rows] = np.strings.find(self.texts[rows], word) >= 0
        return keep

    def counts(self, query: str = "", **selections) -> dict[str, dict[str, int]]:
        """For each facet and value: how many cases would match if that value were chosen, other filters kept."""
        out = {}
        for facet in FACET_COLUMNS:
            others = {k: v for k, v in selections.items() if k != facet}
            base = self.mask(query, **others)
            out[facet] = dict(zip(self.values[facet], self.matrices[facet][base].sum(axis=0).tolist()))
        return out


def _membership(column: pd.Series, vocab: list[str]) -> np.ndarray:
    """Boolean matrix (rows x vocab): does the row's list hold the value?"""
    matrix = np.zeros((len(column), len(vocab)), dtype=bool)
    exploded = pd.Series(list(column), dtype=object).map(lambda v: v if isinstance(v, (list, tuple)) else []).explode()
    position = exploded.map({v: j for j, v in enumerate(vocab)})
    known = position.notna().to_numpy()
    matrix[exploded.index.to_numpy()[known], position.to_numpy()[known].astype(int)] = True
    return matrix


def _flat(value) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(map(str, value))
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


@lru_cache(maxsize=1)
def course_index() -> CaseIndex:
    """The index of the course's case library (built once)."""
    return CaseIndex.build()


@dataclass
class ExplorerResult:
    """What the explorer found: the matching cases, the counts per facet value, and a message."""

    cases: pd.DataFrame
    counts: dict[str, dict[str, int]]
    message: str
    relaxations: list[tuple[str, int]]
    selections: dict[str, Any]

    def table(self) -> pd.DataFrame:
        """The matching cases as a table to read, in the reader's language: example, title, where, sectors,
        kinds, pages (places and page numbers as they are)."""
        table = self.cases[["id", "title", "territories", "m4_sectors", "m4_kinds", "direction", "pages"]].rename(
            columns={"id": "example", "m4_sectors": "sectors", "m4_kinds": "kinds of initiative"})
        if language() == SOURCE_LANGUAGE:
            return table
        shown = table.copy()
        shown["title"] = [translate_value("cases", "title", v) for v in table["title"]]
        shown["territories"] = [translate_value("cases", "territories", v) for v in table["territories"]]
        for column, facet in (("sectors", "sector"), ("kinds of initiative", "kind"), ("direction", "direction")):
            shown[column] = [[value_label(facet, v) for v in (items or [])] for items in table[column]]
        if len(self.cases) and "page" in self.cases.columns:
            shown["pages"] = [pages_text(p) for p in _pages_of(self.cases)]
        return shown.rename(columns=table_headings())

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data."""
        return {"examples": self.cases["id"].astype(int).tolist(), "message": self.message,
                "counts": self.counts, "relaxations": [list(r) for r in self.relaxations],
                "selections": self.selections}


@lru_cache(maxsize=1)
def _pages_by_case() -> dict[int, list[int]]:
    tags = case_tags()
    out: dict[int, set[int]] = {}
    for cid, page in zip(tags["case_id"], tags["page"]):
        out.setdefault(int(cid), set()).add(int(page))
    return {k: sorted(v) for k, v in out.items()}


def table_headings() -> dict[str, str]:
    """The columns of :meth:`ExplorerResult.table` (plain data, in English) as the reader sees them."""
    return {"example": _("example"), "title": _("title"), "territories": _("territories"), "sectors": _("sectors"),
            "kinds of initiative": _("kinds of initiative"), "direction": _("direction"), "pages": _("pages")}


def _pages_of(rows: pd.DataFrame) -> list[list[int]]:
    # The pages of the tags and the example's own pages, for each row.
    pages_of = _pages_by_case()
    return [sorted(set(pages_of.get(int(cid), [])) | set(range(int(first), int(last) + 1)))
            for cid, first, last in zip(rows["id"], rows["page"], rows["page_end"])]


def _supporting_pages(index: CaseIndex, rows: pd.DataFrame) -> list[str]:
    # English, as the data's "pages" column: the reader's version is pages_text().
    return [("p. " if len(pages) == 1 else "pp. ") + ", ".join(str(p) for p in pages) for pages in _pages_of(rows)]


def tag_pages(example: int, facet: str = "sector") -> dict[str, list[int]]:
    """For one example: each Module 4 sector (or kind) it belongs to, in the reader's language, with the pages
    that support it."""
    if facet not in ("sector", "kind"):
        raise InputError(_("facet is 'sector' or 'kind'."))
    tags = case_tags()
    rows = tags[(tags["case_id"] == int(example)) & (tags["facet"] == ("sector" if facet == "sector" else "initiative_kind"))]
    mapping, labels = (case_sector_map(), sector_labels()) if facet == "sector" else (case_kind_map(), kind_labels())
    out: dict[str, list[int]] = {}
    for tag, page in zip(rows["tag"], rows["page"]):
        for code in mapping.get(tag, ()):
            out.setdefault(labels[code], [])
            if int(page) not in out[labels[code]]:
                out[labels[code]].append(int(page))
    return {value_label(facet, k): sorted(v) for k, v in out.items()}


def explore_cases(query: str = "", *, index: CaseIndex | None = None, **selections) -> ExplorerResult:
    """The examples that match the selections (``sector=``, ``kind=``, ``direction=``, ``world_region=``,
    ``actor_type=``, ``funding_source=``, each one value or a list) and every word of ``query``.

    >>> explore_cases(sector="health", direction="South-South", actor_type="diaspora and migrant associations").message  # doctest: +SKIP
    """
    index = index or course_index()
    selections = {k: v for k, v in selections.items() if v not in (None, "", [], ())}
    keep = index.mask(query, **selections)
    rows = index.cases[keep].copy()
    if len(rows) and "page" in rows.columns:
        rows["pages"] = _supporting_pages(index, rows)
    else:
        rows["pages"] = pd.Series([], dtype=object)
    counts = index.counts(query, **selections)
    relaxations: list[tuple[str, int]] = []
    if not len(rows):
        for facet in selections:
            others = {k: v for k, v in selections.items() if k != facet}
            n = int(index.mask(query, **others).sum())
            if n:
                relaxations.append((facet, n))
        if query.strip():
            n = int(index.mask("", **selections).sum())
            if n:
                relaxations.append(("query", n))
        relaxations.sort(key=lambda r: -r[1])
    message = explorer_message(selections, query, len(rows), len(index.ids), relaxations)
    return ExplorerResult(rows.reset_index(drop=True), counts, message, relaxations, dict(selections, query=query))


# ----------------------------------------------------------------------------- the map, as a plotly spec
CORRIDOR_COLOUR = "#d95f02"
OTHER_COLOUR = "#1b6ca8"


@lru_cache(maxsize=1)
def _located() -> pd.DataFrame:
    places = load_places()
    located = places[places["latitude"].notna() & places["longitude"].notna()].copy()
    cases = load_cases()[["id", "title", "follows_corridor"]].rename(columns={"id": "case_id"})
    located = located.merge(cases, on="case_id", how="left")
    located["corridor"] = located["follows_corridor"].fillna(False).astype(bool)
    return located.reset_index(drop=True)


@lru_cache(maxsize=1)
def _points_by_case() -> dict[int, list[tuple]]:
    # (latitude, longitude, title, country, follows a corridor, territory) of each located territory, by example.
    out: dict[int, list[tuple]] = {}
    located = _located()
    for row in zip(located["case_id"], located["latitude"], located["longitude"], located["title"],
                   located["country"], located["corridor"], located["territory"]):
        out.setdefault(int(row[0]), []).append((float(row[1]), float(row[2]), row[3], row[4], bool(row[5]), row[6]))
    return out


def _hover(example: int, point: tuple) -> str:
    # The example's title, territory and country in the reader's language.
    return _("<b>Example {number}</b>: {title}<br>{territory}, {country}").format(
        number=example, title=translate_value("cases", "title", point[2]),
        territory=translate_value("cases", "territories", point[5]),
        country=translate_value("cases", "countries", point[3]))


def map_spec(example_ids: Iterable[int], title: str = N_("Where the matching examples take place")) -> dict:
    """A plotly figure (as a dict) with one point per located territory of the given examples.

    The title and legend are in the reader's language (:mod:`m4d.i18n`).
    """
    points = _points_by_case()
    traces = []
    for name, is_corridor, colour in ((_("follows a migration corridor"), True, CORRIDOR_COLOUR),
                                      (_("other examples"), False, OTHER_COLOUR)):
        chosen = [(cid, p) for cid in example_ids for p in points.get(int(cid), ()) if p[4] == is_corridor]
        traces.append({"type": "scattergeo", "mode": "markers", "name": name,
                       "lat": [p[0] for _, p in chosen], "lon": [p[1] for _, p in chosen],
                       "text": [_hover(c, p) for c, p in chosen], "customdata": [int(c) for c, _ in chosen],
                       "hovertemplate": "%{text}<extra></extra>",
                       "marker": {"size": 8, "color": colour, "opacity": 0.85, "line": {"width": 0.5, "color": "white"}}})
    layout = {"title": {"text": _(title), "font": {"size": 15}},
              "geo": {"projection": {"type": "natural earth"}, "showcountries": True, "countrycolor": "#c8c8c8",
                      "showland": True, "landcolor": "#f3f1ea", "showframe": False},
              "legend": {"orientation": "h", "y": -0.05}, "margin": {"l": 0, "r": 0, "t": 40, "b": 0}, "height": 420}
    return {"data": traces, "layout": layout}


def map_alt(example_ids: Iterable[int]) -> str:
    """Alternative text for :func:`map_spec`."""
    points = _points_by_case()
    chosen = [(int(cid), p) for cid in example_ids for p in points.get(int(cid), ())]
    if not chosen:
        return _("World map with no points: no matching example has a located territory.")
    countries: dict[str, int] = {}
    for _cid, p in chosen:
        if p[3]:
            countries[p[3]] = countries.get(p[3], 0) + 1
    top = sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    where = ", ".join(f"{translate_value('cases', 'countries', c)} ({n})" for c, n in top)
    return _("World map with {points} points, one per located territory of {examples} matching examples, in "
             "{countries} countries; most are in {where}.").format(
                 points=len(chosen), examples=len({c for c, _p in chosen}), countries=len(countries), where=where)


# ----------------------------------------------------------------------------- synthetic libraries (load tests)
def synthetic_cases(n: int, seed: int = 0) -> pd.DataFrame:
    """A made-up case library of ``n`` cases with the course's vocabularies, for speed and property tests.

    Each case draws 1-3 sectors, 1-3 kinds, 1-2 directions, regions and actor
    types, and 0-2 funders at random (seeded); titles and summaries are
    placeholders. Nothing in it is a real case.
    """
    rng = np.random.default_rng(seed)
    pools = {"sectors": vocabulary("sectors"), "initiative_kinds": vocabulary("initiative_kinds"),
             "direction": vocabulary("direction"), "world_regions": vocabulary("world_regions"),
             "actor_types": vocabulary("actor_types"),
             "funding_sources": ["JMDI", "European Union", "Dutch Ministry of Foreign Affairs", "Grand Est Region",
                                 "Rockefeller Foundation (100 Resilient Cities)"]}
    limits = {"sectors": (1, 3), "initiative_kinds": (1, 3), "direction": (1, 2), "world_regions": (1, 2),
              "actor_types": (1, 3), "funding_sources": (0, 2)}
    data: dict[str, list] = {"id": list(range(1, n + 1))}
    for column, pool in pools.items():
        lo, hi = limits[column]
        sizes = rng.integers(lo, hi + 1, size=n)
        picks = rng.random((n, len(pool))).argsort(axis=1)
        data[column] = [[pool[j] for j in sorted(picks[i, :sizes[i]])] for i in range(n)]
    words = np.array(["market", "water", "clinic", "school", "diaspora", "women", "youth", "heritage", "farm", "rumours"])
    data["title"] = [f"Synthetic case {i}" for i in range(1, n + 1)]
    data["summary"] = [" ".join(words[rng.integers(0, len(words), 4)]) for _ in range(n)]
    data["territories"] = [[f"Town {i}"] for i in range(1, n + 1)]
    data["countries"] = [[] for _ in range(n)]
    data["actors"] = [[] for _ in range(n)]
    data["corridor"] = [None] * n
    data["page"] = [1] * n
    data["page_end"] = [1] * n
    return pd.DataFrame(data)
