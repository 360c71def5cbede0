from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from outbox.models import OutgoingEmail
from projects.deadlines import mark_deadline_done
from reminders import links, services
from reminders.models import Reminder, ReminderPreference
from tests.factories import PersonFactory, UserFactory

from .conftest import AMSTERDAM, DUE, at, make_deadline, make_reminder

pytestmark = pytest.mark.django_db


def preferences_path(person):
    return reverse("reminders:preferences", args=[links.preferences_token(person)])


def mark_done_path(deadline, person):
    return reverse("reminders:mark-done", args=[links.mark_done_token(deadline, person)])


def test_preferences_page_shows_the_person_form_and_calendar(client, coordinator):
    response = client.get(preferences_path(coordinator))

    assert response.status_code == 200
    preference = ReminderPreference.objects.get(person=coordinator)
    text = response.content.decode()
    assert "Deadline reminders for Maria Yazdanbakhsh (maria@example.org)." in text
    assert f"http://127.0.0.1:8000/reminders/calendar/{preference.calendar_token}.ics" in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preferences_page_saves_the_choices(client, coordinator):
    path = preferences_path(coordinator)

    response = client.post(
        path,
        {"delivery": "digest", "reminded_kinds": ["final_report", "custom"], "language": "nl"},
    )

    assert response.status_code == 302
    assert response["Location"] == path
    preference = ReminderPreference.objects.get(person=coordinator)
    assert (preference.delivery, preference.language) == ("digest", "nl")
    assert "final_report" not in preference.muted_kinds
    assert "interim_report" in preference.muted_kinds


def test_preferences_page_keeps_input_on_invalid_choice(client, coordinator):
    response = client.post(
        preferences_path(coordinator),
        {"delivery": "pigeon", "reminded_kinds": ["final_report"], "language": "nl"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["delivery"]
    assert ReminderPreference.objects.get(person=coordinator).language == "en"


def test_preferences_page_with_forged_token_is_not_found(client, coordinator):
    token = links.preferences_token(coordinator)[:-2] + "xx"

    response = client.get(reverse("reminders:preferences", args=[token]))

    assert response.status_code == 404


def test_preferences_page_token_of_mark_done_link_is_refused(client, deadline, coordinator):
    token = links.mark_done_token(deadline, coordinator)

    assert client.get(reverse("reminders:preferences", args=[token])).status_code == 404


def test_calendar_reset_gives_a_new_address_and_the_old_one_stops(client, coordinator):
    old = services.preference_for(person=coordinator).calendar_token
    token = links.preferences_token(coordinator)

    refused_get = client.get(reverse("reminders:calendar-reset", args=[token]))
    response = client.post(reverse("reminders:calendar-reset", args=[token]))

    new = ReminderPreference.objects.get(person=coordinator).calendar_token
    assert refused_get.status_code == 405
    assert response.status_code == 302
    assert new != old
    assert client.get(reverse("reminders:calendar", args=[old])).status_code == 404
    assert client.get(reverse("reminders:calendar", args=[new])).status_code == 200


def test_mark_done_get_only_asks_for_confirmation(client, deadline, coordinator):
    response = client.get(mark_done_path(deadline, coordinator))

    deadline.refresh_from_db()
    assert response.status_code == 200
    assert deadline.done_at is None
    assert "Yes, mark it as done" in response.content.decode()


def test_mark_done_post_marks_it_done_and_stops_reminders(client, deadline, coordinator):
    path = mark_done_path(deadline, coordinator)

    response = client.post(path)
    page = client.get(path)

    deadline.refresh_from_db()
    assert response.status_code == 302
    assert deadline.done_by == coordinator
    assert "by Maria Yazdanbakhsh" in page.content.decode()
    assert "Yes, mark it as done" not in page.content.decode()
    assert services.send_due_reminders(now=at(DUE)) == 0


def test_mark_done_link_expires_after_90_days(client, deadline, coordinator):
    with time_machine.travel(datetime(2021, 5, 2, 9, tzinfo=AMSTERDAM), tick=False):
        path = mark_done_path(deadline, coordinator)
    with time_machine.travel(datetime(2021, 7, 30, 9, tzinfo=AMSTERDAM), tick=False):
        still_valid = client.get(path)
    with time_machine.travel(datetime(2021, 8, 1, 9, tzinfo=AMSTERDAM), tick=False):
        expired_get = client.get(path)
        expired_post = client.post(path)

    deadline.refresh_from_db()
    assert (still_valid.status_code, expired_get.status_code) == (200, 410)
    assert expired_post.status_code == 410
    assert deadline.done_at is None


def test_mark_done_by_someone_no_longer_responsible_is_not_found(client, deadline, coordinator):
    path = mark_done_path(deadline, coordinator)
    deadline.responsible.clear()

    assert client.post(path).status_code == 404
    deadline.refresh_from_db()
    assert deadline.done_at is None


def test_mark_done_with_forged_token_is_not_found(client, deadline, coordinator):
    token = links.mark_done_token(deadline, coordinator)
    forged = token.replace(token.split(":")[0], links.preferences_token(coordinator).split(":")[0])

    assert client.post(reverse("reminders:mark-done", args=[forged])).status_code == 404


@pytest.fixture
def feed_deadlines(deadline, coordinator):
    done = make_deadline(
        people=[coordinator], project=deadline.project, title="Mobility agreement", notes="Sign"
    )
    mark_deadline_done(deadline=done, by=coordinator)
    make_deadline(title="Someone else's")  # another coordinator's deadline
    return deadline, done


def read_feed(client, person):
    token = services.preference_for(person=person).calendar_token
    response = client.get(reverse("reminders:calendar", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_calendar_feed_parses_with_all_day_events_and_stable_uids(
    client, feed_deadlines, coordinator
):
    deadline, done = feed_deadlines

    calendar = read_feed(client, coordinator)
    events = calendar.walk("VEVENT")

    assert calendar["VERSION"] == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Erasmus+ deadlines: Maria Yazdanbakhsh"
    assert [str(event["UID"]) for event in events] == [
        f"deadline-{deadline.pk}@127.0.0.1",
        f"deadline-{done.pk}@127.0.0.1",
    ]
    assert [(event.decoded("DTSTART"), event.decoded("DTEND")) for event in events] == [
        (DUE, date(2021, 6, 2)),
        (DUE, date(2021, 6, 2)),
    ]
    assert [str(event["SUMMARY"]) for event in events] == [
        "Interim report (Nanomedicine with Havana)",
        "Done: Mobility agreement (Nanomedicine with Havana)",
    ]
    again = read_feed(client, coordinator).walk("VEVENT")
    assert [str(event["UID"]) for event in again] == [str(event["UID"]) for event in events]


def test_calendar_feed_alarm_only_on_open_deadlines(client, feed_deadlines, coordinator):
    open_event, done_event = read_feed(client, coordinator).walk("VEVENT")

    alarms = open_event.walk("VALARM")
    assert len(alarms) == 1
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert alarms[0].decoded("TRIGGER") == -timedelta(hours=15)
    assert done_event.walk("VALARM") == []


def test_calendar_feed_unknown_token_is_not_found(client):
    assert client.get(reverse("reminders:calendar", args=["nope"])).status_code == 404


def test_staff_list_anonymous_goes_to_login(client):
    response = client.get(reverse("reminders:staff-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_list_coordinator_is_forbidden(client, coordinator):
    coordinator.user = UserFactory(username="maria")
    coordinator.save()
    client.force_login(coordinator.user)

    assert client.get(reverse("reminders:staff-list")).status_code == 403


def make_reminders(count, *, email_status=OutgoingEmail.Status.SENT):
    for _ in range(count):
        make_reminder(person=PersonFactory(), email_status=email_status)


def test_staff_list_filters_by_status(staff_client):
    make_reminders(2)
    make_reminders(1, email_status=OutgoingEmail.Status.FAILED)

    everything = staff_client.get(reverse("reminders:staff-list"))
    failed = staff_client.get(reverse("reminders:staff-list"), {"progress": "failed"})

    assert len(everything.context["reminders"]) == 3
    assert [r.progress for r in failed.context["reminders"]] == ["failed"]
    assert "Resend" in failed.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_staff_list_query_count_does_not_grow_with_rows(staff_client, count):
    make_reminders(count)
    staff_client.get(reverse("reminders:staff-list"))  # session and permission caches

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse("reminders:staff-list"))

    assert len(response.context["reminders"]) == count
    # Session, user, the user's groups (permission), the count and the page of rows.
    assert len(queries) == 5


def test_staff_resend_queues_a_failed_reminder_again(staff_client):
    make_reminders(1, email_status=OutgoingEmail.Status.FAILED)
    reminder = Reminder.objects.get()

    response = staff_client.post(
        reverse("reminders:staff-resend", args=[reminder.pk]),
        {"next": "/workspace/reminders/?progress=failed"},
    )

    email = OutgoingEmail.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/workspace/reminders/?progress=failed"
    assert (email.status, email.attempts) == ("queued", 0)


def test_staff_resend_refuses_a_coordinator(client, coordinator):
    make_reminders(1, email_status=OutgoingEmail.Status.FAILED)
    coordinator.user = UserFactory(username="maria")
    coordinator.save()
    client.force_login(coordinator.user)

    response = client.post(reverse("reminders:staff-resend", args=[Reminder.objects.get().pk]))

    assert response.status_code == 403
    assert OutgoingEmail.objects.get().status == "failed"


def test_staff_list_filters_by_recorded_date_and_text(staff_client):
    make_reminders(2)
    first, second = Reminder.objects.order_by("pk")
    Reminder.objects.filter(pk=first.pk).update(created_at=at(date(2021, 5, 2)))

    by_date = staff_client.get(
        reverse("reminders:staff-list"),
        {"recorded_from": "2021-05-01", "recorded_until": "2021-05-03"},
    )
    by_text = staff_client.get(reverse("reminders:staff-list"), {"q": second.person.email})

    assert list(by_date.context["reminders"]) == [first]
    assert list(by_text.context["reminders"]) == [second]
