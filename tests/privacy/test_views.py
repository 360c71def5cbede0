import json

import pytest
from django.contrib.auth.models import Group

from accounts.rules import STAFF_GROUP
from mobility.models import Mobility
from tests.factories import MobilityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    client.force_login(user)
    return client


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("no role", 403), ("staff", 200)])
def test_privacy_page_is_for_staff_only(client, who, status):
    if who != "anonymous":
        user = UserFactory()
        if who == "staff":
            user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
        client.force_login(user)

    assert client.get("/workspace/privacy/").status_code == status


def test_privacy_export_downloads_json_for_staff(staff_client):
    MobilityFactory(email="ana@example.org", first_name="Ana")

    response = staff_client.get("/workspace/privacy/export/", {"email": "ana@example.org"})

    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    assert [m["first_name"] for m in json.loads(response.content)["mobilities"]] == ["Ana"]


def test_privacy_erase_needs_confirmation(staff_client):
    mobility = MobilityFactory(email="ana@example.org", first_name="Ana")

    staff_client.post("/workspace/privacy/erase/", {"email": "ana@example.org"})

    assert Mobility.objects.get(pk=mobility.pk).first_name == "Ana"


def test_privacy_erase_with_confirmation_erases(staff_client):
    mobility = MobilityFactory(email="ana@example.org", first_name="Ana")

    response = staff_client.post(
        "/workspace/privacy/erase/", {"email": "ana@example.org", "confirm": "on"}
    )

    assert response.status_code == 302
    assert Mobility.objects.get(pk=mobility.pk).first_name == "erased"


def test_privacy_erase_refuses_get(staff_client):
    assert staff_client.get("/workspace/privacy/erase/").status_code == 405
