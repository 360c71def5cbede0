"""Reminders end to end: the sweep on a real Celery worker (Redis broker, prefork pool of two
processes), the outbox delivering to a real SMTP server. The worker sweeps with the real
clock, so these deadlines are placed relative to today."""

import datetime
import email
import email.policy
import re
import threading
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Count
from django.utils import timezone

from outbox import services as outbox
from outbox.models import OutgoingEmail
from projects.deadlines import mark_deadline_done
from reminders import services, tasks
from reminders.models import Reminder
from tests.concurrency import backend_pid, waits_for_a_lock
from tests.factories import DeadlineFactory, PersonFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.worker


def due_in(days, *, person=None, project=None, **fields):
    project = project or ProjectFactory(lead_coordinator=person or PersonFactory())
    deadline = DeadlineFactory(
        project=project, due_date=timezone.localdate() + datetime.timedelta(days=days), **fields
    )
    deadline.responsible.set([project.lead_coordinator])
    return deadline


def many_due(count, *, per_person=3):
    """`count` deadlines due in 7 days, three per coordinator."""
    deadlines = []
    for _ in range(0, count, per_person):
        project = ProjectFactory()
        deadlines += [due_in(7, project=project) for _ in range(per_person)]
    return deadlines[:count]


def wait_for(condition, *, timeout, message):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message())
        time.sleep(0.05)


def wait_until_delivered(count, *, timeout=60.0):
    emails = OutgoingEmail.objects.filter(template="reminder")
    wait_for(
        lambda: emails.filter(status=OutgoingEmail.Status.SENT).count() >= count,
        timeout=timeout,
        message=lambda: (
            f"Not all {count} reminder emails sent after {timeout} s: "
            f"{dict(emails.values_list('status').annotate(n=Count('pk')))}"
        ),
    )


def received_per_reminder(smtp_server):
    """What the SMTP server received, counted per (recipient, deadline, step)."""
    reminders = {
        str(reminder.email_id): (reminder.person.email, reminder.deadline_id, reminder.days_before)
        for reminder in Reminder.objects.select_related("person")
    }
    counts = Counter()
    for message in smtp_server.messages:
        recipient, deadline_id, step = reminders[message.outbox_id]
        assert message.to == recipient
        counts[(recipient, deadline_id, step)] += 1
    return counts


def expected_keys(deadlines, step=7):
    return {(d.project.lead_coordinator.email, d.pk, step) for d in deadlines}


def run_sweep_on_worker(worker):
    tasks.sweep.delay()
    worker.wait_until_idle(timeout=60)


def test_worker_sweep_sends_due_reminder_once_not_early_not_when_done(
    celery_worker_process, smtp_server
):
    due = due_in(7, title="Final report")
    due_in(31, title="Not yet")  # its first step, 30 days before, is tomorrow
    done = due_in(7, title="Already done")
    mark_deadline_done(deadline=done, by=None)

    run_sweep_on_worker(celery_worker_process)
    smtp_server.wait_for(1, timeout=20)
    run_sweep_on_worker(celery_worker_process)
    wait_until_delivered(1)

    assert received_per_reminder(smtp_server) == {
        (due.project.lead_coordinator.email, due.pk, 7): 1
    }
    (message,) = smtp_server.messages
    assert message.subject == f"Reminder: Final report ({due.project.title}), due in 7 days"
    assert "Mark as done" in message.html
    assert Reminder.objects.count() == 1


def test_worker_reminder_links_to_a_deadline_page_its_recipient_can_open(
    celery_worker_process, smtp_server, client
):
    due = due_in(7, title="Final report", kind="final_report")
    with_account = PersonFactory(user=UserFactory(username="coordinator-with-account"))
    due.responsible.add(with_account)

    run_sweep_on_worker(celery_worker_process)
    messages = smtp_server.wait_for(2, timeout=20)

    by_recipient = {message.to: message for message in messages}
    without_account = by_recipient[due.project.lead_coordinator.email]
    (link,) = re.findall(
        r"What is due and what to send: http://127.0.0.1:8000(\S+)", without_account.text
    )
    page = client.get(link)
    assert page.status_code == 200
    assert "<h1>Final report</h1>" in page.content.decode()
    assert "The final report in the Beneficiary Module" in page.content.decode()
    assert "/workspace/" not in without_account.text + without_account.html
    assert f"http://127.0.0.1:8000/workspace/projects/{due.project.pk}/" in (
        by_recipient[with_account.email].text
    )


def test_two_sweeps_on_the_worker_at_once_send_each_reminder_once(
    celery_worker_process, smtp_server
):
    deadlines = many_due(120)

    # Two pool processes take one sweep each, at the same moment.
    tasks.sweep.delay()
    tasks.sweep.delay()
    celery_worker_process.wait_until_idle(timeout=60)
    wait_until_delivered(120)
    celery_worker_process.wait_until_idle(timeout=20)

    received = received_per_reminder(smtp_server)
    split = sorted(
        int(count)
        for count in re.findall(
            r"Task reminders\.sweep\[[^]]+\] succeeded in [0-9.]+s: (\d+)",
            celery_worker_process.log,
        )
    )
    print(
        f"Two sweeps at once on the worker: recorded {split}, {len(smtp_server.messages)} "
        f"received, duplicates {sum(received.values()) - len(received)}"
    )
    assert len(split) == 2
    assert sum(split) == 120
    assert received == dict.fromkeys(expected_keys(deadlines), 1)
    assert Reminder.objects.count() == OutgoingEmail.objects.count() == 120


def test_two_sweeps_in_threads_at_once_send_each_reminder_once(celery_worker_process, smtp_server):
    deadlines = many_due(60)
    recorded = {}
    pids = {}

    def sweep(name):
        try:
            pids[name] = backend_pid()
            recorded[name] = services.send_due_reminders(now=timezone.now())
        finally:
            close_old_connections()
            connection.close()

    first, second = (threading.Thread(target=sweep, args=(name,)) for name in ("first", "second"))
    # The first sweep is held just before it records, its deadlines locked, while the
    # second sweeps from start to end: the two overlap every time.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Reminder._meta.db_table} IN EXCLUSIVE MODE")
        first.start()
        first_held = wait_for_pid_and_lock(pids, "first")
        second.start()
        second.join(timeout=10)
    first.join(timeout=30)
    wait_until_delivered(60)
    celery_worker_process.wait_until_idle()

    print(f"Two sweeps at once in threads: recorded {recorded}")
    assert first_held
    assert recorded == {"first": 60, "second": 0}
    assert received_per_reminder(smtp_server) == dict.fromkeys(expected_keys(deadlines), 1)


def wait_for_pid_and_lock(pids, name) -> bool:
    wait_for(lambda: name in pids, timeout=10, message=lambda: f"The {name} sweep did not start")
    return waits_for_a_lock(pids[name], timeout=10)


class KillWorkerDuringDelivery:
    """Stands in for the SMTP server's recording: at the nth message, SIGKILLs the worker while
    it waits for the server's answer, so that message is never accepted; the rest pass."""

    def __init__(self, smtp_server, worker, *, nth):
        self.record = smtp_server.record
        self.worker = worker
        self.nth = nth
        self.seen = 0
        self.killed = threading.Event()
        self.killed_outbox_id = None

    def __call__(self, content, envelope_to):
        self.seen += 1
        if self.seen == self.nth:
            message = email.message_from_bytes(content, policy=email.policy.default)
            self.killed_outbox_id = message["X-Outbox-Id"]
            self.worker.kill()
            self.killed.set()
            raise ConnectionAbortedError("the sending worker died before the server answered")
        self.record(content, envelope_to)


def recover_after_kill(worker, smtp_server, *, count):
    """What operations does after a crash, as the beat schedule would: re-dispatch the dead
    worker's emails, start a worker, and let the next sweep carry on. Returns the numbers."""
    at_kill = {
        "recorded": Reminder.objects.count(),
        "received": len(smtp_server.messages),
        "sending": set(
            OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING).values_list(
                "pk", flat=True
            )
        ),
    }
    # A `now` past the stall limit counts every "sending" row as stalled; no worker runs.
    at_kill["requeued"] = outbox.requeue_stalled(
        now=timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_STALLED_AFTER_SECONDS + 1)
    )
    worker.start()
    run_sweep_on_worker(worker)
    wait_until_delivered(count)
    worker.wait_until_idle()
    return at_kill


def report_kill(title, at_kill, received):
    print(
        f"{title}: {Reminder.objects.count()} reminders, {at_kill['recorded']} recorded and "
        f"{at_kill['received']} received before the kill, {len(at_kill['sending'])} emails "
        f"in sending at the kill, {at_kill['requeued']} re-dispatched; "
        f"{OutgoingEmail.objects.count()} emails sent, {sum(received.values())} received, "
        f"{len(received)} distinct, duplicates {sum(received.values()) - len(received)}"
    )


def test_worker_killed_mid_sweep_while_delivering_every_reminder_arrives_once(
    celery_worker_process, smtp_server, monkeypatch
):
    deadlines = many_due(300)
    kill = KillWorkerDuringDelivery(smtp_server, celery_worker_process, nth=40)
    monkeypatch.setattr(smtp_server, "record", kill)

    tasks.sweep.delay()
    assert kill.killed.wait(timeout=60), "the worker delivered fewer than 40 reminders"
    at_kill = recover_after_kill(celery_worker_process, smtp_server, count=300)

    received = received_per_reminder(smtp_server)
    report_kill("Worker killed mid-sweep while delivering", at_kill, received)
    # The sweep records in small transactions and may finish before the 40th delivery;
    # what this test pins down is a worker dying with most of the sweep's emails unsent.
    assert at_kill["received"] < 300
    # One email per worker process (concurrency 2) may be in the middle of its delivery.
    assert 1 <= len(at_kill["sending"]) <= 2
    assert Reminder.objects.count() == OutgoingEmail.objects.count() == 300
    assert set(received) == expected_keys(deadlines)
    # The email whose delivery the kill cut short arrives once, after the restart.
    killed = Reminder.objects.select_related("person").get(email_id=kill.killed_outbox_id)
    assert received[(killed.person.email, killed.deadline_id, killed.days_before)] == 1
    # The other worker process may have had its email accepted by the server in the instant
    # before the kill, before its row was marked sent: only that one may arrive twice.
    twice = {key for key, count in received.items() if count > 1}
    assert len(twice) <= 1
    assert {Reminder.objects.get(deadline_id=key[1]).email_id for key in twice} <= at_kill[
        "sending"
    ] - {int(kill.killed_outbox_id)}
    assert set(received.values()) <= {1, 2}


def test_worker_killed_at_any_moment_mid_sweep_loses_no_reminder(
    celery_worker_process, smtp_server
):
    deadlines = many_due(300)

    tasks.sweep.delay()
    wait_for(
        lambda: Reminder.objects.count() >= 100,
        timeout=60,
        message=lambda: f"The sweep recorded only {Reminder.objects.count()} reminders",
    )
    celery_worker_process.kill()
    at_kill = recover_after_kill(celery_worker_process, smtp_server, count=300)

    received = received_per_reminder(smtp_server)
    report_kill("Worker killed at a random moment mid-sweep", at_kill, received)
    assert at_kill["recorded"] < 300
    assert Reminder.objects.count() == OutgoingEmail.objects.count() == 300
    assert set(received) == expected_keys(deadlines)
    # SMTP cannot make a delivery and its record one step: an email the server accepted in
    # the instant before the kill, before its row was marked sent, goes out again. So only
    # an email that was in "sending" at the kill may arrive twice, and no more than twice.
    twice = {key for key, count in received.items() if count > 1}
    assert {Reminder.objects.get(deadline_id=key[1]).email_id for key in twice} <= at_kill[
        "sending"
    ]
    assert set(received.values()) <= {1, 2}


def test_smtp_server_down_then_up_every_reminder_arrives_after_retries(
    celery_worker_process, smtp_server
):
    deadlines = many_due(30)
    smtp_server.stop()

    tasks.sweep.delay()
    failed_twice = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED, attempts__gte=2)
    wait_for(
        lambda: failed_twice.count() == 30,
        timeout=30,
        message=lambda: f"only {failed_twice.count()} of 30 emails were tried twice",
    )
    smtp_server.start()
    smtp_server.wait_for(30, timeout=60)
    wait_until_delivered(30)
    celery_worker_process.wait_until_idle()

    received = received_per_reminder(smtp_server)
    attempts = Counter(OutgoingEmail.objects.values_list("attempts", flat=True))
    print(
        f"SMTP down then up: 30 reminders, {len(smtp_server.messages)} received, "
        f"duplicates {sum(received.values()) - len(received)}, attempts {sorted(attempts.items())}"
    )
    assert received == dict.fromkeys(expected_keys(deadlines), 1)
    assert all(2 < count <= settings.OUTBOX_MAX_ATTEMPTS for count in attempts.elements())
    assert Reminder.objects.count() == 30
