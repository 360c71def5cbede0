import pytest

from tests.factories import ExchangeOfferFactory, PersonFactory, UserFactory
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
