"""A call's "review by" and "decide by" dates as the project's deadlines, and reading a call
that is not stored yet."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from applications import services
from applications.models import CallForApplications
from projects.models import Deadline
from tests.factories import ExchangeOfferFactory

from .conftest import submitted

Kind = Deadline.Kind


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def call_settings(world, **fields) -> dict:
    data = {
        "is_open": "on",
        "time_zone": "Europe/Amsterdam",
        "required_documents": ["cv"],
        "tie_rule": "submitted_first",
        "reviewers": [],
        "review_by": "",
        "decide_by": "",
    }
    data.update(fields)
    return data


def post_settings(client, world, **fields):
    return client.post(
        reverse("applications:call", args=[world.offer.pk]), call_settings(world, **fields)
    )


def selection_deadlines(project):
    return list(
        project.deadlines.filter(kind__in=[Kind.REVIEW, Kind.DECISION])
        .order_by("due_date")
        .values_list("kind", "title", "due_date", "done_at")
    )


def test_saving_the_dates_makes_two_deadlines_of_the_project_with_the_reviewers_responsible(
    login, staff_user, coordinator_a, world_a
):
    response = post_settings(
        login(staff_user),
        world_a,
        reviewers=[staff_user.pk, coordinator_a.pk],
        review_by=in_days(40).isoformat(),
        decide_by=in_days(50).isoformat(),
    )

    assert response.status_code == 302
    assert selection_deadlines(world_a.project) == [
        ("review", "Applications reviewed: Teaching at Leiden and Havana", in_days(40), None),
        ("decision", "Selection decided: Teaching at Leiden and Havana", in_days(50), None),
    ]
    call = CallForApplications.objects.get(offer=world_a.offer)
    # The staff reviewer is no coordinator: only the coordinator reviewer is reminded.
    assert list(call.review_deadline.responsible.all()) == [coordinator_a.person]
    assert list(call.decision_deadline.responsible.all()) == [coordinator_a.person]


def test_without_coordinator_reviewers_the_project_coordinators_are_responsible(
    login, staff_user, coordinator_b, world_a
):
    world_a.project.co_coordinators.add(coordinator_b.person)

    post_settings(login(staff_user), world_a, reviewers=[staff_user.pk], review_by=in_days(40))

    call = CallForApplications.objects.get(offer=world_a.offer)
    assert set(call.review_deadline.responsible.all()) == {
        world_a.project.lead_coordinator,
        coordinator_b.person,
    }
    assert call.decision_deadline is None


def test_moving_a_date_moves_the_same_deadline_and_clearing_it_removes_it(
    login, staff_user, world_a
):
    client = login(staff_user)
    post_settings(client, world_a, review_by=in_days(40), decide_by=in_days(50))
    first = CallForApplications.objects.get(offer=world_a.offer)

    post_settings(client, world_a, review_by=in_days(45), decide_by=in_days(50))
    moved = CallForApplications.objects.get(offer=world_a.offer)
    post_settings(client, world_a, review_by=in_days(45), decide_by="")

    assert moved.review_deadline_id == first.review_deadline_id
    assert moved.decision_deadline_id == first.decision_deadline_id
    assert moved.review_deadline.due_date == in_days(45)
    assert selection_deadlines(world_a.project) == [
        ("review", "Applications reviewed: Teaching at Leiden and Havana", in_days(45), None)
    ]
    assert not Deadline.objects.filter(pk=first.decision_deadline_id).exists()


def test_a_done_deadline_is_kept_when_its_date_is_cleared(login, staff_user, world_a):
    client = login(staff_user)
    post_settings(client, world_a, review_by=in_days(40))
    deadline = CallForApplications.objects.get(offer=world_a.offer).review_deadline
    deadline.mark_done(when=timezone.now())
    deadline.save()

    post_settings(client, world_a, review_by="")

    deadline.refresh_from_db()
    assert deadline.due_date == in_days(40)
    assert deadline.is_done
    assert CallForApplications.objects.get(offer=world_a.offer).review_deadline is None


def test_decide_by_before_review_by_is_refused_next_to_the_field_and_nothing_is_saved(
    login, staff_user, world_a
):
    response = post_settings(
        login(staff_user),
        world_a,
        is_open="",
        review_by=in_days(40).isoformat(),
        decide_by=in_days(39).isoformat(),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "decide_by": ["The selection cannot be decided before the reviews are done."]
    }
    assert selection_deadlines(world_a.project) == []
    call = CallForApplications.objects.get(offer=world_a.offer)
    assert (call.is_open, call.review_by, call.decide_by) == (True, None, None)


def test_review_by_before_the_application_deadline_is_refused(login, staff_user, world_a):
    response = post_settings(login(staff_user), world_a, review_by=in_days(29).isoformat())

    assert response.context["form"].errors == {
        "review_by": [
            "The reviews cannot be done before the application deadline: choose that day or later."
        ]
    }
    assert selection_deadlines(world_a.project) == []


def test_the_database_refuses_a_decision_before_the_review(world_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        CallForApplications.objects.filter(pk=world_a.call.pk).update(
            review_by=in_days(40), decide_by=in_days(39)
        )


def test_review_deadline_is_done_once_every_reviewer_has_submitted(
    staff_user, coordinator_a, world_a
):
    world_a.call.review_by = in_days(40)
    call = services.save_call(call=world_a.call, reviewers=[staff_user, coordinator_a])
    criterion = call.criteria.create(name="Motivation", weight=1, scale_max=10)
    eva = submitted(world_a.offer, "eva@example.org")
    scores = {criterion.pk: (8, "")}

    services.save_review(
        application=eva,
        reviewer=staff_user,
        scores=scores,
        conflict_of_interest=False,
        conflict_note="",
        submit=True,
    )
    services.save_review(
        application=eva,
        reviewer=coordinator_a,
        scores=scores,
        conflict_of_interest=False,
        conflict_note="",
        submit=False,
    )
    call.review_deadline.refresh_from_db()
    open_after_one = call.review_deadline.is_done
    services.save_review(
        application=eva,
        reviewer=coordinator_a,
        scores=scores,
        conflict_of_interest=False,
        conflict_note="",
        submit=True,
    )

    call.review_deadline.refresh_from_db()
    assert open_after_one is False
    assert call.review_deadline.is_done


def test_decision_deadline_is_done_when_the_decisions_are_sent(staff_user, world_a):
    world_a.call.decide_by = in_days(50)
    call = services.save_call(call=world_a.call, reviewers=[staff_user])
    criterion = call.criteria.create(name="Motivation", weight=1, scale_max=10)
    eva = submitted(world_a.offer, "eva@example.org")
    services.save_review(
        application=eva,
        reviewer=staff_user,
        scores={criterion.pk: (8, "")},
        conflict_of_interest=False,
        conflict_note="",
        submit=True,
    )

    nothing_to_send = services.send_decisions(offer=world_a.offer)
    call.decision_deadline.refresh_from_db()
    open_before = call.decision_deadline.is_done
    services.allocate(offer=world_a.offer)
    sent = services.send_decisions(offer=world_a.offer)

    call.decision_deadline.refresh_from_db()
    assert (nothing_to_send, open_before, sent) == (0, False, 1)
    assert call.decision_deadline.is_done


def test_selection_deadline_titles_read_in_dutch(staff_user, world_a):
    world_a.call.review_by = in_days(40)
    world_a.call.decide_by = in_days(50)
    call = services.save_call(call=world_a.call, reviewers=[])

    with translation.override("nl"):
        titles = [call.review_deadline.localized_title, call.decision_deadline.localized_title]

    assert titles == [
        "Aanvragen beoordeeld: Teaching at Leiden and Havana",
        "Selectie besloten: Teaching at Leiden and Havana",
    ]


# Reading a call that is not stored


@pytest.fixture
def offer_without_call(world_a):
    return ExchangeOfferFactory(
        project=world_a.project,
        partner=world_a.partner,
        slug="no-call-yet",
        is_published=True,
        application_deadline=in_days(30),
    )


@pytest.mark.parametrize(
    "page", ["applications:offer", "applications:call", "applications:ranking"]
)
def test_office_pages_of_an_offer_without_a_call_store_none(
    login, staff_user, offer_without_call, page
):
    response = login(staff_user).get(reverse(page, args=[offer_without_call.pk]))

    assert response.status_code == 200
    assert not CallForApplications.objects.filter(offer=offer_without_call).exists()


@pytest.mark.parametrize(
    "page", ["applications:offer", "applications:call", "applications:ranking"]
)
def test_office_pages_of_an_offer_without_a_call_refuse_another_coordinator(
    login, coordinator_b, world_b, offer_without_call, page
):
    response = login(coordinator_b).get(reverse(page, args=[offer_without_call.pk]))

    assert response.status_code == 403
    assert not CallForApplications.objects.filter(offer=offer_without_call).exists()


@pytest.mark.parametrize("page", ["public:offer-detail", "public:offer-apply"])
def test_public_pages_of_an_offer_without_a_call_store_none(client, offer_without_call, page):
    response = client.get(reverse(page, args=[offer_without_call.slug]))

    assert response.status_code == 200
    assert not CallForApplications.objects.filter(offer=offer_without_call).exists()


def test_first_criterion_stores_the_call(login, staff_user, offer_without_call):
    login(staff_user).post(
        reverse("applications:criterion-add", args=[offer_without_call.pk]),
        {"name": "Motivation", "weight": "2", "scale_max": "10"},
    )

    call = CallForApplications.objects.get(offer=offer_without_call)
    assert list(call.criteria.values_list("name", "weight", "scale_max")) == [("Motivation", 2, 10)]
    assert call.is_open is False


def test_saving_the_settings_of_an_offer_without_a_call_stores_it(
    login, staff_user, offer_without_call
):
    response = login(staff_user).post(
        reverse("applications:call", args=[offer_without_call.pk]),
        {"time_zone": "Europe/Lisbon", "tie_rule": "last_name", "review_by": in_days(31)},
    )

    assert response.status_code == 302
    call = CallForApplications.objects.get(offer=offer_without_call)
    assert (call.is_open, call.time_zone, call.tie_rule, call.review_by) == (
        False,
        "Europe/Lisbon",
        "last_name",
        in_days(31),
    )
    assert call.review_deadline.due_date == in_days(31)


def test_the_project_editor_leaves_the_selection_deadlines_to_their_call(
    login, staff_user, world_a
):
    world_a.call.review_by = in_days(40)
    services.save_call(call=world_a.call, reviewers=[])

    response = login(staff_user).get(reverse("workspace:project-update", args=[world_a.project.pk]))

    deadlines = response.context["editor"].deadlines
    assert [form.instance.pk for form in deadlines.forms if form.instance.pk] == []
    kinds = [value for value, _label in deadlines.forms[0].fields["kind"].choices]
    assert ("review" in kinds, "decision" in kinds) == (False, False)
