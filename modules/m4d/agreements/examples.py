"""Illustrative agreement fields to start from.

The two sample agreements (a new memorandum between two fictional cities, and
the revision of a fictional twinning agreement) are made up for teaching: every
name, figure and date in them is illustrative and says so.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any

from m4d.agreements.elements import check_mode


def example_fields(mode: str = "new") -> dict[str, Any]:
    """Fields of an illustrative agreement of this mode, ready to edit and build."""
    check_mode(mode)
    text = resources.files("m4d").joinpath("templates", f"agreement_example_{mode}.json").read_text(encoding="utf-8")
    return json.loads(text)
