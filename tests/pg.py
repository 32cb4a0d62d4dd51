"""A throwaway PostgreSQL server for tests (initdb + pg_ctl on a temp dir, a free port).

One server per test process (started on first use, stopped at exit); each test
gets its own fresh database from `fresh_db()`. Tests skip, with the reason shown
by ``-ra``, only when the server binaries are absent.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

_SEARCH = ("/usr/local/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/14/bin")


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for d in _SEARCH:
        p = Path(d) / name
        if p.is_file():
            return str(p)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """A running throwaway server; ``url(db)`` gives a postgresql:// URL."""

    def __init__(self) -> None:
        initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
        if not initdb or not pg_ctl:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: PostgreSQL tests skipped")
        self.pg_ctl = pg_ctl
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # postgres refuses to run as root
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.dir = Path(tempfile.mkdtemp(prefix="lagebild-pg-"))
        os.chmod(self.dir, 0o777)
        self.data = self.dir / "data"
        self.sock = self.dir / "sock"
        self.sock.mkdir()
        os.chmod(self.sock, 0o777)
        if self.prefix:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.sock, "postgres")
        self.port = _free_port()
        self._run([initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"])
        self.start()

    def _run(self, cmd: list[str]) -> None:
        r = subprocess.run(self.prefix + cmd, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:2])} failed: {r.stderr.strip()[-800:]}")

    def start(self) -> None:
        opts = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.sock} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c shared_buffers=32MB"
        )
        self._run([self.pg_ctl, "-D", str(self.data), "-o", opts, "-l", str(self.dir / "log"), "-w", "-t", "60", "start"])

    def stop(self) -> None:
        subprocess.run(self.prefix + [self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as c:
            c.execute(sql)

    def fresh_db(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


_SERVER: PgServer | None = None


def server() -> PgServer:
    """The process-wide test server (started once; stopped when the test run ends)."""
    global _SERVER
    if _SERVER is None:
        _SERVER = PgServer()
        atexit.register(_SERVER.cleanup)
    return _SERVER


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    return server()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request, tmp_path) -> str:
    """A fresh, empty database for each backend (a file path or a postgresql:// URL)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return server().fresh_db()


@pytest.fixture
def pg_db() -> str:
    return server().fresh_db()


def write_variants(seed_texts: dict[str, str], folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` distinct article files: the real seed texts, each with a numbered closing line."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = sorted(seed_texts)
    paths = []
    for k in range(start, start + n):
        text = seed_texts[keys[k % len(keys)]].rstrip()
        p = folder / f"art{k:05d}.txt"
        p.write_text(f"{text}\n\nDieser Bericht wurde in Fassung {k} am Abend ergänzt.\n", encoding="utf-8")
        paths.append(p)
    return paths
