import datetime

import pytest

from mobility.models import Activity, ExchangeOffer, Level
from projects.models import Project
from public_site import selectors
from tests.factories import (
    ExchangeOfferFactory,
    InstitutionFactory,
    InterestRegistrationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    SubjectAreaFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)


def _titles(offers) -> list[str]:
    return [offer.title for offer in offers]


@pytest.fixture
def offers(nagasaki, havana):
    """Four published offers and two that are not public."""
    imaging = SubjectAreaFactory(name="Medical imaging", name_nl="Medische beeldvorming")
    chemistry = SubjectAreaFactory(name="Chemistry")
    ExchangeOfferFactory(
        title="Imaging in Nagasaki",
        description="Radiology laboratory work on magnetic resonance images.",
        partner=nagasaki,
        subject_area=imaging,
        level=Level.MASTER,
        application_deadline=TODAY + datetime.timedelta(days=3),
    )
    ExchangeOfferFactory(
        title="Nanomedicine in Havana",
        title_nl="Nanogeneeskunde in Havana",
        description="Hydrogels for cartilage.",
        description_nl="Hydrogels voor kraakbeen en beeldvorming.",
        partner=havana,
        subject_area=chemistry,
        level=Level.DOCTORAL,
        application_deadline=TODAY + datetime.timedelta(days=1),
    )
    ExchangeOfferFactory(
        title="Teaching in Nagasaki",
        partner=nagasaki,
        activity=Activity.TEACHING,
        level=Level.STAFF,
        application_deadline=TODAY + datetime.timedelta(days=9),
    )
    ExchangeOfferFactory(
        title="Closed in Havana",
        partner=havana,
        application_deadline=TODAY - datetime.timedelta(days=1),
    )
    ExchangeOfferFactory(title="Unpublished", partner=nagasaki, is_published=False)
    ExchangeOfferFactory(
        title="Under a proposal", partner=nagasaki, project__status=Project.Status.PROPOSAL
    )
    return {"imaging": imaging, "chemistry": chemistry}


def test_public_projects_are_awarded_running_or_closed():
    for status in Project.Status.values:
        ProjectFactory(title=status, status=status)

    titles = sorted(project.title for project in selectors.public_projects())

    assert titles == ["awarded", "closed", "running"]


@pytest.fixture
def closed_offers(offers, havana):
    """Besides "Closed in Havana" (deadline yesterday): one closed long ago, one filled."""
    ExchangeOfferFactory(
        title="Closed in 2021", partner=havana, application_deadline=datetime.date(2021, 3, 1)
    )
    filled = ExchangeOfferFactory(
        title="Filled", places=1, application_deadline=TODAY + datetime.timedelta(days=2)
    )
    InterestRegistrationFactory(offer=filled, status="nominated")


def test_an_offer_is_shown_exactly_while_published_under_a_public_project():
    offer = ExchangeOfferFactory(project__status=Project.Status.SUBMITTED)
    shown = []

    for status in (Project.Status.AWARDED, Project.Status.CLOSED, Project.Status.REJECTED):
        Project.objects.filter(pk=offer.project_id).update(status=status)
        shown.append(selectors.published_offers().filter(pk=offer.pk).exists())
    ExchangeOffer.objects.filter(pk=offer.pk).update(is_published=False)
    shown.append(selectors.published_offers().filter(pk=offer.pk).exists())

    assert shown == [True, True, False, False]


def test_catalogue_lists_only_open_offers_nearest_deadline_first(closed_offers):
    assert _titles(selectors.catalogue_offers(today=TODAY)) == [
        "Nanomedicine in Havana",
        "Imaging in Nagasaki",
        "Teaching in Nagasaki",
    ]


def test_catalogue_with_closed_offers_lists_them_after_the_open_ones_latest_closed_first(
    closed_offers,
):
    assert _titles(selectors.catalogue_offers(today=TODAY, include_closed=True)) == [
        "Nanomedicine in Havana",
        "Imaging in Nagasaki",
        "Teaching in Nagasaki",
        "Filled",
        "Closed in Havana",
        "Closed in 2021",
    ]


def test_catalogue_latest_deadline_first_keeps_open_offers_first(closed_offers):
    titles = _titles(
        selectors.catalogue_offers(today=TODAY, include_closed=True, newest_deadline_first=True)
    )

    assert titles == [
        "Teaching in Nagasaki",
        "Imaging in Nagasaki",
        "Nanomedicine in Havana",
        "Filled",
        "Closed in Havana",
        "Closed in 2021",
    ]


def test_catalogue_orders_offers_with_one_deadline_by_title(offers):
    for title in ("Beta", "Alpha"):
        ExchangeOfferFactory(title=title, application_deadline=TODAY + datetime.timedelta(days=3))

    titles = _titles(selectors.catalogue_offers(today=TODAY))

    assert titles == [
        "Nanomedicine in Havana",
        "Alpha",
        "Beta",
        "Imaging in Nagasaki",
        "Teaching in Nagasaki",
    ]


def test_catalogue_filters_by_country(offers):
    titles = _titles(selectors.catalogue_offers(today=TODAY, country="JP"))

    assert titles == ["Imaging in Nagasaki", "Teaching in Nagasaki"]


def test_catalogue_filters_by_region(offers):
    titles = _titles(
        selectors.catalogue_offers(today=TODAY, region="latin-america", include_closed=True)
    )

    assert titles == ["Nanomedicine in Havana", "Closed in Havana"]


def test_catalogue_filters_by_institution(offers, havana):
    titles = _titles(
        selectors.catalogue_offers(today=TODAY, institution_id=havana.pk, include_closed=True)
    )

    assert titles == ["Nanomedicine in Havana", "Closed in Havana"]


def test_catalogue_filters_by_activity_and_level(offers):
    teaching = selectors.catalogue_offers(today=TODAY, activity=Activity.TEACHING)
    doctoral = selectors.catalogue_offers(today=TODAY, level=Level.DOCTORAL)

    assert _titles(teaching) == ["Teaching in Nagasaki"]
    assert _titles(doctoral) == ["Nanomedicine in Havana"]


def test_catalogue_filters_by_field(offers):
    titles = _titles(selectors.catalogue_offers(today=TODAY, subject_area_id=offers["imaging"].pk))

    assert titles == ["Imaging in Nagasaki"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("radiology", ["Imaging in Nagasaki"]),
        # English stemming: "image" finds "images".
        ("image", ["Imaging in Nagasaki"]),
        # Dutch stemming in the Dutch fields: "beeldvormingen" finds "beeldvorming".
        ("beeldvormingen", ["Nanomedicine in Havana", "Imaging in Nagasaki"]),
        ("Havana", ["Nanomedicine in Havana"]),
        ("nagasaki -teaching", ["Imaging in Nagasaki"]),
        ('"radiology laboratory"', ["Imaging in Nagasaki"]),
        ('"laboratory radiology"', []),
        ("kraakbeen", ["Nanomedicine in Havana"]),
        ("volcano", []),
    ],
)
def test_search_on_postgresql_is_full_text_in_english_and_dutch(offers, query, expected):
    assert _titles(selectors.catalogue_offers(today=TODAY, query=query)) == expected


def test_search_with_closed_offers_finds_them_too(offers):
    found = selectors.catalogue_offers(today=TODAY, query="Havana", include_closed=True)

    assert _titles(found) == ["Nanomedicine in Havana", "Closed in Havana"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("RADIOLOGY", ["Imaging in Nagasaki"]),
        ("havana hydrogels", ["Nanomedicine in Havana"]),
        ("kraakbeen", ["Nanomedicine in Havana"]),
        ("volcano", []),
    ],
)
def test_search_elsewhere_finds_every_word_in_any_field(offers, query, expected):
    found = selectors.search_offers(
        selectors.catalogue_offers(today=TODAY), query=query, vendor="sqlite"
    )

    assert _titles(found) == expected


def test_project_directory_filters_by_region(nagasaki, havana):
    ProjectPartnerFactory(project__title="Japan", institution=nagasaki)
    both = ProjectPartnerFactory(project__title="Both", institution=havana).project
    ProjectPartnerFactory(project=both, institution=nagasaki)

    asia = sorted(project.title for project in selectors.project_directory(region="asia"))

    assert asia == ["Both", "Japan"]


def test_country_summaries_count_public_projects_and_offers(offers, nagasaki):
    ProjectPartnerFactory(institution=nagasaki)
    ProjectPartnerFactory(institution=nagasaki, project__status=Project.Status.REJECTED)

    summaries = {
        summary.code: (summary.project_count, summary.offer_count)
        for summary in selectors.country_summaries()
    }

    assert summaries == {"JP": (1, 2), "CU": (0, 2)}


def test_catalogue_choices_offer_only_what_published_offers_use(offers, nagasaki, havana):
    InstitutionFactory(name="No offers here", country="PE")

    choices = selectors.catalogue_choices()

    assert choices.countries == [("CU", "Cuba"), ("JP", "Japan")]
    assert choices.institutions == [
        (str(nagasaki.pk), nagasaki.name),
        (str(havana.pk), havana.name),
    ]
    chemistry, imaging = offers["chemistry"], offers["imaging"]
    assert choices.subject_areas == [
        (str(chemistry.pk), str(chemistry)),
        (str(imaging.pk), str(imaging)),
    ]
