"""Drill: Redis (broker and cache) goes down and comes back while students register interest.

The portal runs under gunicorn with a real Celery worker and beat on a Redis of its own
(append-only file, as production runs it), sending to a real SMTP server. Redis is killed,
stays down for a while, and is started again on the same files.
"""

import json
import os
import socket
import subprocess
import threading
import time

import pytest

from .client import Browser, RequestLog
from .servers import BIN, compose_healthcheck, poll, wait_until
from .users import SAVED, HealthMonitor, StudentRegistrar, run_until

pytestmark = pytest.mark.drill

STUDENTS = 3
DOWN_SECONDS = 8
AFTER_SECONDS = 3
# A request while Redis is down may wait for the broker this long at most.
SLOWEST_ALLOWED_SECONDS = 3
DELIVERY_SECONDS = 60
# Longer than the outage: a deferred email's retry is still waiting when Redis goes down.
RETRY_BACKOFF_SECONDS = 30
DEFERRED = "deferred@example.org"
PUBLIC_PAGES = ["/en/", "/en/offers/", "/en/offers/?q=research", "/en/projects/"]


class PageReader:
    """A visitor reading the public pages over and over."""

    def __init__(self, base_url: str, offers: list[str], log: RequestLog):
        self.browser = Browser(base_url, log=log)
        self.pages = [*PUBLIC_PAGES, *(f"/en/offers/{slug}/" for slug in offers)]

    def step(self) -> None:
        for path in self.pages:
            self.browser.get(path)


def test_registrations_survive_a_redis_restart_and_every_email_is_sent_once(
    portal, drill_redis, smtp_server, drill_report
):
    world = portal.world("seed", json.dumps({"staff": 0, "offers": 2}))
    web = portal.web(workers=2, PUBLIC_TRUSTED_PROXY_COUNT="1")
    worker = portal.worker(
        TEST_EMAIL_URL=smtp_server.url,
        OUTBOX_STALLED_AFTER_SECONDS="3",
        OUTBOX_RETRY_BACKOFF_SECONDS=str(RETRY_BACKOFF_SECONDS),
        OUTBOX_MAX_ATTEMPTS="50",
    )
    beat = portal.beat(DRILL_REQUEUE_SECONDS="2", DRILL_HEARTBEAT_SECONDS="2")
    wait_until(lambda: " ready." in worker.log, timeout=30, what="The worker was not ready")
    log = RequestLog()
    students = [
        StudentRegistrar(web.base_url, world["offers"], f"redis-student-{n}", log)
        for n in range(STUDENTS)
    ]
    reader = PageReader(web.base_url, world["offers"], log)
    monitor = HealthMonitor(web.base_url)
    for student in students:
        student.step()
    smtp_server.wait_for(STUDENTS, timeout=30)
    # An email the mail server defers: its retry waits in the worker, unacknowledged, when
    # Redis goes down (as any email in backoff would).
    smtp_server.refused_recipients[DEFERRED] = "451 4.7.1 Try again later"
    students[0].register(students[0].new_student(), email=DEFERRED)
    wait_until(
        lambda: "retry: Retry in" in worker.log and drill_redis.unacknowledged() > 0,
        timeout=20,
        what="The deferred email's retry did not wait in the worker",
    )

    stop = threading.Event()
    threads = run_until(stop, [*students, reader, monitor], pause=0.2)
    time.sleep(1)
    down_at = time.monotonic()
    drill_redis.kill()
    time.sleep(DOWN_SECONDS)
    drill_redis.start()
    up_at, up_wall = time.monotonic(), time.time()
    del smtp_server.refused_recipients[DEFERRED]
    time.sleep(AFTER_SECONDS)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    ended = time.monotonic()

    def everything_sent() -> dict:
        state = portal.world("state")
        statuses = {status for _pk, _to, status, _attempts in state["emails"]}
        return state if statuses == {"sent"} else {}

    state = poll(everything_sent, timeout=DELIVERY_SECONDS, interval=1) or portal.world("state")
    delivered_in = time.monotonic() - up_at
    while_down = log.between(down_at, up_at)
    saved = set().union(*(s.emails(SAVED) for s in students))
    submitted = sum(len(s.outcomes) for s in students)
    submitted_while_down = sum(1 for r in while_down.responses if r.method == "POST")
    received = smtp_server.count_by_outbox_id()
    drill_report.update(
        requests=len(log.responses),
        by_status=log.by_status(),
        requests_while_down=len(while_down.responses),
        slowest_while_down_seconds=round(while_down.slowest(), 2),
        median_while_down_seconds=round(while_down.percentile(0.5), 3),
        registrations={
            "submitted": submitted,
            "submitted_while_down": submitted_while_down,
            "saved": len(saved),
            "stored": len(state["registrations"]),
        },
        emails={
            "queued": len(state["emails"]),
            "sent": sum(status == "sent" for _pk, _to, status, _a in state["emails"]),
            "received": sum(received.values()),
            "duplicates": sum(count - 1 for count in received.values()),
        },
        all_delivered_after_restart_seconds=round(delivered_in, 1),
    )

    # Pages and forms worked throughout, and quickly, while Redis was down.
    assert log.by_status().keys() <= {200, 302}
    assert submitted_while_down >= STUDENTS
    assert while_down.slowest() < SLOWEST_ALLOWED_SECONDS
    # /healthz told the truth: degraded (broker down, pages up) while Redis was down,
    # with the emails waiting in the outbox; ok again afterwards.
    assert (200, "degraded", "down") in monitor.seen(down_at + 0.5, up_at, "status", "broker")
    assert max(r["outbox"]["queued"] for at, _s, r in monitor.reports if at < up_at) > 0
    assert monitor.seen(up_at + 2, ended, "status", "broker") == {(200, "ok", "ok")}
    # Every registration is stored once, and its email was sent exactly once.
    stored = sorted(email for email, _offer in state["registrations"])
    assert stored == sorted(saved)
    assert len(saved) == submitted
    assert sorted(to for _pk, to, _status, _attempts in state["emails"]) == stored
    assert {status for _pk, _to, status, _attempts in state["emails"]} == {"sent"}
    assert received == {str(pk): 1 for pk, _to, _status, _attempts in state["emails"]}
    # The worker and beat that started before the outage reconnected by themselves, and
    # the worker passes docker-compose's healthcheck.
    assert "unacknowledged message(s)" in worker.log  # held when the connection dropped
    assert worker.is_running() and beat.is_running()
    assert state["heartbeats"]["worker"] > up_wall
    healthcheck = subprocess.run(
        compose_healthcheck("worker"),
        env=portal.env(PATH=f"{BIN}:{os.environ['PATH']}", HOSTNAME=socket.gethostname()),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert healthcheck.returncode == 0, healthcheck.stdout + healthcheck.stderr
    assert "pong" in healthcheck.stdout
