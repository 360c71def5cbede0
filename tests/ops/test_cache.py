"""The cache as the settings build it from CACHE_URL: django-redis failing soft, on a Redis
database of its own, never the broker's."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories import ExchangeOfferFactory, ProjectPartnerFactory

BASE_DIR = Path(__file__).resolve().parent.parent.parent
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def _settings_with(**environment: str) -> subprocess.CompletedProcess:
    """Load the production settings in a fresh interpreter; print the cache they build."""
    script = (
        "import json; from exchange_portal.settings import production as s; "
        "print(json.dumps(s.CACHES['default']))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={**os.environ, "SECRET_KEY": secrets.token_urlsafe(50), **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_redis_cache_url_builds_a_django_redis_cache_that_fails_soft():
    loaded = _settings_with(
        CACHE_URL="redis://cache.internal:6379/0", CELERY_BROKER_URL="redis://broker:6379/0"
    )

    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout) == {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://cache.internal:6379/0",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


@pytest.mark.parametrize(
    ("cache_url", "broker_url"),
    [
        ("redis://redis:6379/0", "redis://redis:6379/0"),
        ("redis://redis:6379", "redis://redis:6379/0"),
        ("redis://redis/2", "redis://redis:6379/2"),
    ],
)
def test_cache_on_the_brokers_redis_database_is_refused(cache_url, broker_url):
    loaded = _settings_with(CACHE_URL=cache_url, CELERY_BROKER_URL=broker_url)

    assert loaded.returncode == 1
    assert (
        "ImproperlyConfigured: CACHE_URL points at the broker's Redis database (CELERY_BROKER_URL)."
    ) in loaded.stderr


@pytest.fixture
def unreachable_cache(settings):
    """The cache as the settings build it for a Redis that does not answer."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    yield cache
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_unreachable_cache_answers_as_an_empty_cache(unreachable_cache):
    unreachable_cache.set("page", "content")

    assert unreachable_cache.get("page") is None
    assert unreachable_cache.get("page", "fallback") == "fallback"
    assert unreachable_cache.get_many(["page", "counter"]) == {}
    assert unreachable_cache.incr("counter") is None


@pytest.mark.django_db
def test_public_pages_and_registration_work_while_the_cache_is_unreachable(
    client, unreachable_cache
):
    link = ProjectPartnerFactory()
    offer = ExchangeOfferFactory(
        project=link.project, partner=link.institution, slug="research-stay"
    )

    home = client.get("/en/")
    catalogue = client.get("/en/offers/")
    again = client.get("/en/offers/")
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

    assert [home.status_code, catalogue.status_code, again.status_code] == [200, 200, 200]
    assert registration.status_code == 302
    assert offer.registrations.get().email == "sanne@example.org"
    assert again["Cache-Control"] == "public, max-age=300"
