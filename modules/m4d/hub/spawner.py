"""How the workshop hub starts a participant's server: JupyterHub's local-process
spawner, with two changes a room logging in at once needs.

- The hub itself runs with a private umask (its database and pid files are made
  readable by root only); servers get the usual 022 back, so what participants and
  the trainer share through the exchange (releases, submissions, feedback) stays
  readable to those nbgrader means it for.
- JupyterHub learns that a server is up by polling it with a back-off that grows
  to 5 s between tries; under load most servers were ready for seconds before the
  hub looked. :meth:`WorkshopSpawner.start` polls the server's own port every
  0.2 s itself and returns once it answers, so the hub's first check succeeds.
"""
from __future__ import annotations

import asyncio
import os
import time

from jupyterhub.spawner import LocalProcessSpawner
from tornado.httpclient import AsyncHTTPClient, HTTPClientError


class WorkshopSpawner(LocalProcessSpawner):
    ready_poll_interval = 0.2

    def make_preexec_fn(self, name):
        become = super().make_preexec_fn(name)

        def preexec():
            os.umask(0o022)
            become()

        return preexec

    async def start(self):
        ip, port = await super().start()
        url = f"http://{ip}:{port}{self.server.base_url}api"
        client = AsyncHTTPClient()
        deadline = time.monotonic() + self.http_timeout
        while time.monotonic() < deadline:
            status = self.proc.poll()
            if status is not None:
                # Say so now: the hub itself would wait for its time-out before noticing.
                raise RuntimeError(f"{self.user.name}'s server stopped while starting (exit status "
                                   f"{status}); the hub's log has its messages")
            try:
                await client.fetch(url, request_timeout=2, connect_timeout=1)
                break
            except HTTPClientError as err:
                if err.code != 599:  # 599: tornado's own time-out, no answer yet
                    break  # it answers (even 403 or 404): it is up
            except (OSError, asyncio.TimeoutError):
                pass
            except Exception:  # noqa: BLE001 - any other failure to connect means "not yet"
                pass
            await asyncio.sleep(self.ready_poll_interval)
        return ip, port
