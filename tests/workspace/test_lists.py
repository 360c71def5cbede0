"""Search, filters, sorting, pagination and export of the workspace lists."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Project
from tests.factories import (
    DeadlineFactory,
    InstitutionFactory,
    MobilityFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from workspace.exports import Column, write_csv

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [project.title for project in response.context["object_list"]]


@pytest.fixture
def three_projects(coordinator_a):
    havana = InstitutionFactory(name="University of Havana", country="CU")
    tomsk = InstitutionFactory(name="Siberian State Medical University", country="RU")
    first = ProjectFactory(
        title="Nanomedicine in Havana",
        lead_coordinator=coordinator_a.person,
        awarded_budget=Decimal("70000.00"),
    )
    ProjectPartnerFactory(project=first, institution=havana)
    ProjectPartnerFactory(project=first, institution=tomsk)
    second = ProjectFactory(title="Glycomics in Tomsk", status=Project.Status.CLOSED)
    ProjectPartnerFactory(project=second, institution=tomsk)
    ProjectFactory(title="Observatory in Addis Ababa", status=Project.Status.PROPOSAL)
    return first, second


def test_search_matches_every_word_across_fields_without_duplicates(
    login, staff_user, three_projects
):
    response = login(staff_user).get(reverse("workspace:project-list") + "?q=medical+havana")

    assert titles(response) == ["Nanomedicine in Havana"]


def test_filter_by_status_and_partner_country(login, staff_user, three_projects):
    client = login(staff_user)

    closed = client.get(reverse("workspace:project-list") + "?status=closed")
    russia = client.get(reverse("workspace:project-list") + "?partner_country=RU")

    assert titles(closed) == ["Glycomics in Tomsk"]
    assert sorted(titles(russia)) == ["Glycomics in Tomsk", "Nanomedicine in Havana"]


def test_only_my_projects(login, coordinator_a, three_projects):
    response = login(coordinator_a).get(reverse("workspace:project-list") + "?mine=true")

    assert titles(response) == ["Nanomedicine in Havana"]


def test_sort_by_a_column_and_back(login, staff_user, three_projects):
    client = login(staff_user)

    ascending = client.get(reverse("workspace:project-list") + "?sort=title")
    descending = client.get(reverse("workspace:project-list") + "?sort=-title")

    assert titles(ascending) == [
        "Glycomics in Tomsk",
        "Nanomedicine in Havana",
        "Observatory in Addis Ababa",
    ]
    assert titles(descending) == list(reversed(titles(ascending)))
    assert 'href="?sort=-title"' in ascending.content.decode()


def test_pages_keep_the_filters(login, staff_user):
    for number in range(30):
        ProjectFactory(title=f"Running project {number:02d}")

    response = login(staff_user).get(
        reverse("workspace:project-list") + "?status=running&sort=title"
    )

    assert len(response.context["object_list"]) == 25
    assert response.context["paginator"].count == 30
    assert 'href="?status=running&amp;sort=title&amp;page=2"' in response.content.decode()


def test_export_links_carry_the_filters(login, staff_user, three_projects):
    response = login(staff_user).get(reverse("workspace:project-list") + "?status=closed&page=1")

    assert response.context["export_links"] == [
        ("CSV", "/workspace/projects/export.csv?status=closed"),
        ("Excel (XLSX)", "/workspace/projects/export.xlsx?status=closed"),
    ]


def test_csv_export_holds_the_filtered_list(login, staff_user, three_projects):
    response = login(staff_user).get(
        reverse("workspace:project-export", args=["csv"]) + "?partner_country=CU"
    )

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == (
        "Title,Call,Grant agreement,Status,Type of mobility,Home unit,Coordinator,"
        "Coordinator email,Co-coordinators,Partners,Start,End,Awarded budget (EUR),Mobilities"
    )
    assert lines[1:] == [
        "Nanomedicine in Havana,KA107 2020,,Running,Staff and student exchange,"
        f"{three_projects[0].home_unit.name},Maria Yazdanbakhsh,coordinator-a@example.org,,"
        "Siberian State Medical University; University of Havana,2020-08-01,2023-07-31,"
        "70000.00,0"
    ]


def test_xlsx_export_keeps_dates_and_numbers_typed(login, staff_user, three_projects):
    response = login(staff_user).get(
        reverse("workspace:project-export", args=["xlsx"]) + "?status=running"
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert rows[0][:4] == ("Title", "Call", "Grant agreement", "Status")
    assert rows[1][0] == "Nanomedicine in Havana"
    assert rows[1][10:13] == (datetime.datetime(2020, 8, 1), datetime.datetime(2023, 7, 31), 70000)
    assert len(rows) == 2


def test_export_neutralises_formulas_in_text():
    rows = [{"name": '=HYPERLINK("http://evil")'}, {"name": "-5 days"}, {"name": "Anna"}]

    content = write_csv(rows, [Column("Name", lambda row: row["name"])])

    assert content.decode("utf-8-sig").splitlines() == [
        "Name",
        '"\'=HYPERLINK(""http://evil"")"',
        "'-5 days",
        "Anna",
    ]


def test_mobility_list_filters_by_partner_country_and_year(login, staff_user, world_a):
    MobilityFactory(
        partner=InstitutionFactory(country="ET"),
        last_name="Bekele",
        planned_start=datetime.date(2024, 5, 6),
        planned_end=datetime.date(2024, 5, 10),
    )

    response = login(staff_user).get(
        reverse("workspace:mobility-list") + "?partner_country=ET&year=2024"
    )

    assert [m.last_name for m in response.context["object_list"]] == ["Bekele"]


def test_deadline_list_shows_open_ones_unless_asked(login, staff_user, world_a):
    done = DeadlineFactory(project=world_a.project, title="Signed agreement")
    done.mark_done(when=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC))
    done.save()
    client = login(staff_user)

    default = client.get(reverse("workspace:deadline-list"))
    finished = client.get(reverse("workspace:deadline-list") + "?state=done")

    assert [d.title for d in default.context["object_list"]] == ["Report of Leiden and Havana"]
    assert [d.title for d in finished.context["object_list"]] == ["Signed agreement"]


def test_overdue_deadlines_and_only_mine(login, coordinator_a, world_a, world_b):
    DeadlineFactory(
        project=world_a.project, title="Late report", due_date=datetime.date(2020, 1, 1)
    )
    DeadlineFactory(
        project=world_b.project, title="Late elsewhere", due_date=datetime.date(2020, 1, 1)
    )

    response = login(coordinator_a).get(
        reverse("workspace:deadline-list") + "?state=overdue&mine=true"
    )

    assert [d.title for d in response.context["object_list"]] == ["Late report"]


def test_coordinator_marks_a_deadline_of_their_project_done(login, coordinator_a, world_a):
    deadline = world_a.deadline

    response = login(coordinator_a).post(
        reverse("workspace:deadline-done", args=[deadline.pk]),
        {"next": reverse("workspace:project-detail", args=[world_a.project.pk])},
    )

    deadline.refresh_from_db()
    assert response["Location"] == reverse("workspace:project-detail", args=[world_a.project.pk])
    assert deadline.is_done
    assert deadline.done_by == coordinator_a.person


def test_mark_done_does_not_redirect_to_another_site(login, staff_user, world_a):
    response = login(staff_user).post(
        reverse("workspace:deadline-done", args=[world_a.deadline.pk]),
        {"next": "https://evil.example.com/"},
    )

    assert response["Location"] == reverse("workspace:deadline-list")


def test_offer_list_counts_new_registrations(login, staff_user, world_a):
    response = login(staff_user).get(reverse("workspace:offer-list"))

    offer = response.context["object_list"][0]
    assert (offer.registration_count, offer.new_registration_count) == (1, 1)


def test_people_list_filters_coordinators(login, staff_user, world_a, plain_user):
    from tests.factories import PersonFactory

    PersonFactory(first_name="Eva", last_name="Contact")

    response = login(staff_user).get(reverse("workspace:person-list") + "?role=coordinator")

    assert [p.full_name for p in response.context["object_list"]] == ["Maria Yazdanbakhsh"]


def test_institution_list_sorts_by_project_count(login, staff_user, world_a):
    InstitutionFactory(name="Alone University")

    response = login(staff_user).get(reverse("workspace:institution-list") + "?sort=-projects")

    assert [i.name for i in response.context["object_list"]] == [
        "University of Havana",
        "Leiden University",
        "Alone University",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "project-list",
        "institution-list",
        "person-list",
        "mobility-list",
        "deadline-list",
        "offer-list",
    ],
)
def test_every_filter_has_a_label(login, staff_user, name):
    response = login(staff_user).get(reverse(f"workspace:{name}"))

    labels = [field.label for field in response.context["filter"].form]
    assert "[invalid name]" not in response.content.decode()
    assert all(str(label)[0].isupper() for label in labels), labels
