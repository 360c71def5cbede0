import datetime
from decimal import Decimal

import pytest

from mobility.distance import band_for, bands_of, distance_between, haversine_km
from mobility.grants import quote_grant
from mobility.models import TravelBand
from tests.factories import InstitutionFactory

BANDS = bands_of(
    [
        TravelBand(min_km=8000, amount=Decimal(1500)),
        TravelBand(min_km=10, amount=Decimal(20)),
        TravelBand(min_km=100, amount=Decimal(180)),
        TravelBand(min_km=4000, amount=Decimal(820)),
    ]
)


def test_haversine_km_quarter_meridian_is_a_quarter_of_the_circumference():
    assert haversine_km(0, 0, 90, 0) == pytest.approx(10007.543, abs=0.001)


def test_haversine_km_leiden_to_nagasaki():
    assert haversine_km(52.15, 4.48, 32.78, 129.87) == pytest.approx(9185.039, abs=0.001)


def test_haversine_km_same_place_is_zero():
    assert haversine_km(52.15, 4.48, 52.15, 4.48) == 0


def test_haversine_km_antipodes_is_half_the_circumference():
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20015.087, abs=0.001)


@pytest.mark.django_db
def test_distance_between_institutions_is_rounded_to_cents():
    leiden = InstitutionFactory(latitude=Decimal("52.15"), longitude=Decimal("4.48"))
    havana = InstitutionFactory(latitude=Decimal("23.13"), longitude=Decimal("-82.38"))

    assert distance_between(leiden, havana) == Decimal("7789.98")
    assert distance_between(havana, leiden) == Decimal("7789.98")


def test_bands_of_orders_bands_and_sets_upper_edges():
    assert [(band.min_km, band.max_km) for band in BANDS] == [
        (10, 99),
        (100, 3999),
        (4000, 7999),
        (8000, None),
    ]
    assert [band.label for band in BANDS] == [
        "10-99 km",
        "100-3999 km",
        "4000-7999 km",
        "8000 km and more",
    ]


@pytest.mark.parametrize(
    ("distance", "expected_min_km"),
    [
        (Decimal("9.99"), None),
        (Decimal("10.00"), 10),
        (Decimal("99.99"), 10),
        (Decimal("100.00"), 100),
        (Decimal("7999.00"), 4000),
        (Decimal("7999.99"), 4000),
        (Decimal("8000.00"), 8000),
        (Decimal("19999.00"), 8000),
    ],
)
def test_band_for_edges(distance, expected_min_km):
    band = band_for(distance, BANDS)

    assert (band.min_km if band else None) == expected_min_km


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("longitude", "distance", "band_label"),
    [
        (Decimal("71.93674"), Decimal("7999.00"), "4000-7999 km"),
        (Decimal("71.94573"), Decimal("8000.00"), "8000 km and more"),
    ],
)
def test_band_edge_between_institutions_on_the_equator(longitude, distance, band_label):
    here = InstitutionFactory(latitude=Decimal(0), longitude=Decimal(1))
    there = InstitutionFactory(latitude=Decimal(0), longitude=longitude + 1)

    measured = distance_between(here, there)

    assert measured == distance
    assert band_for(measured, BANDS).label == band_label


SEEDED_EDGES_2020 = [
    (9.99, "no travel band", "0.00"),
    (10, "10-99 km", "20.00"),
    (99.99, "10-99 km", "20.00"),
    (100, "100-499 km", "180.00"),
    (499.99, "100-499 km", "180.00"),
    (500, "500-1999 km", "275.00"),
    (1999.99, "500-1999 km", "275.00"),
    (2000, "2000-2999 km", "360.00"),
    (2999.99, "2000-2999 km", "360.00"),
    (3000, "3000-3999 km", "530.00"),
    (3999.99, "3000-3999 km", "530.00"),
    (4000, "4000-7999 km", "820.00"),
    (7999.99, "4000-7999 km", "820.00"),
    (8000, "8000 km and more", "1500.00"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("distance", "band", "travel"), SEEDED_EDGES_2020)
def test_both_sides_of_every_seeded_band_edge(rates, distance, band, travel):
    quote = quote_grant(
        call_year=2020,
        action="KA107",
        activity="STA",
        direction="outgoing",
        host_country="JP",
        start=datetime.date(2021, 3, 8),
        end=datetime.date(2021, 3, 12),
        travel_days=2,
        distance_km=distance,
    )

    assert (quote.band_label, str(quote.travel_support)) == (band, travel)


@pytest.mark.django_db
def test_the_band_is_chosen_before_the_distance_is_rounded(rates):
    quote = quote_grant(
        call_year=2020,
        action="KA107",
        activity="STA",
        direction="outgoing",
        host_country="JP",
        start=datetime.date(2021, 3, 8),
        end=datetime.date(2021, 3, 12),
        travel_days=2,
        distance_km=7999.996,
    )

    assert (quote.distance_km, quote.band_label) == (Decimal("8000.00"), "4000-7999 km")
