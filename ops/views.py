from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from . import services


@method_decorator(never_cache, name="dispatch")
class HealthView(View):
    """Database, broker and worker state; 503 when the portal cannot serve or queue work."""

    def get(self, request):
        report = services.health()
        return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
