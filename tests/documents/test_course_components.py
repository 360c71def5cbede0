"""A student's learning agreement: staff keep its course components (Table A at the
receiving institution, Table B recognised at home); the participant sees them; the PDF lists
them with their totals."""

import datetime
from decimal import Decimal

import lxml.html
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from documents.links import participant_token
from documents.models import CourseComponent
from documents.services import render_document
from tests.documents.conftest import pdf_text
from tests.factories import MobilityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(project, havana):
    return MobilityFactory(
        project=project,
        partner=havana,
        first_name="Lotte",
        last_name="Bakker",
        email="lotte@example.org",
        activity="SMS",
        level="master",
        travel_days=0,
        planned_end=datetime.date(2021, 5, 7),
    )


def _row(index, table, code, title, semester, credits, **extra):
    prefix = f"components-{index}"
    return {
        f"{prefix}-table": table,
        f"{prefix}-code": code,
        f"{prefix}-title": title,
        f"{prefix}-semester": semester,
        f"{prefix}-ects_credits": credits,
        **{f"{prefix}-{name}": value for name, value in extra.items()},
    }


def _management(total, initial=0):
    return {
        "components-TOTAL_FORMS": str(total),
        "components-INITIAL_FORMS": str(initial),
        "components-MIN_NUM_FORMS": "0",
        "components-MAX_NUM_FORMS": "1000",
    }


def _components(student, *rows):
    for table, code, title, credits in rows:
        CourseComponent.objects.create(
            mobility=student,
            table=table,
            code=code,
            title=title,
            semester="spring 2021",
            ects_credits=Decimal(credits),
        )


def test_staff_save_both_tables(login, staff_user, student):
    client = login(staff_user)
    url = reverse("documents:course-components", args=[student.pk])

    response = client.post(
        url,
        {
            **_management(3),
            **_row(0, "A", "FIS-201", "Cuban literature", "spring 2021", "6"),
            **_row(1, "A", "FIS-305", "Caribbean history", "spring 2021", "7.5"),
            **_row(2, "B", "LET-12", "Latin American studies", "", "13.5"),
        },
    )

    page = client.get(reverse("workspace:mobility-detail", args=[student.pk])).content.decode()

    assert response.status_code == 302
    assert "Caribbean history" in page
    assert "13.50 ECTS" in page
    assert list(
        student.course_components.values_list("table", "code", "title", "semester", "ects_credits")
    ) == [
        ("A", "FIS-201", "Cuban literature", "spring 2021", Decimal("6.00")),
        ("A", "FIS-305", "Caribbean history", "spring 2021", Decimal("7.50")),
        ("B", "LET-12", "Latin American studies", "", Decimal("13.50")),
    ]


def test_bad_rows_show_messages_next_to_the_fields_and_nothing_is_saved(login, staff_user, student):
    client = login(staff_user)

    response = client.post(
        reverse("documents:course-components", args=[student.pk]),
        {
            **_management(4),
            **_row(0, "A", "FIS-201", "Cuban literature", "spring 2021", "6"),
            **_row(1, "A", "FIS-305", "Caribbean history", "", "0"),
            **_row(2, "A", "", "", "", "2.555"),
            **_row(3, "B", "LET-12", "Latin American studies", "", "-1"),
        },
    )

    forms = response.context["formset"].forms
    assert response.status_code == 200
    assert forms[0].errors == {}
    assert forms[1].errors == {
        "ects_credits": ["ECTS credits are more than 0, with at most 2 decimals."]
    }
    assert forms[2].errors == {
        "code": ["This field is required."],
        "title": ["This field is required."],
        "ects_credits": ["Ensure that there are no more than 2 decimal places."],
    }
    assert forms[3].errors == {
        "ects_credits": ["ECTS credits are more than 0, with at most 2 decimals."]
    }
    assert "Nothing was saved yet" in response.content.decode()
    assert not CourseComponent.objects.exists()


def test_the_database_refuses_zero_credits_and_blank_titles(student):
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseComponent.objects.create(
            mobility=student, table="A", code="X", title="Y", ects_credits=Decimal("0")
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseComponent.objects.create(
            mobility=student, table="A", code="X", title=" ", ects_credits=Decimal("5")
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseComponent.objects.create(
            mobility=student, table="C", code="X", title="Y", ects_credits=Decimal("5")
        )


def test_staff_delete_a_component(login, staff_user, student):
    _components(student, ("A", "FIS-201", "Cuban literature", "6"))
    component = CourseComponent.objects.get()
    client = login(staff_user)

    client.post(
        reverse("documents:course-components", args=[student.pk]),
        {
            **_management(1, initial=1),
            **_row(
                0,
                "A",
                "FIS-201",
                "Cuban literature",
                "spring 2021",
                "6",
                id=component.pk,
                DELETE="on",
            ),
        },
    )

    assert not CourseComponent.objects.exists()


def test_the_pdf_lists_the_components_with_exact_totals(student):
    _components(
        student,
        ("A", "FIS-201", "Cuban literature", "6"),
        ("A", "FIS-305", "Caribbean history", "7.5"),
        ("A", "FIS-310", "Spanish C1", "2.25"),
        ("B", "LET-12", "Latin American studies", "15.75"),
    )

    text = pdf_text(render_document(mobility=student, kind="learning-agreement", language="en"))

    assert "FIS-201 Cuban literature spring 2021 6.00" in text
    assert "FIS-305 Caribbean history spring 2021 7.50" in text
    assert "FIS-310 Spanish C1 spring 2021 2.25" in text
    assert "Total 15.75 ECTS" in text
    assert "LET-12 Latin American studies spring 2021 15.75" in text
    assert text.count("Total 15.75 ECTS") == 2


def test_the_dutch_pdf_totals_with_a_decimal_comma(student):
    _components(
        student,
        ("A", "FIS-201", "Cuban literature", "6"),
        ("A", "FIS-305", "Caribbean history", "7.5"),
        ("B", "LET-12", "Latin American studies", "12"),
    )

    text = pdf_text(render_document(mobility=student, kind="learning-agreement", language="nl"))

    assert "Totaal 13,50 ECTS" in text
    assert "Totaal 12,00 ECTS" in text


def test_the_participant_sees_their_components_on_their_page(client, student):
    _components(student, ("A", "FIS-201", "Cuban literature", "6"))

    page = client.get(f"/en/participant/{participant_token(student)}/").content.decode()

    assert "Cuban literature" in page
    assert "6.00 ECTS" in page


@pytest.mark.parametrize(("who", "status"), [("coordinator_a", 403), (None, 302)])
def test_only_staff_edit_the_components(request, login, student, who, status):
    client = login(request.getfixturevalue(who) if who else None)
    url = reverse("documents:course-components", args=[student.pk])

    responses = [
        client.get(url),
        client.post(url, {**_management(1), **_row(0, "A", "X", "Y", "", "5")}),
    ]

    assert [r.status_code for r in responses] == [status, status]
    assert not CourseComponent.objects.exists()


def test_a_staff_mobility_has_no_learning_agreement_to_edit(login, staff_user, mobility):
    response = login(staff_user).get(reverse("documents:course-components", args=[mobility.pk]))

    assert response.status_code == 404


def _shown_tables(page: str) -> list[tuple[str, list[list[str]]]]:
    """Each table of the course-components section: its heading, then its rows' cells."""
    section = lxml.html.fromstring(page).get_element_by_id("course-components")
    return [
        (
            heading.text_content().strip(),
            [
                [" ".join(cell.text_content().split()) for cell in row.xpath("th|td")]
                for row in heading.xpath("following-sibling::table[1]//tr[td]")
            ],
        )
        for heading in section.xpath(".//h3")
    ]


def test_the_projects_coordinator_reads_the_components_on_the_mobility_page(
    login, coordinator_a, student
):
    _components(
        student,
        ("A", "FIS-201", "Cuban literature", "6"),
        ("A", "FIS-305", "Caribbean history", "7.5"),
        ("B", "LET-12", "Latin American studies", "13.5"),
    )

    response = login(coordinator_a).get(reverse("workspace:mobility-detail", args=[student.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    assert _shown_tables(page) == [
        (
            "Table A: at the receiving institution",
            [
                ["FIS-201", "Cuban literature", "spring 2021", "6.00"],
                ["FIS-305", "Caribbean history", "spring 2021", "7.50"],
                ["Total", "13.50 ECTS"],
            ],
        ),
        (
            "Table B: recognised at home",
            [
                ["LET-12", "Latin American studies", "spring 2021", "13.50"],
                ["Total", "13.50 ECTS"],
            ],
        ),
    ]
    assert reverse("documents:course-components", args=[student.pk]) not in page
    assert "Edit the learning agreement&#x27;s components" not in page
    assert 'id="participant-documents"' not in page
    assert "components-TOTAL_FORMS" not in page


def test_the_coordinator_sees_that_no_components_are_entered_yet(login, coordinator_a, student):
    page = (
        login(coordinator_a)
        .get(reverse("workspace:mobility-detail", args=[student.pk]))
        .content.decode()
    )

    assert _shown_tables(page) == [
        ("Table A: at the receiving institution", []),
        ("Table B: recognised at home", []),
    ]
    assert page.count("No components yet.") == 2


def test_a_staff_mobility_shows_the_coordinator_no_learning_agreement(
    login, coordinator_a, mobility
):
    page = (
        login(coordinator_a)
        .get(reverse("workspace:mobility-detail", args=[mobility.pk]))
        .content.decode()
    )

    assert 'id="course-components"' not in page


@pytest.mark.parametrize(("who", "status"), [("coordinator_b", 403), (None, 302)])
def test_others_do_not_reach_the_components_on_the_mobility_page(
    request, login, coordinator_b, student, who, status
):
    ProjectFactory(title="Astronomy with Chile", lead_coordinator=coordinator_b.person)
    _components(student, ("A", "FIS-201", "Cuban literature", "6"))
    client = login(request.getfixturevalue(who) if who else None)

    response = client.get(reverse("workspace:mobility-detail", args=[student.pk]))

    assert response.status_code == status
    assert "Cuban literature" not in response.content.decode()
