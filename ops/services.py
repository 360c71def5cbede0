"""Health of the portal's parts, as /healthz reports it."""

from datetime import datetime, timedelta

from celery import current_app as celery_app
from django.conf import settings
from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone

from outbox.models import OutgoingEmail

from .models import Heartbeat

# celery_app is the project's app (exchange_portal.celery), the current one once Django has
# loaded: ops sits below the project package and does not import it.

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


def outbox_backlog(*, now: datetime) -> dict:
    """Emails not sent: queued and failed counts, and how long the oldest queued one waits.

    Queued emails pile up while the broker or the worker is down; the periodic requeue
    sends them once both are back.
    """
    counts = dict(
        OutgoingEmail.objects.filter(
            status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED]
        )
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    oldest = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).aggregate(
        oldest=Min("created_at")
    )["oldest"]
    return {
        "queued": counts.get(OutgoingEmail.Status.QUEUED, 0),
        "failed": counts.get(OutgoingEmail.Status.FAILED, 0),
        "oldest_queued_seconds": int((now - oldest).total_seconds()) if oldest else None,
    }


def health(*, now: datetime | None = None) -> dict:
    """The state of each part, and overall: "ok"; "degraded" when pages work but email waits
    (broker down, worker stopped beating); "down" when the database is unreachable."""
    now = now or timezone.now()
    database = database_ok()
    report = {
        "database": "ok" if database else "down",
        "broker": "ok" if broker_ok() else "down",
        "worker": worker_state(now=now),
        "outbox": outbox_backlog(now=now) if database else None,
    }
    if not database:
        report["status"] = "down"
    elif report["broker"] == "down" or report["worker"] == "stale":
        report["status"] = "degraded"
    else:
        report["status"] = "ok"
    return report
