"""The catalogue's pages together show every matching offer once, in the catalogue's order."""

import datetime

import pytest

from public_site import selectors
from tests.factories import ExchangeOfferFactory
from tests.public.helpers import public_url

pytestmark = pytest.mark.django_db


def test_catalogue_pages_show_every_offer_once_in_order(client, today):
    for number in range(25):
        # Several offers share a deadline: the title and then the key break the ties.
        ExchangeOfferFactory(
            title=f"Offer {number % 4}",
            application_deadline=today + datetime.timedelta(days=number % 5),
        )
    expected = [offer.pk for offer in selectors.catalogue_offers(today=today)]

    pages = [client.get(public_url("offer-list"), {"page": page}) for page in (1, 2, 3)]

    shown = [[offer.pk for offer in page.context["offers"]] for page in pages]
    assert [len(offers) for offers in shown] == [12, 12, 1]
    assert [pk for offers in shown for pk in offers] == expected
    assert "Page 3 of 3" in pages[2].content.decode()


def test_catalogue_page_past_the_last_is_not_found(client, open_offer):
    response = client.get(public_url("offer-list"), {"page": "2"})

    assert response.status_code == 404
