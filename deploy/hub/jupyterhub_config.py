"""JupyterHub configuration of a workshop hub on one machine.

`make hub` and `m4d hub start` write and use their own copy of this file (in the
state folder); use this one to run the hub yourself, e.g. from systemd:

    M4D_HUB_STATE=/srv/m4d-hub M4D_HUB_PORT=8000 \
        /path/to/repo/.venv/bin/jupyterhub -f /path/to/repo/deploy/hub/jupyterhub_config.py

Every setting is an M4D_HUB_* variable (see m4d.hub.settings.WorkshopSettings):
M4D_HUB_HOST (default 127.0.0.1), M4D_HUB_PORT, M4D_HUB_HUB_PORT, M4D_HUB_PROXY_API_PORT,
M4D_HUB_STATE, M4D_HUB_HOMES, M4D_HUB_GROUP, M4D_HUB_ADMINS (comma-separated trainer
names), M4D_HUB_COURSE, M4D_HUB_COURSE_ID, M4D_HUB_IDLE_TIMEOUT, M4D_HUB_BASE_URL,
M4D_HUB_LOCAL_REPOSITORIES; passwords: M4D_HUB_PARTICIPANT_PASSWORD and
M4D_HUB_TRAINER_PASSWORD (otherwise made once and kept in the state folder).
"""
from m4d.hub.config import configure
from m4d.hub.settings import WorkshopSettings

configure(c, WorkshopSettings.from_environment())  # noqa: F821  (c is given by JupyterHub)

# Your own changes go below, e.g. a longer idle time for a slow room:
# c.JupyterHub.services[0]["command"].append("--max-age=28800")
