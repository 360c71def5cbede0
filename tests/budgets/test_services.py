from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgets.services import create_rate_table, recalculate_call_grants, set_distance_band
from mobility.models import Mobility, RateTable

pytestmark = pytest.mark.django_db


def _staff_mobility(project):
    return project.mobilities.get(status=Mobility.Status.COMPLETED)


def test_set_distance_band_recalculates_and_keeps_the_reason(budget_project):
    mobility = _staff_mobility(budget_project)

    set_distance_band(mobility=mobility, band_min_km=4000, justification=" From the Tokyo campus. ")

    mobility.refresh_from_db()
    assert (mobility.band_override_km, mobility.band_override_justification) == (
        4000,
        "From the Tokyo campus.",
    )
    assert (mobility.distance_band, mobility.travel_support) == ("4000-7999 km", Decimal("820.00"))


def test_set_distance_band_needs_a_justification(budget_project):
    with pytest.raises(ValidationError) as raised:
        set_distance_band(
            mobility=_staff_mobility(budget_project), band_min_km=4000, justification="  "
        )

    assert raised.value.message_dict == {
        "justification": ["Changing the distance band needs a written justification."]
    }


def test_set_distance_band_must_be_a_band_of_the_call(budget_project):
    with pytest.raises(ValidationError) as raised:
        set_distance_band(
            mobility=_staff_mobility(budget_project), band_min_km=4500, justification="Why not."
        )

    assert raised.value.message_dict == {"band": ["The call's rate table has no such band."]}


def test_set_distance_band_back_to_the_distance(budget_project):
    mobility = _staff_mobility(budget_project)
    set_distance_band(mobility=mobility, band_min_km=4000, justification="Tokyo campus.")

    set_distance_band(mobility=mobility, band_min_km=None, justification="ignored")

    mobility.refresh_from_db()
    assert (mobility.band_override_km, mobility.band_override_justification) == (None, "")
    assert mobility.travel_support == Decimal("1500.00")


def test_create_rate_table_copies_rates_and_bands(rates):
    source = RateTable.objects.get(call_year=2027, action="KA171")

    table = create_rate_table(call_year=2028, action="KA171", copy_from=source)

    assert table.notes == "Copied from KA171 2027."
    assert table.organisational_support == Decimal("350.00")
    assert table.individual_rates.count() == source.individual_rates.count() == 8
    assert list(table.travel_bands.values_list("min_km", "amount")) == list(
        source.travel_bands.values_list("min_km", "amount")
    )
    assert source.individual_rates.count() == 8
    assert list(
        table.eligibility_rules.values_list("activity", "unit", "min_duration", "max_duration")
    ) == list(
        source.eligibility_rules.values_list("activity", "unit", "min_duration", "max_duration")
    )
    assert table.eligibility_rules.count() == 6
    assert (table.max_travel_days, table.green_travel_extra_days) == (2, 4)


def test_create_rate_table_refuses_a_second_table_for_a_call(rates):
    with pytest.raises(ValidationError):
        create_rate_table(call_year=2020, action="KA107")


def test_create_rate_table_refuses_an_action_outside_its_years(rates):
    with pytest.raises(ValidationError):
        create_rate_table(call_year=2030, action="KA107")


def test_recalculate_call_grants_after_a_rate_correction(budget_project):
    table = RateTable.objects.get(call_year=2020, action="KA107")
    table.travel_bands.filter(min_km=8000).update(amount=Decimal("1600.00"))

    changed = recalculate_call_grants(table=table)

    # A and B go to Nagasaki (8000 km and more); the cancelled D too.
    assert changed == 2
    assert sorted(
        budget_project.mobilities.exclude(status="cancelled").values_list(
            "travel_support", flat=True
        )
    ) == [Decimal("820.00"), Decimal("820.00"), Decimal("1600.00"), Decimal("1600.00")]
