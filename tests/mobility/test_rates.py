from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from mobility.models import EligibilityRule, IndividualSupportRate, RateTable, TravelBand
from mobility.rates import MissingRateError, individual_rate, rate_table_for, seed_rates

pytestmark = pytest.mark.django_db

Category = IndividualSupportRate.Category


def _rate(year, action, category, direction, host):
    table = rate_table_for(call_year=year, action=action)
    return individual_rate(table, category=category, direction=direction, host_country=host)


def test_seed_rates_creates_a_table_per_call_2015_to_2027():
    created = seed_rates()

    assert created == {"tables": 13, "rates": 107, "bands": 88}
    assert list(RateTable.objects.order_by("call_year").values_list("action", "call_year")) == [
        *[("KA107", year) for year in range(2015, 2021)],
        *[("KA171", year) for year in range(2021, 2028)],
    ]


def test_seed_rates_twice_creates_nothing_more(rates):
    assert seed_rates() == {"tables": 0, "rates": 0, "bands": 0}
    assert IndividualSupportRate.objects.count() == 107


def test_seed_rates_keeps_staff_corrections(rates):
    rate = _rate(2020, "KA107", Category.STAFF, "outgoing", "JP")
    rate.amount = Decimal("185.00")
    rate.save()

    seed_rates()

    rate.refresh_from_db()
    assert rate.amount == Decimal("185.00")


@pytest.mark.parametrize(
    ("year", "action", "category", "direction", "host", "amount"),
    [
        (2017, "KA107", Category.STUDENT, "outgoing", "JP", Decimal("650.00")),
        (2018, "KA107", Category.STUDENT, "outgoing", "JP", Decimal("700.00")),
        (2016, "KA107", Category.STUDENT, "incoming", "NL", Decimal("800.00")),
        (2016, "KA107", Category.STUDENT, "incoming", "SE", Decimal("850.00")),
        (2016, "KA107", Category.STUDENT, "incoming", "PL", Decimal("750.00")),
        # The 2015-2017 student groups: Italy with the 850 group, Turkey with the 800 one.
        (2015, "KA107", Category.STUDENT, "incoming", "IT", Decimal("850.00")),
        (2015, "KA107", Category.STUDENT, "incoming", "TR", Decimal("800.00")),
        # Calls 2018-2020: incoming students by host-country group.
        (2019, "KA107", Category.STUDENT, "incoming", "IT", Decimal("850.00")),
        (2019, "KA107", Category.STUDENT, "incoming", "NL", Decimal("850.00")),
        (2019, "KA107", Category.STUDENT, "incoming", "SE", Decimal("900.00")),
        (2019, "KA107", Category.STUDENT, "incoming", "PL", Decimal("800.00")),
        (2017, "KA107", Category.STAFF, "outgoing", "CU", Decimal("160.00")),
        (2018, "KA107", Category.STAFF, "outgoing", "CU", Decimal("180.00")),
        (2024, "KA171", Category.STAFF, "outgoing", "CU", Decimal("190.00")),
        # The 2015-2017 staff groups: NL 160, Turkey 140, Spain 120, Slovenia 100.
        (2017, "KA107", Category.STAFF, "incoming", "NL", Decimal("160.00")),
        (2016, "KA107", Category.STAFF, "incoming", "TR", Decimal("140.00")),
        (2015, "KA107", Category.STAFF, "incoming", "ES", Decimal("120.00")),
        (2015, "KA107", Category.STAFF, "incoming", "SI", Decimal("100.00")),
        (2020, "KA107", Category.STAFF, "incoming", "NL", Decimal("160.00")),
        (2024, "KA171", Category.STAFF, "incoming", "NL", Decimal("170.00")),
        (2022, "KA171", Category.SHORT_TERM_STUDENT, "outgoing", "JP", Decimal("70.00")),
        (2025, "KA171", Category.SHORT_TERM_STUDENT, "outgoing", "JP", Decimal("79.00")),
    ],
)
def test_seeded_individual_rates(rates, year, action, category, direction, host, amount):
    assert _rate(year, action, category, direction, host).amount == amount


def test_seeded_short_term_rates_after_day_14(rates):
    assert _rate(
        2023, "KA171", Category.SHORT_TERM_STUDENT, "incoming", "NL"
    ).later_days_amount == (Decimal("50.00"))
    assert _rate(
        2024, "KA171", Category.SHORT_TERM_STUDENT, "incoming", "NL"
    ).later_days_amount == (Decimal("56.00"))


@pytest.mark.parametrize(
    ("year", "action", "bands"),
    [
        (
            2017,
            "KA107",
            [(100, 180), (500, 275), (2000, 360), (3000, 530), (4000, 820), (8000, 1100)],
        ),
        (
            2020,
            "KA107",
            [(10, 20), (100, 180), (500, 275), (2000, 360), (3000, 530), (4000, 820), (8000, 1500)],
        ),
        (
            2021,
            "KA171",
            [(10, 23), (100, 180), (500, 275), (2000, 360), (3000, 530), (4000, 820), (8000, 1500)],
        ),
        (
            2024,
            "KA171",
            [
                (10, 28),
                (100, 211),
                (500, 309),
                (2000, 395),
                (3000, 580),
                (4000, 1188),
                (8000, 1735),
            ],
        ),
    ],
)
def test_seeded_travel_bands(rates, year, action, bands):
    seeded = TravelBand.objects.filter(rate_table__call_year=year, rate_table__action=action)

    assert [(band.min_km, int(band.amount)) for band in seeded.order_by("min_km")] == bands


def test_seeded_organisational_support_and_top_ups(rates):
    ka107 = RateTable.objects.get(call_year=2020, action="KA107")
    ka171 = RateTable.objects.get(call_year=2022, action="KA171")

    assert ka107.organisational_support == ka171.organisational_support == Decimal("350.00")
    assert ka107.fewer_opportunities_top_up is None
    assert ka171.fewer_opportunities_top_up == Decimal("250.00")
    assert (ka171.staff_full_rate_days, ka171.staff_reduced_rate_percent) == (14, 70)


def test_individual_rate_without_host_row_raises(rates):
    table = rate_table_for(call_year=2020, action="KA107")
    table.individual_rates.filter(category=Category.STAFF, direction="incoming").delete()
    table = rate_table_for(call_year=2020, action="KA107")

    with pytest.raises(MissingRateError) as raised:
        individual_rate(table, category=Category.STAFF, direction="incoming", host_country="NL")

    assert str(raised.value) == (
        "The KA107 2020 rate table has no individual support rate for Staff (per day), "
        "incoming, host country NL."
    )


def test_rate_table_for_a_year_without_table_raises(rates):
    with pytest.raises(MissingRateError) as raised:
        rate_table_for(call_year=2014, action="KA107")

    assert str(raised.value) == "There is no rate table for KA107 2014."


@pytest.mark.parametrize(("action", "year"), [("KA107", 2021), ("KA171", 2020)])
def test_rate_table_action_must_match_the_year(action, year):
    with pytest.raises(IntegrityError), transaction.atomic():
        RateTable.objects.create(call_year=year, action=action, organisational_support=350)


def test_rate_table_is_unique_per_call(rates):
    with pytest.raises(IntegrityError), transaction.atomic():
        RateTable.objects.create(call_year=2020, action="KA107", organisational_support=350)


def test_short_term_rate_needs_a_later_days_rate(rates):
    table = RateTable.objects.get(call_year=2020, action="KA107")

    with pytest.raises(IntegrityError), transaction.atomic():
        IndividualSupportRate.objects.create(
            rate_table=table, category=Category.SHORT_TERM_STUDENT, direction="outgoing", amount=70
        )


def test_changing_a_rate_keeps_its_history(rates):
    rate = _rate(2022, "KA171", Category.STAFF, "outgoing", "JP")
    rate.amount = Decimal("185.00")
    rate.save()

    assert [record.amount for record in rate.history.order_by("history_date")] == [
        Decimal("180.00"),
        Decimal("185.00"),
    ]


def test_seed_rates_seeds_the_eligibility_rules_of_every_call(rates):
    ka107 = rate_table_for(call_year=2016, action="KA107")
    ka171 = rate_table_for(call_year=2022, action="KA171")

    assert [
        (rule.activity, rule.unit, rule.min_duration, rule.max_duration)
        for rule in ka107.eligibility_rules.all()
    ] == [
        ("SMS", "months", 3, 12),
        ("SMT", "months", 2, 12),
        ("STA", "days", 5, 60),
        ("STT", "days", 5, 60),
    ]
    assert [
        (rule.activity, rule.unit, rule.min_duration, rule.max_duration)
        for rule in ka171.eligibility_rules.all()
    ] == [
        ("SMS", "months", 2, 12),
        ("SMS", "days", 5, 30),
        ("SMT", "months", 2, 12),
        ("SMT", "days", 5, 30),
        ("STA", "days", 5, 60),
        ("STT", "days", 5, 60),
    ]
    assert (ka107.max_travel_days, ka107.green_travel_extra_days) == (2, 0)
    assert (ka171.max_travel_days, ka171.green_travel_extra_days) == (2, 4)
    assert EligibilityRule.objects.count() == 6 * 4 + 7 * 6
