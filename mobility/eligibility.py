"""When a mobility may take place and be funded: the rules its dates are checked against.

`eligibility_findings` (and `eligibility_problems`, `mobility_problems`): the EU's rules of
the mobility's call, read from the rate table's eligibility rules and travel-day limits
(data staff edit, seeded by mobility.rates): minimum and maximum duration per activity,
counted as the Beneficiary Module counts (30-day months for long-term students, calendar
days without travel days for staff and short-term), funded travel days, and dates inside
the project period. What may be stored at all, the same for every call, is in
mobility.bounds. The editor, the what-if calculator,
  `grant_quote` and the Beneficiary Module validation report all ask these.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from .bounds import calendar_days, days_30_360
from .models import STUDENT_ACTIVITIES, Activity
from .rates import MissingRateError, rate_table_for


@dataclass(frozen=True)
class Finding:
    """One broken rule: the field it concerns (start, end or travel_days) and a sentence."""

    field: str
    message: str


def _counted(rule, start: datetime.date, end: datetime.date) -> int:
    """The mobility's duration in the rule's unit's days (a month is 30 of them)."""
    if rule.unit == "months":
        return days_30_360(start, end)
    return calendar_days(start, end)


def _fits(rule, start: datetime.date, end: datetime.date) -> bool:
    per_unit = 30 if rule.unit == "months" else 1
    return (
        rule.min_duration * per_unit <= _counted(rule, start, end) <= rule.max_duration * per_unit
    )


def _limit(rule) -> str:
    if rule.unit == "months":
        return gettext("%(min)s to %(max)s months (30-day months)") % {
            "min": rule.min_duration,
            "max": rule.max_duration,
        }
    return gettext("%(min)s to %(max)s days (travel days excluded)") % {
        "min": rule.min_duration,
        "max": rule.max_duration,
    }


def _measured(rules, start: datetime.date, end: datetime.date) -> str:
    counts = []
    if any(rule.unit == "days" for rule in rules):
        days = calendar_days(start, end)
        counts.append(
            ngettext("%(days)s calendar day", "%(days)s calendar days", days) % {"days": days}
        )
    if any(rule.unit == "months" for rule in rules):
        days = days_30_360(start, end)
        counts.append(
            ngettext("%(days)s day in 30-day months", "%(days)s days in 30-day months", days)
            % {"days": days}
        )
    return gettext(" or ").join(counts)


def duration_findings(table, *, activity: str, start, end) -> list[Finding]:
    """The duration rule of the table's call that the activity's dates break, if any."""
    label = Activity(activity).label if activity in Activity.values else activity
    if end < start:
        return [Finding("end", gettext("The mobility ends before it starts."))]
    rules = [rule for rule in table.eligibility_rules.all() if rule.activity == activity]
    if not rules:
        return [
            Finding(
                "activity",
                gettext("The %(table)s rules have no duration limits for %(activity)s.")
                % {"table": table, "activity": label},
            )
        ]
    if any(_fits(rule, start, end) for rule in rules):
        return []
    return [
        Finding(
            "end",
            gettext(
                "Duration rule of %(table)s: %(activity)s lasts %(limits)s; "
                "these dates count %(measured)s."
            )
            % {
                "table": table,
                "activity": label,
                "limits": gettext(" or ").join(_limit(rule) for rule in rules),
                "measured": _measured(rules, start, end),
            },
        )
    ]


def shorter_than_minimum(table, *, activity: str, start, end) -> bool:
    """The dates count less than the least any of the activity's duration rules allows."""
    rules = [rule for rule in table.eligibility_rules.all() if rule.activity == activity]
    if not rules or end < start:
        return False
    return all(
        _counted(rule, start, end) < rule.min_duration * (30 if rule.unit == "months" else 1)
        for rule in rules
    )


def travel_day_findings(table, *, travel_days: int, green_travel: bool) -> list[Finding]:
    """Funded travel days beyond what the call allows (or fewer than none)."""
    allowed = table.max_travel_days + (table.green_travel_extra_days if green_travel else 0)
    if travel_days < 0:
        return [Finding("travel_days", gettext("Funded travel days cannot be negative."))]
    if travel_days <= allowed:
        return []
    if table.green_travel_extra_days:
        limit = gettext(
            "Travel day rule of %(table)s: at most %(standard)s funded travel days, "
            "%(green)s with green travel; %(asked)s asked."
        ) % {
            "table": table,
            "standard": table.max_travel_days,
            "green": table.max_travel_days + table.green_travel_extra_days,
            "asked": travel_days,
        }
    else:
        limit = gettext(
            "Travel day rule of %(table)s: at most %(standard)s funded travel days; "
            "%(asked)s asked."
        ) % {"table": table, "standard": table.max_travel_days, "asked": travel_days}
    return [Finding("travel_days", limit)]


def project_period_findings(*, project_start, project_end, start, end) -> list[Finding]:
    """Dates outside the project's period (the EU funds mobilities inside it only)."""
    findings = []
    period = {"start": date_format(project_start), "end": date_format(project_end)}
    if start < project_start:
        findings.append(
            Finding(
                "start",
                gettext("Project period rule: the mobility starts before the project (%(start)s).")
                % period,
            )
        )
    if end > project_end:
        findings.append(
            Finding(
                "end",
                gettext("Project period rule: the mobility ends after the project (%(end)s).")
                % period,
            )
        )
    return findings


# Programme Guide, "Duration of the activity": a student is funded for at most 12 months
# per study cycle, earlier Erasmus Mundus and Erasmus+ stays included.
MONTHS_PER_STUDY_CYCLE = 12


def study_cycle_months(start: datetime.date, end: datetime.date) -> Decimal:
    """A student stay in months as the Beneficiary Module counts previous participation:
    30-day months for a long stay, calendar days / 30 for a short one."""
    days = calendar_days(start, end)
    counted = days if days <= 30 else days_30_360(start, end)
    return (Decimal(counted) / 30).quantize(Decimal("0.01"))


def study_cycle_findings(
    *, activity: str, start, end, previous_participation: Decimal
) -> list[Finding]:
    if activity not in STUDENT_ACTIVITIES or not previous_participation:
        return []
    months = study_cycle_months(start, end)
    total = previous_participation + months
    if total <= MONTHS_PER_STUDY_CYCLE:
        return []
    return [
        Finding(
            "previous_participation",
            gettext(
                "A student is funded for at most %(limit)s months per study cycle: "
                "%(previous)s earlier and %(months)s now make %(total)s months."
            )
            % {
                "limit": MONTHS_PER_STUDY_CYCLE,
                "previous": previous_participation.normalize(),
                "months": months.normalize(),
                "total": total.normalize(),
            },
        )
    ]


def eligibility_findings(
    *,
    call_year: int,
    action: str,
    activity: str,
    start: datetime.date,
    end: datetime.date,
    travel_days: int,
    green_travel: bool = False,
    previous_participation: Decimal = Decimal(0),
    project_start: datetime.date | None = None,
    project_end: datetime.date | None = None,
    rate_table=None,
) -> list[Finding]:
    """Every rule of the call the mobility breaks, by field; empty when it is eligible.
    The project period is checked when it is given; `rate_table` spares reading the call's
    table again (from mobility.rates.rate_table_for)."""
    findings = study_cycle_findings(
        activity=activity, start=start, end=end, previous_participation=previous_participation
    )
    if project_start and project_end:
        findings += project_period_findings(
            project_start=project_start, project_end=project_end, start=start, end=end
        )
    try:
        table = rate_table or rate_table_for(call_year=call_year, action=action)
    except MissingRateError as error:
        return [*findings, Finding("activity", str(error))]
    findings += duration_findings(table, activity=activity, start=start, end=end)
    findings += travel_day_findings(table, travel_days=travel_days, green_travel=green_travel)
    return findings


def eligibility_problems(**arguments) -> list[str]:
    """The sentences of `eligibility_findings` (same arguments): empty when eligible."""
    return [finding.message for finding in eligibility_findings(**arguments)]


def mobility_findings(mobility, *, rate_table=None) -> list[Finding]:
    """The rules a saved mobility breaks on the dates that count (actual when both are
    known, else planned), with its project's period."""
    project = mobility.project
    return eligibility_findings(
        call_year=project.call.year,
        action=project.call.action,
        activity=mobility.activity,
        start=mobility.start,
        end=mobility.end,
        travel_days=mobility.travel_days,
        green_travel=mobility.green_travel,
        previous_participation=mobility.previous_participation,
        project_start=project.start_date,
        project_end=project.end_date,
        rate_table=rate_table,
    )


def mobility_problems(mobility, *, rate_table=None) -> list[str]:
    """The sentences of `mobility_findings`: empty when the mobility is eligible."""
    return [finding.message for finding in mobility_findings(mobility, rate_table=rate_table)]


def quote_problems(
    quote,
    *,
    green_travel: bool = False,
    previous_participation: Decimal = Decimal(0),
    rate_table=None,
) -> list[str]:
    """The rules of its call that a grant quote (mobility.grants.GrantQuote) breaks; its
    amounts stand, so that staff see what was asked."""
    return eligibility_problems(
        rate_table=rate_table,
        call_year=quote.call_year,
        action=quote.action,
        activity=quote.activity,
        start=quote.start,
        end=quote.end,
        travel_days=quote.travel_days,
        green_travel=green_travel,
        previous_participation=previous_participation,
    )
