import datetime
import secrets
import zlib
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache
from django.db import connection

from public_site.caching import GENERATION_KEY
from tests.factories import ExchangeOfferFactory, PersonFactory, UserFactory
from tests.public.helpers import public_url

# Redis databases the worker tests leave alone (tests/services.py takes 5-15).
PAGE_CACHE_REDIS_DBS = range(1, 5)

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
def redis_cache(settings):
    """The page cache on the test Redis as deployed (django-redis), under a key prefix of
    this test database's own: test runs side by side never see each other's keys."""
    database = connection.settings_dict["NAME"]
    redis_db = PAGE_CACHE_REDIS_DBS[zlib.crc32(database.encode()) % len(PAGE_CACHE_REDIS_DBS)]
    location = urlunsplit(urlsplit(settings.CELERY_BROKER_URL)._replace(path=f"/{redis_db}"))
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"{database}-page-cache",
        }
    }
    cache.delete_pattern("*")
    yield cache
    cache.delete_pattern("*")


def test_unknown_parameters_store_no_page_of_their_own(client, open_offer, redis_cache):
    url = public_url("offer-list")
    first = client.get(url)

    responses = [
        client.get(url, {"utm_source": secrets.token_hex(8), f"x{number}": "1"})
        for number in range(200)
    ]

    assert len(redis_cache.keys("*")) == 2  # the generation and the one page
    assert redis_cache.has_key(GENERATION_KEY)
    assert {response.content for response in responses} == {first.content}


def test_parameters_in_another_order_or_repeated_share_one_stored_page(
    client, open_offer, redis_cache
):
    url = public_url("offer-list")
    first = client.get(f"{url}?country=JP&activity=SMS")
    stored = set(redis_cache.keys("*"))

    reordered = client.get(f"{url}?activity=SMS&country=JP")
    repeated = client.get(f"{url}?country=CU&country=JP&activity=SMS&activity=SMS&page=")

    assert set(redis_cache.keys("*")) == stored
    assert len(stored) == 2
    assert reordered.content == repeated.content == first.content


def test_pages_do_not_link_to_the_parameters_they_do_not_read(client, nagasaki, today):
    ExchangeOfferFactory.create_batch(
        13, partner=nagasaki, application_deadline=today + datetime.timedelta(days=5)
    )

    response = client.get(public_url("offer-list"), {"utm_source": "newsletter", "page": "1"})

    assert 'href="?page=2"' in response.content.decode()
    assert "utm_source" not in response.content.decode()


def test_a_generation_lost_from_the_cache_is_never_started_again_at_an_old_number(
    client, open_offer
):
    url = public_url("offer-detail", slug=open_offer.slug)
    cache.delete(GENERATION_KEY)  # Redis restarted without its data
    open_offer.save()  # a generation starts
    client.get(url)  # and the page is stored in it
    cache.delete(GENERATION_KEY)  # evicted

    open_offer.title = "Renamed offer"
    open_offer.save()  # a generation starts again

    assert "<h1>Renamed offer</h1>" in client.get(url).content.decode()


def test_with_the_page_cache_off_anonymous_pages_keep_their_public_headers(
    client, open_offer, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE = False
    url = public_url("offer-list")
    client.get(url)

    with django_assert_num_queries(5):  # worked out again: nothing stored
        anonymous = client.get(url)
    client.force_login(UserFactory(username="staff-member"))
    signed_in = client.get(url)

    assert anonymous["Cache-Control"] == "public, max-age=300"
    assert "private" in signed_in["Cache-Control"]
    assert "staff-member" in signed_in.content.decode()
