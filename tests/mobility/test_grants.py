import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from mobility.grants import (
    GrantCalculationError,
    MissingRateError,
    calendar_days,
    days_30_360,
    quote_for_partner,
    quote_grant,
    recalculate_grant,
)
from mobility.models import Activity, Level, Mobility, RateTable
from tests.factories import CallFactory, MobilityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _quote(**overrides):
    values = {
        "call_year": 2020,
        "action": "KA107",
        "activity": Activity.TEACHING,
        "direction": "outgoing",
        "host_country": "JP",
        "start": D(2021, 3, 8),
        "end": D(2021, 3, 12),
        "travel_days": 2,
        "distance_km": Decimal("9185.04"),
    }
    return quote_grant(**(values | overrides))


def _amounts(quote) -> str:
    """Funded days: individual + travel + organisational support = total."""
    return (
        f"{quote.funded_days} days: {quote.individual_support} + {quote.travel_support} "
        f"+ {quote.organisational_support} = {quote.total}"
    )


def _lines(quote):
    return [(line.label, line.amount) for line in quote.lines]


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2021, 1, 1), D(2021, 4, 15), 105),
        (D(2021, 2, 1), D(2021, 2, 28), 28),
        (D(2021, 1, 31), D(2021, 3, 31), 61),
        (D(2021, 1, 30), D(2021, 3, 1), 32),
        (D(2021, 9, 1), D(2022, 1, 31), 150),
        (D(2021, 9, 1), D(2022, 8, 31), 360),
    ],
)
def test_days_30_360_counts_as_the_beneficiary_module(start, end, days):
    assert days_30_360(start, end) == days


def test_calendar_days_counts_both_ends():
    assert calendar_days(D(2021, 3, 8), D(2021, 3, 12)) == 5
    assert calendar_days(D(2021, 2, 27), D(2021, 3, 1)) == 3


def test_quote_staff_teaching_one_week_to_nagasaki(rates):
    quote = _quote()

    assert _amounts(quote) == "7 days: 1260.00 + 1500.00 + 350.00 = 3110.00"
    assert quote.participant_grant == Decimal("2760.00")
    assert quote.band_label == "8000 km and more"
    assert _lines(quote) == [
        ("Days 1-7", Decimal("1260.00")),
        ("Travel, 8000 km and more", Decimal("1500.00")),
        ("Organisational support (to the project)", Decimal("350.00")),
    ]


def test_quote_staff_14_days_all_at_the_full_rate(rates):
    quote = _quote(activity=Activity.TRAINING, end=D(2021, 3, 19))  # 12 days + 2 travel

    assert quote.funded_days == 14
    assert quote.individual_support == Decimal("2520.00")  # 14 x 180
    assert len(quote.lines) == 3


def test_quote_staff_15th_day_at_70_percent(rates):
    quote = _quote(end=D(2021, 3, 20))  # 13 days + 2 travel

    assert quote.funded_days == 15
    assert quote.individual_support == Decimal("2646.00")  # 14 x 180 + 1 x 126
    assert _lines(quote)[:2] == [
        ("Days 1-14", Decimal("2520.00")),
        ("Days 15-15 at 70 %", Decimal("126.00")),
    ]


def test_quote_staff_days_after_day_60_are_not_funded(rates):
    quote = _quote(start=D(2021, 3, 1), end=D(2021, 4, 29))  # 60 days + 2 travel

    assert quote.funded_days == 60
    assert quote.individual_support == Decimal("8316.00")  # 14 x 180 + 46 x 126
    assert _lines(quote)[:3] == [
        ("Days 1-14", Decimal("2520.00")),
        ("Days 15-60 at 70 %", Decimal("5796.00")),
        ("2 days after day 60 are not funded", Decimal("0.00")),
    ]


def test_quote_incoming_staff_2017_at_the_host_group_rate(rates):
    quote = _quote(
        call_year=2017, direction="incoming", host_country="NL", distance_km=Decimal("7789.98")
    )

    # 7 x 160 (NL in the 160 group of the 2015-2017 staff table) and the 4000-7999 km band.
    assert _amounts(quote) == "7 days: 1120.00 + 820.00 + 350.00 = 2290.00"


def test_quote_staff_2024_rates(rates):
    quote = _quote(call_year=2024, action="KA171", start=D(2025, 3, 3), end=D(2025, 3, 7))

    assert _amounts(quote) == "7 days: 1330.00 + 1735.00 + 350.00 = 3415.00"


def test_quote_long_term_student_1_january_to_15_april(rates):
    quote = _quote(activity=Activity.STUDY, start=D(2021, 1, 1), end=D(2021, 4, 15), travel_days=0)

    assert _amounts(quote) == "105 days: 2450.00 + 1500.00 + 350.00 = 4300.00"
    assert _lines(quote)[:2] == [
        ("Individual support: 3 months", Decimal("2100.00")),
        ("Individual support: 15 days at 1/30 of the monthly rate", Decimal("350.00")),
    ]


def test_quote_incoming_student_five_months_2019(rates):
    quote = _quote(
        call_year=2019,
        activity=Activity.STUDY,
        direction="incoming",
        host_country="NL",
        start=D(2019, 9, 1),
        end=D(2020, 1, 31),
        travel_days=0,
        distance_km=Decimal("7789.98"),
    )

    assert _amounts(quote) == "150 days: 4250.00 + 820.00 + 350.00 = 5420.00"


def test_quote_outgoing_student_2017_at_650_a_month(rates):
    quote = _quote(
        call_year=2017,
        activity=Activity.STUDY,
        start=D(2018, 2, 1),
        end=D(2018, 5, 31),
        travel_days=0,
    )

    # 120 days: 4 months x 650; the 8000 km band of 2017 pays 1100.
    assert _amounts(quote) == "120 days: 2600.00 + 1100.00 + 350.00 = 4050.00"


def test_quote_long_term_student_with_fewer_opportunities(rates):
    quote = _quote(
        call_year=2022,
        action="KA171",
        activity=Activity.STUDY,
        start=D(2023, 1, 1),
        end=D(2023, 4, 15),
        travel_days=0,
        fewer_opportunities=True,
    )

    # 2450 + 3 x 250 + 15 x 250 / 30
    assert quote.individual_support == Decimal("3325.00")
    assert _lines(quote)[2:4] == [
        ("Fewer-opportunities top-up: 3 months", Decimal("750.00")),
        ("Fewer-opportunities top-up: 15 days at 1/30 of the monthly rate", Decimal("125.00")),
    ]


def test_quote_fewer_opportunities_without_top_up_in_the_table_raises(rates):
    with pytest.raises(MissingRateError) as raised:
        _quote(
            activity=Activity.STUDY,
            start=D(2021, 1, 1),
            end=D(2021, 4, 15),
            travel_days=0,
            fewer_opportunities=True,
        )

    assert str(raised.value) == "The KA107 2020 rate table has no fewer-opportunities top-up."


def test_quote_short_term_student_20_days_2022(rates):
    quote = _quote(
        call_year=2022,
        action="KA171",
        activity=Activity.STUDY,
        start=D(2023, 5, 1),
        end=D(2023, 5, 20),
        travel_days=0,
    )

    # 14 x 70 + 6 x 50
    assert _amounts(quote) == "20 days: 1280.00 + 1500.00 + 350.00 = 3130.00"
    assert _lines(quote)[:2] == [
        ("Days 1-14", Decimal("980.00")),
        ("Days 15-20", Decimal("300.00")),
    ]


def test_quote_short_term_student_2024_with_fewer_opportunities(rates):
    quote = _quote(
        call_year=2024,
        action="KA171",
        activity=Activity.TRAINEESHIP,
        start=D(2025, 5, 1),
        end=D(2025, 5, 10),
        travel_days=0,
        fewer_opportunities=True,
    )

    # 10 x 79 and the top-up of a mobility up to 14 days.
    assert quote.individual_support == Decimal("890.00")


def test_quote_short_term_student_in_a_ka107_call_raises(rates):
    with pytest.raises(MissingRateError) as raised:
        _quote(activity=Activity.STUDY, start=D(2021, 5, 1), end=D(2021, 5, 20), travel_days=0)

    assert str(raised.value) == (
        "The KA107 2020 rate table has no individual support rate for "
        "Students, 5 to 30 days (per day), outgoing, host country JP."
    )


def test_quote_call_year_without_rates_raises(rates):
    with pytest.raises(MissingRateError) as raised:
        _quote(call_year=2014)

    assert str(raised.value) == "There is no rate table for KA107 2014."


def test_quote_traineeship_top_up_when_the_table_has_one(rates):
    RateTable.objects.filter(call_year=2020).update(traineeship_top_up=Decimal("150.00"))

    quote = _quote(
        activity=Activity.TRAINEESHIP, start=D(2021, 1, 1), end=D(2021, 3, 31), travel_days=0
    )

    # 3 months x 700 and 3 months x 150
    assert quote.individual_support == Decimal("2550.00")


@pytest.mark.parametrize(
    ("year", "action", "distance", "band", "travel"),
    [
        (2017, "KA107", "99.99", "no travel band", "0.00"),
        (2017, "KA107", "100.00", "100-499 km", "180.00"),
        (2020, "KA107", "50.00", "10-99 km", "20.00"),
        (2020, "KA107", "9.99", "no travel band", "0.00"),
        (2021, "KA171", "50.00", "10-99 km", "23.00"),
        (2020, "KA107", "499.99", "100-499 km", "180.00"),
        (2020, "KA107", "500.00", "500-1999 km", "275.00"),
        (2020, "KA107", "2500.00", "2000-2999 km", "360.00"),
        (2020, "KA107", "3500.00", "3000-3999 km", "530.00"),
        (2020, "KA107", "7999.00", "4000-7999 km", "820.00"),
        (2020, "KA107", "8000.00", "8000 km and more", "1500.00"),
        (2024, "KA171", "50.00", "10-99 km", "28.00"),
        (2024, "KA171", "300.00", "100-499 km", "211.00"),
        (2024, "KA171", "1000.00", "500-1999 km", "309.00"),
        (2024, "KA171", "2500.00", "2000-2999 km", "395.00"),
        (2024, "KA171", "3500.00", "3000-3999 km", "580.00"),
        (2024, "KA171", "7999.99", "4000-7999 km", "1188.00"),
        (2024, "KA171", "8000.00", "8000 km and more", "1735.00"),
    ],
)
def test_quote_travel_support_per_band(rates, year, action, distance, band, travel):
    quote = _quote(call_year=year, action=action, distance_km=Decimal(distance))

    assert (quote.band_label, quote.travel_support) == (band, Decimal(travel))


@pytest.mark.parametrize(
    ("year", "distance", "travel", "label"),
    [
        (2022, "1000.00", "320.00", "Green travel, 500-1999 km"),
        (2024, "300.00", "285.00", "Green travel, 100-499 km"),
        (
            2022,
            "9185.04",
            "1500.00",
            "Green travel, 8000 km and more (standard amount in this band)",
        ),
    ],
)
def test_quote_green_travel(rates, year, distance, travel, label):
    quote = _quote(call_year=year, action="KA171", distance_km=Decimal(distance), green_travel=True)

    assert (quote.lines[-2].label, quote.travel_support) == (label, Decimal(travel))


def test_quote_zero_grant_keeps_organisational_support(rates):
    quote = _quote(zero_grant=True)

    assert _amounts(quote) == "7 days: 0.00 + 0.00 + 350.00 = 350.00"
    assert quote.band_label == "8000 km and more"
    assert _lines(quote)[0] == (
        "Zero grant: no individual or travel support from EU funds",
        Decimal("0.00"),
    )


def test_quote_band_chosen_by_staff_replaces_the_distance_band(rates):
    quote = _quote(band_override_km=4000)

    assert (quote.band_label, quote.band_overridden, quote.travel_support) == (
        "4000-7999 km",
        True,
        Decimal("820.00"),
    )
    assert quote.lines[-2].label == "Travel, 4000-7999 km, band chosen by staff"


def test_quote_band_chosen_by_staff_must_exist(rates):
    with pytest.raises(MissingRateError) as raised:
        _quote(band_override_km=4500)

    assert str(raised.value) == "The KA107 2020 rate table has no travel band starting at 4500 km."


def test_quote_end_before_start_raises(rates):
    with pytest.raises(GrantCalculationError):
        _quote(start=D(2021, 3, 12), end=D(2021, 3, 8))


def test_quote_for_partner_measures_from_our_institution(rates, leiden, havana):
    quote = quote_for_partner(
        partner=havana,
        call_year=2020,
        action="KA107",
        activity=Activity.TEACHING,
        direction="incoming",
        start=D(2021, 3, 8),
        end=D(2021, 3, 12),
    )

    # Incoming to NL: 7 days x 160 (group 2, 2020); 7,789.98 km: 820.
    assert quote.distance_km == Decimal("7789.98")
    assert quote.travel_days == 2
    assert _amounts(quote) == "7 days: 1120.00 + 820.00 + 350.00 = 2290.00"


def test_quote_for_partner_without_home_institution_raises(rates, havana):
    with pytest.raises(GrantCalculationError) as raised:
        quote_for_partner(
            partner=havana,
            call_year=2020,
            action="KA107",
            activity=Activity.TEACHING,
            direction="outgoing",
            start=D(2021, 3, 8),
            end=D(2021, 3, 12),
        )

    assert str(raised.value) == "No institution is marked as ours."


@pytest.fixture
def staff_mobility(rates, leiden, nagasaki):
    project = ProjectFactory(call=CallFactory(year=2020, action="KA107"))
    return MobilityFactory(project=project, partner=nagasaki)


def test_recalculate_grant_stores_the_quote(staff_mobility):
    mobility = recalculate_grant(mobility=staff_mobility)

    mobility.refresh_from_db()
    assert (
        mobility.individual_support,
        mobility.travel_support,
        mobility.organisational_support,
        mobility.total_cost,
    ) == (Decimal("1260.00"), Decimal("1500.00"), Decimal("350.00"), Decimal("3110.00"))
    assert (mobility.distance_km, mobility.distance_band, mobility.funded_days) == (
        Decimal("9185.04"),
        "8000 km and more",
        7,
    )
    assert mobility.grant_breakdown[0] == {
        "label": "Days 1-7",
        "quantity": "7",
        "rate": "180.00",
        "amount": "1260.00",
    }
    assert mobility.grant_error == ""


def test_recalculate_grant_when_dates_change_keeps_old_and_new_in_history(staff_mobility):
    recalculate_grant(mobility=staff_mobility)
    staff_mobility.planned_end = D(2021, 3, 20)  # 13 days + 2 travel
    staff_mobility.save()

    recalculate_grant(mobility=staff_mobility)

    staff_mobility.refresh_from_db()
    assert staff_mobility.individual_support == Decimal("2646.00")
    amounts = [
        (record.planned_end, record.individual_support)
        for record in staff_mobility.history.order_by("history_date", "history_id")
    ]
    assert amounts == [
        (D(2021, 3, 12), Decimal("0.00")),
        (D(2021, 3, 12), Decimal("1260.00")),
        (D(2021, 3, 20), Decimal("1260.00")),
        (D(2021, 3, 20), Decimal("2646.00")),
    ]


def test_recalculate_grant_uses_actual_dates_once_both_are_known(staff_mobility):
    staff_mobility.actual_start = D(2021, 3, 8)
    staff_mobility.actual_end = D(2021, 3, 14)
    staff_mobility.save()

    recalculate_grant(mobility=staff_mobility)

    # 7 days + 2 travel days = 9 x 180 (planned: 5 days, 7 x 180 = 1,260.00).
    assert (staff_mobility.funded_days, staff_mobility.individual_support) == (
        9,
        Decimal("1620.00"),
    )


def test_recalculate_grant_unchanged_adds_no_history(staff_mobility):
    recalculate_grant(mobility=staff_mobility)
    records = staff_mobility.history.count()

    recalculate_grant(mobility=staff_mobility)

    assert staff_mobility.history.count() == records


def test_recalculate_grant_without_rates_stores_the_problem(staff_mobility):
    recalculate_grant(mobility=staff_mobility)
    RateTable.objects.filter(call_year=2020).delete()

    recalculate_grant(mobility=staff_mobility)

    staff_mobility.refresh_from_db()
    assert staff_mobility.grant_error == "There is no rate table for KA107 2020."
    assert (staff_mobility.individual_support, staff_mobility.travel_support) == (0, 0)
    assert staff_mobility.distance_km == Decimal("9185.04")


def test_recalculate_grant_with_band_chosen_by_staff(staff_mobility):
    staff_mobility.band_override_km = 4000
    staff_mobility.band_override_justification = "Travels from the Tokyo campus."
    staff_mobility.save()

    recalculate_grant(mobility=staff_mobility)

    assert (staff_mobility.distance_band, staff_mobility.travel_support) == (
        "4000-7999 km",
        Decimal("820.00"),
    )


def test_band_override_without_justification_is_rejected(staff_mobility):
    staff_mobility.band_override_km = 4000
    staff_mobility.band_override_justification = "  "

    with pytest.raises(IntegrityError), transaction.atomic():
        staff_mobility.save()


def test_long_term_student_mobility_counts_30_day_months(rates, leiden, nagasaki):
    project = ProjectFactory(call=CallFactory(year=2020, action="KA107"))
    mobility = MobilityFactory(
        project=project,
        partner=nagasaki,
        activity=Activity.STUDY,
        level=Level.MASTER,
        planned_start=D(2021, 1, 1),
        planned_end=D(2021, 4, 15),
        travel_days=0,
    )

    recalculate_grant(mobility=mobility)

    assert Mobility.objects.values_list("funded_days", "individual_support").get() == (
        105,
        Decimal("2450.00"),
    )
