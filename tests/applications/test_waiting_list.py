"""A waiting-list rank is the place on the waiting list: an application leaving the list
(offered the place, withdrawn) no longer shows one."""

import pytest

from applications import services
from applications.models import Application

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
