import datetime

import pytest
import time_machine
from django.db import IntegrityError

from outbox import services
from outbox.models import OutgoingEmail
from tests.factories import OutgoingEmailFactory
from tests.services import publishing_to

pytestmark = pytest.mark.django_db

RESET_CONTEXT = {"name": "Maria", "reset_url": "https://portal.example.org/reset/abc/"}
RESET_TEXT = (
    "Hello Maria,\n\n"
    "Someone asked to reset the password of your Exchange Portal account. "
    "To choose a new password, open this link:\n\n"
    "https://portal.example.org/reset/abc/\n\n"
    "If you did not ask for this, ignore this email: your password stays as it is.\n"
)
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def queue_reset_email(to="maria@example.org"):
    return services.queue_email(to=to, template="password_reset", context=RESET_CONTEXT)


def test_queue_email_renders_templates_in_english():
    email = queue_reset_email()

    email.refresh_from_db()
    assert email.to == "maria@example.org"
    assert email.subject == "Reset your Exchange Portal password"
    assert email.body_text == RESET_TEXT
    assert '<html lang="en">' in email.body_html
    assert (
        '<a href="https://portal.example.org/reset/abc/">https://portal.example.org/reset/abc/</a>'
        in email.body_html
    )
    assert email.template == "password_reset"
    assert email.language == "en"
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 0


def test_queue_email_dispatches_only_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        queue_reset_email()

    assert len(callbacks) == 1


def test_queue_email_with_the_broker_down_keeps_the_row_for_the_requeue(
    django_capture_on_commit_callbacks, caplog
):
    with (
        publishing_to("redis://127.0.0.1:1/0"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        email = queue_reset_email()

    email.refresh_from_db()
    assert len(callbacks) == 1
    assert (email.status, email.attempts) == (OutgoingEmail.Status.QUEUED, 0)
    assert "Could not reach the broker to queue outbox.send_email" in caplog.messages


def test_claim_for_sending_claims_a_queued_email_once():
    email = OutgoingEmailFactory()

    with time_machine.travel(NOW, tick=False):
        claimed = services.claim_for_sending(email_id=email.pk)
        claimed_again = services.claim_for_sending(email_id=email.pk)

    email.refresh_from_db()
    assert claimed.pk == email.pk
    assert email.status == OutgoingEmail.Status.SENDING
    assert email.sending_started_at == NOW
    assert email.attempts == 1
    assert claimed_again is None


def test_claim_for_sending_missing_email_returns_none():
    assert services.claim_for_sending(email_id=987654) is None


def test_send_queued_email_delivers_over_smtp(smtp_server):
    email = queue_reset_email()

    with time_machine.travel(NOW, tick=False):
        services.send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.sent_at == NOW
    assert email.attempts == 1
    assert email.last_error == ""
    [received] = smtp_server.messages
    assert received.to == "maria@example.org"
    assert received.envelope_to == ("maria@example.org",)
    assert received.subject == "Reset your Exchange Portal password"
    assert received.text.replace("\r\n", "\n") == RESET_TEXT
    assert "https://portal.example.org/reset/abc/" in received.html
    assert received.outbox_id == str(email.pk)


def test_send_queued_email_repeated_after_a_lost_outcome_keeps_its_message_id(smtp_server):
    email = queue_reset_email()
    services.send_queued_email(email_id=email.pk)
    # As if the worker died after the SMTP server accepted the message: the row is re-queued.
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.QUEUED)

    services.send_queued_email(email_id=email.pk)

    first, second = smtp_server.messages
    assert first.message_id == second.message_id
    assert first.message_id == f"<outbox-{email.pk}-{email.created_at:%Y%m%d%H%M%S}@localhost>"


def test_send_queued_email_twice_delivers_once(smtp_server):
    email = queue_reset_email()

    services.send_queued_email(email_id=email.pk)
    services.send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert smtp_server.count_by_outbox_id() == {str(email.pk): 1}


def test_send_queued_email_smtp_server_down_queues_again(smtp_server):
    email = queue_reset_email()
    smtp_server.stop()

    with pytest.raises(services.TransientDeliveryError):
        services.send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError: ")
    assert email.sent_at is None


def test_send_queued_email_smtp_server_down_fails_after_max_attempts(smtp_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = queue_reset_email()
    smtp_server.stop()

    for _ in range(2):
        with pytest.raises(services.TransientDeliveryError):
            services.send_queued_email(email_id=email.pk)
    services.send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 3
    assert email.last_error.startswith("ConnectionRefusedError: ")
    assert services.claim_for_sending(email_id=email.pk) is None


def test_send_queued_email_recipient_refused_fails_at_once(smtp_server):
    smtp_server.refused_recipients["gone@example.org"] = "550 5.1.1 Recipient address rejected"
    email = queue_reset_email(to="gone@example.org")

    services.send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 1
    assert email.last_error.startswith("SMTPRecipientsRefused: ")
    assert "550" in email.last_error
    assert smtp_server.messages == []


def test_send_queued_email_recipient_deferred_queues_again(smtp_server, settings):
    settings.OUTBOX_RETRY_BACKOFF_SECONDS = 30
    smtp_server.refused_recipients["busy@example.org"] = "450 4.2.1 Mailbox busy, try later"
    email = queue_reset_email(to="busy@example.org")

    with (
        time_machine.travel(NOW, tick=False),
        pytest.raises(services.TransientDeliveryError) as retry,
    ):
        services.send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert "450" in email.last_error
    assert email.next_attempt_at == NOW + datetime.timedelta(seconds=30)
    assert retry.value.countdown == 30


def test_send_queued_email_waits_twice_as_long_after_each_failure(smtp_server, settings):
    settings.OUTBOX_RETRY_BACKOFF_SECONDS = 30
    settings.OUTBOX_MAX_ATTEMPTS = 10
    email = queue_reset_email()
    smtp_server.stop()

    countdowns = []
    for _ in range(8):
        OutgoingEmail.objects.filter(pk=email.pk).update(attempts=len(countdowns))
        with pytest.raises(services.TransientDeliveryError) as retry:
            services.send_queued_email(email_id=email.pk)
        countdowns.append(round(retry.value.countdown))

    assert countdowns == [30, 60, 120, 240, 480, 960, 1920, 1920]


def test_requeue_stalled_requeues_only_emails_sending_too_long(
    settings, django_capture_on_commit_callbacks
):
    stalled_after = datetime.timedelta(seconds=settings.OUTBOX_STALLED_AFTER_SECONDS)
    with time_machine.travel(NOW, tick=False):
        stalled, fresh = OutgoingEmailFactory.create_batch(2)
        services.claim_for_sending(email_id=stalled.pk)
    with time_machine.travel(NOW + stalled_after, tick=False):
        services.claim_for_sending(email_id=fresh.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        requeued = services.requeue_stalled(now=NOW + stalled_after + datetime.timedelta(seconds=1))

    stalled.refresh_from_db()
    fresh.refresh_from_db()
    assert requeued == 1
    assert len(callbacks) == 1
    assert stalled.status == OutgoingEmail.Status.QUEUED
    assert stalled.sending_started_at is None
    assert stalled.attempts == 1
    assert fresh.status == OutgoingEmail.Status.SENDING
    assert fresh.sending_started_at == NOW + stalled_after


def test_requeue_stalled_leaves_recently_sending_emails_alone(
    settings, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        email = OutgoingEmailFactory()
        services.claim_for_sending(email_id=email.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        requeued = services.requeue_stalled(
            now=NOW + datetime.timedelta(seconds=settings.OUTBOX_STALLED_AFTER_SECONDS)
        )

    email.refresh_from_db()
    assert requeued == 0
    assert callbacks == []
    assert email.status == OutgoingEmail.Status.SENDING


def test_requeue_stalled_redispatches_an_email_queued_too_long_ago(
    settings, django_capture_on_commit_callbacks
):
    stalled_after = datetime.timedelta(seconds=settings.OUTBOX_STALLED_AFTER_SECONDS)
    with time_machine.travel(NOW, tick=False):
        lost, fresh = OutgoingEmailFactory.create_batch(2)
    OutgoingEmail.objects.filter(pk=fresh.pk).update(created_at=NOW + stalled_after)

    with django_capture_on_commit_callbacks() as callbacks:
        requeued = services.requeue_stalled(now=NOW + stalled_after + datetime.timedelta(seconds=1))

    assert requeued == 1
    assert [callback.args for callback in callbacks] == [(lost.pk,)]


def test_requeue_stalled_leaves_an_email_waiting_for_its_retry_alone(
    settings, django_capture_on_commit_callbacks
):
    # Queued long ago and failed since: its retry is due in 60 s, when Celery runs it.
    sweep_at = NOW + datetime.timedelta(days=1)
    with time_machine.travel(NOW, tick=False):
        email = OutgoingEmailFactory(
            attempts=3, next_attempt_at=sweep_at + datetime.timedelta(seconds=60)
        )

    with django_capture_on_commit_callbacks() as callbacks:
        requeued = services.requeue_stalled(now=sweep_at)

    email.refresh_from_db()
    assert requeued == 0
    assert callbacks == []
    assert (email.status, email.attempts) == (OutgoingEmail.Status.QUEUED, 3)


def test_requeue_stalled_redispatches_an_email_whose_retry_never_ran(
    settings, django_capture_on_commit_callbacks
):
    stalled_after = datetime.timedelta(seconds=settings.OUTBOX_STALLED_AFTER_SECONDS)
    sweep_at = NOW + datetime.timedelta(days=1)
    with time_machine.travel(NOW, tick=False):
        overdue = OutgoingEmailFactory(attempts=2, next_attempt_at=sweep_at - stalled_after)
        # Its retry came due a moment ago: the task that Celery holds for it runs now.
        OutgoingEmailFactory(attempts=2, next_attempt_at=sweep_at)

    with django_capture_on_commit_callbacks() as callbacks:
        requeued = services.requeue_stalled(now=sweep_at + datetime.timedelta(seconds=1))

    assert requeued == 1
    assert [callback.args for callback in callbacks] == [(overdue.pk,)]


def test_resend_queues_a_failed_email_again(django_capture_on_commit_callbacks):
    email = OutgoingEmailFactory(
        status=OutgoingEmail.Status.FAILED, attempts=6, last_error="SMTPRecipientsRefused: 550"
    )

    with django_capture_on_commit_callbacks() as callbacks:
        services.resend(email=email)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 0
    assert len(callbacks) == 1


def test_resend_ignores_a_sent_email(django_capture_on_commit_callbacks):
    email = OutgoingEmailFactory(status=OutgoingEmail.Status.SENT, sent_at=NOW, attempts=1)

    with django_capture_on_commit_callbacks() as callbacks:
        services.resend(email=email)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.sent_at == NOW
    assert email.attempts == 1
    assert callbacks == []


def test_secret_email_text_is_kept_until_sent_then_removed(smtp_server):
    email = services.queue_email(
        to="maria@example.org", template="password_reset", context=RESET_CONTEXT, holds_secret=True
    )
    email.refresh_from_db()
    queued_text = email.body_text

    services.send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    [received] = smtp_server.messages
    assert queued_text == RESET_TEXT
    assert received.text.replace("\r\n", "\n") == RESET_TEXT
    assert (email.status, email.holds_secret, email.body_text, email.body_html) == (
        OutgoingEmail.Status.SENT,
        True,
        "",
        "",
    )
    assert email.subject == "Reset your Exchange Portal password"


def test_secret_email_that_failed_keeps_its_text_for_a_resend(smtp_server):
    email = services.queue_email(
        to="maria@example.org", template="password_reset", context=RESET_CONTEXT, holds_secret=True
    )
    smtp_server.refused_recipients["maria@example.org"] = "550 5.1.1 Recipient address rejected"

    services.send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.body_text) == (OutgoingEmail.Status.FAILED, RESET_TEXT)


def test_database_refuses_a_sent_secret_email_with_text():
    email = OutgoingEmailFactory(holds_secret=True, body_text="", body_html="")
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = NOW
    email.body_text = "https://portal.example.org/reset/abc/"

    with pytest.raises(IntegrityError, match="outgoing_email_secret_removed_once_sent"):
        email.save()
