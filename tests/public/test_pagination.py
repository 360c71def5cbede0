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


@pytest.mark.parametrize(
    "filters",
    [{}, {"open_only": True}, {"query": "offer", "newest_deadline_first": True}],
    ids=["all", "open only", "search, latest first"],
)
def test_the_bare_key_query_pages_through_the_same_offers(filters):
    today = timezone.localdate()
    for number in range(9):
        ExchangeOfferFactory(
            title=f"Offer {number % 3}",
            places=1,
            application_deadline=today + datetime.timedelta(days=number % 4 - 1),
        )
    whole = selectors.catalogue_offers(today=today, **filters)
    bare = selectors.catalogue_offers(today=today, whole=False, **filters)

    assert list(bare.values_list("pk", flat=True)) == [offer.pk for offer in whole]
    page = DeferredJoinPaginator(bare, 4, rows=lambda: whole).page(2)
    assert [offer.pk for offer in page] == [offer.pk for offer in whole][4:8]
