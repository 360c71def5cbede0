"""The offer page tells the grant a participant gets for the stay it describes, what to send
with an application and when decisions come; nothing of money when the rates cannot tell."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.management.sql import emit_post_migrate_signal

from applications.models import CallForApplications
from mobility.models import IndividualSupportRate, RateTable
from mobility.rates import seed_rates
from partners.models import Institution
from public_site.selectors import offer_grant
from tests.factories import HomeInstitutionFactory
from tests.public.helpers import public_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    """Our institution, and the EU's rates as the portal ships them."""
    seed_rates()
    return HomeInstitutionFactory()


def _facts(page) -> str:
    html = page.content.decode()
    facts = html.split('id="offer-facts"', 1)[1].split("</dl>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", facts).split())


def test_offer_page_shows_the_grant_of_the_stay_on_the_calls_rates(client, home, open_offer):
    # KA107 call 2020, a student going to Japan: EUR 700 a month. 1 February + 90 days ends
    # on 1 May: 3 months and 1 day as the EU counts (30-day months) = 2,100.00 + 23.33.
    # Leiden to Nagasaki is over 8,000 km: EUR 1,500.00 of travel support.
    grant = offer_grant(open_offer)

    assert (grant.individual_support, grant.travel_support, grant.total) == (
        Decimal("2123.33"),
        Decimal("1500.00"),
        Decimal("3623.33"),
    )
    facts = _facts(client.get(public_url("offer-detail", slug=open_offer.slug)))
    assert (
        "Erasmus+ grant EUR 3,623.33: EUR 2,123.33 towards living costs and EUR 1,500.00 "
        "towards travel For a stay of 90 days, on the EU's rates."
    ) in facts


def test_offer_page_in_dutch_shows_the_grant_in_dutch(client, home, open_offer):
    facts = _facts(client.get(public_url("offer-detail", slug=open_offer.slug, language="nl")))

    assert (
        "Erasmus+-beurs € 3.623,33: € 2.123,33 voor levensonderhoud en € 1.500,00 voor reiskosten"
    ) in facts


def test_no_grant_is_shown_when_the_rates_cannot_tell(client, home, open_offer):
    IndividualSupportRate.objects.filter(
        rate_table__call_year=2020, rate_table__action="KA107", category="student"
    ).delete()

    page = client.get(public_url("offer-detail", slug=open_offer.slug))

    assert offer_grant(open_offer) is None
    assert "Erasmus+ grant" not in page.content.decode()


def test_no_grant_is_shown_for_a_stay_the_rules_do_not_fund(client, home, open_offer):
    # A study stay of 20 days is below the two months a KA107 study period lasts at least.
    open_offer.duration_days = 20
    open_offer.save()

    assert offer_grant(open_offer) is None
    assert (
        "Erasmus+ grant"
        not in client.get(public_url("offer-detail", slug=open_offer.slug)).content.decode()
    )


def test_no_grant_without_an_institution_marked_as_ours(client, home, open_offer):
    Institution.objects.filter(is_home=True).update(is_home=False)

    assert offer_grant(open_offer) is None


def test_an_open_call_says_what_to_send_and_when_decisions_come(client, home, open_offer):
    CallForApplications.objects.create(
        offer=open_offer,
        is_open=True,
        required_documents=["transcript", "cv"],
        review_by=open_offer.application_deadline + datetime.timedelta(days=14),
        decide_by=datetime.date(2027, 3, 1),
    )

    facts = _facts(client.get(public_url("offer-detail", slug=open_offer.slug)))

    assert "To send with your application Transcript of records, CV" in facts
    assert "Selection Decisions by 1 Mar 2027" in facts


def test_a_closed_call_says_nothing_of_documents_or_decisions(client, home, open_offer):
    CallForApplications.objects.create(
        offer=open_offer,
        is_open=False,
        required_documents=["cv"],
        decide_by=datetime.date(2027, 3, 1),
    )

    facts = _facts(client.get(public_url("offer-detail", slug=open_offer.slug)))

    assert "To send with your application" not in facts
    assert "Decisions by" not in facts


def test_a_changed_rate_reaches_the_cached_offer_page(client, home, open_offer):
    url = public_url("offer-detail", slug=open_offer.slug)
    assert "EUR 3,623.33" in _facts(client.get(url))

    IndividualSupportRate.objects.filter(
        rate_table__call_year=2020,
        rate_table__action="KA107",
        category="student",
        direction="outgoing",
    ).update(amount=Decimal("750"))
    # A queryset update sends no signal; a save does, as the rate-table editor's does.
    rate = IndividualSupportRate.objects.filter(
        rate_table__call_year=2020,
        rate_table__action="KA107",
        category="student",
        direction="outgoing",
    ).first()
    rate.save()

    # 3 months and 1 day at EUR 750 = 2,275.00; with travel 3,775.00.
    assert "EUR 3,775.00" in _facts(client.get(url))


def test_rates_a_migration_seeds_reach_the_cached_offer_page(client, home, open_offer):
    url = public_url("offer-detail", slug=open_offer.slug)
    RateTable.objects.filter(call_year=2020, action="KA107").delete()
    assert "Erasmus+ grant" not in _facts(client.get(url))

    # Seeded in bulk, as the migration does: no signal per row, the stored page stays...
    seed_rates()
    assert "Erasmus+ grant" not in _facts(client.get(url))
    # ...until migrating ends with post_migrate, which retires the stored pages.
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "EUR 3,623.33" in _facts(client.get(url))
