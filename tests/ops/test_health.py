from datetime import timedelta

import pytest
from django.utils import timezone

from ops import services
from ops.tasks import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_broker(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"


def test_healthz_reports_database_and_broker_ok_and_worker_unknown_before_any_beat(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "worker": "unknown",
        "status": "ok",
    }


def test_healthz_reports_worker_ok_after_a_heartbeat(client):
    heartbeat()

    assert client.get("/healthz").json()["worker"] == "ok"


def test_worker_state_is_stale_three_minutes_after_the_last_beat():
    now = timezone.now()
    services.record_heartbeat(name=services.WORKER, now=now - timedelta(minutes=3, seconds=1))

    assert services.worker_state(now=now) == "stale"


def test_healthz_is_503_when_the_broker_is_unreachable(client, unreachable_broker):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response["Cache-Control"].startswith("max-age=0")
