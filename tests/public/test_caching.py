import pytest

from tests.factories import (
    ExchangeOfferFactory,
    InterestRegistrationFactory,
    PersonFactory,
    UserFactory,
)
from tests.public.helpers import public_url

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_served_from_the_cache_the_second_time(
    client, open_offer, django_assert_num_queries
):
    url = public_url("offer-list")
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=300"
    assert second["Vary"] == "Cookie"


def test_anonymous_page_is_cached_per_language(client, open_offer):
    english = client.get(public_url("offer-detail", slug=open_offer.slug))
    dutch = client.get(f"/nl/offers/{open_offer.slug}/")

    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="nl">' in dutch.content.decode()


def test_anonymous_page_is_cached_per_query_string(client, open_offer, havana):
    ExchangeOfferFactory(partner=havana, title="In Havana")
    url = public_url("offer-list")

    everything = client.get(url)
    cuba = client.get(url, {"country": "CU"})

    assert "2 offers" in everything.content.decode()
    assert "1 offer" in cuba.content.decode()


def test_a_change_to_the_data_shows_at_once(client, open_offer):
    url = public_url("offer-detail", slug=open_offer.slug)
    client.get(url)

    open_offer.title = "Renamed offer"
    open_offer.save()

    assert "<h1>Renamed offer</h1>" in client.get(url).content.decode()


def test_a_change_to_the_co_coordinators_shows_at_once(client, open_offer):
    url = public_url("project-detail", slug=open_offer.project.slug)
    client.get(url)

    open_offer.project.co_coordinators.add(PersonFactory(first_name="Luis", last_name="Cruz"))

    assert "Luis Cruz" in client.get(url).content.decode()


def test_signed_in_visitor_gets_a_private_page_that_is_not_stored(client, open_offer):
    client.force_login(UserFactory(username="staff-member"))
    url = public_url("offer-list")

    signed_in = client.get(url)
    client.logout()
    anonymous = client.get(url)

    assert "private" in signed_in["Cache-Control"]
    assert "staff-member" in signed_in.content.decode()
    assert "staff-member" not in anonymous.content.decode()
    assert "public" in anonymous["Cache-Control"]


def test_not_found_is_not_stored(client, open_offer, django_assert_num_queries):
    url = public_url("offer-detail", slug="missing")
    client.get(url)

    with django_assert_num_queries(1):
        response = client.get(url)

    assert response.status_code == 404


def test_form_with_errors_is_never_stored(client, open_offer):
    url = public_url("offer-register", slug=open_offer.slug)

    response = client.post(url, {"name": "Sanne"})
    fresh = client.get(url)

    assert "no-store" in response["Cache-Control"]
    assert "This field is required." not in fresh.content.decode()


@pytest.fixture
def pages_worked_out(settings):
    """The whole-page cache off: each page is worked out, from the pieces the cache keeps."""
    settings.PUBLIC_PAGE_CACHE = False


@pytest.mark.usefixtures("pages_worked_out")
def test_a_stored_offer_card_gives_way_to_a_change(client, open_offer):
    url = public_url("offer-list")
    assert "Medical imaging research in Nagasaki" in client.get(url).content.decode()

    open_offer.title = "Renamed offer"
    open_offer.save()

    assert "Renamed offer" in client.get(url).content.decode()


@pytest.mark.usefixtures("pages_worked_out")
def test_a_stored_offer_card_shows_the_places_taken(client, open_offer):
    open_offer.places = 1
    open_offer.save()
    url = public_url("offer-list")
    assert "Open for interest" in client.get(url).content.decode()

    InterestRegistrationFactory(offer=open_offer, status="nominated")

    assert "All places are taken" in client.get(url).content.decode()


@pytest.mark.usefixtures("pages_worked_out")
def test_a_stored_offer_card_is_per_language(client, open_offer):
    client.get(public_url("offer-list"))

    dutch = client.get("/nl/offers/").content.decode()

    assert "Onderzoek naar medische beeldvorming in Nagasaki" in dutch


@pytest.mark.usefixtures("pages_worked_out")
def test_the_stored_filter_form_keeps_each_visitors_choices(client, open_offer, havana):
    ExchangeOfferFactory(partner=havana, title="In Havana")
    url = public_url("offer-list")
    client.get(url)

    cuba = client.get(url, {"country": "CU", "q": "<b>lab</b>"}).content.decode()
    again = client.get(url).content.decode()

    assert '<option value="CU" selected>' in cuba
    assert 'value="&lt;b&gt;lab&lt;/b&gt;"' in cuba
    assert '<option value="CU" selected>' not in again
    assert "&lt;b&gt;lab" not in again


@pytest.mark.usefixtures("pages_worked_out")
def test_with_the_page_cache_off_a_signed_in_visitor_still_gets_a_private_page(
    client, open_offer, django_assert_num_queries
):
    url = public_url("offer-list")
    client.get(url)
    with django_assert_num_queries(1):  # worked out again (the page's keys), not stored
        anonymous = client.get(url)
    client.force_login(UserFactory(username="staff-member"))

    signed_in = client.get(url)

    assert anonymous["Cache-Control"] == "public, max-age=300"
    assert "private" in signed_in["Cache-Control"]
