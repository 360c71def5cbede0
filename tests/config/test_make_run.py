"""`make run`: the Procfile's processes under honcho, links in emails that follow the port the
portal is started on, and a clean stop on SIGTERM or Ctrl-C (SIGINT to the process group)."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
# A database of its own on the test Redis (the worker tests use 5-15, the suite 0).
RUN_REDIS_DB = 4
PRINT_BASE_URL = "from django.conf import settings; print(settings.PORTAL_BASE_URL)"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _clean_env(**overrides) -> dict[str, str]:
    """The environment of a developer's shell: none of the test run's Django settings."""
    dropped = {
        "SECRET_KEY",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DATABASE_URL",
        "PORTAL_BASE_URL",
        "PORTAL_HOST",
        "PORTAL_PORT",
        "CI",
    }
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(overrides)
    return env


def _base_url(**env) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT_BASE_URL],
        cwd=ROOT,
        env=_clean_env(DATABASE_URL="sqlite:///:memory:", **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_base_url_follows_the_host_and_port_the_portal_is_started_on():
    assert _base_url(PORTAL_HOST="localhost", PORTAL_PORT="8101") == "http://localhost:8101"


def test_base_url_set_explicitly_wins_over_the_host_and_port():
    url = _base_url(PORTAL_PORT="8101", PORTAL_BASE_URL="https://exchange.example.org")

    assert url == "https://exchange.example.org"


def test_base_url_defaults_to_the_development_server():
    assert _base_url() == "http://127.0.0.1:8000"


def _processes_with(marker: str) -> list[int]:
    """Every process whose environment carries the marker: make and all it started."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"PORTAL_RUN_MARKER={marker}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def _wait_for_page(url: str, run: subprocess.Popen, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert run.poll() is None, "make run ended before the portal answered"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local URL)
                return response.status
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def _wait_for_mail(folder: Path, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = sorted(folder.glob("*.log")) if folder.exists() else []
        if messages:
            time.sleep(0.5)
            return "".join(path.read_text(errors="replace") for path in messages)
        time.sleep(0.5)
    raise AssertionError(f"no email was written to {folder} within {timeout} s")


@pytest.fixture
def run_broker():
    parts = urlsplit(os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6390/0"))
    url = urlunsplit(parts._replace(scheme="redis", path=f"/{RUN_REDIS_DB}"))
    broker = redis.Redis.from_url(url, socket_connect_timeout=2)
    broker.flushdb()
    yield url
    broker.flushdb()


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_make_run_serves_on_its_port_and_stops_every_process_cleanly(
    tmp_path, run_broker, stop_signal
):
    port = _free_port()
    marker = uuid.uuid4().hex
    mail = tmp_path / "mail"
    env = _clean_env(
        PORTAL_RUN_MARKER=marker,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL=run_broker,
        CELERY_BEAT_SCHEDULE=str(tmp_path / "celerybeat-schedule"),
        EMAIL_FILE_PATH=str(mail),
    )
    log_path = tmp_path / "make-run.log"
    with log_path.open("wb") as log:
        # `-o deps`: the packages are installed already (make test installs them first).
        run = subprocess.Popen(
            ["make", "--no-print-directory", "-o", "deps", "run", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        status = _wait_for_page(f"http://127.0.0.1:{port}/en/", run, timeout=120)
        # Beat's first sweep sends the demo deadlines' reminders at once.
        emails = _wait_for_mail(mail, timeout=60)
        assert _processes_with(marker), "no process of make run was found"

        os.killpg(run.pid, stop_signal)
        deadline = time.monotonic() + 10
        while _processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _processes_with(marker)
    finally:
        for pid in _processes_with(marker):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        run.wait(timeout=10)
    output = log_path.read_text(errors="replace")

    assert status == 200
    assert f"http://127.0.0.1:{port}/" in emails
    assert "http://127.0.0.1:8000/" not in emails
    assert left == [], output[-3000:]
    assert output.count("Warm shutdown") <= 2, output[-3000:]
    assert "RecursionError" not in output
