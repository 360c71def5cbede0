"""The drills' own servers: a PostgreSQL cluster, Redis, gunicorn, a Celery worker and beat.

None of them is the PostgreSQL or Redis that the rest of the test suite uses: a drill
restarts its servers, and a restart of a shared one would break other test runs.
PostgreSQL clusters are Debian's (pg_createcluster), so the drills run as root, as CI does.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

import psycopg2
import redis

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SETTINGS = "tests.drills.settings"
PG_USER = "portal"
PG_PASSWORD = "portal"
CLUSTER_PREFIX = "drills"


class DrillError(RuntimeError):
    """A drill server did not start or stop as it should."""


def free_port(preferred: int) -> int:
    """The preferred port if it is free, else the first free one above it."""
    for port in range(preferred, preferred + 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise DrillError(f"No free port from {preferred}")


def poll(check, *, timeout: float, interval: float = 0.1):
    """check()'s first true answer within the timeout, else its last (false) one."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def wait_until(check, *, timeout: float, what: str, interval: float = 0.1):
    result = poll(check, timeout=timeout, interval=interval)
    if not result:
        raise DrillError(f"{what} within {timeout} s")
    return result


def _run(command: list[str], **kwargs) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if result.returncode != 0:
        raise DrillError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PostgresCluster:
    """A Debian PostgreSQL cluster of this test run, with the portal's role."""

    def __init__(self, *, port: int):
        self.port = port
        self.version = sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1]
        # One cluster per test run: two runs side by side must not restart each other's.
        self.name = f"{CLUSTER_PREFIX}{os.getpid()}"

    def url(self, database: str) -> str:
        return f"postgres://{PG_USER}:{PG_PASSWORD}@127.0.0.1:{self.port}/{database}"

    def create(self) -> None:
        if os.geteuid() != 0:
            raise DrillError(
                "The fault drills create their own PostgreSQL cluster with pg_createcluster "
                "and restart it: run them as root (CI does)."
            )
        self.drop_abandoned()
        _run(["pg_createcluster", self.version, self.name, "--port", str(self.port), "--start"])
        self.wait_ready()
        self.psql(f"CREATE ROLE {PG_USER} LOGIN PASSWORD '{PG_PASSWORD}' CREATEDB")

    def drop_abandoned(self) -> None:
        """Drop drill clusters left by test runs that died before their teardown."""
        for line in _run(["pg_lsclusters", "--no-header"]).splitlines():
            version, name = line.split()[:2]
            match = re.fullmatch(rf"{CLUSTER_PREFIX}(\d+)", name)
            if match and not _process_alive(int(match.group(1))):
                _run(["pg_dropcluster", version, name, "--stop"])

    def psql(self, sql: str) -> str:
        return _run(
            ["runuser", "-u", "postgres", "--", "psql", "-p", str(self.port), "-qtAc", sql],
            cwd="/",
        )

    def is_ready(self) -> bool:
        try:
            connection = psycopg2.connect(self.url("postgres"), connect_timeout=2)
        except psycopg2.OperationalError:
            return False
        connection.close()
        return True

    def wait_ready(self, timeout: float = 30) -> None:
        wait_until(
            lambda: (
                subprocess.run(
                    ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)], check=False
                ).returncode
                == 0
            ),
            timeout=timeout,
            what="PostgreSQL did not accept connections",
        )

    def restart(self) -> None:
        """Restart the way an operator (or a crashed host's init) does: fast shutdown,
        which ends every open connection and rolls back every open transaction."""
        _run(["pg_ctlcluster", self.version, self.name, "restart", "-m", "fast"])

    def create_database(self, name: str, *, template: str | None = None) -> str:
        connection = psycopg2.connect(self.url("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            suffix = f' TEMPLATE "{template}"' if template else ""
            cursor.execute(f'CREATE DATABASE "{name}"{suffix}')
        connection.close()
        return self.url(name)

    def drop(self) -> None:
        _run(["pg_dropcluster", self.version, self.name, "--stop"])


class RedisServer:
    """A redis-server of the drill, persisting to an append-only file as production does."""

    def __init__(self, *, port: int, directory: Path):
        self.port = port
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--maxmemory-policy",
                "noeviction",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_until(self.is_ready, timeout=10, what="Redis did not answer PING")

    def is_ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def unacknowledged(self) -> int:
        """Messages a worker holds and has not acknowledged (kombu's "unacked" hash)."""
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        try:
            return client.hlen("unacked")
        finally:
            client.close()

    def kill(self) -> None:
        """SIGKILL, as a crash or an out-of-memory kill would end it."""
        if self.process is not None:
            with suppress(ProcessLookupError):
                self.process.kill()
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


class ManagedProcess:
    """A subprocess in its own process group, logging to a file, stopped with its children."""

    def __init__(self, command: list[str], *, env: dict[str, str], log_path: Path):
        self.command = command
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self, timeout: float = 5) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def portal_env(*, database_url: str, broker_url: str, **extra: str) -> dict[str, str]:
    """The environment of the drill's gunicorn, worker and beat."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "CELERY_", "DJANGO_", "TEST_EMAIL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SECRET_KEY="drill-only-not-secret",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


class Gunicorn(ManagedProcess):
    """The portal under gunicorn on 127.0.0.1, as docker-compose's web service runs it."""

    def __init__(self, *, env: dict[str, str], log_path: Path, workers: int = 2, port: int = 8440):
        self.port = free_port(port)
        super().__init__(
            [
                str(BIN / "gunicorn"),
                "exchange_portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--backlog",
                "256",
                # Several gunicorns may run side by side; the control socket's path is shared.
                "--no-control-socket",
                "--access-logfile",
                "-",
                "--access-logformat",
                "%(m)s %(U)s %(s)s %(L)ss",
                "--error-logfile",
                "-",
            ],
            env=env,
            log_path=log_path,
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        super().start()

        def answers() -> bool:
            if not self.is_running():
                raise DrillError(f"gunicorn exited at start:\n{self.log}")
            try:
                urllib.request.urlopen(f"{self.base_url}/robots.txt", timeout=2)  # noqa: S310
            except urllib.error.HTTPError:
                return True
            except OSError:
                return False
            return True

        wait_until(answers, timeout=timeout, what="gunicorn did not answer")


def celery_worker(*, env: dict[str, str], log_path: Path) -> ManagedProcess:
    return ManagedProcess(
        [
            str(BIN / "celery"),
            "-A",
            "exchange_portal",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "-l",
            "info",
        ],
        env=env,
        log_path=log_path,
    )


def celery_beat(*, env: dict[str, str], log_path: Path, schedule: Path) -> ManagedProcess:
    return ManagedProcess(
        [
            str(BIN / "celery"),
            "-A",
            "exchange_portal",
            "beat",
            "-l",
            "info",
            f"--schedule={schedule}",
        ],
        env=env,
        log_path=log_path,
    )


def compose_healthcheck(service: str) -> list[str]:
    """The command of a service's healthcheck in docker-compose.yml, to run here."""
    compose = (BASE_DIR / "docker-compose.yml").read_text()
    block = re.search(rf"^  {service}:\n((?:    .*\n|\n)+)", compose, re.MULTILINE)
    test = re.search(r"^      test: (\[.*\])$", block.group(1), re.MULTILINE) if block else None
    if test is None:
        raise DrillError(f"No healthcheck test for {service} in docker-compose.yml")
    # A YAML flow sequence of double-quoted strings is JSON; compose turns $$ into $.
    kind, *command = (part.replace("$$", "$") for part in json.loads(test.group(1)))
    return ["sh", "-c", command[0]] if kind == "CMD-SHELL" else command
