"""A mobility outside a signed agreement is warned about, on its workspace page too."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import Agreement
from agreements.selectors import academic_year_of, mobility_agreement_warning

pytestmark = pytest.mark.django_db


def test_academic_year_starts_in_september():
    assert academic_year_of(datetime.date(2021, 8, 31)) == 2020
    assert academic_year_of(datetime.date(2021, 9, 1)) == 2021


def test_mobility_covered_by_a_signed_agreement_has_no_warning(havana):
    assert mobility_agreement_warning(havana.mobility) == ""


def test_mobility_without_a_signed_agreement_is_warned_about(havana):
    Agreement.objects.filter(pk=havana.agreement.pk).update(
        status="signed_one", partner_signing_date=None
    )

    assert mobility_agreement_warning(havana.mobility) == (
        "There is no agreement signed by both partners with University of Havana."
    )


def test_mobility_in_a_year_the_agreement_does_not_cover_is_warned_about(havana):
    havana.mobility.planned_start = datetime.date(2023, 10, 2)
    havana.mobility.planned_end = datetime.date(2023, 10, 6)

    assert mobility_agreement_warning(havana.mobility) == (
        "No agreement signed by both partners covers the academic year 2023/2024."
    )


def test_mobility_of_a_flow_the_agreement_lacks_is_warned_about(havana):
    havana.mobility.direction = "incoming"

    assert mobility_agreement_warning(havana.mobility) == (
        "The signed agreement for 2020/2021 has no cooperation condition for this direction "
        "and activity."
    )


def test_workspace_mobility_page_shows_the_warning(client, login, staff_user, havana):
    Agreement.objects.filter(pk=havana.agreement.pk).update(status="ended", ended_on="2021-01-01")
    login(staff_user)

    response = client.get(reverse("workspace:mobility-detail", args=[havana.mobility.pk]))

    text = response.content.decode()
    assert "Outside a signed agreement:" in text
    assert "There is no agreement signed by both partners with University of Havana." in text


def test_workspace_mobility_page_without_warning_when_covered(client, login, staff_user, havana):
    login(staff_user)

    response = client.get(reverse("workspace:mobility-detail", args=[havana.mobility.pk]))

    assert "Outside a signed agreement:" not in response.content.decode()
