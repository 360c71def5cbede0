import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mobility.models import Mobility
from outbox.models import OutgoingEmail
from partners.models import Contact
from projects.models import Deadline, Person


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class ReminderPreference(models.Model):
    """How one person wants to be reminded: individual emails or a daily digest, kinds, language."""

    class Delivery(models.TextChoices):
        INDIVIDUAL = "individual", _("An email for each reminder")
        DIGEST = "digest", _("One daily digest")

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
        verbose_name=_("person"),
    )
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.INDIVIDUAL
    )
    # Kinds are listed by what is left out, so a kind added later is reminded about.
    muted_kinds = models.JSONField(_("kinds not reminded about"), default=list, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Person.Language.choices, default="en"
    )
    calendar_token = models.CharField(
        _("calendar feed token"), max_length=64, unique=True, default=new_calendar_token
    )
    last_digest_on = models.DateField(_("last digest sent on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery__in=["individual", "digest"]),
                name="reminder_preference_delivery_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "nl"]), name="reminder_preference_language_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_delivery_display()})"

    @property
    def wants_digest(self) -> bool:
        return self.delivery == self.Delivery.DIGEST

    def wants_kind(self, kind: str) -> bool:
        return kind not in self.muted_kinds


class Progress(models.TextChoices):
    """What staff filter reminders by: the reminder's own status, then its email's."""

    WAITING = "waiting", _("Waiting for the digest")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Reminder(models.Model):
    """One step of a deadline's schedule for one person, recorded before its email is queued.

    The unique constraint is what makes a reminder go out at most once: a second sweep that
    reaches the same step cannot insert the row, so it never queues the email.
    """

    class Delivery(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual email")
        DIGEST = "digest", _("Daily digest")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the digest")
        QUEUED = "queued", _("Email queued")
        CANCELLED = "cancelled", _("Cancelled: done before the digest")

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("deadline")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("person")
    )
    # The due date the step belongs to: when the date moves, the schedule starts again.
    due_date = models.DateField(_("due date"))
    days_before = models.SmallIntegerField(
        _("step (days before the due date)"),
        help_text=_("Negative for the reminders after the due date."),
    )
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    email = models.ForeignKey(
        OutgoingEmail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("email"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "person", "due_date", "days_before"],
                name="reminder_once_per_step",
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=["individual", "digest"]),
                name="reminder_delivery_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "queued", "cancelled"]),
                name="reminder_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "person"])]

    def __str__(self):
        return f"{self.deadline} -> {self.person} ({self.days_before:+d})"

    @property
    def days_after(self) -> int:
        return -self.days_before

    @property
    def progress(self) -> str:
        """Where the reminder is, its email's status included (a Progress value)."""
        if self.status != self.Status.QUEUED:
            return self.status
        if self.email is None:
            return Progress.QUEUED
        if self.email.status == OutgoingEmail.Status.SENDING:
            return Progress.QUEUED
        return self.email.status

    @property
    def progress_label(self) -> str:
        return Progress(self.progress).label

    def mark_queued(self, *, email: OutgoingEmail) -> None:
        self.status = self.Status.QUEUED
        self.email = email

    def mark_cancelled(self) -> None:
        self.status = self.Status.CANCELLED


class ParticipantReminder(models.Model):
    """One step of a participant's task (what is still to do on their page), recorded before
    its email is queued; the unique constraint makes each step go out at most once."""

    class Task(models.TextChoices):
        GRANT_AGREEMENT = "grant-agreement", _("Sign and upload the grant agreement")
        CERTIFICATE = "certificate", _("Upload the certificate of attendance")
        REPORT = "report", _("Confirm the actual dates and fill in the report")

    mobility = models.ForeignKey(
        Mobility,
        on_delete=models.CASCADE,
        related_name="participant_reminders",
        verbose_name=_("mobility"),
    )
    task = models.CharField(_("task"), max_length=20, choices=Task.choices)
    # The date the step belongs to: when the stay's dates move, the schedule starts again.
    due_date = models.DateField(_("due date"))
    days_before = models.SmallIntegerField(
        _("step (days before the due date)"),
        help_text=_("Negative for the reminders after the due date."),
    )
    email = models.ForeignKey(
        OutgoingEmail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant_reminders",
        verbose_name=_("email"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("participant reminder")
        verbose_name_plural = _("participant reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "task", "due_date", "days_before"],
                name="participant_reminder_once_per_step",
                violation_error_message=_("This reminder was sent already."),
            ),
            models.CheckConstraint(
                condition=Q(task__in=["grant-agreement", "certificate", "report"]),
                name="participant_reminder_task_valid",
                violation_error_message=_("Unknown participant task."),
            ),
        ]

    def __str__(self):
        return f"{self.mobility} {self.task} ({self.days_before:+d})"

    @property
    def days_after(self) -> int:
        return -self.days_before


class NominationNotice(models.Model):
    """The email telling a partner contact that one of our outgoing participants is
    nominated to their institution; one per contact and mobility, by construction."""

    mobility = models.ForeignKey(
        Mobility,
        on_delete=models.CASCADE,
        related_name="nomination_notices",
        verbose_name=_("mobility"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        related_name="nomination_notices",
        verbose_name=_("partner contact"),
    )
    email = models.ForeignKey(
        OutgoingEmail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nomination_notices",
        verbose_name=_("email"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("nomination notice")
        verbose_name_plural = _("nomination notices")
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "contact"],
                name="nomination_notice_once_per_contact",
                violation_error_message=_("This contact was told about this participant already."),
            ),
        ]

    def __str__(self):
        return f"{self.mobility} -> {self.contact}"
