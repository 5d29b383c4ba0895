"""What a workshop hub needs to know: where it listens, where it keeps its state,
who the trainer is and where the course comes from.

The settings are plain data. :func:`WorkshopSettings.from_environment` reads them from
``M4D_HUB_*`` variables, so a hand-run ``jupyterhub -f deploy/hub/jupyterhub_config.py``
and ``m4d hub start`` build the same hub.
"""
from __future__ import annotations

import ipaddress
import os
import re
import shutil
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path

from m4d.errors import InputError

# A workshop account name: what `useradd` accepts and what is safe in a URL and in
# nbgrader's submission file names (no '+', no '*').
ACCOUNT_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")

REPOSITORY = Path(__file__).resolve().parents[3]


def check_account_name(name: str, what: str = "account name") -> str:
    if not ACCOUNT_NAME.match(name or ""):
        raise InputError(
            f"{what} {name!r} cannot be used: use 1 to 31 lower-case letters, digits, '-' or '_', "
            "starting with a letter (for example 'trainer' or 'amina')")
    return name


@dataclass(frozen=True)
class WorkshopSettings:
    """One workshop hub.

    ``state`` holds the hub's database, cookie secret, passwords and nbgrader exchange;
    ``homes`` is where participants' home folders are created (mode 700);
    ``group`` is the system group of every account the hub creates, which is how
    the hub tells its own accounts from the machine's (it never logs anyone in as
    an account outside it).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    state: Path = Path("/srv/m4d-hub")
    homes: Path = Path("/home")
    group: str = "m4d-workshop"
    admins: tuple[str, ...] = ("trainer",)
    course: Path = field(default_factory=lambda: REPOSITORY / "exercises")
    course_id: str = "m4d"
    environment: Path = field(default_factory=lambda: Path(sys.prefix))
    idle_timeout: int = 3600
    base_url: str = "/"
    # Course repositories on this machine that participants may pull from (git needs
    # to be told, since they belong to another account); the repository that the
    # hub runs from is always one.
    local_repositories: tuple[Path, ...] = ()

    def __post_init__(self):
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            raise InputError(f"host {self.host!r} is not an IP address: use 127.0.0.1 (this machine only) "
                             "or the address of one network interface") from None
        for name in ("port", "hub_port", "proxy_api_port"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 0 < value < 65536:
                raise InputError(f"{name} must be a port number between 1 and 65535, not {value!r}")
        if len({self.port, self.hub_port, self.proxy_api_port}) != 3:
            raise InputError("the public port, the hub's port and the proxy's API port must all differ")
        check_account_name(self.group, "group name")
        if not self.admins:
            raise InputError("a workshop needs at least one trainer (admin) account")
        for admin in self.admins:
            check_account_name(admin, "trainer name")
        if self.idle_timeout < 60:
            raise InputError(f"idle timeout must be at least 60 seconds, not {self.idle_timeout}")
        if not (Path(self.course) / "source").is_dir():
            raise InputError(f"{self.course} is not an nbgrader course folder (no source/ in it): "
                             "pass the folder that holds nbgrader_config.py and source/")
        if not (Path(self.environment) / "bin" / "jupyterhub-singleuser").exists():
            raise InputError(f"{self.environment} has no jupyterhub-singleuser: install the course "
                             "with its hub extra (make env, or pip install 'm4d[hub]')")
        if not self.base_url.startswith("/") or not self.base_url.endswith("/"):
            raise InputError(f"base URL {self.base_url!r} must start and end with '/'")

    @property
    def public_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.base_url}"

    @property
    def trusted_repositories(self) -> list[Path]:
        return [REPOSITORY, *(Path(p).resolve() for p in self.local_repositories)]

    @property
    def exchange(self) -> Path:
        return Path(self.state) / "exchange"

    @property
    def role_config(self) -> Path:
        return Path(self.state) / "jupyter-config"

    @property
    def proxy_command(self) -> list[str]:
        """configurable-http-proxy, from the repository's npm install or the PATH."""
        local = REPOSITORY / "node_modules" / ".bin" / "configurable-http-proxy"
        if local.exists():
            return [str(local)]
        found = shutil.which("configurable-http-proxy")
        if found:
            return [found]
        raise InputError("configurable-http-proxy is not installed: run `npm ci` in the repository "
                         "(make env does it) or `npm install -g configurable-http-proxy`")

    def to_environment(self) -> dict[str, str]:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "local_repositories":
                value = os.pathsep.join(str(p) for p in value)
            elif isinstance(value, tuple):
                value = ",".join(value)
            out["M4D_HUB_" + f.name.upper()] = str(value)
        return out

    @classmethod
    def from_environment(cls, environ=None) -> "WorkshopSettings":
        environ = os.environ if environ is None else environ
        kwargs = {}
        for f in fields(cls):
            raw = environ.get("M4D_HUB_" + f.name.upper())
            if raw is None:
                continue
            if f.name in ("port", "hub_port", "proxy_api_port", "idle_timeout"):
                try:
                    kwargs[f.name] = int(raw)
                except ValueError:
                    raise InputError(f"M4D_HUB_{f.name.upper()} must be a whole number, not {raw!r}") from None
            elif f.name == "admins":
                kwargs[f.name] = tuple(a.strip() for a in raw.split(",") if a.strip())
            elif f.name == "local_repositories":
                kwargs[f.name] = tuple(Path(p) for p in raw.split(os.pathsep) if p)
            elif f.name in ("state", "homes", "course", "environment"):
                kwargs[f.name] = Path(raw)
            else:
                kwargs[f.name] = raw
        return cls(**kwargs)
