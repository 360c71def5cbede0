"""The catalogue's paginator shows the same rows, in the same order, as plain OFFSET paging."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from public_site import selectors
from public_site.pagination import DeferredJoinPaginator
from tests.factories import ExchangeOfferFactory

pytestmark = pytest.mark.django_db


def test_every_page_matches_offset_paging_in_order():
    today = timezone.localdate()
    for number in range(23):
        # Several offers share a deadline: the title and then the key break the ties.
        ExchangeOfferFactory(
            title=f"Offer {number % 4}",
            application_deadline=today + datetime.timedelta(days=number % 5),
        )
    offers = selectors.catalogue_offers(today=today)
    plain, deferred = Paginator(offers, 5), DeferredJoinPaginator(offers, 5)

    assert deferred.num_pages == plain.num_pages == 5
    for number in plain.page_range:
        expected = [offer.pk for offer in plain.page(number)]
        shown = deferred.page(number)
        assert [offer.pk for offer in shown] == expected
        # Rows come whole: the annotations the cards read are there.
        assert all(hasattr(offer, "is_open") for offer in shown)


def test_the_last_page_takes_the_orphans():
    today = timezone.localdate()
    ExchangeOfferFactory.create_batch(7, application_deadline=today)
    offers = selectors.catalogue_offers(today=today)

    page = DeferredJoinPaginator(offers, 5, orphans=2).page(1)

    assert len(page) == 7
