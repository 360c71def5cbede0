"""Simulated users of the drills: staff saving their project, students registering interest.

Every save a staff member makes is a "round" whose number is written into everything the
save touches (title, grant lines, partners, deadline): whatever the database holds after a
drill must be exactly one round's state, so a half-written save cannot hide.
"""

import itertools
import json
import random
import threading
import time
from dataclasses import dataclass, field

from .client import Browser, FormData, RequestLog, Response

SECOND_ACTIVITY = "STT"
FIRST_ACTIVITY = "STA"
SAVED, REFUSED, UNKNOWN = "saved", "refused", "unknown"


def outcome_of(answer: Response, *, saved: bool) -> str:
    """A form submission's outcome: saved; refused (the portal answered, saving nothing);
    unknown (no answer or a server error: it may have committed before it failed)."""
    if saved:
        return SAVED
    return UNKNOWN if answer.status == 0 or answer.status >= 500 else REFUSED


def expected_project(account: dict, round_number: int) -> dict:
    """What a project holds after the save of this round (tests/drills/world.py's shape)."""
    number = account["username"].rsplit("-", 1)[1]
    even = round_number % 2 == 0 and round_number > 0
    partners = [account["partner"], account["spare_partner"]] if even else [account["partner"]]
    lines = [[account["partner"], FIRST_ACTIVITY, max(round_number, 1)]]
    if even:
        lines.append([account["partner"], SECOND_ACTIVITY, round_number])
    return {
        "title": f"Drill project {number} round {round_number}",
        "partners": sorted(partners),
        "grant_lines": sorted(lines),
        "deadlines": [f"Drill report {number} round {round_number}"],
    }


def round_of(title: str) -> int:
    return int(title.rsplit(" ", 1)[1])


def _rows(form: FormData, prefix: str) -> list[str]:
    """The row prefixes (e.g. "grants-0-") of a formset, in order."""
    total = int(form.get(f"{prefix}-TOTAL_FORMS"))
    return [f"{prefix}-{index}-" for index in range(total)]


def _row_where(form: FormData, rows: list[str], name: str, value) -> str | None:
    return next((row for row in rows if form.get(row + name) == str(value)), None)


def _empty_row(form: FormData, rows: list[str], name: str) -> str:
    return next(row for row in rows if not form.get(row + "id") and not form.get(row + name))


def apply_round(form: FormData, *, account: dict, round_number: int) -> None:
    """Change the edit form so that saving it stores expected_project(round_number)."""
    expected = expected_project(account, round_number)
    even = len(expected["partners"]) == 2
    form.set("title", expected["title"])

    partners = _rows(form, "partners")
    spare = _row_where(form, partners, "institution", account["spare_partner"])
    if even and spare is None:
        row = _empty_row(form, partners, "institution")
        form.set(row + "institution", account["spare_partner"])
        form.set(row + "role", "partner")
    elif not even and spare is not None:
        form.set(spare + "DELETE", "on")

    grants = _rows(form, "grants")
    first = _row_where(form, grants, "activity", FIRST_ACTIVITY)
    form.set(first + "mobilities_planned", max(round_number, 1))
    second = _row_where(form, grants, "activity", SECOND_ACTIVITY)
    if even:
        if second is None:
            second = _empty_row(form, grants, "partner")
            form.set(second + "partner", account["partner"])
            form.set(second + "activity", SECOND_ACTIVITY)
            form.set(second + "direction", "outgoing")
            form.set(second + "duration_days", 5)
            form.set(second + "amount_awarded", "1000.00")
        form.set(second + "mobilities_planned", round_number)
    elif second is not None:
        form.set(second + "DELETE", "on")

    deadlines = _rows(form, "deadlines")
    report = next(row for row in deadlines if form.get(row + "title").startswith("Drill report"))
    form.set(report + "title", expected["deadlines"][0])


@dataclass
class StaffEditor:
    """A staff member who saves their project round after round, each from a fresh page."""

    base_url: str
    account: dict
    log: RequestLog
    outcomes: dict[int, str] = field(default_factory=dict)
    saved_at: dict[int, float] = field(default_factory=dict)

    def __post_init__(self):
        self.browser = Browser(self.base_url, log=self.log)
        self.edit_url = f"/workspace/projects/{self.account['project']}/edit/"
        self.detail_url = f"/workspace/projects/{self.account['project']}/"
        self.logged_in = False

    def step(self) -> None:
        """One action: log in if needed, else load the edit page and save the next round."""
        if not self.logged_in:
            answer = self.browser.log_in(self.account["username"], self.account["password"])
            self.logged_in = answer.redirected
            return
        page = self.browser.get(self.edit_url)
        if page.status != 200:
            return
        form = FormData.from_page(page.body, containing="version")
        round_number = max(self.outcomes, default=0) + 1
        apply_round(form, account=self.account, round_number=round_number)
        answer = self.browser.post(self.edit_url, form)
        self.outcomes[round_number] = outcome_of(
            answer, saved=answer.redirected and answer.location == self.detail_url
        )
        if self.outcomes[round_number] == SAVED:
            self.saved_at[round_number] = time.monotonic()

    def browse(self) -> None:
        """What staff read between saves: the dashboard, the project list and the project."""
        for path in ("/workspace/", "/workspace/projects/", self.detail_url):
            self.browser.get(path)


_addresses = itertools.count(1)
_address_lock = threading.Lock()


def new_client_address() -> str:
    """A client address of its own for each simulated student (10.x.y.z)."""
    with _address_lock:
        number = next(_addresses)
    return f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"


@dataclass
class StudentRegistrar:
    """Students, one after another, each from an address and a browser of their own,
    opening an offer's form and registering interest with an address of their own."""

    base_url: str
    offers: list[str]
    name: str
    log: RequestLog
    outcomes: dict[str, str] = field(default_factory=dict)
    saved_at: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        self.counter = itertools.count(1)
        self.random = random.Random(self.name)

    def new_student(self) -> Browser:
        return Browser(self.base_url, log=self.log, forwarded_for=new_client_address())

    def register(self, browser: Browser, *, email: str | None = None) -> None:
        url = f"/en/offers/{self.random.choice(self.offers)}/register/"
        page = browser.get(url)
        if page.status != 200:
            return
        email = email or f"{self.name}-{next(self.counter)}@example.org"
        form = FormData.from_page(page.body, containing="email")
        form.set("name", f"Student {self.name}")
        form.set("email", email)
        form.set("study_programme", "Biomedical Sciences")
        form.set("level", "master")
        form.set("motivation", "I would like to do research abroad.")
        answer = browser.post(url, form)
        self.outcomes[email] = outcome_of(
            answer, saved=answer.redirected and "/registered/" in answer.location
        )
        if self.outcomes[email] == SAVED:
            self.saved_at[email] = time.monotonic()

    def step(self) -> None:
        self.register(self.new_student())

    def emails(self, outcome: str) -> set[str]:
        return {email for email, result in self.outcomes.items() if result == outcome}


def run_until(stop: threading.Event, users: list, *, pause: float = 0.0) -> list:
    """Run each user's step() in a thread of its own until `stop` is set."""

    def loop(user):
        while not stop.is_set():
            user.step()
            if pause:
                stop.wait(pause)

    threads = [threading.Thread(target=loop, args=(user,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    return threads


class HealthMonitor:
    """A monitor reading /healthz over and over (its requests are not in the drill's log)."""

    def __init__(self, base_url: str):
        self.browser = Browser(base_url, log=RequestLog())
        self.reports: list[tuple[float, int, dict]] = []

    def step(self) -> None:
        answer = self.browser.get("/healthz")
        report = json.loads(answer.body) if answer.body.startswith("{") else {}
        self.reports.append((answer.started, answer.status, report))

    def seen(self, start: float, end: float, *parts: str) -> set[tuple]:
        """(HTTP status, report[part]...) of the answers to requests sent in [start, end)."""
        return {
            (status, *(report.get(part) for part in parts))
            for at, status, report in self.reports
            if start <= at < end
        }
