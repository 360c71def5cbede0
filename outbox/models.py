from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One email as rendered and stored before it is sent: queued -> sending -> sent / failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    template = models.CharField(_("template"), max_length=100)
    holds_secret = models.BooleanField(
        _("holds a secret"),
        default=False,
        help_text=_(
            "The email carries a link or token meant for its recipient alone (password reset, "
            "signed links, calendar address): its text is never shown and is removed once sent."
        ),
    )
    language = models.CharField(_("language"), max_length=2, default="en")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sending_started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        null=True,
        blank=True,
        help_text=_(
            "When the retry after a failed attempt is due. Until then the periodic requeue "
            "leaves the email to that retry."
        ),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sending", "sent", "failed"]),
                name="outgoing_email_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outgoing_email_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent", holds_secret=True) | Q(body_text="", body_html=""),
                name="outgoing_email_secret_removed_once_sent",
                violation_error_message=_(
                    "An email holding a secret keeps no text once it has been sent."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.subject} -> {self.to} ({self.status})"

    def mark_sending(self, *, now) -> None:
        self.status = self.Status.SENDING
        self.sending_started_at = now
        self.attempts += 1

    @property
    def body_removed(self) -> bool:
        return self.holds_secret and self.status == self.Status.SENT

    def mark_sent(self, *, now) -> None:
        """Record the delivery; the text of an email holding a secret goes with it."""
        self.status = self.Status.SENT
        self.sent_at = now
        self.last_error = ""
        if self.holds_secret:
            self.body_text = ""
            self.body_html = ""

    def mark_retry(self, *, error: str, next_attempt_at) -> None:
        self.status = self.Status.QUEUED
        self.last_error = error
        self.next_attempt_at = next_attempt_at

    def mark_failed(self, *, error: str) -> None:
        self.status = self.Status.FAILED
        self.last_error = error

    def mark_queued_again(self) -> None:
        """Put a failed or stalled email back in the queue, as a staff resend does."""
        self.status = self.Status.QUEUED
        self.sending_started_at = None
        self.next_attempt_at = None
