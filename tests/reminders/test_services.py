import re
from datetime import date, timedelta

import pytest

from outbox.models import OutgoingEmail
from projects.deadlines import mark_deadline_done
from projects.models import Project
from reminders import services
from reminders.models import Reminder, ReminderPreference
from tests.factories import PersonFactory, ProjectFactory

from .conftest import DUE, at, make_deadline

pytestmark = pytest.mark.django_db


def sweep(day, hour=9):
    return services.send_due_reminders(now=at(day, hour))


def recorded_steps(deadline):
    return list(
        Reminder.objects.filter(deadline=deadline)
        .order_by("created_at")
        .values_list("days_before", flat=True)
    )


def test_send_due_reminders_sends_reminder_30_days_before(deadline, coordinator):
    recorded = sweep(date(2021, 5, 2))

    assert recorded == 1
    reminder = Reminder.objects.get()
    assert (reminder.deadline, reminder.person, reminder.due_date, reminder.days_before) == (
        deadline,
        coordinator,
        DUE,
        30,
    )
    assert reminder.status == Reminder.Status.QUEUED
    email = reminder.email
    assert (email.to, email.template, email.language, email.status) == (
        "maria@example.org",
        "reminder",
        "en",
        OutgoingEmail.Status.QUEUED,
    )
    assert email.subject == "Reminder: Interim report (Nanomedicine with Havana), due in 30 days"


def test_send_due_reminders_email_says_what_when_where_and_links(deadline):
    sweep(date(2021, 5, 31))

    email = OutgoingEmail.objects.get()
    assert "Hello Maria," in email.body_text
    assert "What: Interim report (Interim or periodic report)" in email.body_text
    assert "Project: Nanomedicine with Havana" in email.body_text
    assert "Due: 1 Jun 2021, due tomorrow" in email.body_text
    assert "http://127.0.0.1:8000/reminders/done/" in email.body_text
    assert "http://127.0.0.1:8000/reminders/preferences/" in email.body_text
    assert "Mark as done</a>" in email.body_html
    assert email.subject == "Reminder: Interim report (Nanomedicine with Havana), due tomorrow"


def test_send_due_reminders_sends_each_step_only_once(deadline):
    first = sweep(date(2021, 5, 2), hour=0)
    again_same_hour = sweep(date(2021, 5, 2), hour=0)
    later_that_day = sweep(date(2021, 5, 2), hour=23)
    next_day = sweep(date(2021, 5, 3))

    assert (first, again_same_hour, later_that_day, next_day) == (1, 0, 0, 0)
    assert Reminder.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1


def test_send_due_reminders_sends_nothing_before_its_time(deadline):
    # 23:59 on 1 May in Amsterdam is 31 days before the due date; 00:00 on 2 May is 30.
    before = services.send_due_reminders(now=at(date(2021, 5, 1), hour=23, minute=59))
    assert before == 0
    assert OutgoingEmail.objects.count() == 0

    on_time = services.send_due_reminders(now=at(date(2021, 5, 2), hour=0))
    assert on_time == 1


def test_send_due_reminders_sends_nothing_after_deadline_done(deadline, coordinator):
    sweep(date(2021, 5, 2))
    mark_deadline_done(deadline=deadline, by=coordinator)

    recorded = [sweep(DUE + timedelta(days=offset)) for offset in range(-7, 30)]

    assert sum(recorded) == 0
    assert recorded_steps(deadline) == [30]


def test_send_due_reminders_follows_default_schedule_then_weekly(deadline):
    day = date(2021, 4, 1)
    while day <= date(2021, 7, 1):
        sweep(day)
        day += timedelta(days=1)

    assert recorded_steps(deadline) == [30, 7, 1, 0, -3, -10, -17, -24]
    assert OutgoingEmail.objects.count() == 8


def test_send_due_reminders_after_downtime_sends_only_most_relevant_step(deadline):
    # No sweep ran for a month: two days before the deadline, only "7 days before" is due.
    recorded = sweep(date(2021, 5, 30))

    assert recorded == 1
    assert recorded_steps(deadline) == [7]
    assert OutgoingEmail.objects.get().subject.endswith("due in 2 days")
    # The steps it skipped are never sent afterwards.
    assert sweep(date(2021, 5, 30), hour=23) == 0
    assert sweep(date(2021, 5, 31)) == 1
    assert recorded_steps(deadline) == [7, 1]


def test_send_due_reminders_overdue_email_counts_days_late(deadline):
    sweep(DUE + timedelta(days=5))

    assert recorded_steps(deadline) == [-3]
    assert OutgoingEmail.objects.get().subject.endswith("5 days overdue")


def test_send_due_reminders_uses_the_deadline_own_schedule(coordinator):
    deadline = make_deadline(people=[coordinator], reminder_days="14, 2")

    days = [DUE - timedelta(days=n) for n in range(20, -14, -1)]
    sent = {day: sweep(day) for day in days}

    assert [day for day, count in sent.items() if count] == [
        date(2021, 5, 18),
        date(2021, 5, 30),
        date(2021, 6, 6),
        date(2021, 6, 13),
    ]
    assert recorded_steps(deadline) == [14, 2, -5, -12]


def test_send_due_reminders_starts_again_when_due_date_moves(deadline):
    sweep(date(2021, 5, 31))
    deadline.due_date = date(2021, 9, 1)
    deadline.save()

    nothing_yet = sweep(date(2021, 6, 1))
    again = sweep(date(2021, 8, 2))

    assert (nothing_yet, again) == (0, 1)
    assert list(Reminder.objects.order_by("pk").values_list("due_date", "days_before")) == [
        (DUE, 1),
        (date(2021, 9, 1), 30),
    ]


def test_send_due_reminders_reminds_every_responsible_person(coordinator):
    colleague = PersonFactory(email="jan@example.org")
    make_deadline(people=[coordinator, colleague])

    sweep(DUE)

    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == [
        "jan@example.org",
        "maria@example.org",
    ]


def test_send_due_reminders_skips_kinds_the_person_muted(deadline, coordinator):
    ReminderPreference.objects.create(person=coordinator, muted_kinds=["interim_report"])
    final_report = make_deadline(
        people=[coordinator], project=deadline.project, kind="final_report"
    )

    sweep(DUE)

    assert list(Reminder.objects.values_list("deadline", flat=True)) == [final_report.pk]


def test_send_due_reminders_writes_in_the_person_language(deadline, coordinator):
    ReminderPreference.objects.create(person=coordinator, language="nl")

    sweep(date(2021, 5, 31))

    email = OutgoingEmail.objects.get()
    assert email.language == "nl"
    assert '<html lang="nl">' in email.body_html
    # Django's own Dutch catalogue names the day and month.
    assert "1 jun 2021" in email.body_text


@pytest.mark.parametrize("status", [Project.Status.CLOSED, Project.Status.REJECTED])
def test_send_due_reminders_ignores_projects_that_are_over(coordinator, status):
    make_deadline(project=ProjectFactory(lead_coordinator=coordinator, status=status))

    assert sweep(DUE) == 0


def test_due_reminders_lists_without_recording(deadline, coordinator):
    due = services.due_reminders(today=date(2021, 5, 30))

    assert [(d.deadline, d.person, d.days_before, d.days_left, d.delivery) for d in due] == [
        (deadline, coordinator, 7, 2, "individual")
    ]
    assert Reminder.objects.count() == 0


@pytest.fixture
def digest_reader(coordinator):
    ReminderPreference.objects.create(person=coordinator, delivery="digest")
    return coordinator


def test_send_due_digests_sends_one_email_for_all_waiting_reminders(deadline, digest_reader):
    second = make_deadline(
        people=[digest_reader], project=deadline.project, title="Mobility agreement signed"
    )
    second.due_date = DUE + timedelta(days=1)
    second.save()

    recorded = sweep(date(2021, 5, 31), hour=0)
    too_early = services.send_due_digests(now=at(date(2021, 5, 31), hour=6, minute=59))
    digests = services.send_due_digests(now=at(date(2021, 5, 31), hour=7))
    again = services.send_due_digests(now=at(date(2021, 5, 31), hour=18))

    assert (recorded, too_early, digests, again) == (2, 0, 1, 0)
    email = OutgoingEmail.objects.get()
    assert (email.template, email.to) == ("reminder_digest", "maria@example.org")
    assert email.subject == "Your Erasmus+ deadlines: 2 reminders"
    assert email.body_text.index("Interim report") < email.body_text.index("Mobility agreement")
    assert set(Reminder.objects.values_list("status", "email")) == {("queued", email.pk)}


def test_digest_links_each_deadline_to_its_page_and_not_to_the_workspace(
    client, deadline, digest_reader
):
    sweep(date(2021, 5, 31), hour=0)
    services.send_due_digests(now=at(date(2021, 5, 31), hour=7))

    email = OutgoingEmail.objects.get()
    (path,) = re.findall(
        r"What is due and what to send: http://127.0.0.1:8000(\S+)", email.body_text
    )
    assert "/workspace/" not in email.body_text + email.body_html
    assert f'href="http://127.0.0.1:8000{path}"' in email.body_html
    assert "<h1>Interim report</h1>" in client.get(path).content.decode()


def test_send_due_digests_sends_next_digest_the_next_day(deadline, digest_reader):
    sweep(date(2021, 5, 31), hour=0)
    services.send_due_digests(now=at(date(2021, 5, 31), hour=7))
    sweep(DUE, hour=0)

    next_day = services.send_due_digests(now=at(DUE, hour=7))

    assert next_day == 1
    assert OutgoingEmail.objects.count() == 2
    assert OutgoingEmail.objects.latest("pk").subject == "Your Erasmus+ deadlines: 1 reminder"


def test_send_due_digests_cancels_reminders_of_deadlines_done_meanwhile(deadline, digest_reader):
    sweep(date(2021, 5, 31), hour=0)
    mark_deadline_done(deadline=deadline, by=digest_reader)

    digests = services.send_due_digests(now=at(date(2021, 5, 31), hour=7))

    assert digests == 0
    assert OutgoingEmail.objects.count() == 0
    assert Reminder.objects.get().status == Reminder.Status.CANCELLED


def test_update_preferences_stores_unticked_kinds_as_muted(coordinator):
    preference = services.preference_for(person=coordinator)

    services.update_preferences(
        preference=preference,
        delivery="digest",
        reminded_kinds=["final_report", "interim_report"],
        language="nl",
    )

    preference.refresh_from_db()
    assert (preference.delivery, preference.language) == ("digest", "nl")
    assert preference.muted_kinds == [
        "call",
        "custom",
        "decision",
        "eoi",
        "mobility_agreement",
        "participant_report",
        "project_end",
        "review",
        "transcript",
    ]


def test_preference_for_starts_in_the_person_language(coordinator):
    coordinator.language = "nl"
    coordinator.save()

    preference = services.preference_for(person=coordinator)

    assert (preference.delivery, preference.language, preference.muted_kinds) == (
        "individual",
        "nl",
        [],
    )
    assert len(preference.calendar_token) == 43


def test_reset_calendar_token_gives_a_new_token(coordinator):
    preference = services.preference_for(person=coordinator)
    old = preference.calendar_token

    services.reset_calendar_token(preference=preference)

    preference.refresh_from_db()
    assert preference.calendar_token != old
    assert len(preference.calendar_token) == 43
