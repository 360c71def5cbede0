"""A waiting-list rank is the place on the waiting list: an application leaving the list
(offered the place, withdrawn) no longer shows one. An applicant whose application became a
nominated mobility may still withdraw: the mobility is cancelled and the place is free."""

import pytest
from django.core.exceptions import ValidationError

from applications import services
from applications.models import Application
from mobility.models import Mobility
from outbox.models import OutgoingEmail

from .conftest import submitted

Status = Application.Status


@pytest.fixture
def one_place_decided(world_a, staff_user):
    world_a.offer.places = 1
    world_a.offer.save()
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    people = {}
    for last_name, score in (("Adams", 9), ("Bakker", 6), ("Claes", 3)):
        people[last_name] = submitted(
            world_a.offer, f"{last_name.lower()}@example.org", last_name=last_name
        )
        services.save_review(
            application=people[last_name],
            reviewer=staff_user,
            scores={criterion.pk: (score, "")},
            conflict_of_interest=False,
            conflict_note="",
            submit=True,
        )
    services.allocate(offer=world_a.offer)
    return people


def _statuses():
    return list(
        Application.objects.order_by("last_name").values_list("last_name", "status", "rank")
    )


def test_the_place_offered_to_the_next_clears_their_waiting_list_rank(world_a, one_place_decided):
    services.withdraw_application(application=one_place_decided["Adams"])

    offered = services.offer_place_to_next(offer=world_a.offer)

    assert (offered.last_name, offered.status, offered.rank) == ("Bakker", Status.SELECTED, None)
    assert _statuses() == [
        ("Adams", Status.WITHDRAWN, None),
        ("Bakker", Status.SELECTED, None),
        ("Claes", Status.WAITING_LIST, 2),
    ]


def test_withdrawing_from_the_waiting_list_clears_the_rank(one_place_decided):
    services.withdraw_application(application=one_place_decided["Bakker"])

    assert _statuses() == [
        ("Adams", Status.SELECTED, None),
        ("Bakker", Status.WITHDRAWN, None),
        ("Claes", Status.WAITING_LIST, 2),
    ]


def test_withdrawing_after_the_mobility_cancels_it_and_frees_the_place(
    world_a, rates, one_place_decided
):
    adams = one_place_decided["Adams"]
    mobility = services.create_mobility(application=adams).mobility
    with pytest.raises(ValidationError):
        services.offer_place_to_next(offer=world_a.offer)

    services.withdraw_application(application=adams)
    offered = services.offer_place_to_next(offer=world_a.offer)

    mobility.refresh_from_db()
    assert mobility.status == Mobility.Status.CANCELLED
    assert not mobility.milestones.exists()
    assert offered.last_name == "Bakker"
    assert _statuses() == [
        ("Adams", Status.WITHDRAWN, None),
        ("Bakker", Status.SELECTED, None),
        ("Claes", Status.WAITING_LIST, 2),
    ]
    assert OutgoingEmail.objects.filter(to="adams@example.org").latest("pk").subject == (
        "Je aanvraag voor Teaching at Leiden and Havana: Ingetrokken"
    )


def test_an_approved_mobility_is_not_withdrawn_by_the_applicant(world_a, rates, one_place_decided):
    adams = one_place_decided["Adams"]
    mobility = services.create_mobility(application=adams).mobility
    Mobility.objects.filter(pk=mobility.pk).update(status=Mobility.Status.APPROVED)
    adams.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        services.withdraw_application(application=adams)

    assert error.value.messages == [
        "Your exchange is approved already: ask the International Relations Office to cancel it."
    ]
    assert not services.may_withdraw(adams)
    mobility.refresh_from_db()
    assert mobility.status == Mobility.Status.APPROVED
    assert Application.objects.get(pk=adams.pk).status == Status.MOBILITY_CREATED
