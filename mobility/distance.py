"""Great-circle distances between institutions and the travel distance band they fall in.

The EU's distance calculator measures the one-way great-circle distance on a sphere of
mean radius 6,371 km (the haversine formula). A band runs from its lower edge up to, but
not including, the next band's lower edge: 7,999.99 km is in 4,000-7,999 km, 8,000 km in
8,000 km and more, and a distance exactly on an edge is in the band that starts there. The
band is chosen from the distance as measured; it is rounded (to 10 m) for display only, so
7,999.996 km stays in 4,000-7,999 km although it reads 8,000.00 km.

One distance falls in one band: a band's edges are unique per rate table
(mobility.models.TravelBand) and each band ends where the next begins.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def exact_distance_km(first, second) -> float:
    """One-way distance between two institutions' coordinates, in km, unrounded."""
    return haversine_km(
        float(first.latitude),
        float(first.longitude),
        float(second.latitude),
        float(second.longitude),
    )


def display_km(distance_km: Decimal | float) -> Decimal:
    """A distance to two decimals, for display and storage (never to choose a band)."""
    return Decimal(str(distance_km)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def distance_between(first, second) -> Decimal:
    """One-way distance between two institutions' coordinates, in km to two decimals."""
    return display_km(exact_distance_km(first, second))


@dataclass(frozen=True)
class Band:
    min_km: int
    max_km: int | None  # None: open-ended
    amount: Decimal
    green_amount: Decimal | None

    @property
    def label(self) -> str:
        if self.max_km is None:
            return _("%(min)s km and more") % {"min": self.min_km}
        return f"{self.min_km}-{self.max_km} km"


def bands_of(travel_bands) -> list[Band]:
    """The table's travel bands in order, each with its upper edge (the next band's edge - 1)."""
    ordered = sorted(travel_bands, key=lambda band: band.min_km)
    upper_edges = [band.min_km - 1 for band in ordered[1:]] + [None] if ordered else []
    return [
        Band(band.min_km, upper, band.amount, band.green_amount)
        for band, upper in zip(ordered, upper_edges, strict=True)
    ]


def band_for(distance_km: Decimal | float, bands: list[Band]) -> Band | None:
    """The band the distance falls in; None below the lowest band (no travel support)."""
    found = None
    for band in bands:
        if distance_km >= band.min_km:
            found = band
    return found
