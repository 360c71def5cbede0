"""A project's mobilities in the Beneficiary Module's terms, and what the module would refuse.

The columns are those of the Beneficiary Module's mobility import template for KA171
(wikis.ec.europa.eu, "Data dictionary and Mobility Import-Export templates"; the field
meanings as the EWP `bm-mobilities` report request documents them): one row per mobility
activity, dates as DD-MM-YYYY, flags as Yes/No, countries as ISO 3166 codes,
organisations by OID (or Erasmus code). "Duration Calculated (days)" counts the activity
as the EU counts it, without travel days; "Funded travel days" is its own field.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partners.models import Institution
from projects.models import Project
from spreadsheets.writer import Column, Sheet, write_csv, write_xlsx

from ..bounds import SHORT_TERM_STUDENT_DAYS, is_long_term_stay
from ..eligibility import mobility_findings
from ..grants import calendar_days, days_30_360
from ..models import STUDENT_ACTIVITIES, Mobility, MobilityGrant
from ..rates import MissingRateError, rate_table_for

BM_DATE_FORMAT = "%d-%m-%Y"
# The Beneficiary Module's activity types for higher education.
SHORT_TERM_MAX_DAYS = SHORT_TERM_STUDENT_DAYS[1]
ACTIVITY_TYPES = {"SMS": "HE-SMS", "SMT": "HE-SMT", "STA": "HE-STA", "STT": "HE-STT"}
# The means of transport in English, whatever the user's language.
TRANSPORT_MEANS = {
    "plane": "Plane",
    "train": "Train",
    "bus": "Bus/Coach",
    "car_sharing": "Car-sharing",
    "car": "Car",
    "boat": "Boat",
    "bicycle": "Bike",
    "other": "Other",
}

# "Data type", "Grant Agreement No." and "Mobility activity ID" are the columns an import
# cannot do without (wikis.ec.europa.eu, "Import and export of mobility activities with
# itineraries, certifications and languages"). A row is a mobility activity's main line;
# itinerary and certification sub-rows, the other data types, are not used for KA171.
MOBILITY_DATA_TYPE = "Mobility"
# (key, the template's column name)
BENEFICIARY_MODULE_COLUMNS = [
    ("data_type", "Data type"),
    ("grant_agreement_number", "Grant Agreement No."),
    ("mobility_id", "Mobility activity ID"),
    ("activity_type", "Activity Type"),
    ("long_term", "Long-term activity"),
    ("blended", "Blended mobility"),
    ("virtual_description", "Virtual Component Description"),
    ("virtual_hours", "Virtual Component Duration (hours)"),
    ("field_of_education", "Field of Education"),
    ("eqf_level", "Education Level"),
    ("participant_id", "Participant ID"),
    ("first_name", "Participant First Name"),
    ("last_name", "Participant Last Name"),
    ("email", "Participant Email"),
    ("gender", "Participant Gender"),
    ("birth_date", "Participant Date of Birth"),
    ("nationality", "Participant Nationality"),
    ("fewer_opportunities", "Participant with Fewer Opportunities"),
    ("recent_graduate", "Recent Graduate"),
    ("main_language", "Main Instruction/Work/Volunteering Language"),
    ("sending_oid", "Sending Organisation OID"),
    ("sending_erasmus_code", "Sending Organisation Erasmus Code"),
    ("sending_country", "Sending Country"),
    ("sending_city", "Sending City"),
    ("receiving_oid", "Receiving Organisation OID"),
    ("receiving_erasmus_code", "Receiving Organisation Erasmus Code"),
    ("receiving_country", "Receiving Country"),
    ("receiving_city", "Receiving City"),
    ("distance_band", "Distance Band"),
    ("transport_means", "Means of Transport"),
    ("green_travel", "Green Travel"),
    ("start_date", "Start Date"),
    ("end_date", "End Date"),
    ("duration_calculated", "Duration Calculated (days)"),
    ("interruption_days", "Interruption Duration (days)"),
    ("non_funded_days", "Non-Funded Duration (days)"),
    ("funded_travel_days", "Funded travel days"),
    ("funded_duration", "Funded Duration (days)"),
    ("zero_grant", "Zero Grant"),
    ("individual_support", "Individual Support (EUR)"),
    ("travel_support", "Travel Support (EUR)"),
    ("exceptional_travel_cost", "Exceptional Cost for Expensive Travel (EUR)"),
    ("exceptional_travel_cost_justification", "Exceptional Cost Justification"),
    ("inclusion_support", "Inclusion Support for Participants (EUR)"),
    ("mobility_grant", "Mobility Activity Grant (EUR)"),
    ("force_majeure", "Force Majeure"),
    ("force_majeure_explanation", "Force Majeure Explanations"),
]
COLUMN_NAMES = dict(BENEFICIARY_MODULE_COLUMNS)
VALIDATION_COLUMNS = ["Mobility activity ID", "Participant", "Field", "Problem"]


@dataclass(frozen=True)
class Problem:
    mobility_id: str  # blank: the project itself
    participant: str
    message: str
    field: str = ""  # the Beneficiary Module column the problem is in


@dataclass(frozen=True)
class ProjectReport:
    project: Project
    home: Institution | None
    mobilities: list[Mobility]
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        return [beneficiary_module_row(self.project, self.home, m) for m in self.mobilities]

    @property
    def student_mobilities(self) -> list[Mobility]:
        return [m for m in self.mobilities if m.activity in STUDENT_ACTIVITIES]

    @property
    def filename(self) -> str:
        key = self.project.grant_agreement_number or self.project.slug
        return f"beneficiary-module-{key}"


def mobility_id(mobility: Mobility) -> str:
    return f"M{mobility.pk:06d}"


def reported_mobilities(project: Project) -> QuerySet[Mobility]:
    """Every mobility of the project except the cancelled ones, in the order of their start."""
    return (
        project.mobilities.exclude(status=Mobility.Status.CANCELLED)
        .select_related("partner", "project__call")
        .order_by("planned_start", "pk")
    )


def project_report(project: Project) -> ProjectReport:
    home = Institution.objects.filter(is_home=True).first()
    mobilities = list(reported_mobilities(project))
    return ProjectReport(project, home, mobilities, report_problems(project, home, mobilities))


def sending_and_receiving(home, mobility):
    if mobility.direction == "outgoing":
        return home, mobility.partner
    return mobility.partner, home


def duration_calculated(mobility: Mobility) -> int:
    """The activity's days as the EU counts them, travel days not included: 30-day months
    for long-term student mobility, calendar days otherwise."""
    start, end = mobility.start, mobility.end
    days = calendar_days(start, end)
    if mobility.activity in STUDENT_ACTIVITIES and days > SHORT_TERM_MAX_DAYS:
        return days_30_360(start, end)
    return days


def funded_duration(mobility: Mobility) -> int:
    """The funded days: the activity less interruptions and non-funded days, plus travel."""
    return max(
        duration_calculated(mobility)
        - mobility.interruption_days
        - mobility.non_funded_days
        + mobility.travel_days,
        0,
    )


def is_long_term(mobility: Mobility) -> bool:
    return mobility.activity in STUDENT_ACTIVITIES and is_long_term_stay(
        mobility.start, mobility.end
    )


def mobility_grant(mobility: Mobility) -> Decimal:
    """The grant the module adds up: individual support, travel support (or the exceptional
    cost instead of it) and inclusion support."""
    travel = (
        mobility.exceptional_travel_cost
        if mobility.exceptional_travel_cost is not None
        else mobility.travel_support
    )
    return mobility.individual_support + travel + mobility.inclusion_support


def beneficiary_module_row(project: Project, home: Institution | None, mobility: Mobility) -> dict:
    sending, receiving = sending_and_receiving(home, mobility)
    return {
        "data_type": MOBILITY_DATA_TYPE,
        "grant_agreement_number": project.grant_agreement_number,
        "mobility_id": mobility_id(mobility),
        "activity_type": ACTIVITY_TYPES[mobility.activity],
        "long_term": mobility.long_term,
        "blended": mobility.blended,
        "virtual_description": mobility.virtual_component,
        "virtual_hours": mobility.virtual_hours,
        "field_of_education": mobility.field_of_education,
        "eqf_level": mobility.eqf_level,
        "participant_id": mobility.participant_id,
        "first_name": mobility.first_name,
        "last_name": mobility.last_name,
        "email": mobility.email,
        "gender": mobility.gender,
        "birth_date": mobility.birth_date,
        "nationality": mobility.nationality.code or "",
        "fewer_opportunities": mobility.fewer_opportunities,
        "recent_graduate": mobility.recent_graduate,
        "main_language": mobility.main_language.upper(),
        "sending_oid": sending.oid if sending else "",
        "sending_erasmus_code": sending.erasmus_code if sending else "",
        "sending_country": sending.country.code if sending else "",
        "sending_city": sending.city if sending else "",
        "receiving_oid": receiving.oid if receiving else "",
        "receiving_erasmus_code": receiving.erasmus_code if receiving else "",
        "receiving_country": receiving.country.code if receiving else "",
        "receiving_city": receiving.city if receiving else "",
        "distance_band": mobility.distance_band,
        "transport_means": TRANSPORT_MEANS.get(mobility.transport_means, ""),
        "green_travel": mobility.green_travel,
        "start_date": mobility.start,
        "end_date": mobility.end,
        "duration_calculated": duration_calculated(mobility),
        "interruption_days": mobility.interruption_days,
        "non_funded_days": mobility.non_funded_days,
        "funded_travel_days": mobility.travel_days,
        "funded_duration": funded_duration(mobility),
        "zero_grant": mobility.zero_grant,
        "individual_support": mobility.individual_support,
        "travel_support": mobility.travel_support,
        "exceptional_travel_cost": mobility.exceptional_travel_cost,
        "exceptional_travel_cost_justification": mobility.exceptional_travel_cost_justification,
        "inclusion_support": mobility.inclusion_support,
        "mobility_grant": mobility_grant(mobility),
        "force_majeure": mobility.force_majeure,
        "force_majeure_explanation": mobility.force_majeure_explanation,
    }


def report_problems(project: Project, home: Institution | None, mobilities) -> list[Problem]:
    """Everything the Beneficiary Module would refuse, the project's own problems first,
    then one line per problem of each mobility, then the grant lines overspent."""
    problems = []

    def project_problem(message, column=""):
        problems.append(Problem("", "", message, column))

    if not project.grant_agreement_number:
        project_problem(
            _("The project has no grant agreement number."), COLUMN_NAMES["grant_agreement_number"]
        )
    if home is None:
        project_problem(_("No institution is marked as ours."))
    elif not (home.oid or home.erasmus_code):
        project_problem(_("Our institution has neither an Erasmus code nor an OID."))
    try:
        table = rate_table_for(call_year=project.call.year, action=project.call.action)
    except MissingRateError:
        table = None
    for mobility in mobilities:
        participant = f"{mobility.first_name} {mobility.last_name}"
        for column, message in mobility_problems(project, home, mobility, rate_table=table):
            problems.append(Problem(mobility_id(mobility), participant, message, column))
    problems.extend(grant_line_problems(project, mobilities))
    return problems


# The Beneficiary Module column of each field the call's rules name (mobility.eligibility).
RULE_COLUMNS = {
    "start": "start_date",
    "end": "end_date",
    "travel_days": "funded_travel_days",
    "activity": "activity_type",
    "previous_participation": "duration_calculated",
}


def mobility_problems(
    project: Project, home, mobility: Mobility, *, rate_table=None
) -> list[tuple[str, str]]:
    """(column, message) for each field of the mobility the Beneficiary Module would refuse,
    and each rule of the call it breaks (on the actual dates when known)."""
    problems = []

    def problem(key, message):
        problems.append((COLUMN_NAMES[key], message))

    partner_side = "receiving" if mobility.direction == "outgoing" else "sending"
    if not (mobility.partner.oid or mobility.partner.erasmus_code):
        problem(
            f"{partner_side}_oid",
            _("%(partner)s has neither an Erasmus code nor an OID.")
            % {"partner": mobility.partner.name},
        )
    for key, value, label in (
        ("email", mobility.email, _("email")),
        ("gender", mobility.gender, _("gender")),
        ("birth_date", mobility.birth_date, _("date of birth")),
        ("nationality", mobility.nationality.code, _("nationality")),
        ("field_of_education", mobility.field_of_education, _("field of education")),
        ("main_language", mobility.main_language, _("main language")),
        ("transport_means", mobility.transport_means, _("means of transport")),
    ):
        if not value:
            problem(key, _("Missing: %(field)s.") % {"field": label})
    if mobility.activity in STUDENT_ACTIVITIES and mobility.eqf_level is None:
        problem("eqf_level", _("Missing: EQF level."))
    if mobility.status == Mobility.Status.COMPLETED and not mobility.has_actual_dates:
        problem("start_date", _("Completed, but the actual dates are missing."))
    for finding in mobility_findings(mobility, rate_table=rate_table):
        problem(RULE_COLUMNS.get(finding.field, "activity_type"), finding.message)
    if mobility.birth_date and mobility.birth_date >= mobility.start:
        problem("birth_date", _("The date of birth is not before the start."))
    if mobility.long_term != is_long_term(mobility):
        problem(
            "long_term",
            _("Long-term is %(flag)s, but the dates give %(days)s days.")
            % {
                "flag": _("Yes") if mobility.long_term else _("No"),
                "days": calendar_days(mobility.start, mobility.end),
            },
        )
    if mobility.interruption_days + mobility.non_funded_days >= duration_calculated(mobility):
        problem(
            "non_funded_days",
            _("Interruptions and non-funded days take up the whole duration."),
        )
    if mobility.exceptional_travel_cost is not None and mobility.travel_support > 0:
        problem(
            "exceptional_travel_cost",
            _("An exceptional travel cost replaces the travel support; both are set."),
        )
    if mobility.grant_error:
        problem(
            "individual_support",
            _("The grant could not be calculated: %(error)s") % {"error": mobility.grant_error},
        )
    elif mobility.grant_calculated_at is None:
        problem("individual_support", _("The grant has not been calculated."))
    elif mobility.total_grant == 0 and not mobility.zero_grant:
        problem(
            "zero_grant", _("The grant is zero but the mobility is not marked as a zero grant.")
        )
    if mobility.zero_grant and mobility.total_grant > 0:
        problem("zero_grant", _("Marked as a zero grant, but the grant is not zero."))
    return problems


def grant_lines_used(mobilities) -> dict[tuple, tuple[int, Decimal]]:
    """(partner, activity, direction) -> mobilities and their grants, added up."""
    used = defaultdict(lambda: (0, Decimal(0)))
    for mobility in mobilities:
        key = (mobility.partner_id, mobility.activity, mobility.direction)
        count, amount = used[key]
        used[key] = (count + 1, amount + mobility_grant(mobility))
    return used


def grant_line_problems(project: Project, mobilities) -> list[Problem]:
    """The grant lines whose mobilities cost more than awarded, or outnumber the planned."""
    used = grant_lines_used(mobilities)
    problems = []
    lines = MobilityGrant.objects.filter(project=project).select_related("partner")
    for line in lines.order_by("activity", "direction", "partner__name"):
        count, amount = used.get((line.partner_id, line.activity, line.direction), (0, 0))
        label = f"{line.activity} {line.get_direction_display()}, {line.partner.name}"
        if amount > line.amount_awarded:
            problems.append(
                Problem(
                    "",
                    label,
                    _("Grant line overspent: EUR %(used)s granted, EUR %(awarded)s awarded.")
                    % {"used": f"{amount:,.2f}", "awarded": f"{line.amount_awarded:,.2f}"},
                    COLUMN_NAMES["mobility_grant"],
                )
            )
        if count > line.mobilities_planned:
            problems.append(
                Problem(
                    "",
                    label,
                    _("%(count)s mobilities on a grant line for %(planned)s.")
                    % {"count": count, "planned": line.mobilities_planned},
                    COLUMN_NAMES["mobility_id"],
                )
            )
    return problems


def _bm_value(value):
    # The Beneficiary Module's import reads English flags and DD-MM-YYYY dates, whatever
    # the user's language.
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return value.strftime(BM_DATE_FORMAT)
    return value


def _report_column(key: str, title: str) -> Column:
    return Column(title, lambda row: _bm_value(row[key]))


REPORT_COLUMNS = [_report_column(key, title) for key, title in BENEFICIARY_MODULE_COLUMNS]
PROBLEM_COLUMNS = [
    Column(title, attrgetter(name))
    for title, name in zip(
        VALIDATION_COLUMNS, ("mobility_id", "participant", "field", "message"), strict=True
    )
]


def report_csv(report: ProjectReport) -> bytes:
    """The Beneficiary Module rows as UTF-8 CSV (with a byte-order mark for spreadsheets)."""
    return write_csv(report.rows, REPORT_COLUMNS)


def report_xlsx(report: ProjectReport) -> bytes:
    """A workbook: the validation report first, then the Beneficiary Module rows."""
    problems = report.problems or [Problem("", "", _("No problems found."))]
    return write_xlsx(
        Sheet(title="Validation report", columns=PROBLEM_COLUMNS, rows=problems),
        Sheet(title="Mobilities", columns=REPORT_COLUMNS, rows=report.rows),
    )


def problem_lines(problems) -> list[str]:
    """The validation report as text, one line per problem."""
    return [
        " | ".join((p.mobility_id or _("project"), p.participant or "-", p.field or "-", p.message))
        for p in problems
    ]
