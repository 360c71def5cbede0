"""Real services for the tests: an SMTP server (aiosmtpd) and a Celery worker on Redis.

Registered by tests/conftest.py. Nothing here skips: when Redis or PostgreSQL is missing the
test fails and says how to start them (`bash scripts/test-services.sh`, as CI does).
"""

import email
import email.policy
import logging
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
import zlib
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
from django.db import connection

from exchange_portal.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
# The worker tests have a Redis database of their own, emptied before each worker starts,
# so no message published by another test is ever consumed. Test runs against different
# test databases (developers side by side on one machine) get different Redis databases.
WORKER_REDIS_DBS = range(5, 16)
WORKER_QUEUE = "celery"
START_SERVICES = "Start them with `bash scripts/test-services.sh` (what CI runs first)."

# aiosmtpd logs every SMTP command at INFO; a failing test's output should show the test.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass(frozen=True)
class ReceivedMessage:
    to: str
    subject: str
    text: str
    html: str
    outbox_id: str | None
    envelope_to: tuple[str, ...]
    message_id: str | None = None


class _RecordingHandler:
    def __init__(self, server: "SmtpServer"):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.server.refused_recipients.get(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.server.record(envelope.content, envelope.rcpt_tos)
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP server on 127.0.0.1 that records every message; it can stop and start again."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.port = _free_port(host)
        self.messages: list[ReceivedMessage] = []
        # Address -> SMTP reply, e.g. "550 5.1.1 Recipient address rejected".
        self.refused_recipients: dict[str, str] = {}
        self._received = threading.Condition()
        self._controller = None

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> None:
        if self._controller is not None:
            return
        # Imported here so that only the tests using this server depend on aiosmtpd (and on
        # atpublic, which it imports as `public`: a top-level package of that name breaks it).
        from aiosmtpd.controller import Controller

        # A stopped Controller has closed its event loop, so every start needs a new one.
        self._controller = Controller(
            _RecordingHandler(self),
            hostname=self.host,
            port=self.port,
            server_hostname="localhost",
            ready_timeout=10,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def record(self, content: bytes, envelope_to: list[str]) -> None:
        message = email.message_from_bytes(content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        received = ReceivedMessage(
            to=str(message["To"]),
            subject=str(message["Subject"]),
            text=text.get_content() if text else "",
            html=html.get_content() if html else "",
            outbox_id=message["X-Outbox-Id"],
            envelope_to=tuple(envelope_to),
            message_id=message["Message-ID"],
        )
        with self._received:
            self.messages.append(received)
            self._received.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedMessage]:
        """Wait until at least `count` messages arrived; fail the test if they don't."""
        with self._received:
            if not self._received.wait_for(lambda: len(self.messages) >= count, timeout):
                pytest.fail(
                    f"SMTP server received {len(self.messages)} messages in {timeout} s, "
                    f"expected {count}"
                )
            return list(self.messages)

    def count_by_outbox_id(self) -> Counter:
        with self._received:
            return Counter(message.outbox_id for message in self.messages)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server; Django's SMTP backend in this process sends to it."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


class CeleryWorkerProcess:
    """A `celery worker` subprocess in its own process group, logging to a file."""

    def __init__(self, *, env: dict[str, str], log_path: Path, broker: redis.Redis):
        self.env = env
        self.log_path = log_path
        self.broker = broker
        self.process: subprocess.Popen | None = None
        # Messages a killed worker had taken and not acknowledged: Redis gives them back
        # only after the visibility timeout (an hour), so they don't count as pending work.
        self.orphaned: set[bytes] = set()

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(CELERY),
                    "-A",
                    "exchange_portal",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=2",
                    "-Q",
                    WORKER_QUEUE,
                    "-n",
                    f"outbox-test-{uuid.uuid4().hex[:8]}@%h",
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                    "-l",
                    "info",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log[log_start:]:
                return
            if self.process.poll() is not None:
                pytest.fail(f"The Celery worker exited at start:\n{self.log[log_start:]}")
            time.sleep(0.1)
        self.kill()
        pytest.fail(f"The Celery worker was not ready in {timeout} s:\n{self.log[log_start:]}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as a crashed machine would."""
        if self.process is None:
            return
        _kill_group(self.process.pid)
        self.process.wait()
        self.orphaned |= set(self.broker.hkeys("unacked"))

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout)
        # Pool processes the main process did not reap, or all of them after a timeout.
        _kill_group(self.process.pid)
        self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def pending_messages(self) -> int:
        """Messages waiting in the queue or taken by a live worker and not yet acknowledged."""
        unacked = set(self.broker.hkeys("unacked")) - self.orphaned
        return self.broker.llen(WORKER_QUEUE) + len(unacked)

    def wait_until_idle(self, timeout: float = 20.0) -> None:
        """Wait until no task is pending, three checks in a row.

        A message the worker has just popped is in neither place for a moment, hence three.
        """
        deadline = time.monotonic() + timeout
        idle_checks = 0
        while idle_checks < 3:
            if time.monotonic() > deadline:
                pytest.fail(f"{self.pending_messages()} tasks still pending after {timeout} s")
            idle_checks = idle_checks + 1 if self.pending_messages() == 0 else 0
            time.sleep(0.1)


@pytest.fixture
def celery_worker_process(transactional_db, smtp_server, tmp_path):
    """A real Celery worker on Redis, reading the test database and sending to smtp_server.

    transactional_db: the worker only sees committed rows, and it is stopped before the
    tables are flushed.
    """
    database = connection.settings_dict
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail(
            f"The worker tests need PostgreSQL (a worker process cannot see a "
            f"{database['ENGINE']} test database). {START_SERVICES}"
        )
    broker_url = _worker_broker_url()
    broker = redis.Redis.from_url(broker_url, socket_connect_timeout=2)
    try:
        broker.flushdb()
    except redis.RedisError as error:
        pytest.fail(f"Redis is not reachable at {broker_url} ({error}). {START_SERVICES}")

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "exchange_portal.settings.test",
        "DATABASE_URL": _database_url(database),
        "CELERY_BROKER_URL": broker_url,
        "TEST_EMAIL_URL": smtp_server.url,
        "OUTBOX_RETRY_BACKOFF_SECONDS": "1",
        # Small sweep transactions, so that a worker killed during a sweep of a few hundred
        # reminders dies between two of them, as it would in a sweep of many thousands.
        "REMINDERS_SWEEP_CHUNK": "10",
        "PYTHONUNBUFFERED": "1",
    }
    for variable in ("CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL", "PYTEST_CURRENT_TEST"):
        env.pop(variable, None)
    worker = CeleryWorkerProcess(env=env, log_path=tmp_path / "celery-worker.log", broker=broker)
    with publishing_to(broker_url):
        worker.start()
        try:
            yield worker
        finally:
            worker.stop()
            broker.close()


@contextmanager
def publishing_to(broker_url: str):
    # Celery reads the CELERY_BROKER_URL environment variable before its configuration
    # (celery.app.utils.Settings.broker_url), and test.py always sets it, so assigning
    # app.conf.broker_url would change nothing: switch the variable and drop the pools.
    saved = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = broker_url
    _reset_broker_pools()
    try:
        yield
    finally:
        if saved is None:
            del os.environ["CELERY_BROKER_URL"]
        else:
            os.environ["CELERY_BROKER_URL"] = saved
        _reset_broker_pools()


def _reset_broker_pools() -> None:
    # Only dropped, not closed: kombu keeps one pool per URL and would hand back a closed one.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _worker_broker_url() -> str:
    """The test broker's Redis server, with the worker tests' own database number."""
    parts = urlsplit(os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6390/0"))
    if parts.scheme not in ("redis", "rediss"):
        pytest.fail(
            f"The worker tests need a Redis broker; CELERY_BROKER_URL is {parts.scheme}://. "
            f"{START_SERVICES}"
        )
    database = connection.settings_dict["NAME"]
    redis_db = WORKER_REDIS_DBS[zlib.crc32(database.encode()) % len(WORKER_REDIS_DBS)]
    return urlunsplit(parts._replace(path=f"/{redis_db}"))


def _database_url(database: dict) -> str:
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "127.0.0.1"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{database['NAME']}"


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _kill_group(pid: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
