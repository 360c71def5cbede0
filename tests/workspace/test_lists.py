"""Search, filters, sorting, pagination and export of the workspace lists."""

import csv
import datetime
import io
from decimal import Decimal
from operator import attrgetter

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Project
from tests.factories import (
    DeadlineFactory,
    ExchangeOfferFactory,
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


# Every list and its export: the column of the export that names a row, that name on the
# list's rows, and a query that filters and sorts the list.
LISTS = {
    "project": ("Title", attrgetter("title"), "q=Havana&sort=-start"),
    "institution": ("Name", attrgetter("name"), "q=Havana&sort=-projects"),
    "person": ("Email", attrgetter("email"), "role=account&sort=-email"),
    "mobility": ("Email", attrgetter("email"), "q=Havana&sort=-grant"),
    "deadline": ("Title", attrgetter("title"), "q=Havana&state=all&sort=-due"),
    "offer": ("Title", attrgetter("title"), "q=Havana&sort=deadline"),
}
# An invalid value for one filter of each list, with the message that says it was ignored,
# and a valid filter that still applies next to it.
INVALID = {
    "project": (
        "status=bogus",
        "Status “bogus” was ignored: Select a valid choice. bogus is not one of the "
        "available choices.",
    ),
    "institution": (
        "country=XX",
        "Country “XX” was ignored: Select a valid choice. XX is not one of the available choices.",
    ),
    "person": (
        "unit=abc",
        "Unit “abc” was ignored: Select a valid choice. That choice is not one of the "
        "available choices.",
    ),
    "mobility": (
        "year=10000",
        "Year (planned start) “10000” was ignored: Ensure this value is less than or equal "
        "to 9999.",
    ),
    "deadline": (
        "kind=bogus",
        "Kind “bogus” was ignored: Select a valid choice. bogus is not one of the available "
        "choices.",
    ),
    "offer": (
        "level=bogus",
        "Level “bogus” was ignored: Select a valid choice. bogus is not one of the available "
        "choices.",
    ),
}


@pytest.fixture
def crowded_office(world_a, world_b):
    """More rows of every kind than one page of a list holds."""
    for number in range(26):
        partner = InstitutionFactory(name=f"Partner University {number:02d}")
        project = ProjectFactory(title=f"Exchange {number:02d}")
        ProjectPartnerFactory(project=project, institution=partner)
        MobilityFactory(project=project, partner=partner)
        DeadlineFactory(project=project, title=f"Interim report {number:02d}")
        ExchangeOfferFactory(project=project, partner=partner, title=f"Research stay {number:02d}")


def listed(client, kind: str, query: str) -> list[str]:
    """The names of every row the list shows for the query, page after page."""
    _header, name_of, _query = LISTS[kind]
    response = client.get(f"{reverse(f'workspace:{kind}-list')}?{query}")
    assert response.status_code == 200
    return [name_of(row) for row in response.context["paginator"].object_list]


def exported(client, kind: str, query: str) -> list[str]:
    """The names of the rows of the list's CSV export for the query, in their order."""
    header, _name_of, _query = LISTS[kind]
    response = client.get(f"{reverse(f'workspace:{kind}-export', args=['csv'])}?{query}")
    assert response.status_code == 200
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return [row[header] for row in reader]


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_export_of_an_unfiltered_list_holds_every_row_in_the_list_order(
    login, staff_user, crowded_office, kind
):
    client = login(staff_user)

    rows = exported(client, kind, "")

    assert len(rows) > 25
    assert rows == listed(client, kind, "")


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_export_of_a_filtered_list_holds_the_filtered_rows_sorted_alike(
    login, staff_user, crowded_office, kind
):
    client = login(staff_user)
    query = LISTS[kind][2]

    rows = exported(client, kind, query)

    assert rows == listed(client, kind, query)
    assert 0 < len(rows) < len(listed(client, kind, ""))


def test_deadline_export_without_filters_holds_the_open_deadlines(
    login, staff_user, crowded_office, world_a
):
    world_a.deadline.mark_done(when=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC))
    world_a.deadline.save()

    rows = exported(login(staff_user), "deadline", "")

    assert "Report of Leiden and Havana" not in rows
    assert rows[:3] == ["Interim report 00", "Interim report 01", "Interim report 02"]
    assert len(rows) == 27


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_unknown_sort_is_ignored_with_a_message_and_the_filters_still_apply(
    login, staff_user, crowded_office, kind
):
    client = login(staff_user)
    query = LISTS[kind][2].rpartition("&sort=")[0]

    response = client.get(f"{reverse(f'workspace:{kind}-list')}?{query}&sort=bogus")

    assert shown_messages(response) == [
        "Sort “bogus” was ignored: Select a valid choice. bogus is not one of the available "
        "choices."
    ]
    assert [LISTS[kind][1](row) for row in response.context["paginator"].object_list] == (
        listed(client, kind, query)
    )
    assert 'name="sort"' not in response.content.decode()
    assert exported(client, kind, f"{query}&sort=bogus") == listed(client, kind, query)


@pytest.mark.parametrize("kind", sorted(INVALID))
def test_invalid_filter_value_is_ignored_with_a_message_and_the_other_filters_apply(
    login, staff_user, crowded_office, kind
):
    client = login(staff_user)
    invalid, message = INVALID[kind]
    query = LISTS[kind][2]

    response = client.get(f"{reverse(f'workspace:{kind}-list')}?{invalid}&{query}")

    assert shown_messages(response) == [message]
    assert [LISTS[kind][1](row) for row in response.context["paginator"].object_list] == (
        listed(client, kind, query)
    )
    assert response.context["paginator"].count > 0
    assert exported(client, kind, f"{invalid}&{query}") == listed(client, kind, query)


def test_deadline_state_not_offered_shows_the_open_deadlines(login, staff_user, world_a, world_b):
    world_b.deadline.mark_done(when=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC))
    world_b.deadline.save()

    response = login(staff_user).get(reverse("workspace:deadline-list") + "?state=late")

    assert [d.title for d in response.context["object_list"]] == ["Report of Leiden and Havana"]
    assert shown_messages(response) == [
        "Show “late” was ignored: Select a valid choice. late is not one of the available choices."
    ]


@pytest.mark.parametrize(
    ("page", "shown", "message"),
    [
        ("2", 2, []),
        ("7", 2, ["Page “7” does not exist; page 2 is shown."]),
        ("two", 1, ["Page “two” does not exist; page 1 is shown."]),
        ("9" * 30, 2, ["Page “9999999999999999999…” does not exist; page 2 is shown."]),
    ],
)
def test_page_beyond_the_list_shows_the_nearest_page_with_a_message(
    login, staff_user, crowded_office, page, shown, message
):
    response = login(staff_user).get(reverse("workspace:project-list") + f"?page={page}")

    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert shown_messages(response) == message


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_filter_choices_start_with_any(login, staff_user, world_a, kind):
    client = login(staff_user)

    english = client.get(reverse(f"workspace:{kind}-list")).content.decode()
    dutch = client.get(
        reverse(f"workspace:{kind}-list"), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()

    assert "---------" not in english + dutch
    assert '<option value="" selected>Any</option>' in english
    assert '<option value="" selected>Alle</option>' in dutch


def test_pages_link_first_previous_next_and_last_keeping_the_filters(login, staff_user):
    for number in range(60):
        ProjectFactory(title=f"Running project {number:02d}")

    response = login(staff_user).get(reverse("workspace:project-list") + "?status=running&page=2")

    html = response.content.decode()
    assert 'href="?status=running&amp;page=1">First</a>' in html
    assert 'href="?status=running&amp;page=1">Previous</a>' in html
    assert "Page 2 of 3" in html
    assert 'href="?status=running&amp;page=3">Next</a>' in html
    assert 'href="?status=running&amp;page=3">Last</a>' in html
