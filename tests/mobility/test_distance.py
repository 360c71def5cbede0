from decimal import Decimal

import pytest

from mobility.distance import band_for, bands_of, distance_between, haversine_km
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
    here = InstitutionFactory(latitude=Decimal(0), longitude=Decimal(0))
    there = InstitutionFactory(latitude=Decimal(0), longitude=longitude)

    measured = distance_between(here, there)

    assert measured == distance
    assert band_for(measured, BANDS).label == band_label
