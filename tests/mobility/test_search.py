"""The offers' stored search documents follow every change to the text they hold."""

import datetime

import pytest
from django.utils import timezone

from mobility.models import ExchangeOffer
from mobility.search import refresh_search_documents
from public_site import selectors
from tests.factories import ExchangeOfferFactory, InstitutionFactory, SubjectAreaFactory

pytestmark = pytest.mark.django_db


def _found(query: str) -> list[str]:
    offers = selectors.catalogue_offers(today=timezone.localdate(), query=query)
    return sorted(offer.title for offer in offers)


@pytest.fixture
def offer():
    return ExchangeOfferFactory(
        title="Volcanology field school",
        partner=InstitutionFactory(name="Kyushu University", city="Fukuoka"),
        subject_area=SubjectAreaFactory(name="Earth sciences", name_nl="Aardwetenschappen"),
        application_deadline=timezone.localdate() + datetime.timedelta(days=30),
    )


def test_a_saved_offer_is_found_by_its_own_words(offer):
    assert _found("volcanology") == ["Volcanology field school"]

    offer.title = "Glaciology field school"
    offer.save()

    assert _found("volcanology") == []
    assert _found("glaciology") == ["Glaciology field school"]


def test_renaming_the_partner_reaches_its_offers(offer):
    offer.partner.name = "Tohoku University"
    offer.partner.save()

    assert _found("tohoku") == ["Volcanology field school"]
    assert _found("kyushu") == []


def test_renaming_the_project_reaches_its_offers(offer):
    offer.project.title = "Ring of fire exchange"
    offer.project.save()

    assert _found("ring of fire") == ["Volcanology field school"]


def test_the_field_is_found_in_dutch(offer):
    offer.subject_area.name_nl = "Vulkanologie"
    offer.subject_area.save()

    assert _found("vulkanologie") == ["Volcanology field school"]


def test_a_bulk_load_is_made_searchable_in_one_call(offer):
    ExchangeOffer.objects.update(search_en=None, search_nl=None)
    assert _found("volcanology") == []

    refresh_search_documents()

    assert _found("volcanology") == ["Volcanology field school"]
