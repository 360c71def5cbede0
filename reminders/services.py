"""Deadline reminders: the hourly sweep, the daily digest and each person's preferences.

Exactly once, by construction (the pattern of pretix's expiry warnings): lock the deadline
row, re-check that it is still open and what was already recorded, insert the Reminder row
under its unique constraint, and queue the email in the same transaction. A second sweep
either skips the locked deadline or finds the row; a sweep killed half-way committed only
whole deadlines, and the next sweep carries on from there.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox.services import queue_email, queue_emails, render_email, resend
from projects.models import Deadline, Person
from signed_links.services import renew_links, revoke_links
from signed_links.tokens import link_version, link_versions, normalised

from . import links, selectors
from .models import Reminder, ReminderPreference, new_calendar_token
from .schedule import current_step, is_superseded, parse_days_before

logger = logging.getLogger(__name__)

# Digests go out with the first sweep from this local hour on, once a day.
DIGEST_FROM_HOUR = 7


@dataclass(frozen=True)
class DueReminder:
    """A reminder the sweep is about to record: one step of one deadline for one person."""

    deadline: Deadline
    person: Person
    days_before: int
    delivery: str
    language: str
    days_left: int


def _preference(person: Person) -> ReminderPreference | None:
    try:
        return person.reminder_preference
    except ReminderPreference.DoesNotExist:
        return None


def due_for_deadline(deadline: Deadline, *, today: date) -> list[DueReminder]:
    """The reminders of this deadline that are due today and not yet recorded."""
    step = current_step(
        due_date=deadline.due_date,
        today=today,
        days_before=parse_days_before(deadline.reminder_days),
    )
    if step is None or deadline.is_done:
        return []
    due = []
    for person in deadline.responsible.all():
        preference = _preference(person)
        if preference is not None and not preference.wants_kind(deadline.kind):
            continue
        sent_steps = {
            reminder.days_before
            for reminder in deadline.reminders.all()
            if reminder.person_id == person.pk and reminder.due_date == deadline.due_date
        }
        if is_superseded(step, sent_steps=sent_steps):
            continue
        due.append(
            DueReminder(
                deadline=deadline,
                person=person,
                days_before=step,
                delivery=preference.delivery if preference else Reminder.Delivery.INDIVIDUAL,
                language=preference.language if preference else person.language,
                days_left=(deadline.due_date - today).days,
            )
        )
    return due


def due_reminders(*, today: date) -> Iterator[DueReminder]:
    """Everything the sweep would record today (what `send_reminders --dry-run` prints),
    read in chunks of REMINDERS_SWEEP_CHUNK deadlines."""
    deadlines = selectors.deadlines_to_remind(today=today)
    for deadline in deadlines.iterator(chunk_size=settings.REMINDERS_SWEEP_CHUNK):
        yield from due_for_deadline(deadline, today=today)


def send_due_reminders(*, now: datetime) -> int:
    """Record and queue every reminder due at `now`, each at most once; returns how many."""
    today = timezone.localdate(now)
    deadline_ids = list(selectors.deadlines_to_remind(today=today).values_list("pk", flat=True))
    recorded = sum(
        _record_for_deadlines(deadline_ids=chunk, today=today)
        for chunk in chunks(deadline_ids, settings.REMINDERS_SWEEP_CHUNK)
    )
    if recorded:
        logger.info("Reminder sweep recorded %s reminders", recorded)
    return recorded


def chunks(ids: list[int], size: int):
    """The ids in tuples of `size`: what one transaction of a sweep locks and records."""
    for start in range(0, len(ids), size):
        yield tuple(ids[start : start + size])


def _record_for_deadlines(*, deadline_ids: tuple[int, ...], today: date) -> int:
    """Record the due reminders of some deadlines, holding their row locks, in one transaction."""
    with transaction.atomic():
        # Locked rows belong to another sweep or to someone marking the deadline done.
        deadlines = (
            selectors.deadlines_to_remind(today=today)
            .select_for_update(of=("self",), skip_locked=True)
            .filter(pk__in=deadline_ids)
        )
        dues = [due for deadline in deadlines for due in due_for_deadline(deadline, today=today)]
        if not dues:
            return 0
        try:
            with transaction.atomic():
                return _record_many(dues, today=today)
        except IntegrityError:
            # A row recorded by a sweep that did not lock (should not happen): one at a time.
            return sum(_record(due, today=today) for due in dues)


def _record_many(dues: list[DueReminder], *, today: date) -> int:
    """Insert the reminder rows with their emails in two statements; both or neither commit."""
    versions = link_versions(due.person.email for due in dues)
    emails = queue_emails(
        emails=[
            _render_reminder(
                due, today=today, version=versions.get(normalised(due.person.email), 0)
            )
            for due in dues
            if _is_individual(due)
        ]
    )
    by_due = iter(emails)
    Reminder.objects.bulk_create(
        [_new_reminder(due, email=next(by_due) if _is_individual(due) else None) for due in dues]
    )
    return len(dues)


def _new_reminder(due: DueReminder, *, email=None) -> Reminder:
    """The row of a due reminder: queued with its email, or waiting for the digest."""
    return Reminder(
        deadline=due.deadline,
        person=due.person,
        due_date=due.deadline.due_date,
        days_before=due.days_before,
        delivery=due.delivery,
        status=Reminder.Status.QUEUED if _is_individual(due) else Reminder.Status.WAITING,
        email=email,
    )


def _is_individual(due: DueReminder) -> bool:
    return due.delivery == Reminder.Delivery.INDIVIDUAL


def _render_reminder(due: DueReminder, *, today: date, version: int | None = None):
    return render_email(
        to=due.person.email,
        template="reminder",
        context={
            **_reminder_context(due.deadline, due.person, today=today, version=version),
            "LANGUAGE_CODE": due.language,
        },
        language=due.language,
        holds_secret=True,
    )


def _record(due: DueReminder, *, today: date) -> int:
    """Insert the reminder row, then queue its email: both or neither are committed."""
    try:
        with transaction.atomic():
            reminder = _new_reminder(due)
            reminder.save(force_insert=True)
    except IntegrityError:
        return 0
    if _is_individual(due):
        email = queue_emails(emails=[_render_reminder(due, today=today)])[0]
        reminder.mark_queued(email=email)
        reminder.save(update_fields=["status", "email"])
    return 1


def _item_context(deadline: Deadline, person: Person, *, today: date, version: int) -> dict:
    """One deadline in an email: its own page by signed link for everyone, the workspace
    page only for people with an account (most coordinators have none)."""
    return {
        "deadline": deadline,
        "project": deadline.project,
        "days_left": (deadline.due_date - today).days,
        "days_overdue": (today - deadline.due_date).days,
        "deadline_url": links.deadline_url(deadline, person, version=version),
        "project_url": links.project_url(deadline.project) if person.user_id else "",
        "mark_done_url": links.mark_done_url(deadline, person, version=version),
    }


def _reminder_context(
    deadline: Deadline, person: Person, *, today: date, version: int | None = None
) -> dict:
    if version is None:
        version = link_version(person.email)
    return {
        **_item_context(deadline, person, today=today, version=version),
        "person": person,
        "preferences_url": links.preferences_url(person, version=version),
    }


def send_due_digests(*, now: datetime) -> int:
    """Queue one digest per person with waiting reminders, at most one a day; returns how many."""
    if timezone.localtime(now).hour < DIGEST_FROM_HOUR:
        return 0
    today = timezone.localdate(now)
    person_ids = (
        Reminder.objects.filter(status=Reminder.Status.WAITING)
        .values_list("person_id", flat=True)
        .distinct()
        .order_by("person_id")
    )
    return sum(_send_digest(person_id=person_id, today=today) for person_id in person_ids)


def _send_digest(*, person_id: int, today: date) -> int:
    with transaction.atomic():
        preference = (
            ReminderPreference.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("person")
            .filter(person_id=person_id)
            .first()
        )
        if preference is None or preference.last_digest_on == today:
            return 0
        waiting = list(
            Reminder.objects.select_for_update(of=("self",))
            .filter(person_id=person_id, status=Reminder.Status.WAITING)
            .select_related("deadline__project")
            .order_by("deadline__due_date", "deadline_id", "days_before")
        )
        if not waiting:
            return 0
        person = preference.person
        open_deadlines = {r.deadline.pk: r.deadline for r in waiting if not r.deadline.is_done}
        email = None
        if open_deadlines:
            version = link_version(person.email)
            email = queue_email(
                to=person.email,
                template="reminder_digest",
                context={
                    "person": person,
                    "items": [
                        _item_context(deadline, person, today=today, version=version)
                        for deadline in open_deadlines.values()
                    ],
                    "preferences_url": links.preferences_url(person, version=version),
                    "LANGUAGE_CODE": preference.language,
                },
                language=preference.language,
                holds_secret=True,
            )
        for reminder in waiting:
            if email is None or reminder.deadline.is_done:
                reminder.mark_cancelled()
            else:
                reminder.mark_queued(email=email)
        Reminder.objects.bulk_update(waiting, ["status", "email"])
        preference.last_digest_on = today
        preference.save(update_fields=["last_digest_on", "updated_at"])
    return 1 if email else 0


def preference_for(*, person: Person) -> ReminderPreference:
    """The person's preferences, created with the defaults (and their language) if missing."""
    preference, _ = ReminderPreference.objects.get_or_create(
        person=person, defaults={"language": person.language}
    )
    return preference


def update_preferences(
    *, preference: ReminderPreference, delivery: str, reminded_kinds: list[str], language: str
) -> ReminderPreference:
    """Store how the person wants to be reminded; kinds not listed are no longer reminded."""
    preference.delivery = delivery
    preference.muted_kinds = sorted(set(Deadline.Kind.values) - set(reminded_kinds))
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference


def reset_calendar_token(*, preference: ReminderPreference) -> ReminderPreference:
    """Give the calendar feed a new secret address; the old one stops working at once."""
    preference.calendar_token = new_calendar_token()
    preference.save(update_fields=["calendar_token", "updated_at"])
    return preference


def resend_reminder(*, reminder: Reminder) -> None:
    """Queue a reminder's failed email again (staff action); anything else is left alone."""
    if reminder.email is not None:
        resend(email=reminder.email)


def send_fresh_link(*, person: Person, deadline: Deadline | None, now: datetime) -> bool:
    """Revoke the person's links and email fresh ones: to their preferences (showing the
    calendar address for an hour) and to the deadline the old link was about, when it still
    concerns them. False, and nothing sent, when one went out within the last minutes."""
    with transaction.atomic():
        if not renew_links(address=person.email, now=now):
            return False
        language = preference_for(person=person).language
        queue_email(
            to=person.email,
            template="reminder_link",
            context={
                "person": person,
                "deadline": deadline,
                "deadline_url": links.deadline_url(deadline, person) if deadline else "",
                "preferences_url": links.preferences_url(person, with_calendar=True),
                "LANGUAGE_CODE": language,
            },
            language=language,
            holds_secret=True,
        )
    return True


def revoke_links_of(*, address: str, now: datetime) -> int:
    """Staff action: every signed link sent to the address stops working, and the calendar
    feeds of the people with that address get new addresses; returns how many feeds."""
    with transaction.atomic():
        revoke_links(address=address, now=now)
        preferences = ReminderPreference.objects.select_for_update().filter(
            person__email__iexact=address.strip()
        )
        for preference in preferences:
            reset_calendar_token(preference=preference)
    return len(preferences)
