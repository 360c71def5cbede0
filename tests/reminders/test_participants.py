"""Reminders to participants: what is still to do on their page, on the schedule's steps,
each step once, stopping when the task is done."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import ParticipantFile
from outbox.models import OutgoingEmail
from reminders import tasks
from reminders.models import ParticipantReminder
from reminders.participants import send_due_participant_reminders
from tests.factories import MobilityFactory, ProjectFactory
from tests.reminders.conftest import at
from tests.workspace.conftest import make_coordinator

D = datetime.date
Task = ParticipantReminder.Task


def participant(*, start, end, language="en", link_sent=True, project=None, **fields):
    """A participant whose page link was sent (unless told), with their file."""
    project = project or ProjectFactory(
        title="Nanomedicine with Havana",
        start_date=start - datetime.timedelta(days=400),
        end_date=end + datetime.timedelta(days=400),
    )
    mobility = MobilityFactory(project=project, planned_start=start, planned_end=end, **fields)
    ParticipantFile.objects.create(
        mobility=mobility,
        language=language,
        link_sent_at=timezone.now() if link_sent else None,
    )
    return mobility


def hand_in(mobility, *, agreement=False, certificate=False, report=False):
    file = mobility.participant_file
    now = timezone.now()
    if agreement:
        file.signed_agreement, file.signed_agreement_uploaded_at = "agreement.pdf", now
    if certificate:
        file.certificate, file.certificate_uploaded_at = "certificate.pdf", now
    if report:
        file.reported_start, file.reported_end = mobility.planned_start, mobility.planned_end
        file.report_text, file.report_submitted_at = "Three good weeks.", now
    file.save()


def sent(mobility=None):
    reminders = ParticipantReminder.objects.order_by("pk")
    if mobility is not None:
        reminders = reminders.filter(mobility=mobility)
    return [(r.task, r.due_date, r.days_before) for r in reminders]


@pytest.mark.django_db
def test_grant_agreement_reminders_follow_the_steps_then_weekly():
    mobility = participant(start=D(2021, 3, 8), end=D(2021, 3, 12), last_name="Jansen")

    counts = [
        send_due_participant_reminders(now=at(day))
        for day in (D(2021, 2, 21), D(2021, 2, 22), D(2021, 2, 23), D(2021, 3, 1))
    ]
    counts += [send_due_participant_reminders(now=at(D(2021, 3, 7)))]
    counts += [send_due_participant_reminders(now=at(D(2021, 3, 14)))]

    assert counts == [0, 1, 0, 1, 1, 2]
    assert sent(mobility) == [
        (Task.GRANT_AGREEMENT, D(2021, 3, 8), 14),
        (Task.GRANT_AGREEMENT, D(2021, 3, 8), 7),
        (Task.GRANT_AGREEMENT, D(2021, 3, 8), 1),
        (Task.GRANT_AGREEMENT, D(2021, 3, 8), -6),
        (Task.CERTIFICATE, D(2021, 3, 12), -1),
    ]
    email = ParticipantReminder.objects.get(days_before=-6).email
    assert email.to == "jansen@example.org"
    assert email.subject == (
        "Reminder: Sign and upload the grant agreement (Nanomedicine with Havana)"
    )


@pytest.mark.django_db
def test_after_the_stay_certificate_and_report_are_reminded_until_handed_in():
    mobility = participant(start=D(2021, 3, 8), end=D(2021, 3, 12))
    hand_in(mobility, agreement=True)

    first = send_due_participant_reminders(now=at(D(2021, 3, 13)))
    hand_in(mobility, certificate=True)
    second = send_due_participant_reminders(now=at(D(2021, 3, 19)))
    hand_in(mobility, report=True)
    third = send_due_participant_reminders(now=at(D(2021, 3, 26)))

    assert (first, second, third) == (1, 1, 0)
    assert sent(mobility) == [
        (Task.CERTIFICATE, D(2021, 3, 12), -1),
        (Task.REPORT, D(2021, 3, 12), -7),
    ]


@pytest.mark.django_db
def test_no_reminder_without_a_link_when_done_cancelled_or_confirmed():
    start, end = D(2021, 3, 8), D(2021, 3, 12)
    participant(start=start, end=end, link_sent=False)
    done = participant(start=start, end=end)
    hand_in(done, agreement=True, certificate=True, report=True)
    cancelled = participant(start=start, end=end, status="cancelled")
    confirmed = participant(start=start, end=end)
    hand_in(confirmed, agreement=True, certificate=True, report=True)
    ParticipantFile.objects.filter(mobility=confirmed).update(confirmed_at=timezone.now())

    assert send_due_participant_reminders(now=at(D(2021, 3, 1))) == 0
    assert send_due_participant_reminders(now=at(D(2021, 3, 19))) == 0
    assert sent() == []
    assert cancelled.participant_file.link_sent_at is not None


@pytest.mark.django_db
def test_a_moved_stay_starts_the_schedule_again():
    mobility = participant(start=D(2021, 3, 8), end=D(2021, 3, 12))
    send_due_participant_reminders(now=at(D(2021, 3, 1)))
    mobility.planned_start, mobility.planned_end = D(2021, 4, 12), D(2021, 4, 16)
    mobility.save()

    assert send_due_participant_reminders(now=at(D(2021, 3, 2))) == 0
    assert send_due_participant_reminders(now=at(D(2021, 3, 29))) == 1
    assert sent(mobility) == [
        (Task.GRANT_AGREEMENT, D(2021, 3, 8), 7),
        (Task.GRANT_AGREEMENT, D(2021, 4, 12), 14),
    ]


@pytest.mark.django_db
def test_a_step_recorded_twice_is_refused_by_the_database():
    mobility = participant(start=D(2021, 3, 8), end=D(2021, 3, 12))
    step = {"mobility": mobility, "task": Task.REPORT, "due_date": D(2021, 3, 12)}
    ParticipantReminder.objects.create(days_before=-7, **step)

    with pytest.raises(Exception, match="participant_reminder_once_per_step"):
        ParticipantReminder.objects.create(days_before=-7, **step)


def _sweep_queries(day):
    with CaptureQueriesContext(connection) as queries:
        recorded = send_due_participant_reminders(now=at(day))
    return recorded, len(queries)


@pytest.mark.django_db
def test_the_sweep_reads_records_and_queues_a_chunk_in_a_constant_number_of_queries():
    project = ProjectFactory(start_date=D(2020, 1, 1), end_date=D(2022, 12, 31))
    few = [participant(start=D(2021, 3, 8), end=D(2021, 3, 12), project=project) for _ in range(3)]

    assert _sweep_queries(D(2021, 3, 1)) == (3, 10)
    for _ in range(9):
        participant(start=D(2021, 3, 15), end=D(2021, 3, 19), project=project)

    # A week later: the three due again (weekly), the nine at their first step.
    recorded, queries = _sweep_queries(D(2021, 3, 8))
    assert (recorded, queries) == (12, 10)
    # Nothing due on the next day: reading the files is all the sweep does.
    assert _sweep_queries(D(2021, 3, 9)) == (0, 5)
    assert len(sent(few[0])) == 2


@pytest.mark.worker
def test_worker_sweep_reminds_each_participant_once_in_their_language(
    celery_worker_process, smtp_server, client
):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    starting = participant(start=today + 7 * day, end=today + 11 * day, last_name="Bakker")
    participant(start=today + 15 * day, end=today + 19 * day, last_name="Later")
    signed = participant(start=today + 7 * day, end=today + 11 * day, last_name="Signed")
    hand_in(signed, agreement=True)
    back = participant(
        start=today - 11 * day, end=today - 7 * day, language="nl", last_name="Visser"
    )
    hand_in(back, agreement=True)

    tasks.sweep.delay()
    celery_worker_process.wait_until_idle(timeout=60)
    smtp_server.wait_for(3, timeout=20)
    tasks.sweep.delay()
    celery_worker_process.wait_until_idle(timeout=60)

    received = sorted((m.to, m.subject) for m in smtp_server.messages)
    assert received == [
        (
            "bakker@example.org",
            "Reminder: Sign and upload the grant agreement (Nanomedicine with Havana)",
        ),
        (
            "visser@example.org",
            "Herinnering: Bevestig de werkelijke data en vul het verslag in "
            "(Nanomedicine with Havana)",
        ),
        (
            "visser@example.org",
            "Herinnering: Upload de verklaring van aanwezigheid (Nanomedicine with Havana)",
        ),
    ]
    assert sent(starting) == [(Task.GRANT_AGREEMENT, today + 7 * day, 7)]
    assert sorted(sent(back)) == [
        (Task.CERTIFICATE, today - 7 * day, -7),
        (Task.REPORT, today - 7 * day, -7),
    ]
    assert OutgoingEmail.objects.filter(template="participant_reminder").count() == 3
    (message,) = [m for m in smtp_server.messages if m.to == "bakker@example.org"]
    (link,) = re.findall(r"http://127\.0\.0\.1:8000(/en/participant/\S+/)", message.text)
    page = client.get(link)
    assert page.status_code == 200
    assert "Bakker" in page.content.decode()


@pytest.mark.django_db
def test_staff_see_the_participants_reminders_on_the_mobility_page(client, staff_client):
    coordinator = make_coordinator("coordinator-a", first_name="Maria")
    project = ProjectFactory(title="Nanomedicine with Havana", lead_coordinator=coordinator.person)
    mobility = participant(start=D(2021, 3, 8), end=D(2021, 3, 12), project=project)
    send_due_participant_reminders(now=at(D(2021, 3, 1)))
    url = f"/workspace/mobilities/{mobility.pk}/"

    page = staff_client.get(url).content.decode()
    client.force_login(coordinator)
    coordinators_page = client.get(url)

    assert "Reminders and notices about this participant" in page
    assert "Sign and upload the grant agreement (7 days before)" in page
    assert "<td>Queued</td>" in page
    assert coordinators_page.status_code == 200
    assert "Reminders and notices about this participant" not in coordinators_page.content.decode()
