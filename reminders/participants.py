"""Reminders to participants about what is still to do on their page, swept with the
deadlines' reminders and on the same schedule rules (steps, then weekly).

Participants have no account: each email carries a fresh link to their page. A task's
reminders stop when it is done, when staff confirmed the report or when the stay is
cancelled. Exactly once, as for deadlines: the participant's file row is locked, the
ParticipantReminder row is inserted under its unique constraint and the email queued in
the same transaction.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from documents.links import PARTICIPANT_LINK_MAX_AGE, participant_url
from documents.models import ParticipantFile
from mobility.models import Mobility
from outbox.models import OutgoingEmail
from outbox.services import queue_emails, render_email
from signed_links.tokens import link_versions, normalised

from .models import ParticipantReminder
from .schedule import current_step, lead_days
from .selectors import ACTIVE_PROJECT_STATUSES
from .services import chunks

logger = logging.getLogger(__name__)

Task = ParticipantReminder.Task

# Days before the task's date (negative: after it); after the last step, weekly.
TASK_STEPS = {
    Task.GRANT_AGREEMENT: (14, 7, 1),
    Task.CERTIFICATE: (-1, -7),
    Task.REPORT: (-7, -14),
}


def task_date(task: str, mobility: Mobility) -> date:
    """The grant agreement is due before the stay starts; the rest after it ends."""
    if task == Task.GRANT_AGREEMENT:
        return mobility.planned_start
    return mobility.actual_end or mobility.planned_end


def is_task_done(task: str, file: ParticipantFile) -> bool:
    if file.confirmed:
        return True
    if task == Task.GRANT_AGREEMENT:
        return file.agreement_signed
    if task == Task.CERTIFICATE:
        return file.certificate_uploaded
    return file.report_submitted


def files_to_remind(*, today: date) -> QuerySet[ParticipantFile]:
    """Files of participants who have their link, whose stay is not cancelled and whose
    first reminder may have come; with the mobility and the reminders already recorded."""
    first_step = today + timedelta(days=lead_days(TASK_STEPS[Task.GRANT_AGREEMENT]))
    return (
        ParticipantFile.objects.filter(
            link_sent_at__isnull=False,
            confirmed_at__isnull=True,
            mobility__planned_start__lte=first_step,
            mobility__project__status__in=ACTIVE_PROJECT_STATUSES,
        )
        .exclude(mobility__status=Mobility.Status.CANCELLED)
        .select_related("mobility__project")
        .prefetch_related("mobility__participant_reminders")
        .order_by("pk")
    )


@dataclass(frozen=True)
class DueParticipantReminder:
    file: ParticipantFile
    task: str
    due_date: date
    days_before: int


def due_for_file(file: ParticipantFile, *, today: date) -> list[DueParticipantReminder]:
    """The participant's reminders due today and not yet recorded, one per open task."""
    mobility = file.mobility
    due = []
    for task, steps in TASK_STEPS.items():
        if is_task_done(task, file):
            continue
        due_date = task_date(task, mobility)
        step = current_step(due_date=due_date, today=today, days_before=steps)
        if step is None:
            continue
        sent_steps = {
            reminder.days_before
            for reminder in mobility.participant_reminders.all()
            if reminder.task == task and reminder.due_date == due_date
        }
        if any(sent <= step for sent in sent_steps):
            continue
        due.append(DueParticipantReminder(file, task, due_date, step))
    return due


def send_due_participant_reminders(*, now: datetime) -> int:
    """Record and queue every participant reminder due at `now`, each at most once; read and
    locked in chunks of REMINDERS_SWEEP_CHUNK files, as the deadlines' sweep is."""
    today = timezone.localdate(now)
    file_ids = list(files_to_remind(today=today).values_list("pk", flat=True))
    recorded = sum(
        _record_for_files(file_ids=chunk, today=today)
        for chunk in chunks(file_ids, settings.REMINDERS_SWEEP_CHUNK)
    )
    if recorded:
        logger.info("Participant reminder sweep recorded %s reminders", recorded)
    return recorded


def _record_for_files(*, file_ids: tuple[int, ...], today: date) -> int:
    """Record the due reminders of some files, holding their row locks, in one transaction."""
    with transaction.atomic():
        # A locked file belongs to another sweep, or to the participant handing something in.
        files = (
            files_to_remind(today=today)
            .select_for_update(of=("self",), skip_locked=True)
            .filter(pk__in=file_ids)
        )
        dues = [due for file in files for due in due_for_file(file, today=today)]
        if not dues:
            return 0
        try:
            with transaction.atomic():
                return _record_many(dues, today=today)
        except IntegrityError:
            # A step recorded by a sweep that did not lock (should not happen): one at a time.
            return sum(_record(due, today=today) for due in dues)


def _record_many(dues: list[DueParticipantReminder], *, today: date) -> int:
    """Insert the reminder rows with their emails in two statements; both or neither commit."""
    versions = link_versions(due.file.mobility.email for due in dues)
    emails = queue_emails(
        emails=[
            _render(due, today=today, version=versions.get(normalised(due.file.mobility.email), 0))
            for due in dues
        ]
    )
    ParticipantReminder.objects.bulk_create(
        [_new_reminder(due, email=email) for due, email in zip(dues, emails, strict=True)]
    )
    return len(dues)


def _new_reminder(due: DueParticipantReminder, *, email=None) -> ParticipantReminder:
    """The row of a due step, with its email once queued."""
    return ParticipantReminder(
        mobility=due.file.mobility,
        task=due.task,
        due_date=due.due_date,
        days_before=due.days_before,
        email=email,
    )


def _record(due: DueParticipantReminder, *, today: date) -> int:
    """Insert the reminder row and queue its email: both or neither are committed."""
    try:
        with transaction.atomic():
            reminder = _new_reminder(due)
            reminder.save(force_insert=True)
    except IntegrityError:
        return 0
    reminder.email = queue_emails(emails=[_render(due, today=today)])[0]
    reminder.save(update_fields=["email"])
    return 1


def _render(
    due: DueParticipantReminder, *, today: date, version: int | None = None
) -> OutgoingEmail:
    """The reminder's email in the participant's language, with a fresh link to their page
    (version: the address's link version when the sweep read it already)."""
    mobility = due.file.mobility
    language = due.file.language
    with translation.override(language):
        project_title = mobility.project.localized_title
    return render_email(
        to=mobility.email,
        template="participant_reminder",
        context={
            "participant_name": f"{mobility.first_name} {mobility.last_name}",
            "project_title": project_title,
            "task": due.task,
            "task_label": Task(due.task).label,
            "due_date": due.due_date,
            "days_left": (due.due_date - today).days,
            "days_overdue": (today - due.due_date).days,
            "participant_url": participant_url(mobility, language=language, version=version),
            "link_days": PARTICIPANT_LINK_MAX_AGE.days,
            "LANGUAGE_CODE": language,
        },
        language=language,
        holds_secret=True,
    )
