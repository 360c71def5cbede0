"""The Erasmus+ ICM rates as seed data, and the lookups the grant calculation makes in them.

The seed follows the "Money" section of the domain notes, call year by call year. Amounts
marked there as to be checked are seed data like the rest: staff correct them in the rate
tables (with history) and add new call years without a code change. Seeding never
overwrites a table or a row that already exists, so it is safe to run again.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps as django_apps
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .models import IndividualSupportRate, RateTable

# Host-country groups of the Erasmus+ programme countries (individual support of incoming
# participants depends on the group of the host: the home university's country).
# Calls 2018 on (Programme Guide 2018-2020, quoted e.g. by the University of Economics -
# Varna's staff rates 2018/2019 and Ss. Cyril and Methodius University's grant page).
GROUP_1 = "DK FI IS IE LI LU SE GB NO"
GROUP_1_FROM_2021 = "DK FI IS IE LI LU SE NO"
GROUP_2 = "AT BE DE FR IT GR ES CY NL MT PT"
GROUP_3 = "BG HR CZ EE LV LT HU PL RO RS SK SI MK TR"
# Calls 2015-2017 (Programme Guides 2015-2017): students by living costs, quoted by the
# University of Mostaganem's KA107 page (850 / 800 / 750: NL and ES in the middle group)
# and the Caucasus University's grant page; staff by the four receiving-country groups of
# the staff table (160 / 140 / 120 / 100), as quoted by the Universitat Politecnica de
# Valencia for calls 2015-2017: incoming staff to Spain EUR 120 a day, incoming students
# EUR 800 a month. NL is in the 160 group for staff, Turkey in the 140 group.
STUDENT_GROUPS_UNTIL_2017 = (
    "AT DK FI FR IE IT LI NO SE GB",
    "BE CZ DE GR ES HR CY LU NL PT SI IS TR",
    "BG EE LV LT HU MT PL RO SK MK",
)
STAFF_GROUPS_UNTIL_2017 = (
    "DK IE NL SE GB",
    "AT BE BG CZ GR FR IT CY LU HU PL RO FI IS LI NO TR",
    "DE ES LV MT PT SK MK",
    "EE HR LT SI",
)

STUDENT = "student"
SHORT_TERM = "short_term"
STAFF = "staff"
INCOMING = "incoming"
OUTGOING = "outgoing"

# The table-wide rules staff edit beside the rates and bands (forms, history, tests).
RATE_TABLE_RULES = [
    "organisational_support",
    "staff_full_rate_days",
    "staff_reduced_rate_percent",
    "staff_max_funded_days",
    "short_term_full_rate_days",
    "short_term_max_funded_days",
    "fewer_opportunities_top_up",
    "short_term_fewer_opportunities_top_up",
    "short_term_fewer_opportunities_top_up_longer",
    "traineeship_top_up",
    "max_travel_days",
    "green_travel_extra_days",
    "notes",
]

BANDS_UNTIL_2017 = [(100, 180), (500, 275), (2000, 360), (3000, 530), (4000, 820), (8000, 1100)]
BANDS_2018_2020 = [
    (10, 20),
    (100, 180),
    (500, 275),
    (2000, 360),
    (3000, 530),
    (4000, 820),
    (8000, 1500),
]
BANDS_2021_2023 = [
    (10, 23),
    (100, 180, 210),
    (500, 275, 320),
    (2000, 360, 410),
    (3000, 530, 610),
    (4000, 820),
    (8000, 1500),
]
BANDS_FROM_2024 = [
    (10, 28, 56),
    (100, 211, 285),
    (500, 309, 417),
    (2000, 395, 535),
    (3000, 580, 785),
    (4000, 1188),
    (8000, 1735),
]


# How long each activity may last (activity, unit, minimum, maximum): months are the
# Beneficiary Module's 30-day months, days are calendar days without travel days.
# KA107 (Programme Guides 2015-2020, "Duration of the activity"): study 3 to 12 months,
# traineeship 2 to 12 months, staff 5 days to 2 months excluding travel, as quoted by the
# Universita di Genova's KA107 call and Sinop University's mobility page.
RULES_KA107 = [
    ("SMS", "months", 3, 12),
    ("SMT", "months", 2, 12),
    ("STA", "days", 5, 60),
    ("STT", "days", 5, 60),
]
# KA171 (Programme Guide 2021 on): study and traineeship 2 to 12 months, or 5 to 30 days of
# physical mobility (short-term doctoral, blended); staff 5 days to 2 months excluding
# travel, as quoted by the University of Thessaly and the University of Belgrade.
RULES_KA171 = [
    ("SMS", "months", 2, 12),
    ("SMS", "days", 5, 30),
    ("SMT", "months", 2, 12),
    ("SMT", "days", 5, 30),
    ("STA", "days", 5, 60),
    ("STT", "days", 5, 60),
]
RULE_SOURCES = {
    "KA107": "Erasmus+ Programme Guide (calls 2015-2020), Key Action 1, duration of the activity",
    "KA171": "Erasmus+ Programme Guide (calls 2021 on), KA171, duration of the activity",
}


@dataclass(frozen=True)
class TableSeed:
    years: range
    action: str
    # (category, direction, host countries or "", amount, later-days amount or None)
    rates: list
    bands: list
    fewer_opportunities: int | None = None
    short_term_fewer_opportunities: tuple[int, int] | None = None
    notes: str = ""
    organisational_support: int = 350
    rules: list = ()
    # One funded travel day before and one after (every guide); KA171 adds days for green
    # travel (Programme Guide 2021 on: up to 4 more; check against the call's guide).
    max_travel_days: int = 2
    green_travel_extra_days: int = 0


def _by_group(category, direction, amounts, group_1=GROUP_1, groups=None):
    return [
        (category, direction, hosts, amount, None)
        for hosts, amount in zip(groups or (group_1, GROUP_2, GROUP_3), amounts, strict=True)
    ]


SEEDS = [
    TableSeed(
        years=range(2015, 2018),
        action="KA107",
        rates=[
            (STUDENT, OUTGOING, "", 650, None),
            *_by_group(STUDENT, INCOMING, (850, 800, 750), groups=STUDENT_GROUPS_UNTIL_2017),
            (STAFF, OUTGOING, "", 160, None),
            *_by_group(STAFF, INCOMING, (160, 140, 120, 100), groups=STAFF_GROUPS_UNTIL_2017),
        ],
        bands=BANDS_UNTIL_2017,
        rules=RULES_KA107,
        notes=(
            "Incoming rates by the host-country groups of the 2015-2017 guides: students "
            "850/800/750 (NL: 800), staff 160/140/120/100 (NL: 160; ES 120, TR 140), as "
            "quoted by the Universitat Politecnica de Valencia and the University of "
            "Mostaganem."
        ),
    ),
    TableSeed(
        years=range(2018, 2021),
        action="KA107",
        rates=[
            (STUDENT, OUTGOING, "", 700, None),
            *_by_group(STUDENT, INCOMING, (900, 850, 800)),
            (STAFF, OUTGOING, "", 180, None),
            *_by_group(STAFF, INCOMING, (180, 160, 140)),
        ],
        bands=BANDS_2018_2020,
        rules=RULES_KA107,
        notes=(
            "Incoming students by host-country group (NL: group 2, 850, as the University "
            "of the Basque Country quotes for its 2018 and 2019 projects). Check: groups 1 "
            "(900) and 3 (800), and the incoming staff rates (NL: group 2)."
        ),
    ),
    TableSeed(
        years=range(2021, 2024),
        action="KA171",
        rates=[
            (STUDENT, OUTGOING, "", 700, None),
            (STUDENT, INCOMING, "", 850, None),
            (SHORT_TERM, OUTGOING, "", 70, 50),
            (SHORT_TERM, INCOMING, "", 70, 50),
            (STAFF, OUTGOING, "", 180, None),
            *_by_group(STAFF, INCOMING, (180, 160, 140), GROUP_1_FROM_2021),
        ],
        bands=BANDS_2021_2023,
        rules=RULES_KA171,
        green_travel_extra_days=4,
        fewer_opportunities=250,
        short_term_fewer_opportunities=(100, 150),
        notes=(
            "Check: incoming student and staff rates, green travel amounts and the "
            "short-term fewer-opportunities top-ups."
        ),
    ),
    TableSeed(
        years=range(2024, 2028),
        action="KA171",
        rates=[
            (STUDENT, OUTGOING, "", 700, None),
            (STUDENT, INCOMING, "", 850, None),
            (SHORT_TERM, OUTGOING, "", 79, 56),
            (SHORT_TERM, INCOMING, "", 79, 56),
            (STAFF, OUTGOING, "", 190, None),
            *_by_group(STAFF, INCOMING, (190, 170, 150), GROUP_1_FROM_2021),
        ],
        bands=BANDS_FROM_2024,
        rules=RULES_KA171,
        green_travel_extra_days=4,
        fewer_opportunities=250,
        short_term_fewer_opportunities=(100, 150),
        notes=(
            "Check: the 2024 guide's student rates, the incoming staff rates, green travel "
            "amounts and the short-term fewer-opportunities top-ups; calls after 2024 reuse "
            "the 2024 rates until corrected."
        ),
    ),
]


def seeded_call_years() -> list[tuple[str, int]]:
    return [(seed.action, year) for seed in SEEDS for year in seed.years]


def seed_rates(*, apps=None) -> dict[str, int]:
    """Create the rate tables of the seeded call years that are missing; never change a row."""
    registry = apps or django_apps
    RateTable = registry.get_model("mobility", "RateTable")
    IndividualSupportRate = registry.get_model("mobility", "IndividualSupportRate")
    TravelBand = registry.get_model("mobility", "TravelBand")
    # History starts with the seeded rows, so the first correction shows old and new amounts.
    create = bulk_create_with_history if apps is None else _historical_bulk_create(registry)
    existing = {(table.action, table.call_year): table for table in RateTable.objects.all()}
    new_tables = [
        RateTable(
            call_year=year,
            action=seed.action,
            organisational_support=Decimal(seed.organisational_support),
            fewer_opportunities_top_up=_decimal(seed.fewer_opportunities),
            short_term_fewer_opportunities_top_up=_decimal(short_term[0]),
            short_term_fewer_opportunities_top_up_longer=_decimal(short_term[1]),
            notes=seed.notes,
        )
        for seed in SEEDS
        for short_term in [seed.short_term_fewer_opportunities or (None, None)]
        for year in seed.years
        if (seed.action, year) not in existing
    ]
    create(new_tables, RateTable)
    tables = {(table.action, table.call_year): table for table in RateTable.objects.all()}
    rate_keys = {
        (
            rate.rate_table_id,
            rate.category,
            rate.direction,
            tuple(c.code for c in rate.host_countries),
        )
        for rate in IndividualSupportRate.objects.all()
    }
    band_keys = set(TravelBand.objects.values_list("rate_table_id", "min_km"))
    new_rates, new_bands = [], []
    for seed in SEEDS:
        for year in seed.years:
            table = tables[(seed.action, year)]
            for category, direction, hosts, amount, later in seed.rates:
                countries = sorted(hosts.split())
                if (table.pk, category, direction, tuple(countries)) not in rate_keys:
                    new_rates.append(
                        IndividualSupportRate(
                            rate_table=table,
                            category=category,
                            direction=direction,
                            host_countries=countries,
                            amount=Decimal(amount),
                            later_days_amount=_decimal(later),
                        )
                    )
            for min_km, amount, *green in seed.bands:
                if (table.pk, min_km) not in band_keys:
                    new_bands.append(
                        TravelBand(
                            rate_table=table,
                            min_km=min_km,
                            amount=Decimal(amount),
                            green_amount=_decimal(green[0] if green else None),
                        )
                    )
    create(new_rates, IndividualSupportRate)
    create(new_bands, TravelBand)
    seed_eligibility_rules(apps=apps, new_tables=new_tables)
    return {"tables": len(new_tables), "rates": len(new_rates), "bands": len(new_bands)}


def seed_eligibility_rules(*, apps=None, new_tables=None) -> int:
    """Create the seeded call years' missing eligibility rules, and give the tables created
    now (all seeded tables when `new_tables` is None) their travel-day limits; how many
    rules were created. Before the rules' migration there is nothing to seed."""
    registry = apps or django_apps
    try:
        EligibilityRule = registry.get_model("mobility", "EligibilityRule")
    except LookupError:
        return 0
    RateTable = registry.get_model("mobility", "RateTable")
    create = bulk_create_with_history if apps is None else _historical_bulk_create(registry)
    tables = {(table.action, table.call_year): table for table in RateTable.objects.all()}
    renewed = None if new_tables is None else {table.pk for table in new_tables}
    existing = set(EligibilityRule.objects.values_list("rate_table_id", "activity", "unit"))
    new_rules = []
    for seed in SEEDS:
        for year in seed.years:
            table = tables.get((seed.action, year))
            if table is None:
                continue
            if renewed is None or table.pk in renewed:
                RateTable.objects.filter(pk=table.pk).update(
                    max_travel_days=seed.max_travel_days,
                    green_travel_extra_days=seed.green_travel_extra_days,
                )
            for activity, unit, low, high in seed.rules:
                if (table.pk, activity, unit) not in existing:
                    new_rules.append(
                        EligibilityRule(
                            rate_table=table,
                            activity=activity,
                            unit=unit,
                            min_duration=low,
                            max_duration=high,
                            source=RULE_SOURCES[seed.action],
                        )
                    )
    create(new_rules, EligibilityRule)
    return len(new_rules)


def _historical_bulk_create(registry):
    """bulk_create_with_history for a migration's models (they have no history manager)."""

    def create(objs, model):
        model.objects.bulk_create(objs)
        historical = registry.get_model("mobility", f"Historical{model.__name__}")
        now = timezone.now()
        historical.objects.bulk_create(
            historical(
                **{field.attname: getattr(obj, field.attname) for field in model._meta.fields},
                history_date=now,
                history_type="+",
            )
            for obj in objs
        )

    return create


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


class GrantCalculationError(LookupError):
    """A grant cannot be calculated; the message says what is missing."""


class MissingRateError(GrantCalculationError):
    """The rate tables have no rate for what was asked; the message says which one."""


def rate_table_for(*, call_year: int, action: str):
    """The rate table of a call with its rates and bands loaded, or MissingRateError."""
    table = (
        RateTable.objects.filter(call_year=call_year, action=action)
        .prefetch_related("individual_rates", "travel_bands", "eligibility_rules")
        .first()
    )
    if table is None:
        raise MissingRateError(
            _("There is no rate table for %(action)s %(year)s.")
            % {"action": action, "year": call_year}
        )
    return table


def individual_rate(table, *, category: str, direction: str, host_country: str):
    """The rate for the host country, else the table's rate for any host."""
    candidates = [
        rate
        for rate in table.individual_rates.all()
        if rate.category == category and rate.direction == direction
    ]
    for rate in candidates:
        if host_country in {country.code for country in rate.host_countries}:
            return rate
    for rate in candidates:
        if not rate.host_countries:
            return rate
    raise MissingRateError(
        _(
            "The %(table)s rate table has no individual support rate for %(category)s, "
            "%(direction)s, host country %(country)s."
        )
        % {
            "table": table,
            "category": _category_label(category),
            "direction": direction,
            "country": host_country,
        }
    )


def _category_label(category: str) -> str:
    return str(IndividualSupportRate.Category(category).label)
