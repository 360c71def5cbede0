"""Fixtures of the fault drills and the load run: their own PostgreSQL cluster and Redis,
the portal under gunicorn, a Celery worker and beat. Each drill reports its numbers, which
are printed at the end of the run and kept in test-artifacts/drills/."""

import json
import re
import subprocess
import sys

import pytest

from .servers import (
    BASE_DIR,
    DrillError,
    Gunicorn,
    PostgresCluster,
    RedisServer,
    celery_beat,
    celery_worker,
    free_port,
    portal_env,
)

ARTIFACTS = BASE_DIR / "test-artifacts" / "drills"
TEMPLATE_DATABASE = "drill_template"
_reports: dict[str, dict] = {}


def run_world(env: dict[str, str], *args: str) -> dict:
    """Run tests/drills/world.py against the drill's database; its JSON answer."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.drills.world", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise DrillError(f"world {args[0]} failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def drill_postgres():
    """A PostgreSQL cluster of this test run, with a migrated template database."""
    cluster = PostgresCluster(port=free_port(5439))
    cluster.create()
    try:
        template = cluster.create_database(TEMPLATE_DATABASE)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            cwd=BASE_DIR,
            env=portal_env(database_url=template, broker_url="memory://"),
            check=True,
            capture_output=True,
        )
        yield cluster
    finally:
        cluster.drop()


@pytest.fixture
def drill_database(drill_postgres, request) -> str:
    name = "drill_" + re.sub(r"\W+", "_", request.node.name)[:40].lower()
    return drill_postgres.create_database(name, template=TEMPLATE_DATABASE)


@pytest.fixture
def drill_redis(tmp_path):
    """A Redis server of the drill, with an append-only file as production runs it."""
    server = RedisServer(port=free_port(6399), directory=tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def portal(drill_database, drill_redis, tmp_path):
    """Start the portal's processes on the drill's servers: `portal.web(**env)`, ...
    Everything started is stopped after the test."""
    started = _Portal(database_url=drill_database, redis=drill_redis, directory=tmp_path)
    yield started
    started.stop()


class _Portal:
    def __init__(self, *, database_url: str, redis: RedisServer, directory):
        self.database_url = database_url
        self.redis = redis
        self.directory = directory
        self.processes = []

    def env(self, **extra: str) -> dict[str, str]:
        return portal_env(
            database_url=self.database_url,
            broker_url=self.redis.url(0),
            CACHE_URL=self.redis.url(1),
            **extra,
        )

    def world(self, *args: str) -> dict:
        return run_world(self.env(), *args)

    def web(self, *, workers: int = 2, **extra: str) -> Gunicorn:
        server = Gunicorn(
            env=self.env(**extra), log_path=self.directory / "gunicorn.log", workers=workers
        )
        self.processes.append(server)
        server.start()
        return server

    def worker(self, **extra: str):
        process = celery_worker(env=self.env(**extra), log_path=self.directory / "worker.log")
        self.processes.append(process)
        process.start()
        return process

    def beat(self, **extra: str):
        process = celery_beat(
            env=self.env(**extra),
            log_path=self.directory / "beat.log",
            schedule=self.directory / "celerybeat-schedule",
        )
        self.processes.append(process)
        process.start()
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


@pytest.fixture
def drill_report(request):
    """A dict the drill fills with its numbers; printed in the summary, saved as JSON."""
    report: dict = {}
    yield report
    if report:
        _reports[request.node.name] = report
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{request.node.name}.json").write_text(json.dumps(report, indent=2))


def pytest_terminal_summary(terminalreporter):
    if not _reports:
        return
    terminalreporter.section("fault drills and load")
    for name, report in _reports.items():
        terminalreporter.write_line(f"{name}: {json.dumps(report)}")
