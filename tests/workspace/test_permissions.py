"""Every URL of the workspace and of the accounts, for every kind of visitor, exactly.

The matrix is data: a URL added to workspace/urls.py or accounts/urls.py without a row here
fails test_matrix_covers_every_url.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from accounts.rules import is_coordinator
from mobility.models import Mobility, VirtualActivity
from projects.models import Deadline, SubjectArea
from projects.rules import coordinates_project, may_see_people
from tests.factories import DeadlineFactory, ProjectFactory

ROLES = ("anonymous", "no_role", "coordinator_a", "coordinator_b", "staff")
CHECKED_NAMESPACES = ("workspace", "accounts")
MISSING_PK = 987654

# Expected status codes, in the order of ROLES. 302 for the anonymous visitor is the
# redirect to the login page; any other 302 is the view's own redirect after acting.
READ = (302, 403, 200, 200, 200)
EDIT_OWN = (302, 403, 200, 403, 200)
ACT_OWN = (302, 403, 302, 403, 302)
STAFF_ONLY = (302, 403, 403, 403, 200)
STAFF_ACTS = (302, 403, 403, 403, 302)
MISSING = (302, 403, 404, 404, 404)
# Participants' and applicants' personal data: the project's coordinators and the office.
PEOPLE = (302, 403, 200, 403, 200)
ANYONE = (200, 200, 200, 200, 200)
ANYONE_ACTS = (302, 302, 302, 302, 302)
LOGGED_IN = (302, 200, 200, 200, 200)


@dataclass(frozen=True)
class Row:
    name: str
    expected: tuple[int, int, int, int, int]
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}:{self.method}{':' + self.note if self.note else ''}"


def project(world):
    return {"pk": world.project.pk}


def missing(world):
    return {"pk": MISSING_PK}


def budget_project(world):
    return {"slug": world.project.slug}


def research_field(world):
    return {"pk": SubjectArea.objects.get_or_create(name="Tropical medicine")[0].pk}


def virtual_activity(world):
    activity, _created = VirtualActivity.objects.get_or_create(
        project=world.project,
        title="Global lecture series",
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2021, 6, 1),
    )
    return {"pk": activity.pk}


def coordinator_login(world):
    return {"pk": world.project.lead_coordinator.user_id}


def deleted_project(world):
    gone = ProjectFactory(title="Deleted with its history")
    pk = gone.pk
    gone.delete()
    return {"pk": pk}


def deleted_research_field(world):
    gone = SubjectArea.objects.create(name="Deleted field")
    gone.delete()
    record = SubjectArea.history.get(history_type="-", name="Deleted field")
    return {"kind": "subject-area", "history_id": record.history_id}


MATRIX = [
    Row("workspace:dashboard", READ),
    # Projects
    Row("workspace:project-list", READ),
    Row("workspace:project-export", READ, lambda w: {"export_format": "csv"}),
    Row("workspace:project-export", READ, lambda w: {"export_format": "xlsx"}, note="xlsx"),
    Row("workspace:project-create", STAFF_ONLY),
    Row("workspace:project-create", STAFF_ONLY, method="post"),
    Row("workspace:project-detail", READ, project),
    Row("workspace:project-detail", MISSING, missing, note="missing"),
    Row("workspace:project-update", EDIT_OWN, project),
    Row("workspace:project-update", EDIT_OWN, project, method="post"),
    Row("workspace:project-update", MISSING, missing, note="missing"),
    Row("workspace:project-delete", STAFF_ONLY, project),
    Row("workspace:project-delete", STAFF_ACTS, project, method="post"),
    Row("workspace:project-history", READ, project),
    Row("workspace:project-history", MISSING, missing, note="missing"),
    Row("workspace:mobility-create", EDIT_OWN, lambda w: {"project_pk": w.project.pk}),
    Row("workspace:mobility-create", EDIT_OWN, lambda w: {"project_pk": w.project.pk}, "post"),
    Row("workspace:mobility-create", MISSING, lambda w: {"project_pk": MISSING_PK}, note="missing"),
    # Partner institutions
    Row("workspace:institution-list", READ),
    Row("workspace:institution-export", READ, lambda w: {"export_format": "csv"}),
    Row("workspace:institution-create", STAFF_ONLY),
    Row("workspace:institution-create", STAFF_ONLY, method="post"),
    Row("workspace:institution-detail", READ, lambda w: {"pk": w.partner.pk}),
    Row("workspace:institution-detail", MISSING, missing, note="missing"),
    Row("workspace:institution-update", STAFF_ONLY, lambda w: {"pk": w.partner.pk}),
    Row("workspace:institution-update", STAFF_ONLY, lambda w: {"pk": w.partner.pk}, "post"),
    Row("workspace:institution-delete", STAFF_ONLY, lambda w: {"pk": w.partner.pk}),
    Row("workspace:institution-delete", STAFF_ACTS, lambda w: {"pk": w.partner.pk}, "post"),
    Row("workspace:institution-history", READ, lambda w: {"pk": w.partner.pk}),
    Row("workspace:institution-grants", STAFF_ONLY, lambda w: {"pk": w.partner.pk}),
    Row("workspace:institution-grants", STAFF_ONLY, lambda w: {"pk": w.partner.pk}, "post"),
    # People
    Row("workspace:person-list", READ),
    Row("workspace:person-export", READ, lambda w: {"export_format": "xlsx"}),
    Row("workspace:person-create", STAFF_ONLY),
    Row("workspace:person-create", STAFF_ONLY, method="post"),
    Row("workspace:person-detail", READ, lambda w: {"pk": w.project.lead_coordinator_id}),
    Row("workspace:person-detail", MISSING, missing, note="missing"),
    Row("workspace:person-update", STAFF_ONLY, lambda w: {"pk": w.project.lead_coordinator_id}),
    Row(
        "workspace:person-update",
        STAFF_ONLY,
        lambda w: {"pk": w.project.lead_coordinator_id},
        "post",
    ),
    Row("workspace:person-delete", STAFF_ONLY, lambda w: {"pk": w.project.lead_coordinator_id}),
    Row(
        "workspace:person-delete",
        STAFF_ACTS,
        lambda w: {"pk": w.project.lead_coordinator_id},
        "post",
    ),
    # Mobilities
    Row("workspace:mobility-list", READ),
    Row("workspace:mobility-export", READ, lambda w: {"export_format": "csv"}),
    Row("workspace:mobility-export", READ, lambda w: {"export_format": "xlsx"}, note="xlsx"),
    Row("workspace:mobility-detail", PEOPLE, lambda w: {"pk": w.mobility.pk}),
    Row("workspace:mobility-detail", MISSING, missing, note="missing"),
    Row("workspace:mobility-update", EDIT_OWN, lambda w: {"pk": w.mobility.pk}),
    Row("workspace:mobility-update", EDIT_OWN, lambda w: {"pk": w.mobility.pk}, "post"),
    Row("workspace:mobility-update", MISSING, missing, note="missing"),
    Row("workspace:mobility-delete", EDIT_OWN, lambda w: {"pk": w.mobility.pk}),
    Row("workspace:mobility-delete", ACT_OWN, lambda w: {"pk": w.mobility.pk}, "post"),
    Row("workspace:mobility-history", PEOPLE, lambda w: {"pk": w.mobility.pk}),
    # Deadlines
    Row("workspace:deadline-list", READ),
    Row("workspace:deadline-export", READ, lambda w: {"export_format": "csv"}),
    Row("workspace:deadline-done", ACT_OWN, lambda w: {"pk": w.deadline.pk}, "post"),
    Row("workspace:deadline-done", MISSING, missing, "post", note="missing"),
    # Offers and interest registrations
    Row("workspace:offer-list", READ),
    Row("workspace:offer-export", READ, lambda w: {"export_format": "csv"}),
    Row("workspace:offer-create", STAFF_ONLY),
    Row("workspace:offer-create", STAFF_ONLY, method="post"),
    Row("workspace:offer-detail", READ, lambda w: {"pk": w.offer.pk}),
    Row("workspace:offer-detail", MISSING, missing, note="missing"),
    Row("workspace:offer-update", STAFF_ONLY, lambda w: {"pk": w.offer.pk}),
    Row("workspace:offer-update", STAFF_ONLY, lambda w: {"pk": w.offer.pk}, "post"),
    Row("workspace:offer-delete", STAFF_ONLY, lambda w: {"pk": w.offer.pk}),
    Row("workspace:offer-delete", STAFF_ACTS, lambda w: {"pk": w.offer.pk}, "post"),
    Row(
        "workspace:offer-registrations-export",
        PEOPLE,
        lambda w: {"pk": w.offer.pk, "export_format": "csv"},
    ),
    Row(
        "workspace:offer-registrations-export",
        PEOPLE,
        lambda w: {"pk": w.offer.pk, "export_format": "xlsx"},
        note="xlsx",
    ),
    Row("workspace:registration-status", STAFF_ACTS, lambda w: {"pk": w.registration.pk}, "post"),
    # Budget pages that name participants (the other budget pages: tests/budgets/test_views.py)
    Row("budgets:project-budget", READ, budget_project),
    Row("budgets:project-export", PEOPLE, budget_project),
    Row("budgets:project-export-csv", PEOPLE, budget_project),
    Row("budgets:project-export-xlsx", PEOPLE, budget_project),
    Row("budgets:mobility-grant", PEOPLE, lambda w: {"pk": w.mobility.pk}),
    Row("workspace:project-history", READ, deleted_project, note="deleted"),
    Row("workspace:person-history", READ, lambda w: {"pk": w.project.lead_coordinator_id}),
    Row("workspace:offer-history", READ, lambda w: {"pk": w.offer.pk}),
    # Calls, research fields and virtual activities
    Row("workspace:call-list", READ),
    Row("workspace:call-export", READ, lambda w: {"export_format": "csv"}),
    Row("workspace:call-create", STAFF_ONLY),
    Row("workspace:call-create", STAFF_ONLY, method="post"),
    Row("workspace:call-detail", READ, lambda w: {"pk": w.project.call_id}),
    Row("workspace:call-detail", MISSING, missing, note="missing"),
    Row("workspace:call-update", STAFF_ONLY, lambda w: {"pk": w.project.call_id}),
    Row("workspace:call-update", STAFF_ONLY, lambda w: {"pk": w.project.call_id}, "post"),
    Row("workspace:call-delete", STAFF_ONLY, lambda w: {"pk": w.project.call_id}),
    Row("workspace:call-delete", STAFF_ACTS, lambda w: {"pk": w.project.call_id}, "post"),
    Row("workspace:call-history", READ, lambda w: {"pk": w.project.call_id}),
    Row("workspace:subject-area-list", READ),
    Row("workspace:subject-area-export", READ, lambda w: {"export_format": "xlsx"}),
    Row("workspace:subject-area-create", STAFF_ONLY),
    Row("workspace:subject-area-create", STAFF_ONLY, method="post"),
    Row("workspace:subject-area-detail", READ, research_field),
    Row("workspace:subject-area-update", STAFF_ONLY, research_field),
    Row("workspace:subject-area-update", STAFF_ONLY, research_field, "post"),
    Row("workspace:subject-area-delete", STAFF_ONLY, research_field),
    Row("workspace:subject-area-delete", STAFF_ACTS, research_field, "post"),
    Row("workspace:subject-area-history", READ, research_field),
    Row("workspace:virtual-activity-list", READ),
    Row("workspace:virtual-activity-export", READ, lambda w: {"export_format": "csv"}),
    Row("workspace:virtual-activity-create", STAFF_ONLY),
    Row("workspace:virtual-activity-create", STAFF_ONLY, method="post"),
    Row("workspace:virtual-activity-detail", READ, virtual_activity),
    Row("workspace:virtual-activity-update", STAFF_ONLY, virtual_activity),
    Row("workspace:virtual-activity-update", STAFF_ONLY, virtual_activity, "post"),
    Row("workspace:virtual-activity-delete", STAFF_ONLY, virtual_activity),
    Row("workspace:virtual-activity-delete", STAFF_ACTS, virtual_activity, "post"),
    Row("workspace:virtual-activity-history", READ, virtual_activity),
    # Logins and deleted items: the office only
    Row("workspace:account-list", STAFF_ONLY),
    Row("workspace:account-export", STAFF_ONLY, lambda w: {"export_format": "csv"}),
    Row("workspace:account-create", STAFF_ONLY),
    Row("workspace:account-create", STAFF_ONLY, method="post"),
    Row("workspace:account-staff", STAFF_ACTS, coordinator_login, "post"),
    Row("workspace:account-active", STAFF_ACTS, coordinator_login, "post"),
    Row("workspace:deleted-list", STAFF_ONLY),
    Row("workspace:deleted-restore", STAFF_ACTS, deleted_research_field, "post"),
    # Accounts
    Row("accounts:login", ANYONE),
    Row("accounts:logout", ANYONE_ACTS, method="post"),
    Row("accounts:password_change", LOGGED_IN),
    Row("accounts:password_change_done", LOGGED_IN),
    Row("accounts:password_reset", ANYONE),
    Row("accounts:password_reset_done", ANYONE),
    Row(
        "accounts:password_reset_confirm",
        ANYONE,
        lambda w: {"uidb64": "MQ", "token": "set-password"},
    ),
    Row("accounts:password_reset_complete", ANYONE),
]


def _url_names(resolver, namespace: str | None = None) -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            names |= _url_names(pattern, pattern.namespace or namespace)
        elif namespace in CHECKED_NAMESPACES and pattern.name:
            names.add(f"{namespace}:{pattern.name}")
    return names


def test_matrix_covers_every_url():
    checked = {row.name for row in MATRIX if row.name.split(":")[0] in CHECKED_NAMESPACES}
    assert _url_names(get_resolver()) == checked


@pytest.fixture
def users(plain_user, coordinator_a, coordinator_b, staff_user):
    return {
        "anonymous": None,
        "no_role": plain_user,
        "coordinator_a": coordinator_a,
        "coordinator_b": coordinator_b,
        "staff": staff_user,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.id)
def test_permission_matrix(row, role, users, world_a, world_b, login):
    client = login(users[role])
    url = reverse(row.name, kwargs=row.kwargs(world_a))
    expected = row.expected[ROLES.index(role)]

    response = getattr(client, row.method)(url)

    assert response.status_code == expected
    if expected == 302:
        went_to_login = response["Location"].startswith(reverse("accounts:login"))
        assert went_to_login == (role == "anonymous" and row.expected != ANYONE_ACTS)


def test_roles_of_the_matrix_are_what_they_claim(users, world_a, world_b):
    assert not is_coordinator(users["no_role"])
    assert coordinates_project(users["coordinator_a"], world_a.project)
    assert not coordinates_project(users["coordinator_b"], world_a.project)
    assert coordinates_project(users["coordinator_b"], world_b.project)


def _text(response) -> str:
    """What a page or an exported file shows, as text (a workbook's cells joined)."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content))
        return " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return response.content.decode("utf-8-sig")


# Every page and export that lists a project's participants or applicants.
PEOPLE_PAGES = [
    Row("workspace:mobility-list", READ),
    Row("workspace:mobility-list", READ, note="search"),
    Row("workspace:mobility-export", READ, lambda w: {"export_format": "csv"}),
    Row("workspace:mobility-export", READ, lambda w: {"export_format": "xlsx"}, note="xlsx"),
    Row("workspace:project-detail", READ, project),
    Row("workspace:offer-detail", READ, lambda w: {"pk": w.offer.pk}),
    Row("budgets:project-budget", READ, budget_project),
    # A mobility's milestones name its participant.
    Row("workspace:deadline-list", READ),
    Row("workspace:deadline-list", READ, note="search"),
    Row("workspace:deadline-export", READ, lambda w: {"export_format": "csv"}),
    Row("workspace:deadline-export", READ, lambda w: {"export_format": "xlsx"}, note="xlsx"),
    Row("workspace:person-detail", READ, lambda w: {"pk": w.project.lead_coordinator_id}),
]


@pytest.mark.parametrize("row", PEOPLE_PAGES, ids=lambda row: row.id)
def test_people_of_a_project_reach_its_coordinators_and_staff_only(
    row, users, world_a, world_b, login
):
    Mobility.objects.filter(pk=world_a.mobility.pk).update(last_name="Abebe-Havana")
    milestone = DeadlineFactory(
        project=world_a.project,
        mobility=world_a.mobility,
        kind=Deadline.Kind.PARTICIPANT_REPORT,
        title="Participant report: Jan Abebe-Havana",
        due_date=datetime.date(2030, 2, 1),
    )
    milestone.responsible.add(world_a.project.lead_coordinator)
    url = reverse(row.name, kwargs=row.kwargs(world_a))
    if row.note == "search":
        url += "?q=Abebe"
    people = {"Abebe-Havana", world_a.registration.email}

    shown = {}
    for role in ("coordinator_a", "coordinator_b", "staff"):
        text = _text(login(users[role]).get(url))
        shown[role] = {email for email in people if email in text}

    assert shown["coordinator_b"] == set()
    assert shown["coordinator_a"] == shown["staff"] != set()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_mobility_export_by_another_coordinator_holds_only_their_own_participants(
    export_format, coordinator_b, world_a, world_b, login
):
    url = reverse("workspace:mobility-export", kwargs={"export_format": export_format})

    text = _text(login(coordinator_b).get(url))

    assert world_b.mobility.email in text
    assert world_a.mobility.email not in text
    assert world_a.mobility.last_name not in text
    assert world_a.project.title not in text


def test_mobility_list_counts_the_mobilities_it_leaves_out(coordinator_b, world_a, world_b, login):
    response = login(coordinator_b).get(reverse("workspace:mobility-list"))

    assert [m.pk for m in response.context["object_list"]] == [world_b.mobility.pk]
    assert response.context["not_shown_count"] == 1
    assert "1 mobility of a project you do not coordinate is not listed" in _text(response)


def test_project_page_counts_the_mobilities_of_another_coordinators_project(
    coordinator_b, world_a, world_b, login
):
    response = login(coordinator_b).get(
        reverse("workspace:project-detail", args=[world_a.project.pk])
    )

    assert response.context["latest_mobilities"] == []
    assert "This project has 1 mobility." in _text(response)


def test_may_see_people_is_the_office_and_the_projects_own_coordinators(users, world_a, world_b):
    assert [
        may_see_people(users[role], world_a.mobility)
        for role in ("no_role", "coordinator_a", "coordinator_b", "staff")
    ] == [False, True, False, True]


def test_co_coordinator_sees_and_exports_the_projects_participants(
    coordinator_b, world_a, world_b, login
):
    world_a.project.co_coordinators.add(coordinator_b.person)
    url = reverse("workspace:mobility-export", kwargs={"export_format": "csv"})

    rows = list(csv.DictReader(io.StringIO(_text(login(coordinator_b).get(url)))))

    assert sorted(row["Email"] for row in rows) == sorted(
        [world_a.mobility.email, world_b.mobility.email]
    )
    assert may_see_people(coordinator_b, world_a.project)
