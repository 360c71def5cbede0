"""The titles the portal gives its own deadlines are stored in English and shown in the
reader's language: in the workspace, and in the emails in the recipient's language."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from outbox.models import OutgoingEmail
from projects.deadlines import sync_project_milestones
from projects.models import Deadline
from reminders import services as reminder_services
from tests.factories import DeadlineFactory, PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db


INTERIM = date(2022, 3, 1)


def _project_with_interim_report(**coordinator):
    project = ProjectFactory(
        title="Leiden and Havana",
        lead_coordinator=PersonFactory(**coordinator),
        interim_report_date=INTERIM,
    )
    sync_project_milestones(project=project)
    return project


def test_automatic_milestone_title_is_stored_in_english():
    project = _project_with_interim_report()

    with translation.override("nl"):
        project.title = "Leiden en Havana"
        sync_project_milestones(project=project)

    assert project.deadlines.get(kind=Deadline.Kind.INTERIM_REPORT).title == "Interim report"


def test_automatic_milestone_title_is_dutch_in_the_dutch_workspace(login, staff_user):
    _project_with_interim_report()
    client = login(staff_user)

    response = client.get(reverse("workspace:deadline-list"), HTTP_ACCEPT_LANGUAGE="nl")

    page = response.content.decode()
    assert "Tussentijds verslag" in page
    assert "Interim report" not in page


@pytest.mark.parametrize(
    ("kind", "title", "dutch"),
    [
        (Deadline.Kind.FINAL_REPORT, "Final report", "Eindverslag"),
        (
            Deadline.Kind.PARTICIPANT_REPORT,
            "Participant report: Jan Smit",
            "Deelnemersverslag: Jan Smit",
        ),
        (
            Deadline.Kind.MOBILITY_AGREEMENT,
            "Learning agreement signed: Sanne de Vries",
            "Learning agreement ondertekend: Sanne de Vries",
        ),
        (Deadline.Kind.CUSTOM, "Interim report", "Interim report"),
        (Deadline.Kind.FINAL_REPORT, "Final report to the agency", "Final report to the agency"),
    ],
)
def test_deadline_localized_title_translates_only_the_portals_own_titles(kind, title, dutch):
    deadline = DeadlineFactory(kind=kind, title=title)

    with translation.override("nl"):
        shown = deadline.localized_title

    assert shown == dutch


def test_reminder_email_names_the_milestone_in_the_recipients_language():
    project = _project_with_interim_report(language="nl", email="maria@example.org")
    week_before = datetime.combine(date(2022, 2, 22), time(9), tzinfo=ZoneInfo("Europe/Amsterdam"))

    reminder_services.send_due_reminders(now=week_before)

    email = OutgoingEmail.objects.get(to="maria@example.org")
    assert email.subject.startswith("Herinnering: Tussentijds verslag (Leiden and Havana)")
    assert "Tussentijds verslag" in email.body_text
    assert "Interim report" not in email.body_text
    assert project.deadlines.get(kind=Deadline.Kind.INTERIM_REPORT).title == "Interim report"
