"""The portal's URLs plus the floor: a trivial view served by the same process."""

from django.http import HttpResponse
from django.urls import path

from exchange_portal.urls import urlpatterns as portal_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *portal_urlpatterns]
