"""Exports for EU reporting and for Erasmus Without Paper.

- A project's mobilities with the Beneficiary Module fields (CSV and XLSX), keyed by grant
  agreement number and mobility id, after a validation report that lists every incomplete
  or inconsistent record. Exporting with problems is allowed; the problems come first.
- Partner institutions as XML shaped like an EWP Institutions API response.

Nothing beyond the Beneficiary Module's fields leaves the portal.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from operator import attrgetter

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partners.models import Institution
from projects.models import Project
from spreadsheets.writer import Column, Sheet, write_csv, write_xlsx

from .eligibility import mobility_findings
from .models import Mobility
from .rates import MissingRateError, rate_table_for

BENEFICIARY_MODULE_COLUMNS = [
    ("grant_agreement_number", "Grant Agreement Number"),
    ("mobility_id", "Mobility ID"),
    ("activity_type", "Activity Type"),
    ("sending_organisation", "Sending Organisation (Erasmus Code or OID)"),
    ("sending_country", "Sending Country"),
    ("sending_city", "Sending City"),
    ("receiving_organisation", "Receiving Organisation (Erasmus Code or OID)"),
    ("receiving_country", "Receiving Country"),
    ("receiving_city", "Receiving City"),
    ("start_date", "Start Date"),
    ("end_date", "End Date"),
    ("funded_duration", "Duration Calculated (days)"),
    ("distance_band", "Distance Band"),
    ("green_travel", "Green Travel"),
    ("first_name", "Participant First Name"),
    ("last_name", "Participant Last Name"),
    ("email", "Participant Email"),
    ("gender", "Participant Gender"),
    ("birth_date", "Participant Date of Birth"),
    ("nationality", "Participant Nationality"),
    ("fewer_opportunities", "Participant with Fewer Opportunities"),
    ("individual_support", "Individual Support (EUR)"),
    ("travel_support", "Travel Support (EUR)"),
    ("total_grant", "Total Grant (EUR)"),
    ("zero_grant", "Zero Grant"),
    ("force_majeure", "Force Majeure"),
]
VALIDATION_COLUMNS = ["Mobility ID", "Participant", "Problem"]


@dataclass(frozen=True)
class Problem:
    mobility_id: str  # blank: the project itself
    participant: str
    message: str


@dataclass(frozen=True)
class ProjectReport:
    project: Project
    home: Institution | None
    mobilities: list[Mobility]
    problems: list[Problem]

    @property
    def rows(self) -> list[dict]:
        return [beneficiary_module_row(self.project, self.home, m) for m in self.mobilities]

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


def _organisation_id(institution: Institution | None) -> str:
    if institution is None:
        return ""
    return institution.erasmus_code or institution.oid


def _sending_and_receiving(home, mobility):
    if mobility.direction == "outgoing":
        return home, mobility.partner
    return mobility.partner, home


def beneficiary_module_row(project: Project, home: Institution | None, mobility: Mobility) -> dict:
    sending, receiving = _sending_and_receiving(home, mobility)
    return {
        "grant_agreement_number": project.grant_agreement_number,
        "mobility_id": mobility_id(mobility),
        "activity_type": mobility.activity,
        "sending_organisation": _organisation_id(sending),
        "sending_country": sending.country.code if sending else "",
        "sending_city": sending.city if sending else "",
        "receiving_organisation": _organisation_id(receiving),
        "receiving_country": receiving.country.code if receiving else "",
        "receiving_city": receiving.city if receiving else "",
        "start_date": mobility.start,
        "end_date": mobility.end,
        "funded_duration": mobility.funded_days,
        "distance_band": mobility.distance_band,
        "green_travel": mobility.green_travel,
        "first_name": mobility.first_name,
        "last_name": mobility.last_name,
        "email": mobility.email,
        "gender": mobility.gender,
        "birth_date": mobility.birth_date,
        "nationality": mobility.nationality.code or "",
        "fewer_opportunities": mobility.fewer_opportunities,
        "individual_support": mobility.individual_support,
        "travel_support": mobility.travel_support,
        "total_grant": mobility.total_grant,
        "zero_grant": mobility.zero_grant,
        "force_majeure": mobility.force_majeure,
    }


def report_problems(project: Project, home: Institution | None, mobilities) -> list[Problem]:
    """Every incomplete or inconsistent record, the project's own problems first."""
    problems = []

    def project_problem(message):
        problems.append(Problem("", "", message))

    if not project.grant_agreement_number:
        project_problem(_("The project has no grant agreement number."))
    if home is None:
        project_problem(_("No institution is marked as ours."))
    elif not _organisation_id(home):
        project_problem(_("Our institution has neither an Erasmus code nor an OID."))
    try:
        table = rate_table_for(call_year=project.call.year, action=project.call.action)
    except MissingRateError:
        table = None
    for mobility in mobilities:
        for message in _mobility_problems(project, mobility, table):
            problems.append(
                Problem(
                    mobility_id(mobility), f"{mobility.first_name} {mobility.last_name}", message
                )
            )
    return problems


def _mobility_problems(project: Project, mobility: Mobility, table) -> list[str]:
    problems = []
    if not _organisation_id(mobility.partner):
        problems.append(
            _("%(partner)s has neither an Erasmus code nor an OID.")
            % {"partner": mobility.partner.name}
        )
    if mobility.status == Mobility.Status.COMPLETED and not mobility.has_actual_dates:
        problems.append(_("Completed, but the actual dates are missing."))
    problems += [
        _("%(field)s: %(problem)s")
        % {"field": _field_label(mobility, finding.field), "problem": finding.message}
        for finding in mobility_findings(mobility, rate_table=table)
    ]
    missing = [
        label
        for label, value in (
            (_("gender"), mobility.gender),
            (_("date of birth"), mobility.birth_date),
            (_("nationality"), mobility.nationality.code),
        )
        if not value
    ]
    if missing:
        problems.append(_("Missing: %(fields)s.") % {"fields": ", ".join(missing)})
    if mobility.grant_error:
        problems.append(
            _("The grant could not be calculated: %(error)s") % {"error": mobility.grant_error}
        )
    elif mobility.grant_calculated_at is None:
        problems.append(_("The grant has not been calculated."))
    elif mobility.total_grant == 0 and not mobility.zero_grant:
        problems.append(_("The grant is zero but the mobility is not marked as a zero grant."))
    if mobility.zero_grant and mobility.total_grant > 0:
        problems.append(_("Marked as a zero grant, but the grant is not zero."))
    return problems


def _field_label(mobility: Mobility, field: str) -> str:
    """The mobility's field a broken rule concerns, by the dates that count."""
    dated = "actual" if mobility.has_actual_dates else "planned"
    name = {"start": f"{dated}_start", "end": f"{dated}_end"}.get(field, field)
    return str(Mobility._meta.get_field(name).verbose_name).capitalize()


def _yes_no(value) -> str:
    # The Beneficiary Module's import reads English flags, whatever the user's language.
    return "Yes" if value else "No"


def _report_column(key: str, title: str) -> Column:
    def read(row: dict):
        value = row[key]
        return _yes_no(value) if isinstance(value, bool) else value

    return Column(title, read)


REPORT_COLUMNS = [_report_column(key, title) for key, title in BENEFICIARY_MODULE_COLUMNS]
PROBLEM_COLUMNS = [
    Column(title, attrgetter(name))
    for title, name in zip(
        VALIDATION_COLUMNS, ("mobility_id", "participant", "message"), strict=True
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


# Erasmus Without Paper: the Institutions API response (stable v2) and the types it uses.
EWP_INSTITUTIONS = (
    "https://github.com/erasmus-without-paper/ewp-specs-api-institutions/tree/stable-v2"
)
EWP_ADDRESS = "https://github.com/erasmus-without-paper/ewp-specs-types-address/tree/stable-v1"
EWP_CONTACT = "https://github.com/erasmus-without-paper/ewp-specs-types-contact/tree/stable-v1"
EWP_PHONE = "https://github.com/erasmus-without-paper/ewp-specs-types-phonenumber/tree/stable-v1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
E164 = re.compile(r"^\+[0-9]{1,15}$")


def ewp_institutions(*, partners_only: bool = True) -> QuerySet[Institution]:
    """The institutions the EWP export describes (those with a SCHAC code: the hei-id)."""
    institutions = Institution.objects.prefetch_related("contacts").order_by("name")
    if partners_only:
        institutions = institutions.filter(is_home=False)
    return institutions


def institutions_xml(institutions) -> bytes:
    """An EWP institutions-response; institutions without a SCHAC code cannot be described."""
    for prefix, namespace in (
        ("", EWP_INSTITUTIONS),
        ("a", EWP_ADDRESS),
        ("c", EWP_CONTACT),
        ("p", EWP_PHONE),
    ):
        ET.register_namespace(prefix, namespace)
    root = ET.Element(_q(EWP_INSTITUTIONS, "institutions-response"))
    for institution in institutions:
        if institution.schac_code:
            root.append(_hei(institution))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _sub(parent, namespace, name, text=None, **attributes):
    element = ET.SubElement(parent, _q(namespace, name), attributes)
    if text is not None:
        element.text = text
    return element


def _hei(institution: Institution):
    hei = ET.Element(_q(EWP_INSTITUTIONS, "hei"))
    _sub(hei, EWP_INSTITUTIONS, "hei-id", institution.schac_code)
    if institution.erasmus_code:
        _sub(hei, EWP_INSTITUTIONS, "other-id", institution.erasmus_code, type="erasmus")
    if institution.pic:
        _sub(hei, EWP_INSTITUTIONS, "other-id", institution.pic, type="pic")
    _sub(hei, EWP_INSTITUTIONS, "name", institution.name, **{XML_LANG: "en"})
    if institution.name_local and institution.name_local != institution.name:
        _sub(hei, EWP_INSTITUTIONS, "name", institution.name_local)
    address = _sub(hei, EWP_ADDRESS, "street-address")
    _sub(address, EWP_ADDRESS, "locality", institution.city)
    _sub(address, EWP_ADDRESS, "country", institution.country.code)
    if institution.website:
        _sub(hei, EWP_INSTITUTIONS, "website-url", institution.website, **{XML_LANG: "en"})
    for contact in institution.contacts.all():
        hei.append(_contact(contact))
    return hei


def _contact(contact):
    element = ET.Element(_q(EWP_CONTACT, "contact"))
    _sub(element, EWP_CONTACT, "contact-name", contact.name)
    if contact.phone:
        phone = _sub(element, EWP_PHONE, "phone-number")
        number = re.sub(r"[\s().-]", "", contact.phone)
        if E164.match(number):
            _sub(phone, EWP_PHONE, "e164", number)
        else:
            _sub(phone, EWP_PHONE, "other-format", contact.phone)
    if contact.email:
        _sub(element, EWP_CONTACT, "email", contact.email)
    if contact.position:
        _sub(element, EWP_CONTACT, "role-description", contact.position, **{XML_LANG: "en"})
    return element
