import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, DocumentKind
from applications.signin import SESSION_KEY
from outbox.models import OutgoingEmail
from signed_links.services import revoke_links

from .conftest import PDF, complete_draft, pdf_upload, reviewed_and_selected, submitted

Status = Application.Status


def sign_in_path(email: OutgoingEmail) -> str:
    url = re.search(r"https?://\S+/applications/sign-in/\S+/", email.body_text).group(0)
    return urlsplit(url).path


def signed_in(client, world, email="eva@example.org"):
    client.post(reverse("public:offer-apply", args=[world.offer.slug]), {"email": email})
    link = OutgoingEmail.objects.filter(to=email).latest("pk")
    return client.get(sign_in_path(link))


def form_data(**overrides) -> dict:
    data = {
        "first_name": "Eva",
        "last_name": "Jansen",
        "birth_date": "1985-04-02",
        "nationality": "NL",
        "gender": "F",
        "home_unit": "Faculty of Science",
        "level": "staff",
        "field_of_education": "0533 Physics",
        "motivation": "I teach optics.",
        "preferred_start": "2021-03-08",
        "preferred_end": "2021-03-12",
        "language_0": "en",
        "language_level_0": "C1",
    }
    data.update(overrides)
    return data


def test_open_offer_shows_the_apply_button(client, world_a):
    response = client.get(reverse("public:offer-detail", args=[world_a.offer.slug]))

    assert reverse("public:offer-apply", args=[world_a.offer.slug]) in response.text


def test_closed_call_has_no_apply_button_and_its_form_refuses(client, world_a):
    world_a.call.is_open = False
    world_a.call.save()

    page = client.get(reverse("public:offer-detail", args=[world_a.offer.slug]))
    response = client.post(
        reverse("public:offer-apply", args=[world_a.offer.slug]), {"email": "a@example.org"}
    )

    assert reverse("public:offer-apply", args=[world_a.offer.slug]) not in page.text
    assert response.status_code == 409
    assert OutgoingEmail.objects.count() == 0


def test_apply_form_is_under_the_offer_page_in_both_languages(world_a):
    assert reverse("public:offer-apply", args=[world_a.offer.slug]) == "/en/offers/teach-a/apply/"
    from django.utils import translation

    with translation.override("nl"):
        assert (
            reverse("public:offer-apply", args=[world_a.offer.slug]) == "/nl/offers/teach-a/apply/"
        )


def test_sign_in_link_by_email_opens_a_new_draft(client, world_a):
    response = signed_in(client, world_a)

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("public:application", args=[application.pk])
    assert (application.email, application.status, application.language) == (
        "eva@example.org",
        Status.DRAFT,
        "en",
    )
    link = OutgoingEmail.objects.get()
    assert link.holds_secret is True


def test_applicant_saves_uploads_and_submits(client, world_a):
    signed_in(client, world_a)
    application = Application.objects.get()
    url = reverse("public:application", args=[application.pk])

    saved = client.post(url, {**form_data(), "document_cv": pdf_upload(), "save": ""})
    submitted = client.post(url, {**form_data(), "submit": ""})

    application.refresh_from_db()
    assert (saved.status_code, saved.url) == (302, url)
    # Back to the application, which now says where it stands.
    assert (submitted.status_code, submitted.url) == (302, url)
    assert application.status == Status.SUBMITTED
    assert application.documents.get().kind == DocumentKind.CV
    assert list(application.language_skills.values_list("language", "level")) == [("en", "C1")]


def test_disguised_upload_is_refused_next_to_its_field_and_nothing_is_saved(client, world_a):
    signed_in(client, world_a)
    application = Application.objects.get()
    url = reverse("public:application", args=[application.pk])
    fake = pdf_upload(name="cv.pdf", content=b"GIF89a not a PDF at all")

    response = client.post(url, {**form_data(), "document_cv": fake, "save": ""})

    application.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["document_cv"] == [
        "The file's content is not a PDF, Word document (.docx), JPEG or PNG image, "
        "whatever its name says."
    ]
    assert application.motivation == ""
    assert 'value="I teach optics."' not in response.text
    assert "I teach optics." in response.text


def test_late_submission_is_refused_and_what_was_typed_is_kept(client, world_a):
    signed_in(client, world_a)
    application = Application.objects.get()
    world_a.offer.application_deadline = timezone.localdate() - timezone.timedelta(days=1)
    world_a.offer.save()
    url = reverse("public:application", args=[application.pk])

    response = client.post(url, {**form_data(), "document_cv": pdf_upload(), "submit": ""})

    application.refresh_from_db()
    assert response.status_code == 409
    assert "has passed: the application can no longer be submitted" in response.text
    assert (application.status, application.motivation) == (Status.DRAFT, "I teach optics.")


def test_my_applications_lists_status_missing_and_withdraws(client, world_a):
    signed_in(client, world_a)
    application = Application.objects.get()

    page = client.get(reverse("public:my-applications"))
    withdrawn = client.post(reverse("public:application-withdraw", args=[application.pk]))

    assert "Draft" in page.text
    assert "at least one language" in page.text
    application.refresh_from_db()
    assert withdrawn.status_code == 302
    assert application.status == Status.WITHDRAWN


def test_revoked_link_offers_a_fresh_one(client, world_a):
    client.post(
        reverse("public:offer-apply", args=[world_a.offer.slug]), {"email": "eva@example.org"}
    )
    path = sign_in_path(OutgoingEmail.objects.get())
    revoke_links(address="eva@example.org", now=timezone.now())

    response = client.get(path)
    renewed = client.post(path + "renew/")

    assert response.status_code == 410
    assert "This link no longer works" in response.text
    assert renewed.status_code == 200
    fresh = OutgoingEmail.objects.latest("pk")
    assert client.get(sign_in_path(fresh)).status_code == 302


@pytest.fixture
def eva(world_a):
    return complete_draft(world_a.offer, "eva@example.org")


def _as_applicant(client, address):
    session = client.session
    session[SESSION_KEY] = address
    session.save()
    return client


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 404), ("other@example.org", 404), ("eva@example.org", 200)],
)
def test_application_page_is_its_applicants_alone(client, eva, who, expected):
    if who:
        _as_applicant(client, who)

    response = client.get(reverse("public:application", args=[eva.pk]))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 404),
        ("other applicant", 404),
        ("applicant", 200),
        ("plain user", 403),
        ("coordinator of another project", 403),
        ("coordinator of the project", 200),
        ("staff", 200),
    ],
)
def test_document_download_checks_who_asks(
    client, login, eva, who, expected, staff_user, coordinator_a, coordinator_b
):
    from tests.factories import UserFactory

    users = {
        "plain user": UserFactory(username="nobody"),
        "coordinator of another project": coordinator_b,
        "coordinator of the project": coordinator_a,
        "staff": staff_user,
    }
    if who in users:
        login(users[who])
    elif who == "applicant":
        _as_applicant(client, "eva@example.org")
    elif who == "other applicant":
        _as_applicant(client, "other@example.org")
    document = eva.documents.get()

    response = client.get(reverse("public:application-document", args=[document.pk]))

    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"] == f'attachment; filename="{eva.pk}-cv.pdf"'
        assert b"".join(response.streaming_content) == PDF


def test_my_applications_query_count_does_not_grow(client, world_a, world_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    complete_draft(world_a.offer, "eva@example.org")
    _as_applicant(client, "eva@example.org")
    url = reverse("public:my-applications")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    complete_draft(world_b.offer, "eva@example.org")

    with CaptureQueriesContext(connection) as two:
        client.get(url)

    assert len(two) == len(one)


def test_too_many_sign_in_requests_from_one_network_are_refused(client, world_a, settings):
    cache.clear()
    settings.PUBLIC_REGISTRATION_RATE_LIMIT = 1
    url = reverse("public:offer-apply", kwargs={"slug": world_a.offer.slug})
    client.post(url, {"email": "first@example.org"})

    response = client.post(url, {"email": "second@example.org"})

    assert response.status_code == 429
    assert "Too many requests came from your network" in response.content.decode()
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["first@example.org"]
    cache.clear()


def test_an_applicant_reaches_the_page_of_the_mobility_their_application_became(
    client, world_a, staff_user, rates
):
    signed_in(client, world_a)
    application = submitted(world_a.offer, "eva@example.org")
    reviewed_and_selected(world_a, application, reviewer=staff_user)
    services.create_mobility(application=application)
    bridge = reverse("participant:from-application", args=[application.pk])

    mine = client.get(reverse("public:my-applications")).content.decode()
    page = client.get(bridge, follow=True)

    assert f'href="{bridge}"' in mine
    assert page.status_code == 200
    assert page.redirect_chain[0][0].startswith("/en/participant/")
    assert "Your Erasmus+ mobility" in page.content.decode()
    client.cookies.clear()
    signed_in(client, world_a, email="someone.else@example.org")
    assert client.get(bridge).status_code == 404
