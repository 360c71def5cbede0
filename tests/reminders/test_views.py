import re
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


def test_preferences_page_from_a_fresh_link_shows_the_person_form_and_calendar(client, coordinator):
    token = links.preferences_token(coordinator, with_calendar=True)

    response = client.get(reverse("reminders:preferences", args=[token]))

    assert response.status_code == 200
    preference = ReminderPreference.objects.get(person=coordinator)
    text = response.content.decode()
    assert "Deadline reminders for Maria Yazdanbakhsh (maria@example.org)." in text
    assert f"http://127.0.0.1:8000/reminders/calendar/{preference.calendar_token}.ics" in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preferences_page_from_a_reminder_link_hides_the_calendar_address(client, coordinator):
    response = client.get(preferences_path(coordinator))

    preference = ReminderPreference.objects.get(person=coordinator)
    text = response.content.decode()
    assert response.status_code == 200
    assert preference.calendar_token not in text
    assert "Email me a fresh link with my calendar address" in text


def test_preferences_page_from_a_fresh_link_older_than_an_hour_hides_the_calendar(
    client, coordinator
):
    with time_machine.travel(datetime(2021, 5, 2, 9, tzinfo=AMSTERDAM), tick=False):
        token = links.preferences_token(coordinator, with_calendar=True)
    with time_machine.travel(datetime(2021, 5, 2, 10, 1, tzinfo=AMSTERDAM), tick=False):
        response = client.get(reverse("reminders:preferences", args=[token]))

    preference = ReminderPreference.objects.get(person=coordinator)
    assert response.status_code == 200
    assert preference.calendar_token not in response.content.decode()


def test_preferences_link_expires_after_90_days(client, coordinator):
    with time_machine.travel(datetime(2021, 5, 2, 9, tzinfo=AMSTERDAM), tick=False):
        path = preferences_path(coordinator)
    with time_machine.travel(datetime(2021, 7, 30, 9, tzinfo=AMSTERDAM), tick=False):
        still_valid = client.get(path)
    with time_machine.travel(datetime(2024, 5, 2, 9, tzinfo=AMSTERDAM), tick=False):
        expired = client.get(path)
        expired_post = client.post(path, {"delivery": "digest", "language": "nl"})

    text = expired.content.decode()
    assert (still_valid.status_code, expired.status_code, expired_post.status_code) == (
        200,
        410,
        410,
    )
    assert "This link has expired" in text
    assert "m\u2022\u2022\u2022@example.org" in text
    assert "Send me a fresh link" in text
    assert ReminderPreference.objects.get(person=coordinator).delivery == "individual"


def test_preferences_link_of_a_changed_address_no_longer_works(client, coordinator):
    path = preferences_path(coordinator)
    coordinator.email = "maria.yazdanbakhsh@example.org"
    coordinator.save()

    response = client.get(path)

    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()


def test_staff_revoke_stops_every_link_and_the_calendar_of_the_address(
    staff_client, client, deadline, coordinator
):
    old_calendar = services.preference_for(person=coordinator).calendar_token
    paths = [
        preferences_path(coordinator),
        mark_done_path(deadline, coordinator),
        reverse("reminders:deadline", args=[links.deadline_token(deadline, coordinator)]),
    ]

    response = staff_client.post(
        reverse("reminders:staff-revoke-links"), {"email": "Maria@Example.org"}
    )

    assert response.status_code == 302
    assert [client.get(path).status_code for path in paths] == [410, 410, 410]
    assert client.post(paths[1]).status_code == 410
    assert client.get(reverse("reminders:calendar", args=[old_calendar])).status_code == 404
    assert client.get(preferences_path(coordinator)).status_code == 200
    deadline.refresh_from_db()
    assert deadline.done_at is None


def test_staff_revoke_page_is_filled_in_from_the_address_given(staff_client):
    response = staff_client.get(
        reverse("reminders:staff-revoke-links"), {"email": "maria@example.org"}
    )

    assert response.status_code == 200
    assert 'value="maria@example.org"' in response.content.decode()


def test_staff_revoke_refuses_a_coordinator(client, coordinator):
    coordinator.user = UserFactory(username="maria")
    coordinator.save()
    client.force_login(coordinator.user)
    path = preferences_path(coordinator)

    response = client.post(reverse("reminders:staff-revoke-links"), {"email": coordinator.email})

    assert response.status_code == 403
    client.logout()
    assert client.get(path).status_code == 200


def test_renew_from_an_expired_link_emails_a_fresh_one_and_stops_the_old(
    client, deadline, coordinator
):
    with time_machine.travel(datetime(2021, 1, 2, 9, tzinfo=AMSTERDAM), tick=False):
        expired = reverse("reminders:deadline", args=[links.deadline_token(deadline, coordinator)])
    valid = preferences_path(coordinator)
    page = client.get(expired)
    renew_url = reverse(
        "reminders:renew-link", args=["deadline", expired.rstrip("/").rsplit("/", 1)[1]]
    )

    response = client.post(renew_url)
    again = client.post(renew_url)

    email = OutgoingEmail.objects.get()
    fresh_deadline, fresh_preferences = re.findall(r"http://127.0.0.1:8000(\S+)", email.body_text)
    assert page.status_code == 410
    assert renew_url in page.content.decode()
    assert response.status_code == 200
    assert "A fresh link is on its way to m\u2022\u2022\u2022@example.org" in (
        response.content.decode()
    )
    assert "a few minutes ago" in again.content.decode()
    assert (email.to, email.template) == ("maria@example.org", "reminder_link")
    assert client.get(valid).status_code == 410
    assert "Interim report" in client.get(fresh_deadline).content.decode()
    calendar = services.preference_for(person=coordinator).calendar_token
    assert calendar in client.get(fresh_preferences).content.decode()


def test_renew_with_a_forged_token_is_not_found(client, coordinator):
    token = links.preferences_token(coordinator)[:-2] + "xx"

    response = client.post(reverse("reminders:renew-link", args=["preferences", token]))

    assert response.status_code == 404
    assert OutgoingEmail.objects.count() == 0


def deadline_path(deadline, person):
    return reverse("reminders:deadline", args=[links.deadline_token(deadline, person)])


def test_deadline_page_shows_what_is_due_and_what_to_send_without_workspace_link(
    client, deadline, coordinator
):
    deadline.notes = "Include the signed learning agreements."
    deadline.save()

    with time_machine.travel(datetime(2021, 5, 25, 9, tzinfo=AMSTERDAM), tick=False):
        response = client.get(deadline_path(deadline, coordinator))

    text = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "<h1>Interim report</h1>" in text
    assert "1 Jun 2021</time>,\n    due in 7 days" in text
    assert "The interim or periodic report in the Beneficiary Module" in text
    assert "Include the signed learning agreements." in text
    assert "Nanomedicine with Havana" in text
    assert "/workspace/projects/" not in text


def test_deadline_page_links_to_the_workspace_for_people_with_an_account(
    client, deadline, coordinator
):
    coordinator.user = UserFactory(username="maria")
    coordinator.save()

    response = client.get(deadline_path(deadline, coordinator))

    assert f'href="/workspace/projects/{deadline.project.pk}/"' in response.content.decode()


def test_deadline_page_speaks_the_language_of_the_persons_emails(client, deadline, coordinator):
    services.preference_for(person=coordinator)
    ReminderPreference.objects.filter(person=coordinator).update(language="nl")

    response = client.get(deadline_path(deadline, coordinator))

    text = response.content.decode()
    assert '<html lang="nl">' in text
    assert "Markeren als afgehandeld" in text


def test_deadline_page_post_marks_it_done(client, deadline, coordinator):
    path = deadline_path(deadline, coordinator)

    response = client.post(path)

    deadline.refresh_from_db()
    assert response.status_code == 302
    assert deadline.done_by == coordinator
    assert "Done: marked on" in client.get(path).content.decode()


def test_deadline_page_of_someone_else_is_not_found(client, deadline):
    other = PersonFactory(email="someone@example.org")

    assert client.get(deadline_path(deadline, other)).status_code == 404


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


def test_calendar_feed_links_people_without_an_account_to_the_deadline_page(
    client, feed_deadlines, coordinator
):
    open_event, _done_event = read_feed(client, coordinator).walk("VEVENT")

    url = str(open_event["URL"])
    assert url.startswith("http://127.0.0.1:8000/reminders/deadline/")
    page = client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert "Interim report" in page.content.decode()


def test_calendar_feed_links_people_with_an_account_to_the_workspace(
    client, feed_deadlines, coordinator
):
    deadline, _done = feed_deadlines
    coordinator.user = UserFactory(username="maria")
    coordinator.save()

    open_event, _done_event = read_feed(client, coordinator).walk("VEVENT")

    expected = f"http://127.0.0.1:8000/workspace/projects/{deadline.project.pk}/"
    assert str(open_event["URL"]) == expected


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


def test_staff_list_ignores_an_unknown_filter_value_and_page_with_a_message(staff_client):
    make_reminders(2)
    make_reminders(1, email_status=OutgoingEmail.Status.FAILED)

    response = staff_client.get(reverse("reminders:staff-list"), {"progress": "bogus", "page": "9"})

    notices = [str(message) for message in response.context["messages"]]
    assert response.status_code == 200
    assert len(response.context["reminders"]) == 3
    assert notices == [
        "Status “bogus” was ignored: Select a valid choice. bogus is not one of the available "
        "choices.",
        "Page “9” does not exist; page 1 is shown.",
    ]


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
