"""Partner contacts' access links: what a link opens, and only for its own institution."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from agreements.access import SESSION_KEY, partner_token
from agreements.models import MobilityResponse, Nomination
from agreements.services import revoke_partner_links
from outbox.models import OutgoingEmail
from partners.models import Institution
from tests.factories import MobilityFactory

pytestmark = pytest.mark.django_db


def partner_path(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"partner:{name}", kwargs=kwargs)


def partner_urls(world) -> list[str]:
    """Every partner page that names an object, for that world's objects."""
    return [
        partner_path("mobility", pk=world.mobility.pk),
        partner_path("agreement", pk=world.agreement.pk),
    ]


def test_link_opens_the_contacts_institution_page(client, havana, nagasaki):
    response = client.get(partner_path("enter", token=partner_token(havana.contact)), follow=True)

    text = response.content.decode()
    assert response.status_code == 200
    assert response.redirect_chain == [(partner_path("home"), 302)]
    assert "University of Havana" in text
    assert "Leiden and Havana" in text
    assert havana.mobility.last_name in text
    assert "Ana Candidate of University of Havana" in text
    assert "Nagasaki" not in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("page", [0, 1])
def test_havana_contact_never_sees_nagasakis_pages_by_url(partner_client, havana, nagasaki, page):
    client = partner_client(havana.contact)

    own = client.get(partner_urls(havana)[page])
    other = client.get(partner_urls(nagasaki)[page])

    assert own.status_code == 200
    assert other.status_code == 404


def test_havana_contact_cannot_answer_for_nagasakis_participant(partner_client, havana, nagasaki):
    client = partner_client(havana.contact)

    response = client.post(
        partner_path("mobility", pk=nagasaki.mobility.pk), {"answer": "accept", "comment": ""}
    )

    assert response.status_code == 404
    assert MobilityResponse.objects.count() == 0


def test_havana_contact_cannot_nominate_for_nagasakis_project(partner_client, havana, nagasaki):
    client = partner_client(havana.contact)
    before = Nomination.objects.count()

    response = client.post(
        partner_path("nominate"),
        {
            "project": nagasaki.project.pk,
            "first_name": "Luis",
            "last_name": "Pérez",
            "email": "luis@uh.cu",
            "birth_date": "1990-01-01",
            "nationality": "CU",
            "gender": "M",
            "activity": "STA",
            "level": "staff",
            "planned_start": "2021-10-04",
            "planned_end": "2021-10-08",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Nomination.objects.count() == before


def test_partner_pages_without_a_link_are_refused(client, havana):
    for path in [partner_path("home"), partner_path("nominate"), *partner_urls(havana)]:
        response = client.get(path)
        assert response.status_code == 403
        assert "Please use the link in that email" in response.content.decode()


def test_tampered_link_is_not_found(client, havana):
    token = partner_token(havana.contact)[:-2] + "xx"

    response = client.get(partner_path("enter", token=token))

    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_expired_link_offers_a_fresh_one(client, havana):
    with time_machine.travel(datetime.datetime(2025, 1, 1, 9, tzinfo=datetime.UTC)):
        old = partner_token(havana.contact)

    expired = client.get(partner_path("enter", token=old))
    renew = client.post(partner_path("renew", token=old))

    text = expired.content.decode()
    assert expired.status_code == 410
    assert "This link has expired" in text
    assert "m\u2022\u2022\u2022@uh.cu" in text
    assert "A fresh link is on its way" in renew.content.decode()
    email = OutgoingEmail.objects.get(template="partner_access")
    assert email.to == "miriam@uh.cu"
    (fresh,) = re.findall(r"http://127.0.0.1:8000(/en/partner/\S+/)", email.body_text)
    assert client.get(fresh).status_code == 302


def test_revoked_link_stops_the_open_session_too(partner_client, havana):
    client = partner_client(havana.contact)
    assert client.get(partner_path("home")).status_code == 200

    revoke_partner_links(contact=havana.contact, now=timezone.now())
    response = client.get(partner_path("home"))

    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()


def test_staff_send_and_revoke_a_contacts_link_from_the_institution_page(
    client, login, staff_user, havana
):
    login(staff_user)
    page = client.get(reverse("workspace:institution-detail", args=[havana.institution.pk]))
    sent = client.post(reverse("agreements:contact-send-link", args=[havana.contact.pk]))
    email = OutgoingEmail.objects.get(template="partner_access")
    (link,) = re.findall(r"http://127.0.0.1:8000(/\w\w/partner/\S+/)", email.body_text)
    client.post(reverse("agreements:contact-revoke-links", args=[havana.contact.pk]))
    client.logout()

    assert "Send access link" in page.content.decode()
    assert sent.status_code == 302
    assert email.to == "miriam@uh.cu"
    assert client.get(link).status_code == 410


def test_coordinator_may_not_send_access_links(client, login, coordinator_a, havana):
    login(coordinator_a)

    page = client.get(reverse("workspace:institution-detail", args=[havana.institution.pk]))
    response = client.post(reverse("agreements:contact-send-link", args=[havana.contact.pk]))

    assert "Send access link" not in page.content.decode()
    assert response.status_code == 403
    assert OutgoingEmail.objects.count() == 0


def test_command_prints_a_working_link(client, havana, capsys):
    call_command("partner_access_link", "--email", "MIRIAM@uh.cu")

    link = capsys.readouterr().out.strip()
    path = link.removeprefix("http://127.0.0.1:8000")
    assert re.fullmatch(r"/en/partner/\S+/", path)
    assert client.get(path).status_code == 302
    assert client.session[SESSION_KEY]


def test_command_refuses_an_unknown_address(havana):
    with pytest.raises(CommandError, match=re.escape("No partner contact has the address x@e")):
        call_command("partner_access_link", "--email", "x@example.org")


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Our participants coming to you"), ("nl", "Onze deelnemers die naar u komen")],
)
def test_partner_page_in_both_languages(partner_client, havana, language, heading):
    client = partner_client(havana.contact)

    response = client.get(partner_path("home", language))

    assert response.status_code == 200
    assert heading in response.content.decode()


def test_answer_is_stored_under_the_contacts_name(partner_client, havana):
    client = partner_client(havana.contact)

    refused = client.post(
        partner_path("mobility", pk=havana.mobility.pk), {"answer": "changes", "comment": " "}
    )
    answered = client.post(
        partner_path("mobility", pk=havana.mobility.pk),
        {"answer": "changes", "comment": "Please start a week later."},
    )

    assert "Say what should change" in refused.content.decode()
    assert answered.status_code == 302
    response = MobilityResponse.objects.get()
    assert (response.answer, response.comment, response.contact) == (
        "changes",
        "Please start a week later.",
        havana.contact,
    )
    assert response.history.get().history_change_reason == (
        "by:Miriam Nicado (University of Havana)"
    )


def test_factsheet_change_shows_in_the_institution_history_under_the_contacts_name(
    partner_client, login, staff_user, havana
):
    client = partner_client(havana.contact)
    data = {
        "factsheet-name_local": "Universidad de La Habana",
        "factsheet-website": "https://www.uh.cu",
        "factsheet-city": "La Habana",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "1",
        "contacts-0-id": str(havana.contact.pk),
        "contacts-0-name": "Miriam Nicado García",
        "contacts-0-email": "miriam@uh.cu",
        "contacts-0-phone": "+53 7 878 3231",
        "contacts-0-position": "Rector",
    }

    response = client.post(partner_path("institution"), data)
    login(staff_user)
    history = client.get(reverse("workspace:institution-history", args=[havana.institution.pk]))

    assert response.status_code == 302
    institution = Institution.objects.get(pk=havana.institution.pk)
    assert (institution.name_local, institution.website, institution.city) == (
        "Universidad de La Habana",
        "https://www.uh.cu",
        "La Habana",
    )
    havana.contact.refresh_from_db()
    assert (havana.contact.name, havana.contact.phone) == ("Miriam Nicado García", "+53 7 878 3231")
    text = history.content.decode()
    assert text.count("Miriam Nicado (University of Havana)") == 2
    assert "Universidad de La Habana" in text
    assert "+53 7 878 3231" in text
    assert havana.contact.history.first().history_change_reason == (
        "by:Miriam Nicado (University of Havana)"
    )


def test_answer_form_offers_exactly_the_three_answers(partner_client, havana):
    response = partner_client(havana.contact).get(partner_path("mobility", pk=havana.mobility.pk))

    assert [value for value, _label in response.context["form"].fields["answer"].choices] == [
        "accept",
        "changes",
        "decline",
    ]


def test_havana_contact_cannot_change_nagasakis_contacts(partner_client, havana, nagasaki):
    client = partner_client(havana.contact)
    data = {
        "factsheet-name_local": "",
        "factsheet-website": "",
        "factsheet-city": "Havana",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "1",
        "contacts-0-id": str(nagasaki.contact.pk),
        "contacts-0-name": "Taken over",
        "contacts-0-email": "evil@example.org",
        "contacts-0-phone": "",
        "contacts-0-position": "",
    }

    page = client.get(partner_path("institution"))
    response = client.post(partner_path("institution"), data)

    assert "Kenji Mori" not in page.content.decode()
    assert response.status_code == 200
    nagasaki.contact.refresh_from_db()
    assert (nagasaki.contact.name, nagasaki.contact.email) == (
        "Kenji Mori",
        "mori@nagasaki-u.ac.jp",
    )


def test_agreement_pdf_holds_both_partners_and_only_for_its_own_partner(
    partner_client, havana, nagasaki
):
    client = partner_client(havana.contact)

    own = client.get(partner_path("agreement-pdf", pk=havana.agreement.pk))
    other = client.get(partner_path("agreement-pdf", pk=nagasaki.agreement.pk))

    assert own["Content-Type"] == "application/pdf"
    assert own["Content-Disposition"].startswith(
        'attachment; filename="agreement-university-of-havana'
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(own.content)).pages)
    assert "University of Havana" in text
    assert "Leiden University" in text
    assert other.status_code == 404


def test_a_contact_who_changes_their_own_address_stays_signed_in(partner_client, havana):
    client = partner_client(havana.contact)
    data = {
        "factsheet-name_local": "",
        "factsheet-website": "",
        "factsheet-city": "Havana",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "1",
        "contacts-0-id": str(havana.contact.pk),
        "contacts-0-name": havana.contact.name,
        "contacts-0-email": "miriam.nicado@uh.cu",
        "contacts-0-phone": "",
        "contacts-0-position": "",
    }

    saved = client.post(partner_path("institution"), data)
    home = client.get(partner_path("home"))

    havana.contact.refresh_from_db()
    assert saved.status_code == 302
    assert havana.contact.email == "miriam.nicado@uh.cu"
    assert home.status_code == 200
    assert "University of Havana" in home.content.decode()


def test_an_approved_stay_is_no_longer_answered(partner_client, havana):
    havana.mobility.status = "approved"
    havana.mobility.save()
    client = partner_client(havana.contact)

    page = client.get(partner_path("mobility", pk=havana.mobility.pk)).content.decode()
    refused = client.post(
        partner_path("mobility", pk=havana.mobility.pk), {"answer": "accept", "comment": ""}
    )

    assert "This stay is no longer waiting for an answer (Approved)." in page
    assert "Send your answer" not in page
    assert "This stay is no longer waiting for your answer: it is approved." in (
        refused.content.decode()
    )
    assert not MobilityResponse.objects.exists()


def test_home_lists_stays_not_over_and_folds_the_earlier_ones(partner_client, havana):
    today = timezone.localdate()
    coming = havana.mobility
    coming.planned_start, coming.planned_end = today, today + datetime.timedelta(days=4)
    coming.save()
    earlier = MobilityFactory(
        project=havana.project, partner=havana.institution, first_name="Earlier", status="completed"
    )
    response = partner_client(havana.contact).get(partner_path("home"))

    page = " ".join(response.content.decode().split())

    table, _, folded = page.partition("1 earlier participant</summary>")
    assert f"Jan {coming.last_name}</a>" in table
    assert "Earlier" not in table
    assert f">Earlier {earlier.last_name}</a> · Staff mobility for teaching ·" in folded
