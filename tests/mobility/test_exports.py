import csv
import datetime
import io
import xml.etree.ElementTree as ET

import openpyxl
import pytest

from mobility.exports import (
    BENEFICIARY_MODULE_COLUMNS,
    EWP_ADDRESS,
    EWP_CONTACT,
    EWP_INSTITUTIONS,
    EWP_PHONE,
    ewp_institutions,
    institutions_xml,
    project_report,
    report_csv,
    report_xlsx,
)
from mobility.grants import recalculate_grant
from mobility.models import Activity, Level, Mobility
from tests.factories import CallFactory, ContactFactory, MobilityFactory, ProjectFactory

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


def test_project_report_lists_every_problem_first(project):
    first, second = _ids(project)

    report = project_report(project)

    assert [(p.mobility_id, p.participant, p.message) for p in report.problems] == [
        (
            second,
            "Laura Méndez Ortiz",
            "University of Havana has neither an Erasmus code nor an OID.",
        ),
        (second, "Laura Méndez Ortiz", "Completed, but the actual dates are missing."),
        (second, "Laura Méndez Ortiz", "Missing: gender, date of birth, nationality."),
    ]
    assert first not in {p.mobility_id for p in report.problems}


def test_project_report_checks_the_project_and_the_grant(project, leiden):
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
    )

    messages = [
        p.message for p in project_report(project).problems if p.participant != "Laura Méndez Ortiz"
    ]

    assert messages == [
        "The project has no grant agreement number.",
        "Our institution has neither an Erasmus code nor an OID.",
        "Actual end: Project period rule: the mobility ends after the project (31 Jul 2023).",
        "The grant is zero but the mobility is not marked as a zero grant.",
    ]


def test_report_csv_reads_back_with_the_beneficiary_module_fields(project, nagasaki):
    first, second = _ids(project)

    content = report_csv(project_report(project)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))

    assert list(rows[0]) == [title for _key, title in BENEFICIARY_MODULE_COLUMNS]
    assert len(rows) == 2
    assert rows[0] == {
        "Grant Agreement Number": "2020-1-NL01-KA107-064321",
        "Mobility ID": first,
        "Activity Type": "STA",
        "Sending Organisation (Erasmus Code or OID)": "NL LEIDEN01",
        "Sending Country": "NL",
        "Sending City": "Leiden",
        "Receiving Organisation (Erasmus Code or OID)": "E10208764",
        "Receiving Country": "JP",
        "Receiving City": "Nagasaki",
        "Start Date": "2021-03-08",
        "End Date": "2021-03-12",
        "Duration Calculated (days)": "7",
        "Distance Band": "8000 km and more",
        "Green Travel": "No",
        "Participant First Name": "Pieter",
        "Participant Last Name": "van Dijk",
        "Participant Email": "pieter@example.org",
        "Participant Gender": "M",
        "Participant Date of Birth": "1980-05-17",
        "Participant Nationality": "NL",
        "Participant with Fewer Opportunities": "No",
        "Individual Support (EUR)": "1260.00",
        "Travel Support (EUR)": "1500.00",
        "Total Grant (EUR)": "2760.00",
        "Zero Grant": "No",
        "Force Majeure": "No",
    }
    assert (rows[1]["Mobility ID"], rows[1]["Sending Organisation (Erasmus Code or OID)"]) == (
        second,
        "",
    )
    assert (rows[1]["Receiving Country"], rows[1]["Duration Calculated (days)"]) == ("NL", "150")
    assert (rows[1]["Total Grant (EUR)"], rows[1]["Zero Grant"]) == ("0.00", "Yes")


def test_report_xlsx_has_the_validation_report_first_then_the_mobilities(project):
    first, second = _ids(project)

    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(project_report(project))))

    assert workbook.sheetnames == ["Validation report", "Mobilities"]
    validation = list(workbook["Validation report"].values)
    assert validation[0] == ("Mobility ID", "Participant", "Problem")
    assert [row[0] for row in validation[1:]] == [second, second, second]
    mobilities = list(workbook["Mobilities"].values)
    assert mobilities[0][:3] == ("Grant Agreement Number", "Mobility ID", "Activity Type")
    row = dict(zip(mobilities[0], mobilities[1], strict=True))
    assert (row["Mobility ID"], row["Start Date"], row["Total Grant (EUR)"]) == (
        first,
        datetime.datetime(2021, 3, 8),
        2760,
    )
    assert len(mobilities) == 3


def test_report_xlsx_without_problems_says_so(project):
    project.mobilities.filter(first_name="Laura").delete()

    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(project_report(project))))

    assert list(workbook["Validation report"].values)[1] == (None, None, "No problems found.")


def test_institutions_xml_reads_back_as_an_ewp_institutions_response(leiden, nagasaki, havana):
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

    root = ET.fromstring(institutions_xml(ewp_institutions()))  # noqa: S314 (our own output)

    assert root.tag == f"{{{EWP_INSTITUTIONS}}}institutions-response"
    heis = root.findall("e:hei", NS)
    assert [hei.findtext("e:hei-id", namespaces=NS) for hei in heis] == [
        "nagasaki-u.ac.jp",
        "uh.cu",
    ]
    nagasaki_hei, havana_hei = heis
    assert [(o.get("type"), o.text) for o in nagasaki_hei.findall("e:other-id", NS)] == [
        ("pic", "999862592")
    ]
    assert [(n.get(XML_LANG), n.text) for n in havana_hei.findall("e:name", NS)] == [
        ("en", "University of Havana"),
        (None, "Universidad de La Habana"),
    ]
    assert (
        nagasaki_hei.findtext("e:website-url", namespaces=NS) == "https://www.nagasaki-u.ac.jp/en/"
    )
    assert nagasaki_hei.findtext("a:street-address/a:country", namespaces=NS) == "JP"
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


def test_institutions_xml_leaves_out_institutions_without_schac_code(leiden, nagasaki):
    nagasaki.schac_code = ""
    nagasaki.save()

    root = ET.fromstring(institutions_xml(ewp_institutions(partners_only=False)))  # noqa: S314

    assert [hei.findtext("e:hei-id", namespaces=NS) for hei in root.findall("e:hei", NS)] == []


def test_institutions_xml_declares_utf8(nagasaki):
    assert institutions_xml(ewp_institutions()).startswith(
        b"<?xml version='1.0' encoding='utf-8'?>"
    )


def test_report_neutralises_a_participant_named_like_a_formula(project):
    formula = '=HYPERLINK("http://x","y")'
    project.mobilities.filter(first_name="Pieter").update(first_name=formula)
    report = project_report(project)

    csv_rows = list(csv.DictReader(io.StringIO(report_csv(report).decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))
    header, first, _second = workbook["Mobilities"].iter_rows()
    cells = dict(zip([cell.value for cell in header], first, strict=True))

    assert (csv_rows[0]["Participant First Name"], csv_rows[0]["Total Grant (EUR)"]) == (
        "'" + formula,
        "2760.00",
    )
    name, total = cells["Participant First Name"], cells["Total Grant (EUR)"]
    assert (name.value, name.data_type) == ("'" + formula, "s")
    assert (total.value, total.data_type) == (2760, "n")


def test_validation_report_names_the_mobility_and_the_field_of_each_broken_rule(project):
    laura = project.mobilities.get(first_name="Laura")
    Mobility.objects.filter(pk=laura.pk).update(
        planned_start=D(2021, 2, 1), planned_end=D(2021, 3, 31), travel_days=3
    )

    lines = [
        (p.mobility_id, p.participant, p.message)
        for p in project_report(project).problems
        if p.message.split(":")[0] in {"Planned end", "Funded travel days"}
    ]

    assert lines == [
        (
            _ids(project)[1],
            "Laura Méndez Ortiz",
            "Planned end: Duration rule of KA107 2020: Student mobility for studies lasts 3 to "
            "12 months (30-day months); these dates count 60 days in 30-day months.",
        ),
        (
            _ids(project)[1],
            "Laura Méndez Ortiz",
            "Funded travel days: Travel day rule of KA107 2020: at most 2 funded travel days; "
            "3 asked.",
        ),
    ]
