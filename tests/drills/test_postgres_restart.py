"""Drill: PostgreSQL restarts while staff save projects and students register interest.

The portal runs under gunicorn (2 workers, persistent connections with health checks, as
in production) on a PostgreSQL cluster of its own, which is restarted in the middle.
"""

import json
import os
import subprocess
import threading
import time

import pytest

from .client import RequestLog
from .servers import BIN, compose_healthcheck, poll
from .users import (
    SAVED,
    UNKNOWN,
    HealthMonitor,
    StaffEditor,
    StudentRegistrar,
    expected_project,
    round_of,
    run_until,
)

pytestmark = pytest.mark.drill

EDITORS = 4
STUDENTS = 4
BEFORE_RESTART_SECONDS = 4
# After the restart every simulated user must succeed again within this time.
RECOVERY_SECONDS = 30
# ... and keeps going this long, to show it stays up.
AFTER_RECOVERY_SECONDS = 2
# No request may take longer than this, during the restart or not.
SLOWEST_ALLOWED_SECONDS = 10


def test_portal_fails_cleanly_and_recovers_when_postgres_restarts_during_saves(
    drill_postgres, portal, drill_report
):
    world = portal.world("seed", json.dumps({"staff": EDITORS, "offers": 2}))
    # Each simulated student has an address of their own, as behind the production proxy.
    web = portal.web(workers=2, PUBLIC_TRUSTED_PROXY_COUNT="1")
    log = RequestLog()
    editors = [StaffEditor(web.base_url, account, log) for account in world["staff"]]
    students = [
        StudentRegistrar(web.base_url, world["offers"], f"pg-student-{n}", log)
        for n in range(STUDENTS)
    ]
    users = [*editors, *students]
    monitor = HealthMonitor(web.base_url)
    stop = threading.Event()
    threads = run_until(stop, [*users, monitor], pause=0.05)

    time.sleep(BEFORE_RESTART_SECONDS)
    # Restart while a project is being saved, so that a save's transaction is cut off.
    poll(lambda: log.sent_and_waiting("POST", "/workspace/projects/"), timeout=5, interval=0.01)
    restart_began = time.monotonic()
    drill_postgres.restart()
    restart_ended = time.monotonic()

    def everyone_saved_since_restart() -> bool:
        return all(any(at > restart_ended for at in user.saved_at.values()) for user in users)

    recovered = poll(everyone_saved_since_restart, timeout=RECOVERY_SECONDS)
    time.sleep(AFTER_RECOVERY_SECONDS)
    stop.set()
    stopped = time.monotonic()
    for thread in threads:
        thread.join(timeout=SLOWEST_ALLOWED_SECONDS * 2)
    state = portal.world("state")

    saves = [outcome for editor in editors for outcome in editor.outcomes.values()]
    registrations = [outcome for s in students for outcome in s.outcomes.values()]
    failed_during = [r for r in log.responses if r.status >= 500 or r.status == 0]
    recovered_after = min(
        (at for user in users for at in user.saved_at.values() if at > restart_ended),
        default=float("nan"),
    )
    drill_report.update(
        requests=len(log.responses),
        by_status=log.by_status(),
        slowest_seconds=round(log.slowest(), 2),
        restart_seconds=round(restart_ended - restart_began, 2),
        first_success_after_restart_seconds=round(recovered_after - restart_ended, 2),
        project_saves={
            "attempted": len(saves),
            "saved": saves.count(SAVED),
            "failed": len(saves) - saves.count(SAVED),
        },
        registrations={
            "submitted": len(registrations),
            "saved": registrations.count(SAVED),
            "stored": len(state["registrations"]),
        },
        failed_requests=len(failed_during),
    )

    assert recovered, {getattr(u, "name", None) or u.account["username"]: u.outcomes for u in users}
    # Every answer is a page of the portal (success, redirect or its error page), in time.
    assert [(r.method, r.path, r.status, r.error) for r in log.unclean()] == []
    assert log.slowest() < SLOWEST_ALLOWED_SECONDS
    # The restart was felt, and gunicorn carried on with the workers it started with.
    assert failed_during, "no request failed: the restart did not happen under load"
    assert web.is_running()
    assert web.log.count("Booting worker") == 2
    # /healthz said so: down (503) during the restart, ok again after it, and the web
    # service passes docker-compose's healthcheck again.
    assert (503, "down") in monitor.seen(restart_began, restart_ended, "database")
    assert monitor.seen(stopped - AFTER_RECOVERY_SECONDS, stopped, "database") == {(200, "ok")}
    healthcheck = [
        part.replace("127.0.0.1:8000", f"127.0.0.1:{web.port}")
        for part in compose_healthcheck("web")
    ]
    probe_env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    assert subprocess.run(healthcheck, env=probe_env, timeout=30, check=False).returncode == 0
    # No project is half-written: each holds exactly the state of one save, the last one
    # answered as saved or a later one whose answer was lost.
    for editor in editors:
        stored = state["projects"][str(editor.account["project"])]
        stored_round = round_of(stored["title"])
        assert {key: stored[key] for key in ("title", "partners", "grant_lines", "deadlines")} == (
            expected_project(editor.account, stored_round)
        )
        saved = [n for n, outcome in editor.outcomes.items() if outcome == SAVED]
        unknown = [n for n, outcome in editor.outcomes.items() if outcome == UNKNOWN]
        assert stored_round == max(saved) or (stored_round in unknown and stored_round > max(saved))
        assert len(saved) <= stored["version"] - 1 <= len(saved) + len(unknown)
    # Every registration answered as saved is stored, with its confirmation email queued.
    stored_emails = [email for email, _offer in state["registrations"]]
    assert len(stored_emails) == len(set(stored_emails))
    saved_emails = set().union(*(s.emails(SAVED) for s in students))
    unknown_emails = set().union(*(s.emails(UNKNOWN) for s in students))
    assert saved_emails <= set(stored_emails) <= saved_emails | unknown_emails
    assert sorted(to for _pk, to, _status, _attempts in state["emails"]) == sorted(stored_emails)
