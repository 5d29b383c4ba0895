"""Login for a workshop: one shared password for the room, another for the trainers.

JupyterHub's own SharedPasswordAuthenticator checks the passwords (the trainers'
password only works for the names in ``admin_users``, and nobody who logs in with the
room's password is ever an admin). This subclass adds what a hub that starts
servers as system accounts needs: a participant's name must be a valid account
name, and it may not be a system account the workshop did not create (root, a
service, a colleague), since the server would run as that account.
"""
from __future__ import annotations

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from traitlets import Unicode

from m4d.hub.accounts import is_foreign_account
from m4d.hub.settings import ACCOUNT_NAME


class WorkshopAuthenticator(SharedPasswordAuthenticator):
    workshop_group = Unicode("m4d-workshop", config=True,
                             help="System group of the accounts that this workshop hub made.")

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if not ACCOUNT_NAME.match(name):
            self.log.warning("Refused login as %r: not a valid workshop account name", name)
            return None
        if is_foreign_account(name, self.workshop_group):
            self.log.warning("Refused login as %r: a system account that the workshop did not create", name)
            return None
        return await super().authenticate(handler, data)
