import time

import pytest
from django.core.cache import cache

from tests.factories import ExchangeOfferFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "ops.cache.FailSoftRedisCache", "LOCATION": UNREACHABLE_REDIS}
    }
    yield cache
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_unreachable_cache_answers_as_an_empty_cache(unreachable_cache):
    unreachable_cache.set("page", "content")

    assert unreachable_cache.get("page") is None
    assert unreachable_cache.get("page", "fallback") == "fallback"
    assert unreachable_cache.add("counter", 0) is False
    assert unreachable_cache.get_many(["page", "counter"]) == {}
    assert unreachable_cache.has_key("page") is False
    assert unreachable_cache.delete("page") is False
    with pytest.raises(ValueError, match="not found"):
        unreachable_cache.incr("counter")


def test_unreachable_cache_answers_at_once(unreachable_cache):
    started = time.monotonic()

    for _ in range(10):
        unreachable_cache.get("page")

    assert time.monotonic() - started < 1


def test_public_pages_and_registration_work_while_the_cache_is_unreachable(
    client, unreachable_cache
):
    link = ProjectPartnerFactory()
    offer = ExchangeOfferFactory(
        project=link.project, partner=link.institution, slug="research-stay"
    )

    home = client.get("/en/")
    catalogue = client.get("/en/offers/")
    registration = client.post(
        "/en/offers/research-stay/register/",
        {
            "name": "Sanne de Vries",
            "email": "sanne@example.org",
            "study_programme": "Biomedical Sciences",
            "level": "master",
            "motivation": "Medical imaging.",
        },
    )

    assert (home.status_code, catalogue.status_code, registration.status_code) == (200, 200, 302)
    assert offer.registrations.get().email == "sanne@example.org"
