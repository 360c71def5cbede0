"""The dashboard: my deadlines, projects by status, mobilities this year, budget use."""

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from mobility.models import Mobility
from projects.models import Project
from tests.factories import (
    DeadlineFactory,
    InstitutionFactory,
    MobilityFactory,
    MobilityGrantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        yield


def titles(deadlines) -> list[str]:
    return [deadline.title for deadline in deadlines]


@pytest.fixture
def deadlines(world_a, world_b, coordinator_b):
    project_a, project_b = world_a.project, world_b.project
    DeadlineFactory(project=project_a, title="Overdue report", due_date=TODAY.replace(day=1))
    DeadlineFactory(project=project_a, title="Due in 60 days", due_date=datetime.date(2026, 5, 1))
    DeadlineFactory(project=project_a, title="Due in 61 days", due_date=datetime.date(2026, 5, 2))
    done = DeadlineFactory(project=project_a, title="Done", due_date=datetime.date(2026, 3, 3))
    done.mark_done(when=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    done.save()
    DeadlineFactory(project=project_b, title="B's deadline", due_date=datetime.date(2026, 3, 10))
    elsewhere = DeadlineFactory(title="Responsible elsewhere", due_date=datetime.date(2026, 3, 20))
    elsewhere.responsible.add(coordinator_b.person)


def test_coordinator_sees_their_overdue_and_coming_deadlines(login, coordinator_a, deadlines):
    response = login(coordinator_a).get(reverse("workspace:dashboard"))

    found = response.context["deadlines"]
    assert titles(found["overdue"]) == ["Overdue report"]
    assert titles(found["upcoming"]) == ["Due in 60 days"]


def test_deadlines_a_coordinator_is_responsible_for_count_as_theirs(
    login, coordinator_b, deadlines
):
    response = login(coordinator_b).get(reverse("workspace:dashboard"))

    assert titles(response.context["deadlines"]["upcoming"]) == [
        "B's deadline",
        "Responsible elsewhere",
    ]


def test_staff_follow_every_deadline(login, staff_user, deadlines):
    response = login(staff_user).get(reverse("workspace:dashboard"))

    found = response.context["deadlines"]
    assert titles(found["overdue"]) == ["Overdue report"]
    assert titles(found["upcoming"]) == ["B's deadline", "Responsible elsewhere", "Due in 60 days"]


def test_projects_by_status_counts_every_status(login, staff_user, world_a, world_b):
    ProjectFactory(status=Project.Status.PROPOSAL)

    response = login(staff_user).get(reverse("workspace:dashboard"))

    assert [(row["status"], row["count"]) for row in response.context["projects_by_status"]] == [
        ("proposal", 1),
        ("submitted", 0),
        ("awarded", 0),
        ("running", 2),
        ("closed", 0),
        ("rejected", 0),
    ]


def test_mobilities_this_year_by_partner_country_and_direction(login, staff_user):
    this_year = {
        "planned_start": datetime.date(2026, 4, 6),
        "planned_end": datetime.date(2026, 4, 10),
    }
    japan, cuba = InstitutionFactory(country="JP"), InstitutionFactory(country="CU")
    MobilityFactory(partner=japan, direction="outgoing", **this_year)
    MobilityFactory(partner=japan, direction="outgoing", **this_year)
    MobilityFactory(partner=japan, direction="incoming", **this_year)
    MobilityFactory(partner=cuba, direction="incoming", **this_year)
    MobilityFactory(partner=cuba, status=Mobility.Status.CANCELLED, **this_year)
    MobilityFactory(partner=cuba)

    response = login(staff_user).get(reverse("workspace:dashboard"))

    assert response.context["chart_data"]["mobilities"] == {
        "labels": ["Cuba", "Japan"],
        "series": [
            {"label": "Incoming (to us)", "counts": [1, 1]},
            {"label": "Outgoing (from us)", "counts": [0, 2]},
        ],
    }


def test_budget_use_of_running_projects_adds_grant_lines_and_mobility_grants(login, staff_user):
    running = ProjectFactory(title="Running", awarded_budget=Decimal("50000.00"))
    MobilityGrantFactory(project=running, amount_awarded=Decimal("4000.00"))
    MobilityGrantFactory(project=running, amount_awarded=Decimal("6500.50"))
    MobilityFactory(
        project=running, individual_support=Decimal("1260.00"), travel_support=Decimal("1500.00")
    )
    MobilityFactory(
        project=running, individual_support=Decimal("700.00"), travel_support=Decimal("820.00")
    )
    MobilityFactory(
        project=running,
        status=Mobility.Status.CANCELLED,
        individual_support=Decimal("999.00"),
    )
    ProjectFactory(title="Closed", status=Project.Status.CLOSED)

    response = login(staff_user).get(reverse("workspace:dashboard"))

    assert [
        (p.title, p.awarded_budget, p.grant_lines_total, p.mobility_grants_total)
        for p in response.context["budgets"]
    ] == [("Running", Decimal("50000.00"), Decimal("10500.50"), Decimal("4280.00"))]


def test_chart_data_reaches_the_page_as_json_for_the_static_script(login, staff_user, world_a):
    response = login(staff_user).get(reverse("workspace:dashboard"))

    html = response.content.decode()
    start = html.index('<script id="dashboard-data" type="application/json">')
    data = json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])
    assert data["budgets"] == {
        "series": ["Awarded budget", "Grant lines", "Mobility grants"],
        "labels": ["Leiden and Havana"],
        "awarded": [50000.0],
        "grantLines": [4000.0],
        "mobilityGrants": [0.0],
    }
    assert '<script src="/static/workspace/dashboard.js"></script>' in html
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js"></script>' in html
