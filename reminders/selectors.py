"""Read-side queries for reminders, joined for the sweep and the pages that use them."""

from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from projects.models import Deadline, Person, Project

from .models import Reminder
from .schedule import DEFAULT_DAYS_BEFORE, lead_days

# Projects whose deadlines still concern anyone.
ACTIVE_PROJECT_STATUSES = (
    Project.Status.PROPOSAL,
    Project.Status.SUBMITTED,
    Project.Status.AWARDED,
    Project.Status.RUNNING,
)


def deadlines_to_remind(*, today: date) -> QuerySet[Deadline]:
    """Open deadlines of active projects that may have a reminder due, with their people.

    Deadlines on the default schedule are left out until its first step; a deadline with
    its own schedule is always looked at, since that schedule may start earlier.
    """
    first_step = today + timedelta(days=lead_days(DEFAULT_DAYS_BEFORE))
    return (
        Deadline.objects.filter(
            Q(due_date__lte=first_step) | ~Q(reminder_days=""),
            done_at__isnull=True,
            project__status__in=ACTIVE_PROJECT_STATUSES,
        )
        .select_related("project")
        .prefetch_related(
            Prefetch(
                "responsible",
                queryset=Person.objects.select_related("reminder_preference").order_by("pk"),
            ),
            Prefetch(
                "reminders",
                queryset=Reminder.objects.only(
                    "deadline_id", "person_id", "due_date", "days_before"
                ),
            ),
        )
        .order_by("due_date", "pk")
    )


def upcoming_for_person(person: Person, today: date) -> QuerySet[Deadline]:
    """The person's open deadlines of active projects, overdue ones first, then by due date."""
    return (
        Deadline.objects.filter(
            responsible=person,
            done_at__isnull=True,
            project__status__in=ACTIVE_PROJECT_STATUSES,
        )
        .select_related("project")
        .order_by("due_date", "pk")
    )


def recent_reminders_for_person(person: Person) -> QuerySet[Reminder]:
    """The reminders sent (or waiting) for the person, newest first."""
    return (
        Reminder.objects.filter(person=person)
        .exclude(status=Reminder.Status.CANCELLED)
        .select_related("deadline__project", "email")
        .order_by("-created_at", "-pk")
    )


def calendar_deadlines(person: Person) -> QuerySet[Deadline]:
    """Every deadline the person is responsible for, for the calendar feed."""
    return (
        Deadline.objects.filter(responsible=person)
        .exclude(project__status=Project.Status.REJECTED)
        .select_related("project")
        .order_by("due_date", "pk")
    )


def reminders_for_staff() -> QuerySet[Reminder]:
    """All reminders with what the staff list shows, newest first."""
    return Reminder.objects.select_related("deadline__project", "person", "email").order_by(
        "-created_at", "-pk"
    )
