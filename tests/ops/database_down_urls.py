import psycopg2
from django.db import InterfaceError, OperationalError
from django.urls import path


def refused(request):
    raise OperationalError('connection to server at "db" failed: Connection refused')


def closed(request):
    raise InterfaceError("connection already closed")


def dropped(request):
    # What a cursor's close() raises, unwrapped by Django, when the server went away.
    raise psycopg2.OperationalError("server closed the connection unexpectedly")


def broken(request):
    raise ValueError("not a database problem")


urlpatterns = [
    path("refused/", refused),
    path("closed/", closed),
    path("dropped/", dropped),
    path("broken/", broken),
]
