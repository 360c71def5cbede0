import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from mobility.grants import recalculate_grant
from mobility.history import mobility_grant_history, rate_table_history
from mobility.models import Mobility, RateTable

pytestmark = pytest.mark.django_db


def _changes(entry):
    return [(change.label, change.old, change.new) for change in entry.changes]


def test_mobility_grant_history_shows_old_and_new_amounts(budget_project):
    mobility = budget_project.mobilities.get(status=Mobility.Status.COMPLETED)
    mobility.planned_end = datetime.date(2021, 3, 20)
    mobility.save()
    recalculate_grant(mobility=mobility)

    with translation.override("en"):
        newest, dates_changed, *_older = mobility_grant_history(mobility)

    assert _changes(newest) == [
        ("Individual support (EUR)", Decimal("1260.00"), Decimal("2646.00")),
    ]
    assert _changes(dates_changed) == [
        ("Planned end", datetime.date(2021, 3, 12), datetime.date(2021, 3, 20)),
    ]
    assert newest.kind_name == "changed"


def test_mobility_grant_history_starts_with_the_creation(budget_project):
    mobility = budget_project.mobilities.get(status=Mobility.Status.COMPLETED)

    with translation.override("en"):
        entries = mobility_grant_history(mobility)

    assert [entry.kind_name for entry in entries] == ["changed", "created"]
    assert ("Travel support (EUR)", Decimal("0.00"), Decimal("1500.00")) in _changes(entries[0])


def test_rate_table_history_lists_changes_to_rates_and_bands(rates):
    table = RateTable.objects.get(call_year=2022, action="KA171")
    band = table.travel_bands.get(min_km=8000)
    band.amount = Decimal("1550.00")
    band.save()
    rate = table.individual_rates.get(category="staff", direction="outgoing")
    rate.amount = Decimal("185.00")
    rate.save()

    with translation.override("en"):
        newest, second, *created = rate_table_history(table)

    assert (newest.subject, _changes(newest)) == (
        "Staff (per day), Outgoing (from us)",
        [("Rate (EUR)", Decimal("180.00"), Decimal("185.00"))],
    )
    assert (second.subject, _changes(second)) == (
        "Travel band from 8000 km",
        [("Standard travel (EUR)", Decimal("1500.00"), Decimal("1550.00"))],
    )
    assert {entry.kind_name for entry in created} == {"created"}
    # The table, its rates, its travel bands and its eligibility rules.
    assert len(created) == 1 + 8 + 7 + 6


def test_rate_table_page_shows_its_history_in_dutch(client, staff_user, rates):
    table = RateTable.objects.get(call_year=2022, action="KA171")
    band = table.travel_bands.get(min_km=8000)
    band.amount = Decimal("1550.00")
    band.save()
    client.force_login(staff_user)

    response = client.get(
        reverse("budgets:rate-table-detail", args=[table.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    )

    newest = response.context["entries"][0]
    assert (newest.subject, newest.kind_label) == ("Reisafstandsband vanaf 8000 km", "gewijzigd")
    assert "Reisafstandsband vanaf 8000 km</strong>" in response.content.decode()
    assert ">gewijzigd</span>" in response.content.decode()
