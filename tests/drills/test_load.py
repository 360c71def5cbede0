"""Load: 50 simulated users for a bounded time against gunicorn on 127.0.0.1.

10 staff members browse the workspace and save their project (with its partners, grant
lines and deadline) every third page; 40 students, each visit from an address of its own,
read the home page, the catalogue with filters and search, an offer, and half of the time
register interest. DRILL_LOAD_SECONDS sets the duration (30 s by default, `make load`
runs a minute).

The registration form allows 20 submissions per client address in 15 minutes. The
portal runs as behind a reverse proxy (PUBLIC_TRUSTED_PROXY_COUNT=1) and every student
visit comes from its own address in X-Forwarded-For, as real students behind the proxy
would: the limit itself is the production one, and a last check shows it still refuses
the 21st submission from one address.
"""

import json
import os
import random
import threading
import time

import pytest

from .client import RequestLog
from .users import (
    REFUSED,
    SAVED,
    StaffEditor,
    StudentRegistrar,
    expected_project,
    round_of,
    run_until,
)

pytestmark = pytest.mark.drill

STAFF = 10
STUDENTS = 40
OFFERS = 8
LOAD_SECONDS = float(os.environ.get("DRILL_LOAD_SECONDS", "30"))
GUNICORN_WORKERS = 3
THINK_SECONDS = 0.1
RATE_LIMIT = 20
CATALOGUE_PAGES = [
    "/en/offers/",
    "/en/offers/?q=research",
    "/en/offers/?country=JP",
    "/en/offers/?level=master&closed=on",
    "/en/offers/?sort=-deadline&page=1",
    "/nl/offers/",
    "/en/projects/",
    "/en/countries/",
]


class StaffWorkday:
    """A staff member: logs in, then reads two workspace pages for every project save."""

    def __init__(self, editor: StaffEditor):
        self.editor = editor
        self.turn = 0

    def step(self) -> None:
        self.turn += 1
        if self.editor.logged_in and self.turn % 3:
            self.editor.browse()
        else:
            self.editor.step()


class StudentVisits:
    """Students one after another, each a new visitor from a new address."""

    def __init__(self, registrar: StudentRegistrar):
        self.registrar = registrar
        self.random = random.Random(registrar.name)

    def step(self) -> None:
        browser = self.registrar.new_student()
        browser.get("/en/")
        browser.get(self.random.choice(CATALOGUE_PAGES))
        browser.get(f"/en/offers/{self.random.choice(self.registrar.offers)}/")
        if self.random.random() < 0.5:
            self.registrar.register(browser)


def test_fifty_users_for_a_bounded_time_without_errors_or_lost_registrations(portal, drill_report):
    world = portal.world("seed", json.dumps({"staff": STAFF, "offers": OFFERS}))
    web = portal.web(workers=GUNICORN_WORKERS, PUBLIC_TRUSTED_PROXY_COUNT="1")
    log = RequestLog()
    editors = [StaffEditor(web.base_url, account, log) for account in world["staff"]]
    registrars = [
        StudentRegistrar(web.base_url, world["offers"], f"load-student-{n}", log)
        for n in range(STUDENTS)
    ]
    users = [StaffWorkday(e) for e in editors] + [StudentVisits(r) for r in registrars]
    assert len(users) == 50

    stop = threading.Event()
    started = time.monotonic()
    threads = run_until(stop, users, pause=THINK_SECONDS)
    time.sleep(LOAD_SECONDS)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.monotonic() - started
    assert not any(thread.is_alive() for thread in threads)

    # The production limit holds: one address gets 20 registrations in, the 21st is refused.
    limited = StudentRegistrar(web.base_url, world["offers"], "one-address", RequestLog())
    same_address = limited.new_student()
    for _ in range(RATE_LIMIT + 1):
        limited.register(same_address)
    state = portal.world("state")

    saved = set().union(*(r.emails(SAVED) for r in registrars))
    submitted = sum(len(r.outcomes) for r in registrars)
    stored = {email for email, _offer in state["registrations"]}
    saves = [outcome for e in editors for outcome in e.outcomes.values()]
    drill_report.update(
        users=len(users),
        seconds=round(elapsed, 1),
        requests=len(log.responses),
        requests_per_second=round(len(log.responses) / elapsed, 1),
        by_status=log.by_status(),
        server_errors=len(log.server_errors()),
        median_seconds=round(log.percentile(0.5), 3),
        p95_seconds=round(log.percentile(0.95), 3),
        slowest_seconds=round(log.slowest(), 2),
        registrations={
            "submitted": submitted,
            "saved": len(saved),
            "stored": len(stored - limited.emails(SAVED)),
            "lost": len(saved - stored),
        },
        project_saves={"submitted": len(saves), "saved": saves.count(SAVED)},
        rate_limit={
            "accepted": len(limited.emails(SAVED)),
            "refused": len(limited.emails(REFUSED)),
        },
    )

    assert log.server_errors() == []
    assert log.by_status().keys() <= {200, 302}
    # Every registration answered as saved is stored once, none more, each with its email.
    assert len(saved) == submitted > 0
    assert stored == saved | limited.emails(SAVED)
    assert len(state["registrations"]) == len(stored)
    assert sorted(to for _pk, to, _status, _a in state["emails"]) == sorted(stored)
    # Every project save went through, and each project holds its last one.
    assert saves.count(SAVED) == len(saves) > 0
    for editor in editors:
        project = state["projects"][str(editor.account["project"])]
        last = max(editor.outcomes)
        assert round_of(project["title"]) == last
        assert project["version"] == 1 + last
        assert {key: project[key] for key in ("partners", "grant_lines", "deadlines")} == {
            key: value
            for key, value in expected_project(editor.account, last).items()
            if key != "title"
        }
    assert (len(limited.emails(SAVED)), len(limited.emails(REFUSED))) == (RATE_LIMIT, 1)
