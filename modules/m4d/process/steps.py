"""The seven steps of building a migration-related decentralised cooperation partnership.

The guidelines' fold-out (pp. 21-22) shows one process with two tracks: setting
up a *new* partnership, and bringing migration into an *existing* one. Some
steps are the same on both tracks (the points of connection); others differ
(the points of divergence). :func:`seven_steps` gives the steps as data and
:func:`shared_steps` says which ones the two tracks share.
"""
from __future__ import annotations

import pandas as pd

from m4d import datasets
from m4d.errors import InputError
from m4d.i18n import N_, _

# The tracks' labels, marked for translation (shown translated: _(TRACKS[track])); the keys are codes.
TRACKS = {"new_partnership": N_("New partnership"), "existing_partnership": N_("Existing partnership")}


def seven_steps(track: str | None = None) -> pd.DataFrame:
    """The steps (step, track, title, actions, pages), for one track or both."""
    frame = datasets.load("seven_steps")
    if track is None:
        return frame.sort_values(["step", "track"], ascending=[True, False]).reset_index(drop=True)
    if track not in TRACKS:
        raise InputError(_("Unknown track {track}: use 'new_partnership' or 'existing_partnership'.").format(
            track=repr(track)))
    return frame[frame["track"] == track].sort_values("step").reset_index(drop=True)


def shared_steps() -> list[int]:
    """Steps whose title and actions are the same for a new and an existing partnership."""
    new = seven_steps("new_partnership").set_index("step")
    old = seven_steps("existing_partnership").set_index("step")
    return [int(s) for s in new.index
            if new.loc[s, "title"] == old.loc[s, "title"] and list(new.loc[s, "actions"]) == list(old.loc[s, "actions"])]
