"""A partner contact nominates an incoming candidate; the office accepts it into a mobility."""

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import Nomination
from mobility.models import Mobility

pytestmark = pytest.mark.django_db

CANDIDATE = {
    "first_name": "Luis",
    "last_name": "Pérez",
    "email": "luis@uh.cu",
    "birth_date": "1990-01-01",
    "nationality": "CU",
    "gender": "M",
    "activity": "STA",
    "level": "staff",
    "planned_start": "2021-11-08",
    "planned_end": "2021-11-12",
}


def _nominate_path():
    with translation.override("en"):
        return reverse("partner:nominate")


def test_nomination_becomes_a_planned_incoming_mobility(
    client, partner_client, login, staff_user, havana
):
    partner_client(havana.contact).post(
        _nominate_path(), {"project": havana.project.pk, **CANDIDATE}
    )
    nomination = Nomination.objects.get(last_name="Pérez")
    login(staff_user)

    listed = client.get(reverse("agreements:nomination-list"))
    response = client.post(
        reverse("agreements:nomination-decide", args=[nomination.pk]), {"decision": "accept"}
    )

    assert "Luis Pérez" in listed.content.decode()
    assert response.status_code == 302
    nomination.refresh_from_db()
    mobility = nomination.mobility
    assert nomination.status == "accepted"
    assert (
        mobility.project,
        mobility.partner,
        mobility.direction,
        mobility.status,
        mobility.first_name,
        mobility.last_name,
        str(mobility.planned_start),
        mobility.travel_days,
        str(mobility.nationality),
    ) == (
        havana.project,
        havana.institution,
        "incoming",
        "nominated",
        "Luis",
        "Pérez",
        "2021-11-08",
        2,
        "CU",
    )
    assert mobility.individual_support > 0
    assert nomination.history.first().history_change_reason is None
    assert nomination.history.last().history_change_reason == (
        "by:Miriam Nicado (University of Havana)"
    )


def test_nomination_accepted_twice_makes_one_mobility(client, login, staff_user, havana):
    login(staff_user)
    url = reverse("agreements:nomination-decide", args=[havana.nomination.pk])
    before = Mobility.objects.count()

    client.post(url, {"decision": "accept"})
    again = client.post(url, {"decision": "accept"}, follow=True)

    assert Mobility.objects.count() == before + 1
    assert "This nomination was already decided." in again.content.decode()


def test_ineligible_nomination_is_not_accepted(client, login, staff_user, havana):
    Nomination.objects.filter(pk=havana.nomination.pk).update(planned_end="2021-12-30")
    login(staff_user)
    before = Mobility.objects.count()

    listed = client.get(reverse("agreements:nomination-list"))
    client.post(
        reverse("agreements:nomination-decide", args=[havana.nomination.pk]),
        {"decision": "accept"},
    )

    assert Mobility.objects.count() == before
    assert Nomination.objects.get(pk=havana.nomination.pk).status == "pending"
    assert 'class="text-danger small mb-1"' in listed.content.decode()


def test_nomination_with_level_not_matching_activity_is_refused_next_to_the_field(
    partner_client, havana
):
    response = partner_client(havana.contact).post(
        _nominate_path(), {"project": havana.project.pk, **CANDIDATE, "activity": "SMS"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "level": ["Staff activities are for staff, student activities for students."]
    }
    assert not Nomination.objects.filter(last_name="Pérez").exists()


@pytest.mark.parametrize("who", ["coordinator_a", "plain_user", None])
def test_only_staff_see_and_decide_nominations(client, login, havana, who, request):
    user = request.getfixturevalue(who) if who else None
    login(user)

    listed = client.get(reverse("agreements:nomination-list"))
    decided = client.post(
        reverse("agreements:nomination-decide", args=[havana.nomination.pk]),
        {"decision": "accept"},
    )

    expected = 302 if user is None else 403
    assert (listed.status_code, decided.status_code) == (expected, expected)
    assert Nomination.objects.get(pk=havana.nomination.pk).status == "pending"
