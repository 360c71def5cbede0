import datetime
import re

import pytest
from django.core import signing
from django.db import connection
from django.urls import reverse

from mobility.models import ExchangeOffer, InterestRegistration
from outbox.models import OutgoingEmail
from projects.models import Project
from public_site.views import CONFIRMATION_SALT
from tests.factories import (
    ExchangeOfferFactory,
    InstitutionFactory,
    InterestRegistrationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from tests.public.helpers import public_url

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "Sanne de Vries",
    "email": "sanne@example.org",
    "study_programme": "Biomedical Sciences",
    "level": "master",
    "motivation": "I want to work on medical imaging.",
    "website": "",
}


def _text(response) -> str:
    return response.content.decode()


def test_root_redirects_to_the_language_of_the_browser(client):
    assert client.get("/")["Location"] == "/en/"
    assert client.get("/", headers={"accept-language": "nl"})["Location"] == "/nl/"


def test_public_urls_carry_the_language_prefix():
    assert public_url("offer-list") == "/en/offers/"
    assert public_url("offer-list", "nl") == "/nl/offers/"
    assert public_url("project-detail", "nl", slug="havana") == "/nl/projects/havana/"


def test_home_shows_open_offers_and_partner_countries(client, open_offer):
    response = client.get(public_url("home"))

    assert response.status_code == 200
    assert "Medical imaging research in Nagasaki" in _text(response)
    assert 'href="/en/countries/jp/">Japan</a>' in _text(response)


def test_project_list_shows_only_public_projects(client, nagasaki):
    ProjectPartnerFactory(project__title="Running project", institution=nagasaki)
    ProjectFactory(title="A proposal", status=Project.Status.PROPOSAL)
    ProjectFactory(title="A rejected one", status=Project.Status.REJECTED)

    response = client.get(public_url("project-list"))

    assert [project.title for project in response.context["projects"]] == ["Running project"]
    assert "1 project" in _text(response)


def test_project_list_filters_by_region(client, nagasaki, havana):
    ProjectPartnerFactory(project__title="With Nagasaki", institution=nagasaki)
    ProjectPartnerFactory(project__title="With Havana", institution=havana)

    response = client.get(public_url("project-list"), {"region": "latin-america"})

    assert [project.title for project in response.context["projects"]] == ["With Havana"]


def test_project_list_ignores_an_unknown_region(client, nagasaki):
    ProjectPartnerFactory(institution=nagasaki)

    response = client.get(public_url("project-list"), {"region": "atlantis"})

    assert response.status_code == 200
    assert len(response.context["projects"]) == 1


def test_project_page_shows_what_the_seed_pages_show(client, open_offer):
    project = open_offer.project
    project.summary = "Nanomedicine and medical imaging."
    project.save()

    response = client.get(public_url("project-detail", slug=project.slug))

    text = _text(response)
    assert response.status_code == 200
    assert f"<h1>{project.title}</h1>" in text
    assert project.home_unit.name in text
    assert project.lead_coordinator.full_name in text
    assert "Nagasaki University, Nagasaki (" in text
    assert "Staff and student exchange" in text
    assert "2020\N{EN DASH}2023" in text
    assert "(36 months)" in text
    assert "<p>Nanomedicine and medical imaging.</p>" in text
    assert "Medical imaging research in Nagasaki" in text


def test_project_page_in_dutch_falls_back_to_english_summary(client):
    project = ProjectFactory(title="LUMC and Havana", title_nl="", summary="In English only.")

    response = client.get(public_url("project-detail", "nl", slug=project.slug))

    assert '<html lang="nl">' in _text(response)
    assert "<h1>LUMC and Havana</h1>" in _text(response)
    assert "<p>In English only.</p>" in _text(response)


def test_project_page_in_dutch_shows_the_dutch_summary(client):
    project = ProjectFactory(title="Havana", title_nl="Havana NL", summary="EN", summary_nl="NL")

    response = client.get(public_url("project-detail", "nl", slug=project.slug))

    assert "<h1>Havana NL</h1>" in _text(response)
    assert "<p>NL</p>" in _text(response)


@pytest.mark.parametrize("status", ["proposal", "submitted", "rejected"])
def test_project_page_of_a_project_that_is_not_public_is_not_found(client, status):
    project = ProjectFactory(status=status)

    assert client.get(public_url("project-detail", slug=project.slug)).status_code == 404


def test_project_page_hides_closed_offers(client, open_offer, today):
    ExchangeOfferFactory(
        project=open_offer.project,
        title="Deadline passed",
        application_deadline=today - datetime.timedelta(days=1),
    )

    response = client.get(public_url("project-detail", slug=open_offer.project.slug))

    assert [offer.title for offer in response.context["project"].open_offers] == [
        "Medical imaging research in Nagasaki"
    ]


def test_country_list_groups_countries_by_region(client, nagasaki, havana):
    ProjectPartnerFactory(institution=nagasaki)
    ProjectPartnerFactory(institution=havana)

    response = client.get(public_url("country-list"))

    groups = [
        (region.slug, [country.code for country in members])
        for region, members in response.context["groups"]
    ]
    assert groups == [("asia", ["JP"]), ("latin-america", ["CU"])]


def test_country_list_filters_by_region(client, nagasaki, havana):
    ProjectPartnerFactory(institution=nagasaki)
    ProjectPartnerFactory(institution=havana)

    response = client.get(public_url("country-list"), {"region": "asia"})

    assert [region.slug for region, _members in response.context["groups"]] == ["asia"]


def test_country_page_lists_partners_projects_and_open_offers(client, open_offer, havana):
    ProjectPartnerFactory(institution=havana, project__title="With Havana")

    response = client.get(public_url("country-detail", code="jp"))

    assert response.status_code == 200
    assert "<h1>Japan</h1>" in _text(response)
    assert [project.title for project in response.context["projects"]] == ["LUMC and Nagasaki"]
    assert [partner.name for partner in response.context["partners"]] == ["Nagasaki University"]
    assert [offer.slug for offer in response.context["offers"]] == [open_offer.slug]
    assert 'href="/en/offers/?country=JP"' in _text(response)


def test_country_page_in_dutch_names_the_country_in_dutch(client, havana):
    ProjectPartnerFactory(institution=havana)

    response = client.get(public_url("country-detail", "nl", code="cu"))

    assert "<h1>Cuba</h1>" in _text(response)
    assert response.context["country_name"] == "Cuba"


@pytest.mark.parametrize("code", ["fr", "xx", "JP", "jpn"])
def test_country_page_without_public_partners_is_not_found(client, open_offer, code):
    assert client.get(f"/en/countries/{code}/").status_code == 404


def test_country_page_of_a_draft_project_partner_is_not_found(client, nagasaki):
    ProjectPartnerFactory(institution=nagasaki, project__status=Project.Status.PROPOSAL)

    assert client.get(public_url("country-detail", code="jp")).status_code == 404


def test_catalogue_lists_published_offers_by_deadline(client, open_offer, today):
    later = ExchangeOfferFactory(application_deadline=today + datetime.timedelta(days=60))
    ExchangeOfferFactory(is_published=False)
    ExchangeOfferFactory(project__status=Project.Status.SUBMITTED)

    response = client.get(public_url("offer-list"))

    assert [offer.pk for offer in response.context["offers"]] == [open_offer.pk, later.pk]
    assert "2 offers" in _text(response)


@pytest.fixture
def closed_offers(open_offer, today):
    """An offer closed since 2021 and one whose places are all taken (by name)."""
    old = ExchangeOfferFactory(
        title="Closed in 2021", application_deadline=datetime.date(2021, 3, 1)
    )
    filled = ExchangeOfferFactory(
        title="Filled", places=1, application_deadline=today + datetime.timedelta(days=10)
    )
    InterestRegistrationFactory(offer=filled, status="nominated")
    return {"old": old, "filled": filled}


def test_catalogue_opens_with_open_offers_nearest_deadline_first(client, closed_offers, today):
    later = ExchangeOfferFactory(application_deadline=today + datetime.timedelta(days=60))
    soon = ExchangeOfferFactory(application_deadline=today)

    response = client.get(public_url("offer-list"))

    assert [offer.title for offer in response.context["offers"]] == [
        soon.title,
        "Medical imaging research in Nagasaki",
        later.title,
    ]
    assert "3 offers" in _text(response)


def test_catalogue_shows_closed_offers_after_the_open_ones_when_asked(client, closed_offers, today):
    response = client.get(public_url("offer-list"), {"closed": "on"})

    assert [offer.title for offer in response.context["offers"]] == [
        "Medical imaging research in Nagasaki",
        "Filled",
        "Closed in 2021",
    ]
    assert 'name="closed" class="form-check-input" id="id_closed" checked' in _text(response)


def test_catalogue_offers_closed_offers_and_the_sort_in_dutch(client, open_offer):
    response = client.get("/nl/offers/")

    assert "Toon ook gesloten uitwisselingen" in _text(response)
    assert '<option value="deadline">Vroegste deadline eerst</option>' in _text(response)
    assert '<option value="-deadline">Laatste deadline eerst</option>' in _text(response)


def test_catalogue_filters_by_country(client, open_offer, havana):
    ExchangeOfferFactory(partner=havana, title="In Havana")

    response = client.get(public_url("offer-list"), {"country": "CU"})

    assert [offer.title for offer in response.context["offers"]] == ["In Havana"]
    assert '<option value="CU" selected>Cuba</option>' in _text(response)


def test_catalogue_filters_by_keyword(client, open_offer, havana):
    ExchangeOfferFactory(partner=havana, title="Nanomedicine", description="Hydrogels.")

    response = client.get(public_url("offer-list"), {"q": "radiology"})

    assert [offer.slug for offer in response.context["offers"]] == [open_offer.slug]


def test_catalogue_sorts_by_latest_deadline(client, open_offer, today):
    later = ExchangeOfferFactory(application_deadline=today + datetime.timedelta(days=60))

    response = client.get(public_url("offer-list"), {"sort": "-deadline"})

    assert [offer.pk for offer in response.context["offers"]] == [later.pk, open_offer.pk]


def test_catalogue_with_no_match_says_so_and_offers_to_clear(client, open_offer):
    response = client.get(public_url("offer-list"), {"country": "JP", "level": "doctoral"})

    assert "No offer matches these filters." in _text(response)
    assert "Clear the filters" in _text(response)


def test_catalogue_without_offers_says_so(client):
    response = client.get(public_url("offer-list"))

    assert "There are no exchange offers at the moment." in _text(response)


@pytest.mark.parametrize(
    "query",
    [
        {"country": "XX"},
        {"institution": "abc"},
        {"institution": "999999"},
        {"field": "-1"},
        {"sort": "price"},
        {"closed": "maybe"},
        {"page": "7"},
        {"page": "last"},
        {"q": "x" * 5000},
        {"q": "\x00"},
        {"q": "!!! & | ( :* <->"},
    ],
)
def test_catalogue_with_nonsense_parameters_answers_without_error(client, open_offer, query):
    response = client.get(public_url("offer-list"), query)

    assert response.status_code in (200, 404)


def test_catalogue_paginates_and_keeps_the_filters(client, nagasaki, today):
    ExchangeOfferFactory.create_batch(
        13, partner=nagasaki, application_deadline=today + datetime.timedelta(days=5)
    )

    response = client.get(public_url("offer-list"), {"country": "JP", "page": "2"})

    assert len(response.context["offers"]) == 1
    assert 'href="?country=JP&amp;page=1"' in _text(response)
    assert "Page 2 of 2" in _text(response)


def test_offer_page_shows_what_where_when_and_how_long(client, open_offer, today):
    response = client.get(public_url("offer-detail", slug=open_offer.slug))

    text = _text(response)
    assert "<h1>Medical imaging research in Nagasaki</h1>" in text
    assert "Student mobility for studies" in text
    assert "Nagasaki University, Nagasaki, Japan" in text
    assert "90 days" in text
    assert "<dd>2</dd>" in text
    assert f'Apply by <time datetime="{open_offer.application_deadline:%Y-%m-%d}">' in text
    assert f'href="/en/projects/{open_offer.project.slug}/"' in text
    assert 'href="/en/offers/medical-imaging-nagasaki/register/"' in text


def test_offer_page_in_dutch_shows_the_dutch_title(client, open_offer):
    response = client.get(public_url("offer-detail", "nl", slug=open_offer.slug))

    assert "<h1>Onderzoek naar medische beeldvorming in Nagasaki</h1>" in _text(response)


def test_offer_page_of_a_closed_offer_says_it_is_closed(client, open_offer, today):
    open_offer.application_deadline = today - datetime.timedelta(days=1)
    open_offer.save()

    response = client.get(public_url("offer-detail", slug=open_offer.slug))

    assert "This offer is closed" in _text(response)
    assert "Deadline passed on" in _text(response)
    assert "/register/" not in _text(response)


def test_register_page_of_a_closed_offer_links_to_the_open_offers(client, open_offer, today):
    open_offer.application_deadline = today - datetime.timedelta(days=1)
    open_offer.save()

    response = client.get(public_url("offer-register", slug=open_offer.slug))

    assert "This offer is closed" in _text(response)
    # The catalogue shows the open offers by default; it reads no `open` parameter.
    assert 'href="/en/offers/">See the offers open for interest</a>' in _text(response)


def test_offer_page_of_an_offer_with_every_place_taken_says_so(client, open_offer):
    InterestRegistrationFactory.create_batch(2, offer=open_offer, status="nominated")

    response = client.get(public_url("offer-detail", slug=open_offer.slug))

    assert "All places are taken" in _text(response)
    assert "/register/" not in _text(response)


def test_offer_page_of_an_unpublished_offer_is_not_found(client, open_offer):
    open_offer.is_published = False
    open_offer.save()

    assert client.get(public_url("offer-detail", slug=open_offer.slug)).status_code == 404
    assert client.get(public_url("offer-register", slug=open_offer.slug)).status_code == 404


def test_register_interest_redirects_to_the_confirmation(client, open_offer):
    response = client.post(public_url("offer-register", slug=open_offer.slug), REGISTRATION)

    registration = InterestRegistration.objects.get()
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/en/offers/medical-imaging-nagasaki/registered/?registration=")
    confirmation = client.get(location)
    assert "We have received your registration of interest" in _text(confirmation)
    assert "An email is on its way to sanne@example.org." in _text(confirmation)
    assert registration.email == OutgoingEmail.objects.get().to == "sanne@example.org"


def test_register_interest_in_dutch_stores_dutch(client, open_offer):
    client.post(public_url("offer-register", "nl", slug=open_offer.slug), REGISTRATION)

    assert InterestRegistration.objects.get().language == "nl"
    assert OutgoingEmail.objects.get().language == "nl"


def test_register_interest_again_changes_nothing_and_answers_as_for_a_new_address(
    client, open_offer
):
    url = public_url("offer-register", slug=open_offer.slug)
    mallory = {**REGISTRATION, "name": "Mallory", "level": "bachelor"}
    client.post(url, REGISTRATION)
    InterestRegistration.objects.update(status="nominated")

    redirects = [
        client.post(url, {**mallory, "email": email})
        for email in ("SANNE@Example.org", "sanne@EXAMPLE.org", "SANNE@example.net")
    ]
    # The known address emails nobody (it had its email today), the new address gets its
    # confirmation: the answers still differ only by the address typed.
    assert [(r.status_code, sorted(r.headers)) for r in redirects] == [
        (302, sorted(redirects[2].headers))
    ] * 3
    again, again_today, new = (client.get(r["Location"]) for r in redirects)

    registration = InterestRegistration.objects.get(email="sanne@example.org")
    assert (registration.name, registration.level, registration.status) == (
        "Sanne de Vries",
        "master",
        "nominated",
    )
    assert (again.status_code, again_today.status_code, new.status_code) == (200, 200, 200)
    # The pages differ only by the address typed (shown, and in the signed token).
    assert _answer(again, "SANNE@Example.org") == _answer(new, "SANNE@example.net")
    assert _answer(again_today, "sanne@EXAMPLE.org") == _answer(new, "SANNE@example.net")
    assert sorted(again.headers.items()) == sorted(new.headers.items())
    # The known address had its email today already: at most one a day.
    assert list(OutgoingEmail.objects.order_by("pk").values_list("to", "template")) == [
        ("sanne@example.org", "registration_confirmation"),
        ("SANNE@example.net", "registration_confirmation"),
    ]
    assert "An email is on its way to SANNE@Example.org." in _text(again)


def _answer(response, typed: str) -> str:
    return re.sub(r"registration=[^\"&\s]+", "registration=X", _text(response)).replace(typed, "X")


def test_register_interest_with_errors_keeps_the_input_and_says_what_is_wrong(client, open_offer):
    response = client.post(
        public_url("offer-register", slug=open_offer.slug),
        {**REGISTRATION, "email": "not-an-address", "level": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Enter a valid email address."],
        "level": ["This field is required."],
    }
    assert 'value="Sanne de Vries"' in _text(response)
    assert 'aria-invalid="true"' in _text(response)
    assert InterestRegistration.objects.count() == 0


def test_register_interest_refuses_oversized_fields(client, open_offer):
    response = client.post(
        public_url("offer-register", slug=open_offer.slug),
        {**REGISTRATION, "name": "n" * 201, "motivation": "m" * 2001},
    )

    assert sorted(response.context["form"].errors) == ["motivation", "name"]
    assert InterestRegistration.objects.count() == 0


def test_register_interest_level_offers_only_student_levels(client, open_offer):
    response = client.post(
        public_url("offer-register", slug=open_offer.slug), {**REGISTRATION, "level": "staff"}
    )

    assert list(response.context["form"].errors) == ["level"]


def test_register_interest_honeypot_pretends_success_and_stores_nothing(client, open_offer):
    response = client.post(
        public_url("offer-register", slug=open_offer.slug),
        {**REGISTRATION, "website": "http://spam.example"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(
        "/en/offers/medical-imaging-nagasaki/registered/?registration="
    )
    assert InterestRegistration.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_register_interest_is_rate_limited_per_client(client, open_offer, settings):
    settings.PUBLIC_REGISTRATION_RATE_LIMIT = 2
    url = public_url("offer-register", slug=open_offer.slug)
    client.post(url, REGISTRATION)
    client.post(url, {**REGISTRATION, "email": "jan@example.org"})

    response = client.post(url, {**REGISTRATION, "email": "piet@example.org"})
    other_client = client.post(
        url, {**REGISTRATION, "email": "kees@example.org"}, REMOTE_ADDR="192.0.2.7"
    )

    assert response.status_code == 429
    assert "Too many registrations came from your network" in _text(response)
    assert 'value="piet@example.org"' in _text(response)
    assert other_client.status_code == 302
    assert sorted(InterestRegistration.objects.values_list("email", flat=True)) == [
        "jan@example.org",
        "kees@example.org",
        "sanne@example.org",
    ]


def test_register_interest_behind_a_trusted_proxy_limits_the_forwarded_client(
    client, open_offer, settings
):
    settings.PUBLIC_REGISTRATION_RATE_LIMIT = 1
    settings.PUBLIC_TRUSTED_PROXY_COUNT = 1
    url = public_url("offer-register", slug=open_offer.slug)
    client.post(url, REGISTRATION, headers={"x-forwarded-for": "203.0.113.5"})

    same = client.post(url, REGISTRATION, headers={"x-forwarded-for": "1.1.1.1, 203.0.113.5"})
    other = client.post(url, REGISTRATION, headers={"x-forwarded-for": "203.0.113.6"})

    assert (same.status_code, other.status_code) == (429, 302)


def test_register_interest_in_a_closed_offer_is_refused(client, open_offer):
    InterestRegistrationFactory.create_batch(2, offer=open_offer, status="nominated")
    url = public_url("offer-register", slug=open_offer.slug)

    page = client.get(url)
    response = client.post(url, REGISTRATION)

    assert "This offer is closed" in _text(page)
    assert "<form" not in _text(page).split("<main", 1)[1]
    assert response.status_code == 409
    assert InterestRegistration.objects.filter(email="sanne@example.org").count() == 0


def test_register_interest_form_is_never_cached(client, open_offer):
    response = client.get(public_url("offer-register", slug=open_offer.slug))

    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("token", ["", "garbage", signing.dumps({"id": "x"}, salt="other")])
def test_confirmation_with_a_bad_token_thanks_without_details(client, open_offer, token):
    response = client.get(
        public_url("registration-confirmation", slug=open_offer.slug), {"registration": token}
    )

    assert response.status_code == 200
    assert response.context["email"] == ""
    assert "An email is on its way to your email address." in _text(response)


def test_confirmation_names_only_an_address_signed_by_the_form(client, open_offer):
    forged = signing.dumps({"email": "victim@example.org"}, salt="another.salt")
    signed = signing.dumps({"email": "sanne@example.org"}, salt=CONFIRMATION_SALT)
    url = public_url("registration-confirmation", slug=open_offer.slug)

    refused = client.get(url, {"registration": forged})
    named = client.get(url, {"registration": signed})

    assert refused.context["email"] == ""
    assert "victim@example.org" not in _text(refused)
    assert "An email is on its way to sanne@example.org." in _text(named)


def test_language_switcher_links_to_the_same_page_in_dutch(client, open_offer):
    response = client.get(public_url("offer-list"), {"country": "JP"})

    assert 'href="/nl/offers/?country=JP" hreflang="nl" lang="nl">Nederlands</a>' in _text(response)
    assert (
        '<link rel="alternate" hreflang="nl" href="http://testserver/nl/offers/?country=JP">'
        in (_text(response))
    )


def test_language_switcher_on_staff_pages_posts_to_set_language(client):
    response = client.get(reverse("accounts:login"))

    assert 'action="/i18n/setlang/"' in _text(response)
    switched = client.post("/i18n/setlang/", {"language": "nl", "next": "/accounts/login/"})
    assert switched["Location"] == "/accounts/login/"
    assert '<html lang="nl">' in _text(client.get(reverse("accounts:login")))


def test_robots_txt_points_to_the_sitemap_and_keeps_forms_out(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    assert _text(response) == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /accounts/\n"
        "Disallow: /workspace/\n"
        "Disallow: /reminders/\n"
        "Disallow: /i18n/\n"
        "Disallow: /en/offers/*/register/\n"
        "Disallow: /en/offers/*/registered/\n"
        "Disallow: /nl/offers/*/register/\n"
        "Disallow: /nl/offers/*/registered/\n"
        "\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def test_sitemap_lists_public_pages_in_both_languages(client, open_offer):
    ProjectFactory(slug="secret-proposal", status=Project.Status.PROPOSAL)
    ExchangeOfferFactory(slug="unpublished", is_published=False)

    text = _text(client.get("/sitemap.xml"))

    for language in ("en", "nl"):
        assert f"<loc>http://testserver/{language}/offers/medical-imaging-nagasaki/</loc>" in text
        assert f"<loc>http://testserver/{language}/projects/{open_offer.project.slug}/" in text
        assert f"<loc>http://testserver/{language}/countries/jp/</loc>" in text
    assert 'hreflang="nl" href="http://testserver/nl/offers/"' in text
    assert "secret-proposal" not in text
    assert "unpublished" not in text


def test_pages_have_a_title_and_a_meta_description(client, open_offer):
    response = client.get(public_url("offer-detail", slug=open_offer.slug))

    assert (
        "<title>Medical imaging research in Nagasaki · "
        "Erasmus+ International Credit Mobility</title>"
    ) in _text(response)
    assert '<meta name="description" content="Three months in the radiology laboratory.">' in (
        _text(response)
    )


def test_unknown_institution_filter_choice_is_not_an_error(client, open_offer):
    other = InstitutionFactory()

    response = client.get(public_url("offer-list"), {"institution": other.pk})

    assert response.status_code == 200
    assert len(response.context["offers"]) == 1


def test_register_interest_with_an_oversized_request_is_a_bad_request(client, open_offer):
    response = client.post(
        public_url("offer-register", slug=open_offer.slug),
        {**REGISTRATION, "motivation": "m" * 3_000_000},
    )

    assert response.status_code == 400
    assert InterestRegistration.objects.count() == 0


def test_register_interest_with_unusual_but_valid_input_is_stored(client, open_offer):
    client.post(
        public_url("offer-register", slug=open_offer.slug),
        {**REGISTRATION, "name": "Zoë 山田 <script>", "motivation": "Ja!\r\n\r\n🌏"},
    )

    registration = InterestRegistration.objects.get()
    assert (registration.name, registration.motivation) == ("Zoë 山田 <script>", "Ja!\r\n\r\n🌏")


def test_the_registration_form_carries_one_csrf_token(client, open_offer):
    page = client.get(public_url("offer-register", slug=open_offer.slug)).content.decode()

    assert page.count('name="csrfmiddlewaretoken"') == 1


@pytest.mark.parametrize("after_query", range(1, 7))
def test_catalogue_answers_when_an_offer_is_unpublished_while_the_page_is_built(
    client, open_offer, today, after_query
):
    later = ExchangeOfferFactory(application_deadline=today + datetime.timedelta(days=60))
    offer_queries = []

    def unpublish_between_queries(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if '"mobility_exchangeoffer"' in sql and not sql.startswith("UPDATE"):
            offer_queries.append(sql)
            if len(offer_queries) == after_query:
                ExchangeOffer.objects.filter(pk=open_offer.pk).update(is_published=False)
        return result

    with connection.execute_wrapper(unpublish_between_queries):
        response = client.get(public_url("offer-list"))

    assert response.status_code == 200
    assert public_url("offer-detail", slug=later.slug) in _text(response)
