from django_countries import countries

from public_site import regions


def test_every_country_but_antarctica_has_one_region():
    unplaced = [code for code, _name in countries if regions.region_of(code) is None]

    assert unplaced == ["AQ"]
    assert sum(len(region.countries) for region in regions.REGIONS) == len(countries) - 1


def test_region_of_knows_the_seed_partners_countries():
    placed = {code: regions.region_of(code).slug for code in ("JP", "CU", "RU", "ET", "US")}

    assert placed == {
        "JP": "asia",
        "CU": "latin-america",
        "RU": "europe",
        "ET": "africa",
        "US": "north-america",
    }


def test_region_of_accepts_lower_case_and_rejects_unknown_codes():
    assert regions.region_of("jp").slug == "asia"
    assert regions.region_of("XX") is None


def test_countries_in_an_unknown_region_is_empty():
    assert regions.countries_in("atlantis") == frozenset()
    assert "JP" in regions.countries_in("asia")
