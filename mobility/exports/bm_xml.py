"""The Beneficiary Module records as an EWP `bm-mobilities` report request.

The schema (ewp-specs-api-bm-mobilities, `endpoints/report-request.xsd`, kept in
mobility/schemas/ewp/) covers student mobilities only; staff mobilities are reported in the
CSV and XLSX files. The elements follow the schema's order.
"""

import xml.etree.ElementTree as ET
from decimal import Decimal

from ..models import Level, Mobility
from .beneficiary_module import (
    ACTIVITY_TYPES,
    TRANSPORT_MEANS,
    ProjectReport,
    duration_calculated,
    funded_duration,
    mobility_grant,
    mobility_id,
    sending_and_receiving,
)

BM_MOBILITIES = (
    "https://github.com/erasmus-without-paper/ewp-specs-api-bm-mobilities/blob/stable-v1/"
    "endpoints/report-request.xsd"
)
# ISO/IEC 5218, as the EWP common types give a gender.
ISO_5218 = {"F": "2", "M": "1", "X": "0"}
MONTH_DAYS = 30


def report_xml(report: ProjectReport) -> bytes:
    """The project's student mobilities as a bm-mobilities-report-request document."""
    ET.register_namespace("", BM_MOBILITIES)
    root = ET.Element(_q("bm-mobilities-report-request"))
    for mobility in report.student_mobilities:
        root.append(_mobility(report, mobility))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _q(name: str) -> str:
    return f"{{{BM_MOBILITIES}}}{name}"


def _sub(parent, name, value=None, **attributes):
    element = ET.SubElement(parent, _q(name), attributes)
    if value is not None:
        element.text = _text(value)
    return element


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _mobility(report: ProjectReport, mobility: Mobility):
    element = ET.Element(_q("mobility"))
    _sub(element, "agreement-number", report.project.grant_agreement_number)
    _sub(element, "mobility-id", mobility_id(mobility))
    _sub(element, "activity-type", ACTIVITY_TYPES[mobility.activity])
    _sub(element, "long-term", mobility.long_term)
    _sub(element, "blended", mobility.blended)
    _sub(element, "bip", False)
    if mobility.blended:
        _sub(element, "virtual-description", mobility.virtual_component)
        if mobility.virtual_hours is not None:
            _sub(element, "virtual-duration", mobility.virtual_hours)
    # International Credit Mobility is, by definition, with partner countries.
    _sub(element, "international", True)
    _sub(element, "doctoral", mobility.level == Level.DOCTORAL)
    _sub(element, "combined", False)
    # Not recorded by the portal; the participant reports it to the module.
    _sub(element, "digital-skills", "")
    _sub(element, "force-majeure", mobility.force_majeure)
    if mobility.force_majeure:
        _sub(element, "force-majeure-expl", mobility.force_majeure_explanation)
    element.append(_participant(mobility))
    _sub(element, "isced-f-code", mobility.field_of_education)
    if mobility.eqf_level:
        _sub(element, "eqf-study-level", mobility.eqf_level)
    _sub(element, "previous-participation", mobility.previous_participation)
    _sub(element, "main-language", mobility.main_language.upper())
    sending, receiving = sending_and_receiving(report.home, mobility)
    element.append(_organisation("sending-organization", sending))
    element.append(_organisation("receiving-organization", receiving))
    if sending is not None:
        _sub(element, "sending-country", sending.country.code)
        _sub(element, "sending-city", sending.city)
    _sub(element, "receiving-country", receiving.country.code if receiving else "")
    if receiving is not None:
        _sub(element, "receiving-city", receiving.city)
    _sub(element, "distance-band", mobility.distance_band)
    _sub(element, "transport-means", TRANSPORT_MEANS.get(mobility.transport_means, ""))
    _sub(element, "green-travel", mobility.green_travel)
    element.append(_duration(mobility))
    element.append(_budget(mobility))
    return element


def _participant(mobility: Mobility):
    participant = ET.Element(_q("participant"))
    if mobility.participant_id:
        _sub(participant, "participant-id", mobility.participant_id)
    _sub(participant, "given-names", mobility.first_name)
    _sub(participant, "family-name", mobility.last_name)
    _sub(participant, "email", mobility.email)
    _sub(participant, "gender", ISO_5218.get(mobility.gender, "0"))
    _sub(participant, "birth-date", mobility.birth_date or "")
    _sub(participant, "nationality", mobility.nationality.code or "")
    if mobility.activity == "SMT":
        _sub(participant, "recent-graduate", mobility.recent_graduate)
    _sub(participant, "fewer-opportunities", mobility.fewer_opportunities)
    return participant


def _organisation(name: str, institution):
    organisation = ET.Element(_q(name))
    if institution is None:
        _sub(organisation, "id", "unknown")
        _sub(organisation, "oid", "")
        return organisation
    _sub(organisation, "id", institution.oid or institution.erasmus_code.replace(" ", ""))
    if institution.oid:
        _sub(organisation, "oid", institution.oid)
    else:
        _sub(organisation, "erasmus", institution.erasmus_code)
    return organisation


def _duration(mobility: Mobility):
    duration = ET.Element(_q("duration"))
    _sub(duration, "start-date", mobility.start)
    _sub(duration, "end-date", mobility.end)
    calculated = duration_calculated(mobility)
    _sub(duration, "duration-calculated", calculated)
    _sub(duration, "interruption-duration", mobility.interruption_days)
    _sub(duration, "mobility-duration", max(calculated - mobility.interruption_days, 0))
    _sub(duration, "funded-travel-days", mobility.travel_days)
    _sub(duration, "nonfunded-duration", mobility.non_funded_days)
    funded = _sub(duration, "funded-duration")
    total = funded_duration(mobility)
    _sub(funded, "total-days", total)
    _sub(funded, "full-months", total // MONTH_DAYS)
    _sub(funded, "extra-days", total % MONTH_DAYS)
    return duration


def _budget(mobility: Mobility):
    budget = ET.Element(_q("budget"))
    _sub(budget, "zero-grant", mobility.zero_grant)
    _sub(budget, "individual-support", mobility.individual_support)
    exceptional = mobility.exceptional_travel_cost is not None
    _sub(budget, "travel-support", Decimal(0) if exceptional else mobility.travel_support)
    _sub(budget, "request-exceptional-cost", exceptional)
    if exceptional:
        _sub(budget, "travel-cost-exceptional", mobility.exceptional_travel_cost)
        _sub(budget, "travel-cost-justification", mobility.exceptional_travel_cost_justification)
    _sub(budget, "inclusion-support", mobility.inclusion_support)
    _sub(budget, "mobility-grant", mobility_grant(mobility))
    return budget
