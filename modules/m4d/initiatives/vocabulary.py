"""The sectors and kinds of initiative a migration partnership works in (Module 4).

Two small tables of the data package:

- ``initiative_sectors``: the eight sectors of the guidelines' diagram (p. 49:
  education, health, local development, governance, inclusion, agriculture,
  water and sanitation, housing) and culture, which the guidelines discuss
  (p. 54) but do not draw; each with the case library's finer sectors it covers;
- ``initiative_kinds``: the eight kinds of initiative of pp. 55-56 (pilot
  projects, technical cooperation, peer-to-peer learning, training, capacity
  building, study visits, awareness raising, advocacy), with the course's
  judgement of when each fits, what it costs and what it leaves behind, and the
  starting actions, deliverables and risks the planner proposes.

A sector or a kind may be named by its code (``water_sanitation``) or by its
label (``Water and sanitation``), in any case; :func:`sector_code` and
:func:`kind_code` say what is allowed when a name is unknown.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from m4d import datasets
from m4d.errors import InputError
from m4d.i18n import _


@lru_cache(maxsize=1)
def _sectors() -> pd.DataFrame:
    return datasets.load("initiative_sectors")


@lru_cache(maxsize=1)
def _kinds() -> pd.DataFrame:
    return datasets.load("initiative_kinds")


def sectors(diagram_only: bool = False) -> pd.DataFrame:
    """The sectors, in the data package's order; ``diagram_only`` keeps the eight of p. 49."""
    frame = _sectors()
    if diagram_only:
        frame = frame[frame["in_diagram"].astype(bool)]
    return frame.reset_index(drop=True).copy()


def kinds() -> pd.DataFrame:
    """The eight kinds of initiative, in the guidelines' order (pp. 55-56)."""
    return _kinds().copy()


@lru_cache(maxsize=1)
def sector_labels() -> dict[str, str]:
    """Sector code -> label (``water_sanitation`` -> ``Water and sanitation``)."""
    frame = _sectors()
    return dict(zip(frame["sector"], frame["label"]))


@lru_cache(maxsize=1)
def kind_labels() -> dict[str, str]:
    """Kind code -> label (``peer_learning`` -> ``Peer-to-peer learning``)."""
    frame = _kinds()
    return dict(zip(frame["kind"], frame["label"]))


def _code(value, labels: dict[str, str], what: str) -> str:
    text = "" if value is None else str(value).strip()
    if text in labels:
        return text
    folded = text.lower().replace("-", " ").replace("_", " ").replace("&", "and")
    for code, label in labels.items():
        if folded in (code.replace("_", " "), label.lower().replace("-", " ").replace("&", "and")):
            return code
    allowed = ", ".join(f"{code} ({label})" for code, label in labels.items())
    # One sentence per vocabulary (not a "{what}" slot): French and Spanish nouns differ in gender.
    if not text:
        message = _("No sector is given. Choose one of: {allowed}.") if what == "sector" else \
            _("No kind of initiative is given. Choose one of: {allowed}.")
        raise InputError(message.format(allowed=allowed))
    if what == "sector":
        raise InputError(_("{value} is not a sector of Module 4. Choose one of: {allowed}.").format(
            value=repr(value), allowed=allowed))
    raise InputError(_("{value} is not a kind of initiative of Module 4. Choose one of: {allowed}.").format(
        value=repr(value), allowed=allowed))


def sector_code(value) -> str:
    """The code of a sector named by code or label; an unknown one raises :class:`m4d.InputError`."""
    return _code(value, sector_labels(), "sector")


def kind_code(value) -> str:
    """The code of a kind of initiative named by code or label; unknown raises :class:`m4d.InputError`."""
    return _code(value, kind_labels(), "kind of initiative")


@lru_cache(maxsize=1)
def case_sector_map() -> dict[str, tuple[str, ...]]:
    """Case library sector -> the Module 4 sectors it belongs to (the course's grouping)."""
    out: dict[str, list[str]] = {}
    frame = _sectors()
    for code, fine in zip(frame["sector"], frame["case_sectors"]):
        for item in fine:
            out.setdefault(item, []).append(code)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def case_kind_map() -> dict[str, tuple[str, ...]]:
    """Case library kind of initiative -> the Module 4 kinds it belongs to."""
    out: dict[str, list[str]] = {}
    frame = _kinds()
    for code, fine in zip(frame["kind"], frame["case_kinds"]):
        for item in fine:
            out.setdefault(item, []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def kind_profile(kind) -> dict:
    """Everything the course says about one kind of initiative, as a dict."""
    code = kind_code(kind)
    row = _kinds().set_index("kind").loc[code]
    return {"kind": code, **{k: (list(v) if isinstance(v, list) else v) for k, v in row.items()}}


def sector_profile(sector) -> dict:
    """Everything the course says about one sector, as a dict."""
    code = sector_code(sector)
    row = _sectors().set_index("sector").loc[code]
    return {"sector": code, **{k: (list(v) if isinstance(v, list) else (bool(v) if k == "in_diagram" else v))
                               for k, v in row.items()}}
