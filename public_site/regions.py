"""World regions for the public region filter: every ISO 3166 country belongs to one.

Regions follow the UN geoscheme as students know it (continents, with Latin America and the
Caribbean, and the Middle East, on their own). Transcontinental countries go where they are
usually counted: Russia and Turkey in Europe, Egypt in Africa, the Caucasus in Asia.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Region:
    slug: str
    name: Promise
    countries: frozenset[str]


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


REGIONS = (
    Region(
        "africa",
        _("Africa"),
        _codes(
            "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM "
            "LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF "
            "TG TN TZ UG YT ZA ZM ZW"
        ),
    ),
    Region(
        "asia",
        _("Asia"),
        _codes(
            "AF AM AZ BD BN BT CN GE HK ID IN JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH "
            "PK SG TH TJ TL TM TW UZ VN"
        ),
    ),
    Region(
        "europe",
        _("Europe"),
        _codes(
            "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM "
            "IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA"
        ),
    ),
    Region(
        "latin-america",
        _("Latin America and the Caribbean"),
        _codes(
            "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT "
            "GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
        ),
    ),
    Region(
        "middle-east",
        _("Middle East"),
        _codes("AE BH IL IQ IR JO KW LB OM PS QA SA SY YE"),
    ),
    Region("north-america", _("North America"), _codes("BM CA GL PM US")),
    Region(
        "oceania",
        _("Oceania"),
        _codes(
            "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"
        ),
    ),
)

REGIONS_BY_SLUG = {region.slug: region for region in REGIONS}
_REGION_OF_COUNTRY = {code: region for region in REGIONS for code in region.countries}


def region_of(country_code: str) -> Region | None:
    """The region of an ISO 3166-1 alpha-2 code; None for Antarctica and unknown codes."""
    return _REGION_OF_COUNTRY.get(str(country_code).upper())


def countries_in(region_slug: str) -> frozenset[str]:
    """The country codes of a region; empty for an unknown slug."""
    region = REGIONS_BY_SLUG.get(region_slug)
    return region.countries if region else frozenset()


def region_choices() -> list[tuple[str, Promise]]:
    return [(region.slug, region.name) for region in REGIONS]
