"""The portal's processes as production runs them, on this machine: for `make load`, `make drill`
and `make cluster-check`.

- `PrivatePostgres`: a PostgreSQL server of its own (initdb + pg_ctl in a folder), never the
  machine's shared one, so a drill may stop and restart it.
- `PrivateRedis`: a redis-server of its own (cache and task broker), with an append-only file so
  a restart keeps the queue, as a production Redis would.
- `Portal`: gunicorn (`portal.wsgi`) and the django-q2 cluster (`manage.py qcluster`), each in a
  process group of its own, on bench/stack_settings.py (production settings over plain HTTP on
  the loopback address), with every file (media, case files, mail, text messages, logs) under
  root/var.

Everything started here is stopped by `close()` (or leaving the `with` block), even when a drill
fails half-way.

    with PrivatePostgres(root / "pg") as pg, PrivateRedis(root / "redis") as redis:
        pg.start(); redis.start()
        with Portal(root / "portal", database_url=pg.url, redis_url=redis.url) as portal:
            portal.prepare()            # migrate + collectstatic
            portal.start_web(); portal.start_worker(); portal.wait_ready()
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PASSED_ENV = {"PATH", "HOME", "LANG", "TMPDIR", "TZ", "USER", "TERM"}
# Shared between runs: collectstatic only copies what changed (a fresh copy takes a minute).
STATIC_ROOT = REPO / "var" / "stack-static"


def _static_fingerprint() -> str:
    """What collectstatic's output depends on: the installed packages and our static files."""
    digest = hashlib.sha256()
    for name in ("requirements.txt", "requirements-dev.txt", "portal/settings/production.py"):
        digest.update((REPO / name).read_bytes())
    apps = [
        folder for folder in REPO.glob("*/static") if folder.parent.name not in {"var", ".venv"}
    ]
    for folder in [REPO / "static", *apps]:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def free_port() -> int:
    """A TCP port nobody listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not within {timeout:.0f} s")
        time.sleep(interval)


def _group_pids(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    pids = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(proc.pid) == pgid and proc.status() != psutil.STATUS_ZOMBIE:
                pids.append(proc.pid)
        except (ProcessLookupError, psutil.NoSuchProcess, PermissionError):
            continue
    return pids


def _kill_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def _stop_group(popen: subprocess.Popen, timeout: float) -> bool:
    """SIGTERM to the whole group, as systemd does; SIGKILL what is left after `timeout`.
    True if everything was gone in time."""
    pgid = popen.pid
    _kill_group(pgid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        popen.poll()
        if not _group_pids(pgid):
            popen.wait()
            return True
        time.sleep(0.1)
    _kill_group(pgid, signal.SIGKILL)
    popen.wait()
    return False


def _http_status(url: str, timeout: float = 5) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def _as_postgres_user():
    """initdb and the server refuse to run as root: drop to the `postgres` account if we are."""
    if os.geteuid() != 0:
        return None, None
    import pwd

    account = pwd.getpwnam("postgres")

    def demote():
        os.setgid(account.pw_gid)
        os.setuid(account.pw_uid)

    return account, demote


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise FileNotFoundError(f"{name} (PostgreSQL server binaries) is not installed")


class PrivatePostgres:
    """A PostgreSQL server in `root` (data, socket, log), on a free port; database `portal`."""

    def __init__(self, root: Path, port: int | None = None):
        self.root = Path(root)
        self.pgdata = self.root / "pgdata"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "postgres.log"
        self.port = port or free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"
        self._account, self._demote = _as_postgres_user()

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        if self._account:
            env["HOME"] = self._account.pw_dir
            env["USER"] = "postgres"
        return subprocess.run(
            args, env=env, preexec_fn=self._demote, capture_output=True, text=True, check=check
        )

    def _open_way(self) -> None:
        """The server's account must reach its folder through ours."""
        for folder in [self.root, *self.root.parents]:
            if folder.stat().st_uid == 0 and folder != Path("/"):
                folder.chmod(folder.stat().st_mode | 0o711)

    def _initdb(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if self._account:
            self._open_way()
            for path in (self.root, self.socket_dir):
                os.chown(path, self._account.pw_uid, self._account.pw_gid)
        self._run(
            _pg_bin("initdb"),
            "-D",
            str(self.pgdata),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        settings = [
            "listen_addresses = '127.0.0.1'",
            "max_connections = 100",
            "shared_buffers = 64MB",
            # A drill restarts the process, never the machine: the OS keeps what was written.
            "fsync = off",
            "full_page_writes = off",
            "logging_collector = off",
        ]
        with (self.pgdata / "postgresql.conf").open("a") as conf:
            conf.write("\n# bench/stack.py\n" + "\n".join(settings) + "\n")

    def start(self) -> None:
        """initdb on the first start; returns once the server accepts connections and the
        `portal` database exists."""
        if not (self.pgdata / "PG_VERSION").exists():
            self._initdb()
        result = self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.pgdata),
            "-l",
            str(self.log),
            # Port and socket on the command line: a copied data folder gets its own.
            "-o",
            f"-p {self.port} -k {self.socket_dir}",
            "-w",
            "-t",
            "60",
            "start",
            check=False,
        )
        if result.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr}\n{log}")
        _wait_for(self._accepts, 60, "PostgreSQL accepting connections")
        self._create_database()

    def _accepts(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.admin_url, connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    @property
    def admin_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'portal'").fetchone()
            if not exists:
                conn.execute("CREATE DATABASE portal")

    def copy_from(self, template: Path) -> None:
        """Start from a copy of a data folder kept earlier (`save_as`) instead of initdb."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        shutil.copytree(template, self.pgdata, symlinks=True)
        self.pgdata.chmod(0o700)
        if self._account:
            self._open_way()
            for path in [self.root, self.socket_dir, self.pgdata, *self.pgdata.rglob("*")]:
                os.chown(path, self._account.pw_uid, self._account.pw_gid, follow_symlinks=False)

    def save_as(self, template: Path) -> None:
        """Keep a copy of the data folder (the server stopped cleanly first)."""
        self.stop("fast")
        shutil.copytree(self.pgdata, template, symlinks=True)

    def stop(self, mode: str = "fast") -> None:
        """pg_ctl stop -m fast (disconnect everyone, checkpoint) or immediate (as a crash)."""
        if not (self.pgdata / "postmaster.pid").exists():
            return
        self._run(_pg_bin("pg_ctl"), "-D", str(self.pgdata), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self) -> None:
        self.stop("fast")
        self.start()

    @property
    def running(self) -> bool:
        return (
            self._run(_pg_bin("pg_ctl"), "-D", str(self.pgdata), "status", check=False).returncode
            == 0
        )

    def close(self) -> None:
        if self.pgdata.exists():
            self.stop("immediate")

    def __enter__(self) -> PrivatePostgres:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class PrivateRedis:
    """A redis-server in `root` on a free port; its append-only file keeps the queue across a
    restart (stop then start), as production's persistence would."""

    def __init__(self, root: Path, port: int | None = None):
        self.root = Path(root)
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        log = (self.root / "redis.log").open("ab")
        self._process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.root),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--protected-mode",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_for(self._pong, 30, "redis-server answering PING")

    def _pong(self) -> bool:
        if self._process and self._process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {self._process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        """SIGTERM (redis writes its file and exits); SIGKILL after 10 s."""
        if not self._process or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def close(self) -> None:
        self.stop()

    def __enter__(self) -> PrivateRedis:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Portal:
    """gunicorn and the django-q2 cluster on bench/stack_settings.py, files under root/var."""

    def __init__(
        self,
        root: Path,
        *,
        database_url: str,
        redis_url: str | None,
        web_workers: int = 2,
        q_workers: int = 2,
        port: int | None = None,
        env: dict | None = None,
    ):
        self.root = Path(root)
        self.var = self.root / "var"
        self.log_dir = self.var / "log"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.web_workers = web_workers
        self.q_workers = q_workers
        # Only what a shell needs from ours: a DATABASE_URL, MEDIA_ROOT or S3 bucket set there
        # must not point the stack at real data.
        passed = {k: v for k, v in os.environ.items() if k in PASSED_ENV or k.startswith("LC_")}
        self.env = {
            **passed,
            "DJANGO_SETTINGS_MODULE": "bench.stack_settings",
            "PYTHONPATH": str(REPO),
            "PYTHONUNBUFFERED": "1",
            "DATABASE_URL": database_url,
            "PORTAL_VAR_DIR": str(self.var),
            "STATIC_ROOT": str(STATIC_ROOT),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": self.base_url,
            "Q_WORKERS": str(q_workers),
            "LOG_FORMAT": "json",
        }
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.env.update(env or {})
        self._web: subprocess.Popen | None = None
        self._worker: subprocess.Popen | None = None
        self._helpers: dict[int, set[int]] = {}

    # --- manage.py ---------------------------------------------------------------------------

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """`manage.py ARGS` on the stack's settings; output captured (text)."""
        result = subprocess.run(
            [sys.executable, str(REPO / "manage.py"), *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} exited with {result.returncode}:\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
            )
        return result

    def prepare(self, migrate: bool = True) -> None:
        """What a deployment runs before starting: migrate and collectstatic. The static files
        are collected again only when a source of them changed (a fresh copy takes a minute)."""
        if migrate:
            self.manage("migrate", "--noinput", "-v0")
        fingerprint = _static_fingerprint()
        stamp = STATIC_ROOT / ".stack-fingerprint"
        if not (stamp.exists() and stamp.read_text() == fingerprint):
            self.manage("collectstatic", "--noinput", "-v0")
            stamp.write_text(fingerprint)

    def _spawn(self, args: list[str], log_name: str) -> subprocess.Popen:
        log = (self.log_dir / log_name).open("ab")
        return subprocess.Popen(
            args,
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    # --- web ---------------------------------------------------------------------------------

    def start_web(self, timeout: float = 90) -> None:
        """gunicorn portal.wsgi with `web_workers` sync workers; returns once /healthz answers."""
        self._web = self._spawn(
            [
                str(VENV_BIN / "gunicorn"),
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.web_workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "20",
                "--max-requests",
                "0",
            ],
            "web.log",
        )

        def up():
            if self._web.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self._web.returncode}; see {self.log_dir / 'web.log'}"
                )
            return _http_status(f"{self.base_url}/healthz") == 200 and (
                len(self.web_worker_pids()) >= self.web_workers
            )

        _wait_for(up, timeout, "gunicorn answering /healthz")

    def stop_web(self, timeout: float = 30) -> bool:
        if not self._web:
            return True
        gone = _stop_group(self._web, timeout)
        self._web = None
        return gone

    def web_master_pid(self) -> int | None:
        return self._web.pid if self._web and self._web.poll() is None else None

    def web_worker_pids(self) -> list[int]:
        """gunicorn's worker processes (the master's children)."""
        pid = self.web_master_pid()
        if not pid:
            return []
        try:
            return [child.pid for child in psutil.Process(pid).children()]
        except psutil.NoSuchProcess:
            return []

    # --- task worker -------------------------------------------------------------------------

    def start_worker(self, timeout: float = 90) -> None:
        """`manage.py qcluster` in its own process group; returns once the cluster's sentinel
        has its `q_workers` workers, monitor and pusher running."""
        self._worker = self._spawn(
            [sys.executable, str(REPO / "manage.py"), "qcluster"], "worker.log"
        )

        def running():
            if self._worker.poll() is not None:
                raise RuntimeError(
                    f"qcluster exited with {self._worker.returncode}; "
                    f"see {self.log_dir / 'worker.log'}"
                )
            return self._cluster_roles() is not None

        _wait_for(running, timeout, "the django-q2 cluster running")

    def _cluster_roles(self) -> tuple[list[psutil.Process], set[int]] | None:
        """The current sentinel's children (oldest first) and which of them are its monitor and
        pusher; None while the cluster is (re)starting. The sentinel starts its workers first,
        then the monitor and the pusher; a new cluster (portal's qcluster starts one when a
        worker dies) has a new sentinel."""
        if not self._worker or self._worker.poll() is not None:
            return None
        try:
            sentinels = psutil.Process(self._worker.pid).children()
            if not sentinels:
                return None
            sentinel = sentinels[-1]
            children = sorted(
                (c for c in sentinel.children() if c.status() != psutil.STATUS_ZOMBIE),
                key=lambda child: (child.create_time(), child.pid),
            )
        except psutil.NoSuchProcess:
            return None
        helpers = self._helpers.get(sentinel.pid)
        if helpers is None:
            if len(children) < self.q_workers + 2:
                return None
            helpers = self._helpers[sentinel.pid] = {child.pid for child in children[-2:]}
        return children, helpers

    def worker_master_pid(self) -> int | None:
        return self._worker.pid if self._worker and self._worker.poll() is None else None

    def worker_pids(self) -> list[int]:
        """The cluster's task-running processes (not its master, sentinel, monitor or pusher)."""
        roles = self._cluster_roles()
        if roles is None:
            return []
        children, helpers = roles
        return [child.pid for child in children if child.pid not in helpers]

    def worker_group_pids(self) -> list[int]:
        """Every live process of the worker's process group."""
        return _group_pids(self._worker.pid) if self._worker else []

    def stop_worker(self, timeout: float = 30) -> bool:
        """SIGTERM to the worker's whole process group (as systemd's KillMode=control-group);
        True if every process was gone within `timeout` (else they are SIGKILLed)."""
        if not self._worker:
            return True
        gone = _stop_group(self._worker, timeout)
        self._worker = None
        return gone

    # --- readiness ---------------------------------------------------------------------------

    def wait_ready(self, timeout: float = 60) -> None:
        """Polls /readyz until 200 (database, cache, broker and storage reachable)."""
        _wait_for(
            lambda: _http_status(f"{self.base_url}/readyz") == 200, timeout, "/readyz answering 200"
        )

    def close(self) -> None:
        """Stops the web server and the worker (SIGKILL after 30 s each)."""
        self.stop_worker()
        self.stop_web()

    def __enter__(self) -> Portal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
