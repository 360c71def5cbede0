"""The dashboard's applications: open calls, applications per offer and status, my reviews."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import services
from applications.models import Application
from tests.applications.conftest import make_offer_world, submitted

Status = Application.Status


@pytest.fixture
def offers(coordinator_a, coordinator_b, staff_user):
    """Offer A (coordinator A's, open, reviewed by A and staff) with two submitted applications
    and a draft; offer B (coordinator B's, closed) with one submitted."""
    a = make_offer_world(coordinator=coordinator_a, title="Leiden and Havana", slug="teach-a")
    b = make_offer_world(coordinator=coordinator_b, title="LUMC and Nagasaki", slug="teach-b")
    a.call.reviewers.set([coordinator_a, staff_user])
    criterion = a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    eva = submitted(a.offer, "eva@example.org", last_name="Jansen")
    submitted(a.offer, "ana@example.org", last_name="Bakker")
    services.start_or_resume_draft(offer=a.offer, email="draft@example.org", language="en")
    submitted(b.offer, "kim@example.org")
    b.call.is_open = False
    b.call.save()
    services.save_review(
        application=eva,
        reviewer=coordinator_a,
        scores={criterion.pk: (7, "")},
        conflict_of_interest=False,
        conflict_note="",
        submit=True,
    )
    return a, b, eva


def dashboard(client):
    return client.get(reverse("workspace:dashboard"))


def count_rows(response):
    return [
        (row["offer"].title, dict(zip(Status.values, row["counts"], strict=True)))
        for row in response.context["application_counts"]
    ]


def test_staff_see_every_offers_counts_and_the_open_calls(login, staff_user, offers):
    response = dashboard(login(staff_user))

    assert [(o.title, o.submitted_count) for o in response.context["open_calls"]] == [
        ("Teaching at Leiden and Havana", 2)
    ]
    rows = count_rows(response)
    assert [title for title, _counts in rows] == [
        "Teaching at LUMC and Nagasaki",
        "Teaching at Leiden and Havana",
    ]
    assert {k: v for k, v in rows[1][1].items() if v} == {
        "draft": 1,
        "submitted": 1,
        "under_review": 1,
    }
    assert {k: v for k, v in rows[0][1].items() if v} == {"submitted": 1}


def test_coordinator_sees_only_their_projects_offers(login, coordinator_b, offers):
    response = dashboard(login(coordinator_b))

    assert response.context["open_calls"] == []
    assert [title for title, _counts in count_rows(response)] == ["Teaching at LUMC and Nagasaki"]
    assert "Teaching at Leiden and Havana" not in response.text


def test_reviews_to_do_count_what_the_reviewer_has_not_submitted(
    login, staff_user, coordinator_a, offers
):
    _a, _b, eva = offers
    ana = Application.objects.get(email="ana@example.org")

    for_staff = dashboard(login(staff_user)).context["reviews_to_do"]
    for_coordinator = dashboard(login(coordinator_a))

    assert [(r["offer__title"], r["count"], r["first"]) for r in for_staff] == [
        ("Teaching at Leiden and Havana", 2, eva.pk)
    ]
    assert [
        (r["offer__title"], r["count"], r["first"])
        for r in for_coordinator.context["reviews_to_do"]
    ] == [("Teaching at Leiden and Havana", 1, ana.pk)]
    assert reverse("applications:review", args=[ana.pk]) in for_coordinator.text
    assert "1 application to review" in for_coordinator.text


def test_the_applications_part_reads_in_dutch(login, coordinator_a, offers):
    client = login(coordinator_a)

    response = client.get(reverse("workspace:dashboard"), headers={"accept-language": "nl"})

    assert "Open oproepen voor aanvragen" in response.text
    assert "1 aanvraag te beoordelen" in response.text
    assert "Aanvragen per aanbod" in response.text


def queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert dashboard(client).status_code == 200
    return len(context.captured_queries)


def test_dashboard_queries_do_not_grow_with_offers_and_applications(
    login, coordinator_a, staff_user, offers
):
    client = login(coordinator_a)
    few = queries(client)
    for index in range(3):
        world = make_offer_world(
            coordinator=coordinator_a, title=f"Project {index}", slug=f"teach-{index}"
        )
        world.call.reviewers.set([coordinator_a])
        for number in range(3):
            submitted(world.offer, f"applicant{number}@example.org")

    many = queries(client)

    assert len(dashboard(client).context["reviews_to_do"]) == 4
    assert many == few
