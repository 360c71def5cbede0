"""What an idea's flows would cost under its call's rates, and the programme rules they break.

A flow is quoted as one mobility (mobility.grants.quote_for_partner, the calculation of
`grant_quote`) from FLOW_START of the call year for its number of calendar days, then
multiplied by its people; the organisational support is per participant. A partner not yet
on record has no coordinates: its flows are quoted without travel support.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from mobility.distance import distance_between
from mobility.eligibility import duration_findings
from mobility.grants import (
    GrantQuote,
    default_travel_days,
    home_institution,
    quote_for_partner,
    quote_grant,
)
from mobility.models import Activity, Direction
from mobility.rates import GrantCalculationError, rate_table_for
from partners.models import Institution
from projects.models import Call

# Programme countries: EU member states and the third countries associated to the
# programme. International Credit Mobility funds partners outside them. The United Kingdom
# was a programme country until the 2020 call.
EU_MEMBER_STATES = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]
ASSOCIATED_COUNTRIES = ["IS", "LI", "NO", "MK", "RS", "TR"]
PROGRAMME_COUNTRIES_UNTIL_2020 = (*EU_MEMBER_STATES, *ASSOCIATED_COUNTRIES, "GB")
PROGRAMME_COUNTRIES_FROM_2021 = (*EU_MEMBER_STATES, *ASSOCIATED_COUNTRIES)


def flow_dates(*, call: Call, duration_days: int) -> tuple[datetime.date, datetime.date]:
    """The dates a flow is quoted for: from 1 September of the call year, its days long."""
    start = datetime.date(call.year, 9, 1)
    return start, start + datetime.timedelta(days=duration_days - 1)


def partner_country_problem(*, call: Call, country: str) -> str:
    """The sentence saying the action does not fund partners in the country, or ""."""
    programme = (
        PROGRAMME_COUNTRIES_UNTIL_2020 if call.year <= 2020 else PROGRAMME_COUNTRIES_FROM_2021
    )
    if country and str(country) in programme:
        return _(
            "Partner country rule of %(action)s: partners in Erasmus+ programme countries "
            "(the EU and the associated countries) are not funded; choose a partner "
            "outside them."
        ) % {"action": call.action}
    return ""


@dataclass
class FlowCost:
    activity: str
    direction: str
    people: int
    duration_days: int
    quote: GrantQuote | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def activity_label(self) -> str:
        return Activity(self.activity).label

    @property
    def direction_label(self) -> str:
        return Direction(self.direction).label

    @property
    def per_person(self) -> Decimal | None:
        return None if self.quote is None else self.quote.total

    @property
    def total(self) -> Decimal | None:
        return None if self.quote is None else self.quote.total * self.people


@dataclass
class IdeaCost:
    flows: list[FlowCost]
    distance_km: Decimal | None
    partner_problem: str

    @property
    def total(self) -> Decimal:
        return sum((flow.total for flow in self.flows if flow.total is not None), Decimal("0.00"))


def quote_flow(
    *,
    call: Call,
    partner: Institution | None,
    country: str,
    activity: str,
    direction: str,
    duration_days: int,
) -> GrantQuote:
    """One participant's grant for the flow, exactly as `grant_quote` computes it."""
    start, end = flow_dates(call=call, duration_days=duration_days)
    if partner is not None:
        return quote_for_partner(
            partner=partner,
            call_year=call.year,
            action=call.action,
            activity=activity,
            direction=direction,
            start=start,
            end=end,
        )
    host_country = country if direction == Direction.OUTGOING else home_institution().country.code
    return quote_grant(
        call_year=call.year,
        action=call.action,
        activity=activity,
        direction=direction,
        host_country=host_country,
        start=start,
        end=end,
        travel_days=default_travel_days(activity),
        distance_km=None,
    )


def idea_cost(
    *, call: Call, partner: Institution | None, country: str, flows: list[dict]
) -> IdeaCost:
    """The cost of each flow (dicts of activity, direction, people, duration_days) and the
    rules each breaks; a flow that cannot be quoted carries the reason as its problem."""
    try:
        table = rate_table_for(call_year=call.year, action=call.action)
    except GrantCalculationError:
        table = None
    costs = []
    for flow in flows:
        cost = FlowCost(**flow)
        start, end = flow_dates(call=call, duration_days=cost.duration_days)
        if table is not None:
            cost.problems = [
                finding.message
                for finding in duration_findings(
                    table, activity=cost.activity, start=start, end=end
                )
            ]
        try:
            cost.quote = quote_flow(
                call=call,
                partner=partner,
                country=country,
                activity=cost.activity,
                direction=cost.direction,
                duration_days=cost.duration_days,
            )
        except GrantCalculationError as error:
            cost.problems.append(str(error))
        costs.append(cost)
    distance = None
    if partner is not None:
        try:
            distance = distance_between(home_institution(), partner)
        except GrantCalculationError:
            distance = None
    return IdeaCost(
        flows=costs,
        distance_km=distance,
        partner_problem=partner_country_problem(call=call, country=country),
    )
