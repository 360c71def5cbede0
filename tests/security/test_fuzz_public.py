"""Hostile input to every public form and filter: never a server error, nothing invalid saved."""

import datetime
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import event, given, settings
from hypothesis import strategies as st

from mobility.models import InterestRegistration
from outbox.models import OutgoingEmail
from public_site.forms import CatalogueFilterForm, RegisterInterestForm
from tests.factories import (
    ExchangeOfferFactory,
    InstitutionFactory,
    PersonFactory,
    ProjectPartnerFactory,
    UserFactory,
)

from .fuzz import FUZZ_SETTINGS, Writes, assert_rows_are_valid, example, tampered, values

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
REGISTRATION = {
    "name": "Ana Lima",
    "email": "ana.lima@example.org",
    "study_programme": "Biomedical Sciences",
    "level": "master",
    "motivation": "Imaging research abroad.",
    "website": "",
}
# The catalogue form's own fields, so that a renamed filter is fuzzed under its new name.
CATALOGUE_PARAMETERS = [*CatalogueFilterForm.base_fields, "page"]
FORM = "application/x-www-form-urlencoded"


def post_form(client, url: str, data: dict):
    """POST as a browser does, url-encoded; a list is a field sent several times."""
    return client.post(url, urlencode(data, doseq=True), content_type=FORM)


@pytest.fixture
def open_offer(db):
    partner = InstitutionFactory(name="Nagasaki University", country="JP", city="Nagasaki")
    link = ProjectPartnerFactory(institution=partner)
    return ExchangeOfferFactory(
        project=link.project,
        partner=partner,
        slug="medical-imaging-nagasaki",
        application_deadline=timezone.localdate() + datetime.timedelta(days=30),
    )


@pytest.fixture
def unlimited_registrations(settings):
    settings.PUBLIC_REGISTRATION_RATE_LIMIT = 10**9


@pytest.fixture
def account(db):
    user = UserFactory(username="iro", email="iro@example.org", password=PASSWORD)
    PersonFactory(user=user, email="iro@example.org")
    return user


@settings(FUZZ_SETTINGS, max_examples=200)
@given(data=tampered(REGISTRATION, free_text=["name", "study_programme", "motivation"]))
def test_register_interest_takes_any_input_without_error_or_invalid_rows(
    client, open_offer, unlimited_registrations, data
):
    url = reverse("public:offer-register", kwargs={"slug": open_offer.slug})
    form = RegisterInterestForm(data=QueryDict(urlencode(data, doseq=True)))
    with example("register interest"):
        writes = Writes()

        response = post_form(client, url, data)

        event("spam" if form.is_valid() and form.is_spam else f"HTTP {response.status_code}")
        if not form.is_valid() or form.is_spam:
            # A bot that fills the honeypot is answered like a student, and nothing is stored.
            assert response.status_code == (302 if form.is_valid() else 200)
            assert writes.models() == set()
        else:
            assert response.status_code == 302
            assert writes.portal_models() == {InterestRegistration, OutgoingEmail}
            assert_rows_are_valid(writes.portal_models())


@settings(FUZZ_SETTINGS, max_examples=40)
@given(body=st.binary(max_size=2000))
def test_register_interest_takes_any_bytes_as_body(
    client, open_offer, unlimited_registrations, body
):
    url = reverse("public:offer-register", kwargs={"slug": open_offer.slug})
    with example("register interest (raw body)"):
        writes = Writes()

        response = client.post(url, body, content_type=FORM)
        event(f"HTTP {response.status_code}")

        assert response.status_code in {200, 302}
        assert_rows_are_valid(writes.portal_models())


@settings(FUZZ_SETTINGS, max_examples=150)
@given(
    page=st.sampled_from(
        [
            "public:offer-list",
            "public:project-list",
            "public:country-list",
            "public:registration-confirmation",
        ]
    ),
    language=st.sampled_from(["en", "nl"]),
    parameters=st.dictionaries(
        st.sampled_from([*CATALOGUE_PARAMETERS, "registration"]), values, max_size=5
    ),
)
def test_public_pages_take_any_query_parameters(client, open_offer, page, language, parameters):
    kwargs = {"slug": open_offer.slug} if page == "public:registration-confirmation" else {}
    url = f"/{language}" + reverse(page, kwargs=kwargs)[3:]
    with example("public query parameters"):
        cache.clear()
        writes = Writes()

        response = client.get(url, parameters)
        event(f"HTTP {response.status_code}")

        assert response.status_code in {200, 404}
        assert writes.models() == set()


@settings(FUZZ_SETTINGS, max_examples=80)
@given(data=tampered({"username": "iro", "password": PASSWORD}))
def test_login_takes_any_input_without_error(client, account, data):
    with example("login"):
        writes = Writes()

        response = post_form(client, reverse("accounts:login"), data)
        event(f"HTTP {response.status_code}")

        if response.status_code == 302:
            assert client.session["_auth_user_id"] == str(account.pk)
        else:
            assert response.status_code == 200
            # Only django-axes writes: the failed attempt, its username cut to fit the column.
            assert writes.models() <= {AccessAttempt}
            assert all(len(a.username) <= 255 for a in AccessAttempt.objects.all())


@settings(FUZZ_SETTINGS, max_examples=50)
@given(data=tampered({"email": "iro@example.org"}))
def test_password_reset_request_takes_any_input_without_error(client, account, data):
    with example("password reset request"):
        cache.clear()  # each input from a new client: the rate limits are tested on their own
        writes = Writes()

        response = post_form(client, reverse("accounts:password_reset"), data)
        event(f"HTTP {response.status_code}")

        assert response.status_code in {200, 302}
        # The account is looked up and the email queued by the worker, after the answer.
        assert writes.models() == set()
        assert_rows_are_valid(writes.portal_models())


@settings(FUZZ_SETTINGS, max_examples=50)
@given(method=st.sampled_from(["get", "post"]), data=tampered({"language": "nl", "next": "/nl/"}))
def test_language_switch_takes_any_input_and_redirects_only_inside_the_portal(client, method, data):
    with example("language switch"):
        writes = Writes()

        if method == "post":
            response = post_form(client, reverse("set_language"), data)
        else:
            response = client.get(reverse("set_language"), data)
        event(f"HTTP {response.status_code}")

        assert response.status_code in {204, 302}
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(
                response["Location"], allowed_hosts={"testserver"}
            )
        cookie = response.cookies.get("django_language")
        assert cookie is None or cookie.value in {"en", "nl"}
        assert writes.models() == set()
