"""An offer is listed on the public site exactly while it is published under a public project."""

import pytest
from django.db import IntegrityError

from mobility.listing import refresh_listing
from mobility.models import ExchangeOffer
from projects.models import Project
from tests.factories import ExchangeOfferFactory

pytestmark = pytest.mark.django_db


def _listed(offer) -> bool:
    return ExchangeOffer.objects.get(pk=offer.pk).listed


def test_a_published_offer_under_a_running_project_is_listed():
    assert _listed(ExchangeOfferFactory(is_published=True, project__status="running"))


def test_unpublishing_takes_the_offer_off_the_list():
    offer = ExchangeOfferFactory(is_published=True)

    offer.is_published = False
    offer.save(update_fields=["is_published"])

    assert not _listed(offer)


def test_the_project_leaving_the_public_statuses_takes_its_offers_off_the_list():
    offer = ExchangeOfferFactory(is_published=True, project__status="awarded")
    project = offer.project

    project.status = Project.Status.REJECTED
    project.save()
    assert not _listed(offer)

    project.status = Project.Status.RUNNING
    project.save()
    assert _listed(offer)


def test_a_bulk_load_is_listed_in_one_call():
    offer = ExchangeOfferFactory(is_published=True)
    ExchangeOffer.objects.update(listed=False)

    refresh_listing()

    assert _listed(offer)


def test_the_database_refuses_an_unpublished_listed_offer():
    offer = ExchangeOfferFactory(is_published=False)

    with pytest.raises(IntegrityError):
        ExchangeOffer.objects.filter(pk=offer.pk).update(listed=True)
