from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from . import services


@method_decorator(never_cache, name="dispatch")
class HealthView(View):
    """The parts' state as JSON: 200 while the portal serves pages (even with email waiting),
    503 when it cannot (the database is unreachable)."""

    def get(self, request):
        report = services.health()
        return JsonResponse(report, status=503 if report["status"] == "down" else 200)
