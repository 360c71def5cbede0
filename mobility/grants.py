"""The Erasmus+ grant of a mobility: individual, travel and organisational support.

`quote_grant` is the calculation itself: it reads the call's rate table and writes nothing.
`recalculate_grant` stores a mobility's quote on the mobility (its history keeps the
amounts it replaces). Durations count as the EU's Beneficiary Module counts them:
long-term students in 30-day months, staff and short-term students in calendar days,
funded travel days added to both.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Institution
from projects.models import Project

from .bounds import calendar_days, days_30_360
from .distance import Band, band_for, bands_of, display_km, exact_distance_km
from .eligibility import shorter_than_minimum
from .models import STAFF_ACTIVITIES, Activity, Direction, IndividualSupportRate, Mobility
from .rates import GrantCalculationError, MissingRateError, individual_rate, rate_table_for

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
Category = IndividualSupportRate.Category


@dataclass(frozen=True)
class Line:
    """One line of a grant's breakdown: quantity x rate = amount (quantity None: a lump sum)."""

    label: str
    amount: Decimal
    quantity: Decimal | int | None = None
    rate: Decimal | None = None
    # A line the portal reads back from a stored breakdown (SHORT_STAY) names itself.
    code: str = ""

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "quantity": None if self.quantity is None else str(self.quantity),
            "rate": None if self.rate is None else str(self.rate),
            "amount": str(self.amount),
        } | ({"code": self.code} if self.code else {})


@dataclass
class GrantQuote:
    call_year: int
    action: str
    activity: str
    direction: str
    start: datetime.date
    end: datetime.date
    travel_days: int
    funded_days: int = 0
    distance_km: Decimal | None = None
    band: Band | None = None
    band_overridden: bool = False
    individual_support: Decimal = ZERO
    travel_support: Decimal = ZERO
    organisational_support: Decimal = ZERO
    lines: list[Line] = field(default_factory=list)

    @property
    def participant_grant(self) -> Decimal:
        return self.individual_support + self.travel_support

    @property
    def total(self) -> Decimal:
        return self.individual_support + self.travel_support + self.organisational_support

    @property
    def band_label(self) -> str:
        if self.band is None:
            return _("no travel band")
        return self.band.label

    def as_dict(self) -> dict:
        return {
            "call_year": self.call_year,
            "action": self.action,
            "activity": self.activity,
            "direction": self.direction,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "travel_days": self.travel_days,
            "funded_days": self.funded_days,
            "distance_km": None if self.distance_km is None else str(self.distance_km),
            "band": self.band_label,
            "band_overridden": self.band_overridden,
            "individual_support": str(self.individual_support),
            "travel_support": str(self.travel_support),
            "organisational_support": str(self.organisational_support),
            "participant_grant": str(self.participant_grant),
            "total": str(self.total),
            "breakdown": [line.as_dict() for line in self.lines],
        }


def default_travel_days(activity: str) -> int:
    return 2 if activity in STAFF_ACTIVITIES else 0


def quote_grant(
    *,
    call_year: int,
    action: str,
    activity: str,
    direction: str,
    host_country: str,
    start: datetime.date,
    end: datetime.date,
    travel_days: int,
    distance_km: Decimal | float | None,
    green_travel: bool = False,
    fewer_opportunities: bool = False,
    zero_grant: bool = False,
    band_override_km: int | None = None,
    rate_table=None,
) -> GrantQuote:
    """One participant's grant under a call's rate table; MissingRateError names a missing rate.
    The band is chosen from `distance_km` as given; the quote shows it to two decimals.
    rate_table: the call's table when the caller loaded it already (rate_table_for)."""
    if end < start:
        raise GrantCalculationError(_("The mobility ends before it starts."))
    table = rate_table or rate_table_for(call_year=call_year, action=action)
    quote = GrantQuote(
        call_year=call_year,
        action=action,
        activity=activity,
        direction=direction,
        start=start,
        end=end,
        travel_days=travel_days,
        distance_km=None if distance_km is None else display_km(distance_km),
    )
    individual_lines = _individual_support(
        quote, table, host_country=host_country, fewer_opportunities=fewer_opportunities
    )
    travel_lines = _travel_support(
        quote,
        table,
        distance_km=distance_km,
        green_travel=green_travel,
        band_override_km=band_override_km,
    )
    if zero_grant:
        quote.lines.append(
            Line(_("Zero grant: no individual or travel support from EU funds"), ZERO)
        )
    else:
        quote.lines += individual_lines + travel_lines
        quote.individual_support = sum((line.amount for line in individual_lines), ZERO)
        quote.travel_support = sum((line.amount for line in travel_lines), ZERO)
    quote.organisational_support = table.organisational_support
    quote.lines.append(
        Line(
            _("Organisational support (to the project)"),
            table.organisational_support,
            1,
            table.organisational_support,
        )
    )
    return quote


def _individual_support(quote, table, *, host_country, fewer_opportunities) -> list[Line]:
    days_of_activity = calendar_days(quote.start, quote.end)
    if quote.activity in STAFF_ACTIVITIES:
        return _staff_support(quote, table, host_country, fewer_opportunities, days_of_activity)
    if days_of_activity <= table.short_term_max_funded_days:
        return _short_term_support(
            quote, table, host_country, fewer_opportunities, days_of_activity
        )
    return _long_term_support(quote, table, host_country, fewer_opportunities)


def _staff_support(quote, table, host_country, fewer_opportunities, days_of_activity):
    rate = individual_rate(
        table, category=Category.STAFF, direction=quote.direction, host_country=host_country
    ).amount
    days = days_of_activity + quote.travel_days
    reduced_rate = rate * table.staff_reduced_rate_percent / 100
    lines = _day_tiers(
        days,
        full_days=table.staff_full_rate_days,
        max_days=table.staff_max_funded_days,
        rate=rate,
        later_rate=reduced_rate,
        later_label=_("Days %(first)s-%(last)s at %(percent)s %%")
        % {
            "first": table.staff_full_rate_days + 1,
            "last": min(days, table.staff_max_funded_days),
            "percent": table.staff_reduced_rate_percent,
        },
    )
    quote.funded_days = min(days, table.staff_max_funded_days)
    if fewer_opportunities:
        lines.append(Line(_("Fewer opportunities: no top-up for staff in the rate table"), ZERO))
    return lines


def _short_term_support(quote, table, host_country, fewer_opportunities, days_of_activity):
    rate = individual_rate(
        table,
        category=Category.SHORT_TERM_STUDENT,
        direction=quote.direction,
        host_country=host_country,
    )
    days = days_of_activity + quote.travel_days
    lines = _day_tiers(
        days,
        full_days=table.short_term_full_rate_days,
        max_days=table.short_term_max_funded_days,
        rate=rate.amount,
        later_rate=rate.later_days_amount,
        later_label=_("Days %(first)s-%(last)s")
        % {
            "first": table.short_term_full_rate_days + 1,
            "last": min(days, table.short_term_max_funded_days),
        },
    )
    quote.funded_days = min(days, table.short_term_max_funded_days)
    if fewer_opportunities:
        longer = days > table.short_term_full_rate_days
        top_up = (
            table.short_term_fewer_opportunities_top_up_longer
            if longer
            else table.short_term_fewer_opportunities_top_up
        )
        if top_up is None:
            raise MissingRateError(
                _(
                    "The %(table)s rate table has no fewer-opportunities top-up "
                    "for short-term mobility."
                )
                % {"table": table}
            )
        lines.append(Line(_("Fewer-opportunities top-up (short-term)"), top_up, 1, top_up))
    return lines


def _day_tiers(days, *, full_days, max_days, rate, later_rate, later_label) -> list[Line]:
    first = min(days, full_days)
    lines = [
        Line(
            _("Days 1-%(last)s") % {"last": first},
            _money(rate * first),
            first,
            rate,
        )
    ]
    later = max(0, min(days, max_days) - full_days)
    if later:
        lines.append(Line(later_label, _money(later_rate * later), later, _money(later_rate)))
    if days > max_days:
        lines.append(
            Line(
                _("%(count)s days after day %(max)s are not funded")
                % {"count": days - max_days, "max": max_days},
                ZERO,
            )
        )
    return lines


def _long_term_support(quote, table, host_country, fewer_opportunities):
    rate = individual_rate(
        table, category=Category.STUDENT, direction=quote.direction, host_country=host_country
    ).amount
    days = days_30_360(quote.start, quote.end) + quote.travel_days
    quote.funded_days = days
    lines = _monthly(_("Individual support"), days, rate)
    if fewer_opportunities:
        if table.fewer_opportunities_top_up is None:
            raise MissingRateError(
                _("The %(table)s rate table has no fewer-opportunities top-up.") % {"table": table}
            )
        lines += _monthly(_("Fewer-opportunities top-up"), days, table.fewer_opportunities_top_up)
    if quote.activity == Activity.TRAINEESHIP and table.traineeship_top_up:
        lines += _monthly(_("Traineeship top-up"), days, table.traineeship_top_up)
    return lines


def _monthly(label: str, days: int, monthly_rate: Decimal) -> list[Line]:
    """Full months at the monthly rate, remaining days at 1/30 of it."""
    months, rest = divmod(days, 30)
    lines = []
    if months:
        lines.append(
            Line(
                _("%(label)s: %(months)s months") % {"label": label, "months": months},
                _money(monthly_rate * months),
                months,
                monthly_rate,
            )
        )
    if rest:
        daily = monthly_rate / 30
        lines.append(
            Line(
                _("%(label)s: %(days)s days at 1/30 of the monthly rate")
                % {"label": label, "days": rest},
                _money(daily * rest),
                rest,
                _money(daily),
            )
        )
    return lines


def _travel_support(quote, table, *, distance_km, green_travel, band_override_km) -> list[Line]:
    bands = bands_of(table.travel_bands.all())
    if not bands:
        raise MissingRateError(
            _("The %(table)s rate table has no travel bands.") % {"table": table}
        )
    if band_override_km is not None:
        matching = [band for band in bands if band.min_km == band_override_km]
        if not matching:
            raise MissingRateError(
                _("The %(table)s rate table has no travel band starting at %(km)s km.")
                % {"table": table, "km": band_override_km}
            )
        quote.band, quote.band_overridden = matching[0], True
    elif distance_km is None:
        raise GrantCalculationError(_("The distance is unknown and no band was chosen."))
    else:
        quote.band = band_for(distance_km, bands)
    if quote.band is None:
        return [
            Line(_("Under %(km)s km: no travel support") % {"km": bands[0].min_km}, ZERO),
        ]
    amount, label = quote.band.amount, _("Travel, %(band)s") % {"band": quote.band.label}
    if green_travel:
        if quote.band.green_amount is None:
            label = _("Green travel, %(band)s (standard amount in this band)") % {
                "band": quote.band.label
            }
        else:
            amount = quote.band.green_amount
            label = _("Green travel, %(band)s") % {"band": quote.band.label}
    if quote.band_overridden:
        label = _("%(label)s, band chosen by staff") % {"label": label}
    return [Line(label, amount, 1, amount)]


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def home_institution() -> Institution:
    home = Institution.objects.filter(is_home=True).first()
    if home is None:
        raise GrantCalculationError(_("No institution is marked as ours."))
    return home


def quote_for_partner(
    *,
    partner: Institution,
    home: Institution | None = None,
    call_year: int,
    action: str,
    activity: str,
    direction: str,
    start: datetime.date,
    end: datetime.date,
    travel_days: int | None = None,
    green_travel: bool = False,
    fewer_opportunities: bool = False,
    zero_grant: bool = False,
    band_override_km: int | None = None,
    rate_table=None,
) -> GrantQuote:
    """The grant of a mobility between our institution and a partner institution."""
    home = home or home_institution()
    host = partner if direction == Direction.OUTGOING else home
    return quote_grant(
        call_year=call_year,
        action=action,
        activity=activity,
        direction=direction,
        host_country=host.country.code,
        start=start,
        end=end,
        travel_days=default_travel_days(activity) if travel_days is None else travel_days,
        distance_km=exact_distance_km(home, partner),
        green_travel=green_travel,
        fewer_opportunities=fewer_opportunities,
        zero_grant=zero_grant,
        band_override_km=band_override_km,
        rate_table=rate_table,
    )


SHORT_STAY = "short_stay"


def quote_for_mobility(mobility: Mobility, *, home: Institution | None = None) -> GrantQuote:
    """The mobility's grant on its actual dates once known, else on the planned ones. A stay
    that turned out shorter than the activity's minimum duration is not eligible unless force
    majeure is recorded: no grant at all (with force majeure the days spent are paid)."""
    call = mobility.project.call
    table = rate_table_for(call_year=call.year, action=call.action)
    quote = quote_for_partner(
        rate_table=table,
        partner=mobility.partner,
        home=home,
        call_year=call.year,
        action=call.action,
        activity=mobility.activity,
        direction=mobility.direction,
        start=mobility.start,
        end=mobility.end,
        travel_days=mobility.travel_days,
        green_travel=mobility.green_travel,
        fewer_opportunities=mobility.fewer_opportunities,
        zero_grant=mobility.zero_grant,
        band_override_km=mobility.band_override_km,
    )
    if (
        mobility.has_actual_dates
        and not mobility.force_majeure
        and shorter_than_minimum(
            table, activity=mobility.activity, start=mobility.start, end=mobility.end
        )
    ):
        _make_ineligible(quote)
    return quote


def _make_ineligible(quote: GrantQuote) -> None:
    quote.individual_support = quote.travel_support = quote.organisational_support = ZERO
    quote.funded_days = 0
    quote.lines = [
        Line(
            _(
                "Shorter than the minimum duration and no force majeure recorded: the "
                "mobility is not eligible, no grant"
            ),
            ZERO,
            code=SHORT_STAY,
        )
    ]


def is_ineligible_short_stay(mobility: Mobility) -> bool:
    """The stored grant is zero because the stay was too short (read from its breakdown)."""
    return any(line.get("code") == SHORT_STAY for line in mobility.grant_breakdown or [])


GRANT_FIELDS = (
    "individual_support",
    "travel_support",
    "organisational_support",
    "distance_km",
    "distance_band",
    "funded_days",
    "grant_breakdown",
    "grant_error",
)


@transaction.atomic
def recalculate_grant(*, mobility: Mobility, home: Institution | None = None) -> Mobility:
    """Recompute and store the mobility's grant; saves (and adds history) only when it changed."""
    try:
        quote = quote_for_mobility(mobility, home=home)
    except GrantCalculationError as error:
        values = _failed_values(mobility, str(error))
    else:
        values = {
            "individual_support": quote.individual_support,
            "travel_support": quote.travel_support,
            "organisational_support": quote.organisational_support,
            "distance_km": quote.distance_km,
            "distance_band": quote.band_label,
            "funded_days": quote.funded_days,
            "grant_breakdown": [line.as_dict() for line in quote.lines],
            "grant_error": "",
        }
    changed = [name for name in GRANT_FIELDS if getattr(mobility, name) != values[name]]
    for name in changed:
        setattr(mobility, name, values[name])
    if changed or mobility.grant_calculated_at is None:
        mobility.grant_calculated_at = timezone.now()
        mobility.save(update_fields=[*changed, "grant_calculated_at", "updated_at"])
    return mobility


def _failed_values(mobility: Mobility, message: str) -> dict:
    try:
        distance = display_km(exact_distance_km(home_institution(), mobility.partner))
    except GrantCalculationError:
        distance = None
    return {
        "individual_support": ZERO,
        "travel_support": ZERO,
        "organisational_support": ZERO,
        "distance_km": distance,
        "distance_band": "",
        "funded_days": None,
        "grant_breakdown": [],
        "grant_error": message[:300],
    }


@transaction.atomic
def recalculate_grants(*, mobilities) -> int:
    """Recalculate every given mobility (e.g. after a rate correction); returns how many changed."""
    home = Institution.objects.filter(is_home=True).first()
    changed = 0
    for mobility in mobilities.select_related("project__call", "partner"):
        before = mobility.grant_calculated_at
        recalculate_grant(mobility=mobility, home=home)
        changed += mobility.grant_calculated_at != before
    return changed


# Completed mobilities and those of closed projects were reported with their grant: it is
# recalculated only when staff choose to (mobility.services.recalculate_reported_grants).
GRANT_KEPT_AS_REPORTED = Q(status=Mobility.Status.COMPLETED) | Q(
    project__status=Project.Status.CLOSED
)


def mobilities_reading(institution: Institution, *, every_one: bool = False) -> QuerySet:
    """The mobilities (cancelled ones aside) whose grant reads where the institution is:
    its own, or every one when it is ours (or `every_one`: it has just stopped being ours)."""
    mobilities = Mobility.objects.exclude(status=Mobility.Status.CANCELLED)
    if institution.is_home or every_one:
        return mobilities
    return mobilities.filter(partner=institution)


@dataclass(frozen=True)
class GrantChange:
    """A stored grant beside what the data gives now."""

    mobility: Mobility
    old: Decimal
    new: Decimal


def reported_grants_that_would_change(*, institution: Institution) -> list[GrantChange]:
    """The completed (or closed-project) mobilities reading the institution whose grant the
    current data would change: the stored amount and the new one, by project and name."""
    home = Institution.objects.filter(is_home=True).first()
    mobilities = (
        mobilities_reading(institution)
        .filter(GRANT_KEPT_AS_REPORTED)
        .select_related("project__call", "partner")
        .order_by("project__title", "last_name", "first_name", "pk")
    )
    changes = []
    for mobility in mobilities:
        try:
            quote = quote_for_mobility(mobility, home=home)
        except GrantCalculationError:
            continue
        if quote.participant_grant != mobility.total_grant:
            old, new = mobility.total_grant, quote.participant_grant
            changes.append(GrantChange(mobility=mobility, old=old, new=new))
    return changes
