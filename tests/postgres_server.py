"""A throwaway PostgreSQL server for the gradebook tests, from Debian's binaries.

The server's files live in a fresh folder under /tmp; it listens only on a unix
socket in that folder (no TCP port), trusts local connections, and is stopped
and removed by :meth:`PostgresServer.stop`. PostgreSQL refuses to run as root,
so when the tests run as root (as here and in CI) the server runs as the
unprivileged user ``nobody``.
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("M4D_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "grader"


class PostgresMissing(RuntimeError):
    pass


class PostgresServer:
    """initdb + pg_ctl in a temporary folder; ``url(db)`` gives a SQLAlchemy URL."""

    def __init__(self) -> None:
        missing = [p for p in ("initdb", "pg_ctl", "postgres") if not (PG_BIN / p).exists()]
        if missing:
            raise PostgresMissing(
                f"PostgreSQL's programs ({', '.join(missing)}) are not in {PG_BIN}: run "
                "`make system-packages-test` (system-packages/test.txt lists postgresql)")
        self.folder = Path(tempfile.mkdtemp(prefix="m4d-pg-", dir="/tmp"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.folder, nobody.pw_uid, nobody.pw_gid)
            self._as_user = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]

    def _run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
        env = {"PATH": f"{PG_BIN}:/usr/bin:/bin", "LC_ALL": "C", "HOME": str(self.folder)}
        return subprocess.run([*self._as_user, *argv], cwd=self.folder, env=env, capture_output=True,
                              text=True, timeout=timeout)

    def start(self) -> "PostgresServer":
        done = self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                         "--no-locale", "-E", "UTF8", "--no-sync")
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        options = (f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' "
                   "-c fsync=off -c full_page_writes=off -c max_connections=60")
        done = self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
                         "-w", "-t", "60", "start")
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n{log}")
        return self

    def create_database(self, name: str) -> str:
        import psycopg2
        for _ in range(50):
            try:
                conn = psycopg2.connect(dbname="postgres", user=SUPERUSER, host=str(self.folder))
                break
            except psycopg2.OperationalError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the PostgreSQL server does not accept connections")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        conn.close()
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg2://{SUPERUSER}@/{name}?host={self.folder}"

    def stop(self) -> None:
        if self.data.exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
