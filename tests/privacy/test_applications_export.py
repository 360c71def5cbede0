"""The personal-data export holds the person's applications: what they entered, their
language skills, their uploaded documents (listed), each status the application went
through, the decision and the reviews' scores; not the reviewers' names, comments or
declared conflicts."""

import datetime
import json

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder

from applications import services as applications
from privacy import services
from tests.applications.conftest import make_offer_world, submitted
from tests.workspace.conftest import make_coordinator, make_staff

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def reviewed_application():
    """Eva's application, submitted, scored by staff (submitted), by the coordinator (a draft
    review, not yet submitted) and selected with the decision emailed; Bas applied too."""
    coordinator = make_coordinator("coordinator-export", first_name="Ada", last_name="Kok")
    staff = make_staff()
    world = make_offer_world(coordinator=coordinator, title="Leiden and Havana", slug="havana")
    world.call.reviewers.set([staff, coordinator])
    motivation = world.call.criteria.create(name="Motivation", weight=2, scale_max=10)
    plan = world.call.criteria.create(name="Teaching plan", weight=1, scale_max=5)
    with time_machine.travel(T0, tick=False) as traveller:
        eva = submitted(world.offer, "Eva.Jansen@example.org", last_name="Jansen")
        submitted(world.offer, "bas@example.org", last_name="Bos")
        traveller.shift(datetime.timedelta(days=1))
        applications.save_review(
            application=eva,
            reviewer=staff,
            scores={motivation.pk: (8, "Clear and convincing."), plan.pk: (4, "Solid plan.")},
            conflict_of_interest=False,
            conflict_note="",
            submit=True,
        )
        applications.save_review(
            application=eva,
            reviewer=coordinator,
            scores={motivation.pk: (3, "Vague.")},
            conflict_of_interest=False,
            conflict_note="",
            submit=False,
        )
        traveller.shift(datetime.timedelta(days=1))
        applications.allocate(offer=world.offer)
        applications.send_decisions(offer=world.offer)
    return eva


EXPECTED_APPLICATION = {
    "offer": "Teaching at Leiden and Havana",
    "status": "selected",
    "language": "nl",
    "first_name": "Eva",
    "last_name": "Jansen",
    "email": "Eva.Jansen@example.org",
    "birth_date": "1985-04-02",
    "nationality": "NL",
    "gender": "F",
    "home_unit": "Faculty of Science",
    "level": "staff",
    "field_of_education": "0533 Physics",
    "motivation": "I teach optics and want to teach it there.",
    "preferred_start": "2021-03-08",
    "preferred_end": "2021-03-12",
    "created_at": "2026-11-02T09:00:00+00:00",
    "submitted_at": "2026-11-02T09:00:00+00:00",
    "rank": None,
    "decision_emailed": "selected",
    "language_skills": [{"language": "en", "level": "C1"}],
    "documents": [
        {"kind": "cv", "file_name": "cv.pdf", "uploaded_at": "2026-11-02T09:00:00+00:00"}
    ],
    "status_history": [
        {"status": "draft", "at": "2026-11-02T09:00:00+00:00"},
        {"status": "submitted", "at": "2026-11-02T09:00:00+00:00"},
        {"status": "under_review", "at": "2026-11-03T09:00:00+00:00"},
        {"status": "selected", "at": "2026-11-04T09:00:00+00:00"},
    ],
    "reviews": [
        {
            "conflict_of_interest": False,
            "submitted_at": "2026-11-03T09:00:00+00:00",
            "scores": [
                {"criterion": "Motivation", "score": 8, "highest_score": 10},
                {"criterion": "Teaching plan", "score": 4, "highest_score": 5},
            ],
        }
    ],
}


def test_export_person_holds_their_application_its_history_documents_and_scores(
    reviewed_application,
):
    data = services.export_person(email_address="eva.jansen@example.org")

    assert data["applications"] == [EXPECTED_APPLICATION]
    assert [e["subject"] for e in data["emails"]] == [
        "Je aanvraag voor Teaching at Leiden and Havana: Ingediend",
        "Je aanvraag voor Teaching at Leiden and Havana: In beoordeling",
        "Je aanvraag voor Teaching at Leiden and Havana: Geselecteerd",
    ]


def test_export_person_leaves_out_reviewers_names_and_comments(reviewed_application):
    text = json.dumps(
        services.export_person(email_address="eva.jansen@example.org"), cls=DjangoJSONEncoder
    )

    for note in ("Clear and convincing.", "Solid plan.", "Vague.", "Ada", "Kok", "reviewer"):
        assert note not in text


def test_export_person_without_applications_has_an_empty_list():
    assert services.export_person(email_address="nobody@example.org")["applications"] == []


def test_privacy_export_download_and_page_show_the_application(client, reviewed_application):
    client.force_login(make_staff("privacy-officer"))

    download = client.get("/workspace/privacy/export/", {"email": "EVA.JANSEN@example.org"})
    page = client.get("/workspace/privacy/", {"email": "EVA.JANSEN@example.org"})

    assert json.loads(download.content)["applications"] == [EXPECTED_APPLICATION]
    assert "<li>1 application</li>" in page.content.decode()
