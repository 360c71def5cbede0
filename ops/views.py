import hmac
import ipaddress

from django.conf import settings
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from . import services


@method_decorator(never_cache, name="dispatch")
class HealthView(View):
    """The parts' state as JSON: 200 while the portal serves pages (even with email waiting),
    503 when it cannot (the database is unreachable).

    The details (database, broker, worker, backlog) go to a probe on the machine itself or
    one that sends HEALTHZ_TOKEN as a bearer token; anyone else gets the status alone.
    """

    def get(self, request):
        report = services.health()
        status = 503 if report["status"] == "down" else 200
        if not (is_local_probe(request) or has_health_token(request)):
            report = {"status": report["status"]}
        return JsonResponse(report, status=status)


def is_local_probe(request) -> bool:
    """From a loopback address with no proxy in between (a proxy on the same machine would
    connect from loopback too, but says whom it forwards for)."""
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_FORWARDED" in request.META:
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def has_health_token(request) -> bool:
    token = settings.HEALTHZ_TOKEN
    if not token:
        return False
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(sent.encode(), token.encode())
