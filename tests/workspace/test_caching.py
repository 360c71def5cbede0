"""Workspace pages kept per session until the database changes (workspace.caching).

These tests commit what they write (transaction=True): a kept page is dropped when the
database's snapshot changes, which only a committed write does.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.rules import STAFF_GROUP
from projects.models import Project

from .conftest import MODEL_BACKEND, make_coordinator, make_project_world, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

PROJECTS = reverse("workspace:project-list")


@pytest.fixture(autouse=True)
def keep_pages(settings):
    settings.WORKSPACE_PAGE_CACHE = True


@pytest.fixture
def world():
    return make_project_world(
        coordinator=make_coordinator("coordinator-a", first_name="Maria", last_name="Lopez"),
        title="Leiden and Havana",
        partner_name="University of Havana",
    )


def browser(user) -> Client:
    """A signed-in browser that has its CSRF cookie, as after its first workspace page."""
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    client.get(reverse("workspace:dashboard"))
    return client


def visit_twice(client, url):
    """The page worked out (and kept), then asked for again; the queries of the second visit.

    Any committed write in the cluster changes the snapshot, the server's own too (autovacuum
    recording statistics): if one came between the two visits, the pair is made again, three
    times at most."""
    for _attempt in range(3):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        if len(queries) <= 3:
            break
    return first, second, [query["sql"] for query in queries]


def test_page_asked_again_comes_from_the_kept_page_with_three_queries(world):
    client = browser(make_staff())

    first, second, queries = visit_twice(client, PROJECTS)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert "Leiden and Havana" in second.content.decode()
    assert len(queries) == 3
    assert "django_session" in queries[0]
    assert "auth_user" in queries[1]
    assert "pg_current_snapshot()" in queries[2]


@pytest.mark.parametrize(
    "url_name",
    ["workspace:project-detail", "workspace:mobility-detail", "workspace:offer-detail"],
)
def test_object_pages_are_kept(world, url_name):
    obj = {
        "workspace:project-detail": world.project,
        "workspace:mobility-detail": world.mobility,
        "workspace:offer-detail": world.offer,
    }[url_name]
    client = browser(make_staff())

    first, second, queries = visit_twice(client, reverse(url_name, args=[obj.pk]))

    assert second.content == first.content
    assert len(queries) == 3


def test_a_change_committed_since_shows_at_once(world):
    client = browser(make_staff())
    visit_twice(client, PROJECTS)

    world.project.title = "Leiden, Havana and Santiago"
    world.project.save()
    response = client.get(PROJECTS)

    assert "Leiden, Havana and Santiago" in response.content.decode()


def test_a_bulk_update_by_another_connection_shows_at_once(world):
    """Like the worker's writes: another connection, no model signal."""
    client = browser(make_staff())
    visit_twice(client, PROJECTS)

    def rename():
        Project.objects.filter(pk=world.project.pk).update(title="Renamed elsewhere")
        connection.close()

    writer = threading.Thread(target=rename)
    writer.start()
    writer.join()
    response = client.get(PROJECTS)

    assert "Renamed elsewhere" in response.content.decode()
    assert "Leiden and Havana" not in response.content.decode()


def test_a_kept_page_is_never_served_to_another_session(world, settings):
    staff_browser = browser(make_staff())
    coordinator = make_coordinator("coordinator-b", first_name="Kenji", last_name="Tanaka")
    coordinator_browser = browser(coordinator)
    # Even with the same CSRF cookie and unchanged data, the sessions tell the visitors apart.
    csrf_cookie = staff_browser.cookies[settings.CSRF_COOKIE_NAME].value
    coordinator_browser.cookies[settings.CSRF_COOKIE_NAME] = csrf_cookie
    _first, staff_page, _queries = visit_twice(staff_browser, PROJECTS)

    coordinator_page = coordinator_browser.get(PROJECTS)

    assert "New project" in staff_page.content.decode()
    assert "New project" not in coordinator_page.content.decode()
    assert "Log out (coordinator-b)" in coordinator_page.content.decode()


def test_access_withdrawn_is_refused_on_the_next_visit(world):
    staff = make_staff()
    client = browser(staff)
    visit_twice(client, PROJECTS)

    staff.groups.remove(staff.groups.get(name=STAFF_GROUP))
    response = client.get(PROJECTS)

    assert response.status_code == 403


def test_a_message_is_shown_once_and_the_page_after_it_is_current(world):
    client = browser(make_staff())
    detail = reverse("workspace:project-detail", args=[world.project.pk])
    visit_twice(client, detail)

    done = client.post(
        reverse("workspace:deadline-done", args=[world.deadline.pk]), {"next": detail}, follow=True
    )
    again = client.get(detail)

    assert "is marked done" in done.content.decode()
    assert "is marked done" not in again.content.decode()
    assert "No open deadlines." in again.content.decode()


def test_pages_are_worked_out_each_time_with_keeping_off(world, settings):
    settings.WORKSPACE_PAGE_CACHE = False
    client = browser(make_staff())

    _first, _second, queries = visit_twice(client, PROJECTS)

    assert len(queries) > 3
    assert not any("pg_current_snapshot" in sql for sql in queries)


def test_pages_are_not_kept_off_postgresql(world, monkeypatch):
    """SQLite, the embedded default, has no snapshot to tell a change by."""
    client = browser(make_staff())
    monkeypatch.setattr(connection, "vendor", "sqlite")

    _first, _second, queries = visit_twice(client, PROJECTS)

    assert len(queries) > 3
    assert not any("pg_current_snapshot" in sql for sql in queries)


def test_an_export_is_a_file_and_never_looks_for_a_kept_page(world):
    client = browser(make_staff())
    export = reverse("workspace:project-export", kwargs={"export_format": "csv"})

    with CaptureQueriesContext(connection) as queries:
        response = client.get(export)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert not any("pg_current_snapshot" in query["sql"] for query in queries)
