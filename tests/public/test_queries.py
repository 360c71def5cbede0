"""Every public page runs the same number of SQL queries with few rows and with many."""

import datetime

import pytest
from django.utils import timezone

from mobility.rates import seed_rates
from tests.factories import (
    ExchangeOfferFactory,
    InstitutionFactory,
    InterestRegistrationFactory,
    PersonFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    SubjectAreaFactory,
)
from tests.public.helpers import public_url

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 9


@pytest.fixture
def build():
    """Projects with two partners, co-coordinators, fields, offers and registrations."""

    def build(size: int):
        deadline = timezone.localdate() + datetime.timedelta(days=20)
        japan = InstitutionFactory(country="JP")
        cuba = InstitutionFactory(country="CU")
        projects = []
        for number in range(size):
            project = ProjectFactory(slug=f"project-{size}-{number}")
            project.co_coordinators.add(PersonFactory(), PersonFactory())
            project.subject_areas.add(SubjectAreaFactory(), SubjectAreaFactory())
            ProjectPartnerFactory(project=project, institution=japan)
            ProjectPartnerFactory(project=project, institution=cuba)
            for partner in (japan, cuba):
                offer = ExchangeOfferFactory(
                    project=project,
                    partner=partner,
                    subject_area=SubjectAreaFactory(),
                    places=5,
                    application_deadline=deadline,
                )
                InterestRegistrationFactory.create_batch(2, offer=offer, status="nominated")
            projects.append(project)
        return projects

    return build


PAGES = [
    # The offers, the countries, the calls with their project counts and those open for ideas.
    ("home", {}, None, 5),
    # The call's projects, their partners and the students and staff of their grant lines.
    ("call-round", {"slug": "ka107-2020"}, None, 3),
    ("project-list", {}, None, 3),
    ("project-list", {}, {"region": "asia"}, 3),
    ("country-list", {}, None, 2),
    ("country-detail", {"code": "jp"}, None, 4),
    # The filters' choices (3), the count and the page's rows.
    ("offer-list", {}, None, 5),
]


@pytest.mark.parametrize(("name", "kwargs", "query", "expected"), PAGES)
@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_public_list_page_query_count_is_constant(
    client, django_assert_num_queries, build, name, kwargs, query, expected, size
):
    build(size)
    url = public_url(name, **kwargs)

    with django_assert_num_queries(expected):
        response = client.get(url, query)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_filtered_catalogue_lists_every_match_in_constant_queries(
    client, django_assert_num_queries, build, size
):
    build(size)
    query = {"country": "JP", "closed": "on", "q": "laboratory", "sort": "-deadline"}

    with django_assert_num_queries(5):
        response = client.get(public_url("offer-list"), query)

    assert response.context["paginator"].count == size


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_project_page_query_count_is_constant(client, django_assert_num_queries, build, size):
    project = build(size)[0]

    with django_assert_num_queries(5):
        response = client.get(public_url("project-detail", slug=project.slug))

    assert len(response.context["project"].open_offers) == 2


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_offer_pages_query_count_is_constant(client, django_assert_num_queries, build, size):
    seed_rates()
    offer = build(size)[0].offers.first()
    offer.places = 10
    offer.save()

    # The offer with its call for applications; for its grant, our institution and the call's
    # rate table with its rates, bands and rules.
    with django_assert_num_queries(6):
        page = client.get(public_url("offer-detail", slug=offer.slug))
    assert page.context["grant"] is not None
    with django_assert_num_queries(1):
        client.get(public_url("offer-register", slug=offer.slug))
    registered = client.post(
        public_url("offer-register", slug=offer.slug),
        {
            "name": "Sanne de Vries",
            "email": "sanne@example.org",
            "study_programme": "Biomedical Sciences",
            "level": "master",
            "motivation": "Imaging.",
        },
    )
    with django_assert_num_queries(1):
        client.get(registered["Location"])


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_sitemap_query_count_is_constant(client, django_assert_num_queries, build, size):
    build(size)

    with django_assert_num_queries(4):
        client.get("/sitemap.xml")
