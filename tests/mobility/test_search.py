"""The offers' search documents, kept by PostgreSQL, follow every change to the text they hold."""

import datetime

import pytest
from django.utils import timezone

from mobility.models import ExchangeOffer
from projects.models import SubjectArea
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


def test_offers_loaded_in_bulk_are_found(offer):
    ExchangeOffer.objects.bulk_create(
        [
            ExchangeOffer(
                project=offer.project,
                partner=offer.partner,
                slug="glaciology",
                title="Glaciology field school",
                description="Ice cores.",
                activity=offer.activity,
                level=offer.level,
                places=1,
                duration_days=30,
                period_start=offer.period_start,
                period_end=offer.period_end,
                application_deadline=offer.application_deadline,
                is_published=True,
            )
        ]
    )

    assert _found("ice cores") == ["Glaciology field school"]
    assert _found("kyushu") == ["Glaciology field school", "Volcanology field school"]


def test_a_queryset_update_reaches_the_documents(offer):
    ExchangeOffer.objects.filter(pk=offer.pk).update(description="Lava flows and tephra.")
    SubjectArea.objects.filter(pk=offer.subject_area_id).update(name="Geophysics")

    assert _found("tephra") == ["Volcanology field school"]
    assert _found("geophysics") == ["Volcanology field school"]
    assert _found("earth") == []


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("title_nl", "Vulkanenschool"),
        ("description_nl", "Vulkanenschool"),
        ("eligibility", "Mineralogy"),
        ("eligibility_nl", "Vulkanenschool"),
    ],
)
def test_every_text_of_the_offer_is_searched(offer, field, text):
    setattr(offer, field, text)
    offer.save()

    assert _found(text) == ["Volcanology field school"]


def test_the_project_summary_and_the_partners_local_name_and_city_are_searched(offer):
    offer.project.summary_nl = "Vulkanen in Japan"
    offer.project.save()
    offer.partner.name_local = "Kyūshū Daigaku"
    offer.partner.save()

    assert _found("vulkanen") == ["Volcanology field school"]
    assert _found("daigaku") == ["Volcanology field school"]
    assert _found("fukuoka") == ["Volcanology field school"]
