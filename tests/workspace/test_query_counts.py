"""Every list and detail page asks the database as many questions for 30 rows as for 3."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ContactFactory,
    DeadlineFactory,
    ExchangeOfferFactory,
    InstitutionFactory,
    InterestRegistrationFactory,
    MobilityFactory,
    MobilityGrantFactory,
    PersonFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

SMALL, LARGE = 3, 30


@dataclass
class Target:
    """The object a detail page is about, shared by the two sizes."""

    project: object
    partner: object
    person: object
    mobility: object
    offer: object


@pytest.fixture
def target(coordinator_a):
    partner = InstitutionFactory(name="University of Havana")
    project = ProjectFactory(title="Leiden and Havana", lead_coordinator=coordinator_a.person)
    ProjectPartnerFactory(project=project, institution=partner)
    return Target(
        project=project,
        partner=partner,
        person=coordinator_a.person,
        mobility=MobilityFactory(project=project, partner=partner),
        offer=ExchangeOfferFactory(project=project, partner=partner),
    )


def _project_with_partners(**kwargs):
    project = ProjectFactory(**kwargs)
    for _ in range(2):
        link = ProjectPartnerFactory(project=project)
        MobilityFactory(project=project, partner=link.institution)
        MobilityGrantFactory(project=project, partner=link.institution)
    project.co_coordinators.add(PersonFactory())
    DeadlineFactory(project=project).responsible.add(project.lead_coordinator)
    return project


def add_projects(target, n):
    for _ in range(n):
        _project_with_partners()


def add_institutions(target, n):
    for _ in range(n):
        ProjectPartnerFactory(project=target.project, institution=InstitutionFactory())


def add_people(target, n):
    for _ in range(n):
        ProjectFactory().co_coordinators.add(PersonFactory())


def add_mobilities(target, n):
    for _ in range(n):
        MobilityFactory(project=target.project, partner=target.partner)


def add_deadlines(target, n):
    for index in range(n):
        deadline = DeadlineFactory(
            project=ProjectFactory(), due_date=datetime.date(2030, 1, 1) + datetime.timedelta(index)
        )
        deadline.responsible.add(PersonFactory(), target.person)


def add_offers(target, n):
    for _ in range(n):
        InterestRegistrationFactory(offer__project=target.project, offer__partner=target.partner)


def add_dashboard_rows(target, n):
    today = datetime.date.today()
    for index in range(n):
        project = _project_with_partners(lead_coordinator=target.person)
        DeadlineFactory(project=project, due_date=today + datetime.timedelta(days=index % 50))
        DeadlineFactory(project=project, due_date=today - datetime.timedelta(days=1 + index))
        MobilityFactory(
            project=project,
            partner=InstitutionFactory(country=["JP", "CU", "ET", "US"][index % 4]),
            planned_start=datetime.date(today.year, 3, 1),
            planned_end=datetime.date(today.year, 3, 5),
        )


def add_around_project(target, n):
    project = target.project
    for _ in range(n):
        link = ProjectPartnerFactory(project=project, contact=None)
        link.contact = ContactFactory(institution=link.institution)
        link.save()
        MobilityGrantFactory(project=project, partner=link.institution)
        MobilityFactory(project=project, partner=link.institution)
        DeadlineFactory(project=project).responsible.add(PersonFactory())
        InterestRegistrationFactory(offer__project=project, offer__partner=link.institution)
        project.co_coordinators.add(PersonFactory())
        project.title = f"{project.title}."
        project.version += 1
        project.save()


def add_around_institution(target, n):
    for _ in range(n):
        link = ProjectPartnerFactory(institution=target.partner)
        ContactFactory(institution=target.partner)
        ExchangeOfferFactory(project=link.project, partner=target.partner)
        target.partner.city = f"{target.partner.city}."
        target.partner.save()


def add_around_person(target, n):
    for _ in range(n):
        ProjectFactory(lead_coordinator=target.person)
        ProjectFactory().co_coordinators.add(target.person)
        DeadlineFactory(project=target.project).responsible.add(target.person)


def add_around_mobility(target, n):
    mobility = target.mobility
    for _ in range(n):
        DeadlineFactory(project=mobility.project, mobility=mobility)
        mobility.first_name = f"{mobility.first_name}a"
        mobility.save()


def add_registrations(target, n):
    for _ in range(n):
        InterestRegistrationFactory(offer=target.offer)


@dataclass(frozen=True)
class Page:
    name: str
    add_rows: Callable
    kwargs: Callable = lambda target: {}


PAGES = [
    Page("workspace:dashboard", add_dashboard_rows),
    Page("workspace:project-list", add_projects),
    Page("workspace:institution-list", add_institutions),
    Page("workspace:person-list", add_people),
    Page("workspace:mobility-list", add_mobilities),
    Page("workspace:deadline-list", add_deadlines),
    Page("workspace:offer-list", add_offers),
    Page("workspace:project-detail", add_around_project, lambda t: {"pk": t.project.pk}),
    Page("workspace:project-history", add_around_project, lambda t: {"pk": t.project.pk}),
    Page("workspace:project-update", add_around_project, lambda t: {"pk": t.project.pk}),
    Page("workspace:institution-detail", add_around_institution, lambda t: {"pk": t.partner.pk}),
    Page("workspace:institution-history", add_around_institution, lambda t: {"pk": t.partner.pk}),
    Page("workspace:person-detail", add_around_person, lambda t: {"pk": t.person.pk}),
    Page("workspace:mobility-detail", add_around_mobility, lambda t: {"pk": t.mobility.pk}),
    Page("workspace:mobility-history", add_around_mobility, lambda t: {"pk": t.mobility.pk}),
    Page("workspace:offer-detail", add_registrations, lambda t: {"pk": t.offer.pk}),
    Page("workspace:project-export", add_projects, lambda t: {"export_format": "xlsx"}),
    Page("workspace:mobility-export", add_mobilities, lambda t: {"export_format": "csv"}),
]


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("user_name", ["staff_user", "coordinator_a"])
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name.split(":")[1])
def test_page_query_count_does_not_grow_with_rows(page, user_name, request, target, login):
    user = request.getfixturevalue(user_name)
    if page.name == "workspace:project-update" and user_name == "coordinator_a":
        target.project.co_coordinators.add(user.person)
    client = login(user)
    url = reverse(page.name, kwargs=page.kwargs(target))

    page.add_rows(target, SMALL)
    small = queries_for(client, url)
    page.add_rows(target, LARGE - SMALL)
    large = queries_for(client, url)

    assert small == large
