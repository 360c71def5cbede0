"""One regression test for each finding of `make scan` (scripts/scan.py)."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.rules import STAFF_GROUP
from mobility.models import RateTable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = UserFactory(username="iro")
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_rate_table_without_travel_bands_shows_its_page(staff_client):
    """wapiti (staff, workspace): deleting every travel band of a table made its page a 500."""
    new_empty_table = {"call_year": 2031, "action": "KA171", "copy_from": ""}
    staff_client.post(reverse("budgets:rate-table-create"), new_empty_table)
    table = RateTable.objects.get(call_year=2031)

    response = staff_client.get(reverse("budgets:rate-table-detail", kwargs={"pk": table.pk}))

    assert response.status_code == 200
    assert list(response.context["bands"]) == []


def test_admin_login_with_overlong_username_is_a_failed_login_not_a_server_error(client):
    """A scanner found django-axes answering 500 to usernames over 255 characters. The portal's
    login form refuses them first; the admin's login form does not, and axes must cope."""
    response = client.post(
        reverse("admin:login"), {"username": "a" * 300, "password": "guess"}, secure=True
    )

    assert response.status_code == 200
    assert [len(attempt.username) for attempt in AccessAttempt.objects.all()] == [150]
