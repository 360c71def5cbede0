import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, Review
from outbox.models import OutgoingEmail
from tests.factories import UserFactory

from .conftest import complete_draft, submitted

Status = Application.Status


@pytest.fixture
def people(staff_user, coordinator_a, coordinator_b, db):
    return {
        "plain user": UserFactory(username="nobody"),
        "coordinator of another project": coordinator_b,
        "coordinator of the project": coordinator_a,
        "staff": staff_user,
    }


@pytest.fixture
def eva(world_a):
    return submitted(world_a.offer, "eva@example.org")


PAGES = {
    "offer": lambda w, a: reverse("applications:offer", args=[w.offer.pk]),
    "call": lambda w, a: reverse("applications:call", args=[w.offer.pk]),
    "ranking": lambda w, a: reverse("applications:ranking", args=[w.offer.pk]),
    "decisions": lambda w, a: reverse("applications:decisions", args=[w.offer.pk]),
    "review": lambda w, a: reverse("applications:review", args=[a.pk]),
}
EXPECTED = {
    # page: (anonymous, plain user, coordinator of another project, of the project, staff)
    "offer": (302, 403, 403, 200, 200),
    "call": (302, 403, 403, 200, 200),
    "ranking": (302, 403, 403, 200, 200),
    "decisions": (302, 403, 403, 403, 200),
    "review": (302, 403, 403, 200, 200),
}
WHO = (
    "anonymous",
    "plain user",
    "coordinator of another project",
    "coordinator of the project",
    "staff",
)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("index", range(len(WHO)), ids=WHO)
def test_office_pages_permission_matrix(login, people, world_a, eva, page, index):
    client = login(people.get(WHO[index]))

    response = client.get(PAGES[page](world_a, eva))

    assert response.status_code == EXPECTED[page][index]


def test_offer_list_is_for_the_workspace(login, people, world_a, eva):
    assert login(None).get(reverse("applications:offer-list")).status_code == 302
    assert login(people["plain user"]).get(reverse("applications:offer-list")).status_code == 403
    response = login(people["coordinator of the project"]).get(reverse("applications:offer-list"))
    assert response.status_code == 200
    assert world_a.offer.title in response.text


def test_post_pages_refuse_coordinators_where_the_office_decides(
    login, coordinator_a, world_a, eva
):
    client = login(coordinator_a)

    for name in ("allocate", "offer-next", "decisions"):
        assert (
            client.post(reverse(f"applications:{name}", args=[world_a.offer.pk])).status_code == 403
        )
    assert client.post(reverse("applications:create-mobility", args=[eva.pk])).status_code == 403


def test_offer_list_filters_by_status_and_completeness(login, staff_user, world_a, eva):
    from applications import services

    services.start_or_resume_draft(offer=world_a.offer, email="draft@example.org", language="en")
    url = reverse("applications:offer", args=[world_a.offer.pk])
    client = login(staff_user)

    submitted_only = client.get(url, {"status": "submitted"})
    incomplete = client.get(url, {"incomplete": "on"})

    assert [row["application"].email for row in submitted_only.context["rows"]] == [
        "eva@example.org"
    ]
    assert [row["application"].email for row in incomplete.context["rows"]] == ["draft@example.org"]


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_offer_applications_query_count_does_not_grow(login, staff_user, world_a):
    client = login(staff_user)
    url = reverse("applications:offer", args=[world_a.offer.pk])
    submitted(world_a.offer, "a1@example.org")
    few = _list_queries(client, url)
    for n in range(2, 6):
        submitted(world_a.offer, f"a{n}@example.org")

    assert _list_queries(client, url) == few


def test_reviewer_sees_only_their_own_scores_until_they_submit(
    login, staff_user, coordinator_a, world_a, eva
):
    world_a.call.reviewers.set([staff_user, coordinator_a])
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    url = reverse("applications:review", args=[eva.pk])
    login(staff_user).post(
        url, {f"score_{criterion.pk}": "9", f"comment_{criterion.pk}": "Strong plan", "submit": ""}
    )

    before = login(coordinator_a).get(url)
    login(coordinator_a).post(url, {f"score_{criterion.pk}": "7", "submit": ""})
    after = login(coordinator_a).get(url)

    assert "Strong plan" not in before.text
    assert "shown once you have submitted yours" in before.text
    assert "Strong plan" in after.text
    assert Review.objects.filter(submitted_at__isnull=False).count() == 2
    eva.refresh_from_db()
    assert eva.status == Status.UNDER_REVIEW


def test_score_above_the_scale_is_shown_next_to_the_field(login, staff_user, world_a, eva):
    world_a.call.reviewers.set([staff_user])
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)

    response = login(staff_user).post(
        reverse("applications:review", args=[eva.pk]), {f"score_{criterion.pk}": "11", "submit": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{criterion.pk}"] == [
        "Ensure this value is less than or equal to 10."
    ]
    assert Review.objects.count() == 0


def test_bulk_decisions_clicked_twice_send_each_email_once(login, staff_user, world_a, eva):
    world_a.call.reviewers.set([staff_user])
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    client = login(staff_user)
    client.post(
        reverse("applications:review", args=[eva.pk]), {f"score_{criterion.pk}": "8", "submit": ""}
    )
    client.post(reverse("applications:allocate", args=[world_a.offer.pk]))
    url = reverse("applications:decisions", args=[world_a.offer.pk])

    preview = client.get(url)
    client.post(url)
    client.post(url)

    assert "Good news: you have been selected" not in preview.text  # in Dutch, her language
    assert "Goed nieuws: je bent geselecteerd" in preview.text
    decisions = OutgoingEmail.objects.filter(to="eva@example.org", subject__endswith="Geselecteerd")
    assert decisions.count() == 1


def test_offer_list_query_count_does_not_grow(login, staff_user, world_a):
    from tests.factories import ExchangeOfferFactory

    client = login(staff_user)
    url = reverse("applications:offer-list")
    few = _list_queries(client, url)
    for n in range(4):
        ExchangeOfferFactory(project=world_a.project, partner=world_a.partner, slug=f"more-{n}")

    assert _list_queries(client, url) == few


def test_offer_list_counts_the_reviews_still_to_do_for_the_reviewer(
    login, staff_user, coordinator_a, world_a, eva
):
    world_a.call.reviewers.set([staff_user, coordinator_a])
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    submitted(world_a.offer, "second@example.org")
    login(staff_user).post(
        reverse("applications:review", args=[eva.pk]), {f"score_{criterion.pk}": "9", "submit": ""}
    )

    staff_page = login(staff_user).get(reverse("applications:offer-list"))
    coordinator_page = login(coordinator_a).get(reverse("applications:offer-list"))

    assert [row["to_review"] for row in staff_page.context["rows"]] == [1]
    assert [row["to_review"] for row in coordinator_page.context["rows"]] == [2]


def test_a_draft_review_leaves_the_application_to_do_whoever_else_submitted(
    login, staff_user, coordinator_a, world_a, eva
):
    world_a.call.reviewers.set([staff_user, coordinator_a])
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    review_url = reverse("applications:review", args=[eva.pk])
    login(coordinator_a).post(review_url, {f"score_{criterion.pk}": "4"})
    login(staff_user).post(review_url, {f"score_{criterion.pk}": "9", "submit": ""})
    assert eva.reviews.get(reviewer=coordinator_a).submitted_at is None

    coordinator_page = login(coordinator_a).get(reverse("applications:offer-list"))

    assert [row["to_review"] for row in coordinator_page.context["rows"]] == [1]


def test_a_coordinator_cannot_select_by_posting_a_status(login, coordinator_a, world_a, eva):
    response = login(coordinator_a).post(
        reverse("applications:status", args=[eva.pk]), {"status": "selected"}, follow=True
    )

    eva.refresh_from_db()
    assert eva.status == "submitted"
    assert "selection follows the allocation" in response.content.decode()


def test_offer_list_shows_the_total_and_only_the_statuses_in_use(login, staff_user, world_a, eva):
    submitted(world_a.offer, "second@example.org")
    complete_draft(world_a.offer, "third@example.org")

    response = login(staff_user).get(reverse("applications:offer-list"))

    (row,) = response.context["rows"]
    assert (row["total"], [(value, count) for value, _label, count in row["counts"]]) == (
        3,
        [("draft", 1), ("submitted", 2)],
    )
    page = " ".join(response.content.decode().split())
    assert "Draft: 1</span>" in page
    assert "Submitted: 2</span>" in page
    assert "Withdrawn:" not in page


def _cells(page) -> list[list[str]]:
    """The applications table as text, a list of cells per row."""
    body = page.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in row.split("</td>")[:-1]]
        for row in body.split("</tr>")[:-1]
    ]


def test_offer_applications_show_when_submitted_the_reviews_and_the_readers_own(
    login, staff_user, coordinator_a, world_a, eva
):
    world_a.call.reviewers.set([staff_user, coordinator_a])
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    second = submitted(world_a.offer, "second@example.org", last_name="Visser")
    Application.objects.filter(pk=eva.pk).update(submitted_at="2027-01-20T10:00:00+01:00")
    Application.objects.filter(pk=second.pk).update(submitted_at="2027-01-25T10:00:00+01:00")
    login(staff_user).post(
        reverse("applications:review", args=[eva.pk]), {f"score_{criterion.pk}": "9", "submit": ""}
    )
    url = reverse("applications:offer", args=[world_a.offer.pk])

    staff_rows = {row[0]: row[2:] for row in _cells(login(staff_user).get(url))}
    coordinator_rows = {row[0]: row[2:] for row in _cells(login(coordinator_a).get(url))}

    eva_name, second_name = eva.full_name, second.full_name
    # Submitted, documents, still missing, reviews, the reader's own review.
    assert (staff_rows[eva_name][0], staff_rows[second_name][0]) == ("20 Jan 2027", "25 Jan 2027")
    assert staff_rows[eva_name][3:] == ["1 of 2", "Done"]
    assert staff_rows[second_name][3:] == ["0 of 2", "To do"]
    assert coordinator_rows[eva_name][3:] == ["1 of 2", "To do"]
    assert coordinator_rows[second_name][3:] == ["0 of 2", "To do"]


def test_who_does_not_review_the_offer_sees_no_column_of_their_own(login, staff_user, world_a, eva):
    page = login(staff_user).get(reverse("applications:offer", args=[world_a.offer.pk]))

    assert "Your review" not in page.text
    assert _cells(page)[0][5] == "0 of 0"


def test_a_reviewer_removed_from_the_call_no_longer_counts(
    login, staff_user, coordinator_a, world_a, eva
):
    world_a.call.reviewers.set([staff_user, coordinator_a])
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    for reviewer in (staff_user, coordinator_a):
        login(reviewer).post(
            reverse("applications:review", args=[eva.pk]),
            {f"score_{criterion.pk}": "7", "submit": ""},
        )
    world_a.call.reviewers.set([staff_user])

    page = login(staff_user).get(reverse("applications:offer", args=[world_a.offer.pk]))

    assert _cells(page)[0][5:] == ["1 of 1", "Done"]
