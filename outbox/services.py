"""Writing to the outbox and delivering from it. The only place that sends email."""

import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail


class TransientDeliveryError(Exception):
    """Delivery failed for a reason that may pass; the email is queued again for a retry
    in `countdown` seconds (its row's next_attempt_at)."""

    def __init__(self, message: str, *, countdown: float):
        super().__init__(message)
        self.countdown = countdown


def render_email(
    *, to: str, template: str, context: dict, language: str = "en", holds_secret: bool = False
) -> OutgoingEmail:
    """Render templates/emails/<template>/ in the language into an unsaved outbox row.

    holds_secret: the email carries a link or token for its recipient alone (a password
    reset, a signed link, a calendar address). Its text is never shown in the admin and is
    removed from the row once the email has been sent.
    """
    with translation.override(language):
        subject = render_to_string(f"emails/{template}/subject.txt", context).strip()
        body_text = render_to_string(f"emails/{template}/body.txt", context)
        body_html = render_to_string(f"emails/{template}/body.html", context)
    return OutgoingEmail(
        to=to,
        subject=" ".join(subject.split())[:255],
        body_text=body_text,
        body_html=body_html,
        template=template,
        language=language,
        holds_secret=holds_secret,
    )


def queue_email(
    *, to: str, template: str, context: dict, language: str = "en", holds_secret: bool = False
) -> OutgoingEmail:
    """Render templates/emails/<template>/ in the language, store the row, send it on commit.

    holds_secret as for render_email: mark every email that carries a link or token.
    """
    email = render_email(
        to=to, template=template, context=context, language=language, holds_secret=holds_secret
    )
    return queue_emails(emails=[email])[0]


def queue_emails(*, emails: list[OutgoingEmail]) -> list[OutgoingEmail]:
    """Store rendered rows (see render_email) in one insert and send each on commit."""
    created = OutgoingEmail.objects.bulk_create(emails)
    for email in created:
        dispatch_on_commit(email_id=email.pk)
    return created


def dispatch_on_commit(*, email_id: int) -> None:
    """Hand an email to the worker once the transaction commits; if the broker is down then,
    the row stays queued and the periodic requeue dispatches it later."""
    from .tasks import send_email

    send_email.delay_on_commit(email_id)


def claim_for_sending(*, email_id: int) -> OutgoingEmail | None:
    """Move a queued email to sending under a row lock; None if it is gone or not queued."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.QUEUED:
            return None
        email.mark_sending(now=timezone.now())
        email.save(update_fields=["status", "sending_started_at", "attempts"])
    return email


def message_id(*, email: OutgoingEmail) -> str:
    """The same Message-ID on every attempt, so a receiver can drop a repeated delivery.

    A worker that dies after the SMTP server accepted a message but before the row was
    marked sent delivers it again on the retry; this header is what identifies the repeat.
    """
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ")
    return f"<outbox-{email.pk}-{email.created_at:%Y%m%d%H%M%S}@{domain}>"


def deliver(*, email: OutgoingEmail) -> None:
    """Send a claimed email over the configured backend and record the outcome.

    Raises TransientDeliveryError when the email was put back in the queue for a retry.
    An SMTP refusal (bad recipient, ...) or the last allowed attempt marks it failed.
    """
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"X-Outbox-Id": str(email.pk), "Message-ID": message_id(email=email)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except OSError as error:
        if not _is_transient(error):
            email.mark_failed(error=f"{type(error).__name__}: {error}")
            email.save(update_fields=["status", "last_error"])
            return
        now = timezone.now()
        _record_failure(email=email, error=error, now=now)
        if email.status == OutgoingEmail.Status.QUEUED:
            countdown = (email.next_attempt_at - now).total_seconds()
            raise TransientDeliveryError(str(error), countdown=countdown) from error
        return
    email.mark_sent(now=timezone.now())
    email.save(update_fields=["status", "sent_at", "last_error", "body_text", "body_html"])


def _record_failure(*, email: OutgoingEmail, error: Exception, now) -> None:
    description = f"{type(error).__name__}: {error}"
    if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        email.mark_failed(error=description)
    else:
        email.mark_retry(
            error=description, next_attempt_at=now + retry_backoff(attempts=email.attempts)
        )
    email.save(update_fields=["status", "last_error", "next_attempt_at"])


def retry_backoff(*, attempts: int) -> timedelta:
    """How long an email waits after its nth failed attempt: doubling, at most 64 times the
    first wait."""
    return timedelta(seconds=settings.OUTBOX_RETRY_BACKOFF_SECONDS * 2 ** min(attempts - 1, 6))


def _is_transient(error: OSError) -> bool:
    """Whether the same message may well go through later (smtplib's errors are OSErrors too)."""
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return not isinstance(error, smtplib.SMTPException)


def send_queued_email(*, email_id: int) -> None:
    """Deliver one email at most once: claim it, send it, record the result."""
    email = claim_for_sending(email_id=email_id)
    if email is not None:
        deliver(email=email)


def requeue_stalled(*, now) -> int:
    """Re-dispatch emails stuck in sending (their worker died) or queued with no task alive.

    A queued email's task is taken as lost once it has been due for the stall limit: its
    first attempt from when it was queued, a retry from its next_attempt_at. An email
    waiting for its retry is left to it, so the retry's countdown is kept and no second
    task races the first.
    """
    stalled_before = now - timedelta(seconds=settings.OUTBOX_STALLED_AFTER_SECONDS)
    with transaction.atomic():
        stalled = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True).filter(
                status=OutgoingEmail.Status.SENDING, sending_started_at__lt=stalled_before
            )
        )
        for email in stalled:
            email.mark_queued_again()
        OutgoingEmail.objects.bulk_update(
            stalled, ["status", "sending_started_at", "next_attempt_at"]
        )
    waiting = OutgoingEmail.objects.filter(
        Q(next_attempt_at__isnull=True, created_at__lt=stalled_before)
        | Q(next_attempt_at__lt=stalled_before),
        status=OutgoingEmail.Status.QUEUED,
    ).values_list("pk", flat=True)
    ids = {email.pk for email in stalled} | set(waiting)
    for email_id in sorted(ids):
        dispatch_on_commit(email_id=email_id)
    return len(ids)


def resend(*, email: OutgoingEmail) -> None:
    """Queue a failed email again (staff action), with a fresh attempt count."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.status != OutgoingEmail.Status.FAILED:
            return
        email.mark_queued_again()
        email.attempts = 0
        email.save(update_fields=["status", "sending_started_at", "next_attempt_at", "attempts"])
        dispatch_on_commit(email_id=email.pk)
