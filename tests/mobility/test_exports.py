import csv
import datetime
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from mobility.exports import (
    BENEFICIARY_MODULE_COLUMNS,
    ewp_institutions,
    institutions_xml,
    project_report,
    report_csv,
    report_xlsx,
    report_xml,
)
from mobility.exports.bm_xml import BM_MOBILITIES
from mobility.exports.ewp_institutions import EWP_ADDRESS, EWP_CONTACT, EWP_INSTITUTIONS, EWP_PHONE
from mobility.grants import recalculate_grant
from mobility.models import Activity, Level, Mobility
from tests.factories import (
    CallFactory,
    ContactFactory,
    InstitutionFactory,
    MobilityFactory,
    MobilityGrantFactory,
    OrganisationalUnitFactory,
    ProjectFactory,
)
from tests.mobility.xml_schemas import BM_REPORT_REQUEST, INSTITUTIONS_RESPONSE, schema_errors

pytestmark = pytest.mark.django_db

D = datetime.date
NS = {"e": EWP_INSTITUTIONS, "a": EWP_ADDRESS, "c": EWP_CONTACT, "p": EWP_PHONE}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def project(rates, leiden, nagasaki, havana):
    leiden.erasmus_code = "NL LEIDEN01"
    leiden.save()
    project = ProjectFactory(
        call=CallFactory(year=2020, action="KA107"),
        grant_agreement_number="2020-1-NL01-KA107-064321",
        start_date=D(2020, 8, 1),
        end_date=D(2023, 7, 31),
    )
    complete = MobilityFactory(
        project=project,
        partner=nagasaki,
        first_name="Pieter",
        last_name="van Dijk",
        email="pieter@example.org",
        gender="M",
        birth_date=D(1980, 5, 17),
        nationality="NL",
        status=Mobility.Status.COMPLETED,
        actual_start=D(2021, 3, 8),
        actual_end=D(2021, 3, 12),
        participant_id="p4711",
        field_of_education="0912",
        main_language="en",
        transport_means="plane",
    )
    incomplete = MobilityFactory(
        project=project,
        partner=havana,
        direction="incoming",
        activity=Activity.STUDY,
        level=Level.MASTER,
        first_name="Laura",
        last_name="Méndez Ortiz",
        email="laura@example.org",
        planned_start=D(2021, 9, 1),
        planned_end=D(2022, 1, 31),
        travel_days=0,
        zero_grant=True,
        long_term=True,
        status=Mobility.Status.COMPLETED,
    )
    MobilityFactory(project=project, partner=nagasaki, status=Mobility.Status.CANCELLED)
    for mobility in (complete, incomplete):
        recalculate_grant(mobility=mobility)
    return project


def _ids(project):
    """The mobility ids of Pieter (outgoing staff) and Laura (incoming student)."""
    pks = dict(project.mobilities.values_list("first_name", "pk"))
    return f"M{pks['Pieter']:06d}", f"M{pks['Laura']:06d}"


def _complete_student(project, partner):
    """Laura with everything the Beneficiary Module asks of a student."""
    laura = project.mobilities.get(first_name="Laura")
    partner.oid = "E10000001"
    partner.save()
    Mobility.objects.filter(pk=laura.pk).update(
        gender="F",
        birth_date=D(1998, 2, 3),
        nationality="CU",
        participant_id="s2099001",
        field_of_education="0912",
        eqf_level=7,
        main_language="en",
        transport_means="plane",
        actual_start=D(2021, 9, 1),
        actual_end=D(2022, 1, 31),
        force_majeure=True,
        force_majeure_explanation="Returned a week later: the flight was cancelled.",
        previous_participation=Decimal("6.50"),
    )
    return laura


def test_report_csv_header_is_the_ka171_mobility_import_template(project):
    content = report_csv(project_report(project)).decode("utf-8-sig")

    assert next(csv.reader(io.StringIO(content))) == [
        "Data type",
        "Grant Agreement No.",
        "Mobility activity ID",
        "Activity Type",
        "Long-term activity",
        "Blended mobility",
        "Virtual Component Description",
        "Virtual Component Duration (hours)",
        "Field of Education",
        "Education Level",
        "Participant ID",
        "Participant First Name",
        "Participant Last Name",
        "Participant Email",
        "Participant Gender",
        "Participant Date of Birth",
        "Participant Nationality",
        "Participant with Fewer Opportunities",
        "Recent Graduate",
        "Main Instruction/Work/Volunteering Language",
        "Sending Organisation OID",
        "Sending Organisation Erasmus Code",
        "Sending Country",
        "Sending City",
        "Receiving Organisation OID",
        "Receiving Organisation Erasmus Code",
        "Receiving Country",
        "Receiving City",
        "Distance Band",
        "Means of Transport",
        "Green Travel",
        "Start Date",
        "End Date",
        "Duration Calculated (days)",
        "Interruption Duration (days)",
        "Non-Funded Duration (days)",
        "Funded travel days",
        "Funded Duration (days)",
        "Zero Grant",
        "Individual Support (EUR)",
        "Travel Support (EUR)",
        "Exceptional Cost for Expensive Travel (EUR)",
        "Exceptional Cost Justification",
        "Inclusion Support for Participants (EUR)",
        "Mobility Activity Grant (EUR)",
        "Force Majeure",
        "Force Majeure Explanations",
    ]
    # The three columns an import into the Beneficiary Module cannot do without.
    assert [title for _key, title in BENEFICIARY_MODULE_COLUMNS][:3] == [
        "Data type",
        "Grant Agreement No.",
        "Mobility activity ID",
    ]


def test_report_csv_gives_a_five_day_staff_visit_five_days_and_two_travel_days(project):
    first, second = _ids(project)

    content = report_csv(project_report(project)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))

    assert len(rows) == 2
    assert rows[0] == {
        "Data type": "Mobility",
        "Grant Agreement No.": "2020-1-NL01-KA107-064321",
        "Mobility activity ID": first,
        "Activity Type": "HE-STA",
        "Long-term activity": "No",
        "Blended mobility": "No",
        "Virtual Component Description": "",
        "Virtual Component Duration (hours)": "",
        "Field of Education": "0912",
        "Education Level": "",
        "Participant ID": "p4711",
        "Participant First Name": "Pieter",
        "Participant Last Name": "van Dijk",
        "Participant Email": "pieter@example.org",
        "Participant Gender": "M",
        "Participant Date of Birth": "17-05-1980",
        "Participant Nationality": "NL",
        "Participant with Fewer Opportunities": "No",
        "Recent Graduate": "No",
        "Main Instruction/Work/Volunteering Language": "EN",
        "Sending Organisation OID": "",
        "Sending Organisation Erasmus Code": "NL LEIDEN01",
        "Sending Country": "NL",
        "Sending City": "Leiden",
        "Receiving Organisation OID": "E10208764",
        "Receiving Organisation Erasmus Code": "",
        "Receiving Country": "JP",
        "Receiving City": "Nagasaki",
        "Distance Band": "8000 km and more",
        "Means of Transport": "Plane",
        "Green Travel": "No",
        "Start Date": "08-03-2021",
        "End Date": "12-03-2021",
        "Duration Calculated (days)": "5",
        "Interruption Duration (days)": "0",
        "Non-Funded Duration (days)": "0",
        "Funded travel days": "2",
        "Funded Duration (days)": "7",
        "Zero Grant": "No",
        "Individual Support (EUR)": "1260.00",
        "Travel Support (EUR)": "1500.00",
        "Exceptional Cost for Expensive Travel (EUR)": "",
        "Exceptional Cost Justification": "",
        "Inclusion Support for Participants (EUR)": "0.00",
        "Mobility Activity Grant (EUR)": "2760.00",
        "Force Majeure": "No",
        "Force Majeure Explanations": "",
    }
    # A long-term student: five 30-day months, no travel days.
    assert (
        rows[1]["Mobility activity ID"],
        rows[1]["Activity Type"],
        rows[1]["Long-term activity"],
        rows[1]["Duration Calculated (days)"],
        rows[1]["Funded travel days"],
        rows[1]["Receiving Country"],
        rows[1]["Zero Grant"],
    ) == (second, "HE-SMS", "Yes", "150", "0", "NL", "Yes")


def test_project_report_lists_one_line_per_problem_naming_the_mobility_and_field(project):
    first, second = _ids(project)

    report = project_report(project)

    laura = "Laura Méndez Ortiz"
    assert [(p.mobility_id, p.participant, p.field, p.message) for p in report.problems] == [
        (
            second,
            laura,
            "Sending Organisation OID",
            "University of Havana has neither an Erasmus code nor an OID.",
        ),
        (second, laura, "Participant Gender", "Missing: gender."),
        (second, laura, "Participant Date of Birth", "Missing: date of birth."),
        (second, laura, "Participant Nationality", "Missing: nationality."),
        (second, laura, "Field of Education", "Missing: field of education."),
        (
            second,
            laura,
            "Main Instruction/Work/Volunteering Language",
            "Missing: main language.",
        ),
        (second, laura, "Means of Transport", "Missing: means of transport."),
        (second, laura, "Education Level", "Missing: EQF level."),
        (second, laura, "Start Date", "Completed, but the actual dates are missing."),
    ]
    assert first not in {p.mobility_id for p in report.problems}


def test_project_report_checks_the_project_the_flags_and_the_grant(project, leiden):
    project.grant_agreement_number = ""
    leiden.erasmus_code = ""
    leiden.save()
    mobility = project.mobilities.get(first_name="Pieter")
    Mobility.objects.filter(pk=mobility.pk).update(
        individual_support=0,
        travel_support=0,
        planned_start=D(2023, 7, 31),
        planned_end=D(2023, 8, 4),
        actual_end=D(2023, 8, 4),
        actual_start=D(2023, 7, 31),
        interruption_days=3,
        non_funded_days=2,
    )
    Mobility.objects.filter(first_name="Laura").update(long_term=False)

    problems = [(p.field, p.message) for p in project_report(project).problems]

    assert problems[:2] == [
        ("Grant Agreement No.", "The project has no grant agreement number."),
        ("", "Our institution has neither an Erasmus code nor an OID."),
    ]
    pieter = [
        (p.field, p.message)
        for p in project_report(project).problems
        if p.participant == "Pieter van Dijk"
    ]
    assert pieter == [
        ("End Date", "Project period rule: the mobility ends after the project (31 Jul 2023)."),
        (
            "Non-Funded Duration (days)",
            "Interruptions and non-funded days take up the whole duration.",
        ),
        ("Zero Grant", "The grant is zero but the mobility is not marked as a zero grant."),
    ]
    assert ("Long-term activity", "Long-term is No, but the dates give 153 days.") in problems


def test_project_report_names_the_grant_lines_overspent(project, nagasaki):
    MobilityGrantFactory(
        project=project,
        partner=nagasaki,
        activity=Activity.TEACHING,
        direction="outgoing",
        mobilities_planned=1,
        amount_awarded=Decimal("2000.00"),
    )

    problems = project_report(project).problems

    assert [(p.mobility_id, p.participant, p.field, p.message) for p in problems][-1] == (
        "",
        "STA Outgoing (from us), Nagasaki University",
        "Mobility Activity Grant (EUR)",
        "Grant line overspent: EUR 2,760.00 granted, EUR 2,000.00 awarded.",
    )


def test_report_xlsx_has_the_validation_report_first_then_the_mobilities(project):
    first, second = _ids(project)

    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(project_report(project))))

    assert workbook.sheetnames == ["Validation report", "Mobilities"]
    validation = list(workbook["Validation report"].values)
    assert validation[0] == ("Mobility activity ID", "Participant", "Field", "Problem")
    assert {row[0] for row in validation[1:]} == {second}
    mobilities = list(workbook["Mobilities"].values)
    assert mobilities[0][:3] == ("Data type", "Grant Agreement No.", "Mobility activity ID")
    row = dict(zip(mobilities[0], mobilities[1], strict=True))
    assert (
        row["Mobility activity ID"],
        row["Start Date"],
        row["Duration Calculated (days)"],
        row["Funded travel days"],
        row["Mobility Activity Grant (EUR)"],
    ) == (first, "08-03-2021", 5, 2, 2760)
    assert len(mobilities) == 3


def test_report_xlsx_without_problems_says_so(project):
    project.mobilities.filter(first_name="Laura").delete()

    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(project_report(project))))

    assert list(workbook["Validation report"].values)[1] == (
        None,
        None,
        None,
        "No problems found.",
    )


def test_report_xml_validates_against_the_bm_mobilities_report_request(project, havana):
    _first, second = _ids(project)
    _complete_student(project, havana)

    document = report_xml(project_report(project))

    assert schema_errors(BM_REPORT_REQUEST, document) == []
    root = ET.fromstring(document)  # noqa: S314 (our own output)
    ns = {"b": BM_MOBILITIES}
    mobilities = root.findall("b:mobility", ns)
    assert [m.findtext("b:mobility-id", namespaces=ns) for m in mobilities] == [second]
    laura = mobilities[0]
    assert (
        laura.findtext("b:agreement-number", namespaces=ns),
        laura.findtext("b:activity-type", namespaces=ns),
        laura.findtext("b:long-term", namespaces=ns),
        laura.findtext("b:force-majeure-expl", namespaces=ns),
        laura.findtext("b:participant/b:gender", namespaces=ns),
        laura.findtext("b:participant/b:birth-date", namespaces=ns),
        laura.findtext("b:sending-organization/b:oid", namespaces=ns),
        laura.findtext("b:receiving-organization/b:erasmus", namespaces=ns),
        laura.findtext("b:duration/b:start-date", namespaces=ns),
        laura.findtext("b:duration/b:duration-calculated", namespaces=ns),
        laura.findtext("b:duration/b:funded-duration/b:full-months", namespaces=ns),
        laura.findtext("b:budget/b:mobility-grant", namespaces=ns),
        laura.findtext("b:previous-participation", namespaces=ns),
    ) == (
        "2020-1-NL01-KA107-064321",
        "HE-SMS",
        "true",
        "Returned a week later: the flight was cancelled.",
        "2",
        "1998-02-03",
        "E10000001",
        "NL LEIDEN01",
        "2021-09-01",
        "150",
        "5",
        "0.00",
        "6.50",
    )


def test_report_names_a_student_past_twelve_months_in_the_study_cycle(project, havana):
    second = _ids(project)[1]
    laura = _complete_student(project, havana)
    Mobility.objects.filter(pk=laura.pk).update(previous_participation=Decimal("7.01"))

    problems = [p for p in project_report(project).problems if p.mobility_id == second]

    assert [(p.field, p.message) for p in problems] == [
        (
            "Duration Calculated (days)",
            "A student is funded for at most 12 months per study cycle: 7.01 earlier and 5 "
            "now make 12.01 months.",
        )
    ]


def test_report_xml_of_an_incomplete_record_does_not_validate(project):
    errors = schema_errors(BM_REPORT_REQUEST, report_xml(project_report(project)))

    assert errors != []


def test_institutions_xml_describes_our_institution_first_with_its_units(leiden, nagasaki, havana):
    leiden.schac_code = "universiteitleiden.nl"
    leiden.erasmus_code = "NL LEIDEN01"
    leiden.pic = "999984059"
    leiden.oid = "E10209262"
    leiden.name_local = "Universiteit Leiden"
    leiden.name_local_language = "nl"
    leiden.save()
    havana.name_local_language = "es"
    havana.save()
    units = [
        OrganisationalUnitFactory(institution=leiden, name="Leiden University Medical Center"),
        OrganisationalUnitFactory(institution=leiden, name="Faculty of Science"),
    ]
    ContactFactory(
        institution=nagasaki,
        name="International Office",
        email="iro@nagasaki-u.ac.jp",
        phone="+81 95 819 2111",
        position="Incoming exchange",
    )
    ContactFactory(institution=havana, name="Relaciones Internacionales", phone="ext. 221")
    nagasaki.website = "https://www.nagasaki-u.ac.jp/en/"
    nagasaki.save()

    document = ewp_institutions().xml

    assert schema_errors(INSTITUTIONS_RESPONSE, document) == []
    root = ET.fromstring(document)  # noqa: S314 (our own output)
    assert root.tag == f"{{{EWP_INSTITUTIONS}}}institutions-response"
    heis = root.findall("e:hei", NS)
    assert [hei.findtext("e:hei-id", namespaces=NS) for hei in heis] == [
        "universiteitleiden.nl",
        "nagasaki-u.ac.jp",
        "uh.cu",
    ]
    leiden_hei, nagasaki_hei, havana_hei = heis
    assert [(o.get("type"), o.text) for o in leiden_hei.findall("e:other-id", NS)] == [
        ("erasmus", "NL LEIDEN01"),
        ("pic", "999984059"),
        ("oid", "E10209262"),
    ]
    assert [(n.get(XML_LANG), n.text) for n in leiden_hei.findall("e:name", NS)] == [
        ("en", "Leiden University"),
        ("nl", "Universiteit Leiden"),
    ]
    assert sorted(o.text for o in leiden_hei.findall("e:ounit-id", NS)) == sorted(
        f"ou-{unit.pk}" for unit in units
    )
    assert [(o.get("type"), o.text) for o in nagasaki_hei.findall("e:other-id", NS)] == [
        ("pic", "999862592"),
        ("oid", "E10208764"),
    ]
    assert [(n.get(XML_LANG), n.text) for n in havana_hei.findall("e:name", NS)] == [
        ("en", "University of Havana"),
        ("es", "Universidad de La Habana"),
    ]
    assert (
        nagasaki_hei.findtext("e:website-url", namespaces=NS) == "https://www.nagasaki-u.ac.jp/en/"
    )
    contact = nagasaki_hei.find("c:contact", NS)
    assert (
        contact.findtext("c:contact-name", namespaces=NS),
        contact.findtext("p:phone-number/p:e164", namespaces=NS),
        contact.findtext("c:email", namespaces=NS),
        contact.findtext("c:role-description", namespaces=NS),
    ) == ("International Office", "+81958192111", "iro@nagasaki-u.ac.jp", "Incoming exchange")
    assert (
        havana_hei.findtext("c:contact/p:phone-number/p:other-format", namespaces=NS) == "ext. 221"
    )


def test_institutions_without_schac_code_are_warned_of_not_dropped_silently(leiden, nagasaki):
    InstitutionFactory(name="ESSTI", country="ET", city="Addis Ababa", schac_code="")

    export = ewp_institutions()

    assert [i.name for i in export.described] == ["Nagasaki University"]
    assert export.warnings == [
        "Leiden University has no SCHAC code and is not in the file.",
        "ESSTI has no SCHAC code and is not in the file.",
    ]


def test_institutions_xml_declares_utf8(nagasaki):
    assert institutions_xml([nagasaki]).startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def test_ewp_institutions_command_writes_the_download_and_the_warning(tmp_path, leiden, nagasaki):
    InstitutionFactory(name="ESSTI", country="ET", city="Addis Ababa", schac_code="")
    output, out, err = tmp_path / "institutions.xml", io.StringIO(), io.StringIO()

    call_command("ewp_institutions", output=str(output), stdout=out, stderr=err)

    assert output.read_bytes() == ewp_institutions().xml
    assert out.getvalue() == f"{output}: 1 institutions.\n"
    assert err.getvalue().splitlines() == [
        "Warning: Leiden University has no SCHAC code and is not in the file.",
        "Warning: ESSTI has no SCHAC code and is not in the file.",
    ]


def test_bm_export_exits_with_status_1_and_the_report_when_the_project_has_problems(
    tmp_path, project
):
    output, err = tmp_path / "bm.csv", io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command(
            "bm_export",
            project="2020-1-NL01-KA107-064321",
            format="csv",
            output=str(output),
            stdout=io.StringIO(),
            stderr=err,
        )

    assert (error.value.returncode, str(error.value)) == (
        1,
        "9 problems to fix before importing.",
    )
    assert output.read_bytes() == report_csv(project_report(project))
    _first, second = _ids(project)
    lines = err.getvalue().splitlines()
    assert len(lines) == 9
    assert lines[1] == f"{second} | Laura Méndez Ortiz | Participant Gender | Missing: gender."


def test_bm_export_exits_with_status_0_when_the_project_has_no_problems(tmp_path, project, havana):
    _complete_student(project, havana)
    output, out = tmp_path / "bm.xml", io.StringIO()

    call_command(
        "bm_export",
        project="2020-1-NL01-KA107-064321",
        format="xml",
        output=str(output),
        stdout=out,
    )

    assert project_report(project).problems == []
    assert output.read_bytes() == report_xml(project_report(project))
    assert out.getvalue() == f"{output}: 2 mobilities of {project.title}.\n"


def test_bm_export_refuses_an_unknown_grant_agreement_number(tmp_path, project):
    with pytest.raises(CommandError) as error:
        call_command(
            "bm_export",
            project="2099-1-XX01-KA171-HED-000000001",
            format="xlsx",
            output=str(tmp_path / "bm.xlsx"),
        )

    assert (error.value.returncode, str(error.value)) == (
        1,
        'No project has the grant agreement number "2099-1-XX01-KA171-HED-000000001".',
    )


def test_report_neutralises_a_participant_named_like_a_formula(project):
    formula = '=HYPERLINK("http://x","y")'
    project.mobilities.filter(first_name="Pieter").update(first_name=formula)
    report = project_report(project)

    csv_rows = list(csv.DictReader(io.StringIO(report_csv(report).decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))
    header, first, _second = workbook["Mobilities"].iter_rows()
    cells = dict(zip([cell.value for cell in header], first, strict=True))

    first_row = csv_rows[0]
    assert (first_row["Participant First Name"], first_row["Mobility Activity Grant (EUR)"]) == (
        "'" + formula,
        "2760.00",
    )
    name, total = cells["Participant First Name"], cells["Mobility Activity Grant (EUR)"]
    assert (name.value, name.data_type) == ("'" + formula, "s")
    assert (total.value, total.data_type) == (2760, "n")


def test_validation_report_names_the_mobility_and_the_field_of_each_broken_rule(project):
    laura = project.mobilities.get(first_name="Laura")
    Mobility.objects.filter(pk=laura.pk).update(
        planned_start=D(2021, 2, 1),
        planned_end=D(2021, 3, 31),
        actual_start=None,
        actual_end=None,
        travel_days=3,
    )

    lines = [
        (p.mobility_id, p.participant, p.field, p.message)
        for p in project_report(project).problems
        if p.field in {"End Date", "Funded travel days"}
    ]

    assert lines == [
        (
            _ids(project)[1],
            "Laura Méndez Ortiz",
            "End Date",
            "Duration rule of KA107 2020: Student mobility for studies lasts 3 to 12 months "
            "(30-day months); these dates count 60 days in 30-day months.",
        ),
        (
            _ids(project)[1],
            "Laura Méndez Ortiz",
            "Funded travel days",
            "Travel day rule of KA107 2020: at most 2 funded travel days; 3 asked.",
        ),
    ]
