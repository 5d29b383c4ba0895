"""The workshop's two passwords: one shared by the participants, one for the trainers.

Both are made on the first start and kept in the hub's state folder, readable by
root only, so a restarted hub keeps the passwords the room already has. Either can
be chosen instead through ``M4D_HUB_PARTICIPANT_PASSWORD`` and
``M4D_HUB_TRAINER_PASSWORD``.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from m4d.errors import InputError

# JupyterHub's SharedPasswordAuthenticator asks for at least 8 characters for the
# participants' password and 32 for the admins' one.
PARTICIPANT_MIN = 8
TRAINER_MIN = 32
# Easy to read aloud and to type from a slide: no 0/O, 1/l/I.
_SPOKEN = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class WorkshopPasswords:
    participant: str
    trainer: str

    def __post_init__(self):
        if len(self.participant) < PARTICIPANT_MIN:
            raise InputError(f"the participants' password needs at least {PARTICIPANT_MIN} characters")
        if len(self.trainer) < TRAINER_MIN:
            raise InputError(f"the trainer's password needs at least {TRAINER_MIN} characters "
                             "(it opens the admin page and every participant's server)")
        if self.participant == self.trainer:
            raise InputError("the participants' and the trainer's passwords must differ")


def _spoken(n: int) -> str:
    word = "".join(secrets.choice(_SPOKEN) for _ in range(n))
    return "-".join(word[i:i + 4] for i in range(0, n, 4))


def load_or_create(state: Path, environ=None) -> WorkshopPasswords:
    """The passwords of the hub whose state folder is ``state``; made if missing."""
    environ = os.environ if environ is None else environ
    state = Path(state)
    state.mkdir(parents=True, exist_ok=True)
    values = {}
    for role, make in (("participant", lambda: _spoken(12)), ("trainer", lambda: secrets.token_urlsafe(32))):
        path = state / f"{role}-password"
        given = environ.get(f"M4D_HUB_{role.upper()}_PASSWORD")
        if given:
            values[role] = given
        elif path.exists():
            values[role] = path.read_text().strip()
        else:
            values[role] = make()
    passwords = WorkshopPasswords(**values)
    for role in ("participant", "trainer"):
        path = state / f"{role}-password"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(getattr(passwords, role) + "\n")
        os.chmod(path, 0o600)
    return passwords
