"""The outbox on a real Celery worker (prefork, 2 processes), Redis and an SMTP server."""

import datetime
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from outbox import services
from outbox.models import OutgoingEmail
from outbox.tasks import send_email
from tests.factories import OutgoingEmailFactory

pytestmark = pytest.mark.worker

RESET_CONTEXT = {"name": "Maria", "reset_url": "https://portal.example.org/reset/abc/"}


def queue_reset_emails(count):
    with transaction.atomic():
        return [
            services.queue_email(
                to=f"person{n}@example.org", template="password_reset", context=RESET_CONTEXT
            ).pk
            for n in range(count)
        ]


def wait_until_sent(ids, timeout=30.0):
    deadline = time.monotonic() + timeout
    emails = OutgoingEmail.objects.filter(pk__in=ids)
    while emails.exclude(status=OutgoingEmail.Status.SENT).exists():
        if time.monotonic() > deadline:
            by_status = dict(emails.values_list("status").annotate(count=Count("pk")))
            pytest.fail(f"Not all emails sent after {timeout} s: {by_status}")
        time.sleep(0.1)


def test_worker_sends_each_queued_email_once(celery_worker_process, smtp_server):
    ids = queue_reset_emails(20)

    smtp_server.wait_for(20, timeout=20)
    wait_until_sent(ids)
    celery_worker_process.wait_until_idle()

    assert smtp_server.count_by_outbox_id() == {str(pk): 1 for pk in ids}
    assert {message.subject for message in smtp_server.messages} == {
        "Reset your Exchange Portal password"
    }
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_worker_delivers_an_email_dispatched_three_times_once(celery_worker_process, smtp_server):
    email = OutgoingEmailFactory()

    for _ in range(3):
        send_email.delay(email.pk)

    smtp_server.wait_for(1, timeout=20)
    wait_until_sent([email.pk])
    celery_worker_process.wait_until_idle()
    email.refresh_from_db()
    assert smtp_server.count_by_outbox_id() == {str(email.pk): 1}
    assert email.attempts == 1


def test_worker_retries_until_the_smtp_server_is_back(celery_worker_process, smtp_server):
    smtp_server.stop()
    ids = queue_reset_emails(5)
    failed_twice = OutgoingEmail.objects.filter(
        pk__in=ids, status=OutgoingEmail.Status.QUEUED, attempts__gte=2
    )
    deadline = time.monotonic() + 15
    while failed_twice.count() < len(ids):
        assert time.monotonic() < deadline, "the worker did not retry within 15 s"
        time.sleep(0.1)

    smtp_server.start()

    smtp_server.wait_for(5, timeout=20)
    wait_until_sent(ids)
    celery_worker_process.wait_until_idle()
    attempts = list(OutgoingEmail.objects.values_list("attempts", flat=True))
    print(f"SMTP down then back: {len(ids)} queued, attempts per email {sorted(attempts)}")
    assert smtp_server.count_by_outbox_id() == {str(pk): 1 for pk in ids}
    assert all(3 <= count <= settings.OUTBOX_MAX_ATTEMPTS for count in attempts)


def test_worker_killed_mid_batch_loses_no_email(celery_worker_process, smtp_server):
    ids = queue_reset_emails(200)
    smtp_server.wait_for(60, timeout=30)

    celery_worker_process.kill()
    received_before_kill = len(smtp_server.messages)
    sending_at_kill = set(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING).values_list(
            "pk", flat=True
        )
    )
    # With a `now` past the stall limit every row in "sending" counts as stalled, even one a
    # live worker is sending, so this runs while no worker does.
    requeued = services.requeue_stalled(
        now=timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_STALLED_AFTER_SECONDS + 1)
    )
    celery_worker_process.start()

    wait_until_sent(ids, timeout=40)
    celery_worker_process.wait_until_idle()
    counts = smtp_server.count_by_outbox_id()
    duplicates = {outbox_id: count for outbox_id, count in counts.items() if count > 1}
    print(
        f"Worker killed: {len(ids)} queued, {received_before_kill} received before the kill, "
        f"{len(sending_at_kill)} in sending at the kill, "
        f"{len(celery_worker_process.orphaned)} unacknowledged messages orphaned, "
        f"{requeued} re-dispatched, {len(smtp_server.messages)} received in all, "
        f"{len(counts)} distinct, duplicates {duplicates}"
    )
    assert received_before_kill < len(ids)
    assert set(counts) == {str(pk) for pk in ids}
    # At least once, never more than that: the only email that may arrive twice is one the
    # SMTP server had accepted when the worker died, before its row was marked sent. The
    # kill lands right after a message is received, so that one usually does arrive twice.
    assert len(sending_at_kill) <= 2
    assert set(duplicates) <= {str(pk) for pk in sending_at_kill}
    assert set(duplicates.values()) <= {2}


def test_worker_retry_is_left_to_its_countdown_by_the_requeue(celery_worker_process, smtp_server):
    celery_worker_process.env["OUTBOX_RETRY_BACKOFF_SECONDS"] = "10"
    celery_worker_process.restart()
    smtp_server.refused_recipients["busy@example.org"] = "451 4.7.1 Try again later"
    email = services.queue_email(
        to="busy@example.org", template="password_reset", context=RESET_CONTEXT
    )
    waiting = OutgoingEmail.objects.filter(
        pk=email.pk, status=OutgoingEmail.Status.QUEUED, attempts=1, next_attempt_at__isnull=False
    )
    deadline = time.monotonic() + 20
    while not waiting.exists():
        assert time.monotonic() < deadline, "the first attempt was not refused within 20 s"
        time.sleep(0.1)
    retry_due = waiting.get().next_attempt_at
    del smtp_server.refused_recipients["busy@example.org"]
    # Queued longer ago than the stall limit: only its retry time keeps the requeue off it.
    OutgoingEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now()
        - datetime.timedelta(seconds=settings.OUTBOX_STALLED_AFTER_SECONDS + 1)
    )

    requeued = services.requeue_stalled(now=timezone.now())

    smtp_server.wait_for(1, timeout=30)
    wait_until_sent([email.pk])
    celery_worker_process.wait_until_idle()
    email.refresh_from_db()
    assert email.sent_at >= retry_due
    assert (requeued, email.attempts) == (0, 2)
    assert smtp_server.count_by_outbox_id() == {str(email.pk): 1}
