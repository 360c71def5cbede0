from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ops import services
from ops.tasks import heartbeat
from outbox.models import OutgoingEmail
from tests.factories import OutgoingEmailFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_broker(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"


def test_healthz_reports_every_part_ok_and_worker_unknown_before_any_beat(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "worker": "unknown",
        "outbox": {"queued": 0, "failed": 0, "oldest_queued_seconds": None},
        "status": "ok",
    }


def test_healthz_reports_worker_ok_after_a_heartbeat(client):
    heartbeat()

    assert client.get("/healthz").json()["worker"] == "ok"


def test_worker_state_is_stale_three_minutes_after_the_last_beat():
    now = timezone.now()
    services.record_heartbeat(name=services.WORKER, now=now - timedelta(minutes=3, seconds=1))

    assert services.worker_state(now=now) == "stale"


def test_healthz_is_degraded_but_200_when_the_worker_stopped_beating(client):
    services.record_heartbeat(name=services.WORKER, now=timezone.now() - timedelta(minutes=10))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert (response.json()["worker"], response.json()["status"]) == ("stale", "degraded")


def test_healthz_is_degraded_but_200_when_the_broker_is_unreachable(client, unreachable_broker):
    response = client.get("/healthz")

    # Pages and forms work without the broker; their emails wait in the outbox.
    assert response.status_code == 200
    assert (response.json()["broker"], response.json()["status"]) == ("down", "degraded")
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_reports_the_outbox_backlog():
    now = timezone.now()
    with time_machine.travel(now - timedelta(minutes=7), tick=False):
        OutgoingEmailFactory()
    with time_machine.travel(now - timedelta(minutes=2), tick=False):
        OutgoingEmailFactory()
    OutgoingEmailFactory(status=OutgoingEmail.Status.FAILED)
    OutgoingEmailFactory(status=OutgoingEmail.Status.SENT, sent_at=now)
    OutgoingEmailFactory(status=OutgoingEmail.Status.SENDING)

    assert services.outbox_backlog(now=now) == {
        "queued": 2,
        "failed": 1,
        "oldest_queued_seconds": 420,
    }


def test_healthz_answers_a_probe_on_an_address_outside_allowed_hosts_over_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert (response["X-Content-Type-Options"], response["X-Frame-Options"]) == ("nosniff", "DENY")


def test_other_pages_still_check_the_host(client):
    assert client.get("/en/", HTTP_HOST="10.0.0.7:8000").status_code == 400


FULL_REPORT_KEYS = ["broker", "database", "outbox", "status", "worker"]


def test_healthz_tells_a_remote_visitor_the_status_alone(client):
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_tells_a_request_through_a_proxy_the_status_alone(client):
    """A reverse proxy on the same machine connects from loopback but says whom it serves."""
    response = client.get("/healthz", headers={"X-Forwarded-For": "203.0.113.5"})

    assert response.json() == {"status": "ok"}


def test_healthz_gives_the_details_to_a_remote_monitor_with_the_token(client, settings):
    settings.HEALTHZ_TOKEN = "a-long-monitoring-token-0123456789"

    with_token = client.get(
        "/healthz",
        REMOTE_ADDR="203.0.113.5",
        headers={"Authorization": "Bearer a-long-monitoring-token-0123456789"},
    )
    wrong_token = client.get(
        "/healthz", REMOTE_ADDR="203.0.113.5", headers={"Authorization": "Bearer guess"}
    )

    assert sorted(with_token.json()) == FULL_REPORT_KEYS
    assert wrong_token.json() == {"status": "ok"}


def test_healthz_without_a_configured_token_accepts_none(client, settings):
    settings.HEALTHZ_TOKEN = ""

    response = client.get(
        "/healthz", REMOTE_ADDR="203.0.113.5", headers={"Authorization": "Bearer "}
    )

    assert response.json() == {"status": "ok"}


def test_healthz_gives_the_details_to_a_probe_on_ipv6_loopback(client):
    response = client.get("/healthz", REMOTE_ADDR="::1")

    assert sorted(response.json()) == FULL_REPORT_KEYS


def test_healthz_tells_a_remote_visitor_down_with_503_and_nothing_more(client, monkeypatch):
    # The database cannot be stopped inside a test's transaction; an unreachable server is
    # what database_ok() reports as down.
    from django.db import connection

    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    connection.close()
    try:
        response = client.get("/healthz", REMOTE_ADDR="203.0.113.5")
    finally:
        monkeypatch.undo()
        connection.close()

    assert response.status_code == 503
    assert response.json() == {"status": "down"}
