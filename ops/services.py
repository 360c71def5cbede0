"""Health of the portal's parts, as /healthz reports it."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from exchange_portal.celery import app as celery_app

from .models import Heartbeat

WORKER = "worker"
# Beat asks the worker for a heartbeat every minute; three missed ones mean trouble.
WORKER_STALE_AFTER = timedelta(minutes=3)


def record_heartbeat(*, name: str, now: datetime) -> None:
    """Store that a process is alive now."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        return False


def broker_ok() -> bool:
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - any failure means the broker is not reachable
        return False


def worker_state(*, now: datetime) -> str:
    """'ok' when the worker beat recently, 'stale' when it stopped, 'unknown' if never seen."""
    try:
        beat = Heartbeat.objects.filter(name=WORKER).values_list("beat_at", flat=True).first()
    except Exception:  # noqa: BLE001 - the database is down; database_ok reports that
        return "unknown"
    if beat is None:
        return "unknown"
    return "ok" if now - beat <= WORKER_STALE_AFTER else "stale"


def health(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    report = {
        "database": "ok" if database_ok() else "down",
        "broker": "ok" if broker_ok() else "down",
        "worker": worker_state(now=now),
    }
    report["status"] = "ok" if report["database"] == report["broker"] == "ok" else "down"
    return report
