"""Is a position plausible for an institution in its country?

The countries' outlines come from the `countryinfo` package (a maintained dataset on PyPI,
read offline); each country's bounding box is worked out from its outline. Outlines are
simplified, so a box is widened by BOX_MARGIN_DEGREES before a position is called outside
it; a country the dataset has no outline for is never called outside.
"""

from decimal import Decimal
from functools import cache

from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError

BOX_MARGIN_DEGREES = 0.5


@cache
def country_bounding_box(code: str) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of the country with this ISO 3166 alpha-2 code, or None."""
    try:
        outline = CountryInfo(code).geo_json()
    except (CountryNotFoundError, KeyError):
        return None
    points = [
        point
        for feature in outline.get("features", [])
        for point in _points(feature.get("geometry") or {})
    ]
    if not points:
        return None
    longitudes = [point[0] for point in points]
    latitudes = [point[1] for point in points]
    return min(latitudes), min(longitudes), max(latitudes), max(longitudes)


def _points(geometry: dict):
    polygons = geometry.get("coordinates", [])
    if geometry.get("type") == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def outside_country(code: str, latitude: Decimal | float, longitude: Decimal | float) -> bool:
    """True when a possible position lies clearly outside the country's bounding box."""
    box = country_bounding_box(code)
    if box is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return False
    if latitude == 0 and longitude == 0:
        return False  # refused as such (partners.models.NULL_ISLAND_MESSAGE)
    south, west, north, east = box
    margin = BOX_MARGIN_DEGREES
    return not (
        south - margin <= float(latitude) <= north + margin
        and west - margin <= float(longitude) <= east + margin
    )
