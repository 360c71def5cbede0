"""The bulk decision send with a real Celery worker delivering to a real SMTP server: the
worker is killed in the middle of it, and after the restart every applicant has received
their decision exactly once, also when the office presses "send" again."""

import datetime
import threading
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application
from outbox import services as outbox
from outbox.models import OutgoingEmail
from tests.reminders.test_delivery import wait_for
from tests.workspace.conftest import MODEL_BACKEND, make_coordinator, make_staff

from .conftest import make_offer_world

pytestmark = pytest.mark.worker

Status = Application.Status
APPLICANTS = 30
SELECTED = 2


class KillWorkerDuringDelivery:
    """Stands in for the SMTP server's recording: at the nth message, SIGKILLs the worker while
    it waits for the server's answer, so that message is never accepted; the rest pass."""

    def __init__(self, smtp_server, worker, *, nth):
        self.record = smtp_server.record
        self.worker = worker
        self.nth = nth
        self.seen = 0
        self.killed = threading.Event()

    def __call__(self, content, envelope_to):
        self.seen += 1
        if self.seen == self.nth:
            self.worker.kill()
            # How far the office's send had come: decisions stored in the outbox by then.
            self.stored_at_kill = OutgoingEmail.objects.count()
            connection.close()
            self.killed.set()
            raise ConnectionAbortedError("the sending worker died before the server answered")
        self.record(content, envelope_to)


@pytest.fixture
def decided_offer():
    """An offer with two places and thirty applicants decided: two selected, the rest on the
    waiting list in rank order; no decision emailed yet."""
    coordinator = make_coordinator("coordinator-crash", first_name="Ada", last_name="Kok")
    world = make_offer_world(coordinator=coordinator, title="Leiden and Havana", slug="havana")
    now = timezone.now()
    for number in range(1, APPLICANTS + 1):
        selected = number <= SELECTED
        Application.objects.create(
            offer=world.offer,
            email=f"applicant-{number:02d}@example.org",
            language="nl",
            first_name="Applicant",
            last_name=f"{number:02d}",
            status=Status.SELECTED if selected else Status.WAITING_LIST,
            rank=None if selected else number - SELECTED,
            submitted_at=now - datetime.timedelta(days=3),
        )
    return world.offer


def expected_subject(number: int) -> str:
    decision = "Geselecteerd" if number <= SELECTED else "Wachtlijst"
    return f"Je aanvraag voor Teaching at Leiden and Havana: {decision}"


def test_worker_killed_mid_decision_send_every_applicant_gets_one_decision_email(
    celery_worker_process, smtp_server, monkeypatch, client, decided_offer
):
    client.force_login(make_staff(), backend=MODEL_BACKEND)
    decisions_url = reverse("applications:decisions", args=[decided_offer.pk])
    kill = KillWorkerDuringDelivery(smtp_server, celery_worker_process, nth=5)
    monkeypatch.setattr(smtp_server, "record", kill)

    first = client.post(decisions_url, follow=True)
    assert kill.killed.wait(timeout=60), "the worker delivered fewer than 5 decisions"
    at_kill = {
        "received": len(smtp_server.messages),
        "sending": OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING).count(),
    }
    # What operations does after a crash, as the beat schedule would: re-dispatch the dead
    # worker's emails (a `now` past the stall limit counts every one as stalled), restart.
    outbox.requeue_stalled(
        now=timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_STALLED_AFTER_SECONDS + 1)
    )
    celery_worker_process.start()
    again = client.post(decisions_url, follow=True)
    wait_for(
        lambda: (
            OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == APPLICANTS
        ),
        timeout=60,
        message=lambda: (
            f"{OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count()} of "
            f"{APPLICANTS} decisions sent"
        ),
    )
    celery_worker_process.wait_until_idle()

    print(
        f"Worker killed at the {kill.nth}th delivery with {kill.stored_at_kill} of {APPLICANTS} "
        f"decisions stored, {at_kill['received']} received, {at_kill['sending']} in sending"
    )
    # The worker died while the office's send was still storing decisions.
    assert kill.stored_at_kill < APPLICANTS
    assert "30 decision emails are on their way." in first.content.decode()
    assert "0 decision emails are on their way." in again.content.decode()
    assert at_kill["received"] == 4
    assert 1 <= at_kill["sending"] <= 2
    assert OutgoingEmail.objects.count() == APPLICANTS
    received = Counter((m.to, m.subject) for m in smtp_server.messages)
    assert received == {
        (f"applicant-{n:02d}@example.org", expected_subject(n)): 1 for n in range(1, APPLICANTS + 1)
    }
    assert set(Application.objects.values_list("status", "decision_notified").distinct()) == {
        (Status.SELECTED, Status.SELECTED),
        (Status.WAITING_LIST, Status.WAITING_LIST),
    }
    assert services.decisions_to_send(decided_offer) == []
