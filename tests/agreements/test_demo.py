"""The demo's signed agreement and the partner link the demo loader prints."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command

from agreements.models import Agreement, Nomination
from demo.agreements import load_demo_agreement

pytestmark = pytest.mark.django_db


def test_load_demo_adds_a_signed_agreement_and_prints_a_working_partner_link(client):
    out = StringIO()

    call_command("load_demo", stdout=out)

    agreement = Agreement.objects.get(iia_code="LEIDEN-HAVANA-IIA")
    assert agreement.partner.name == "University of Havana"
    assert agreement.status == "signed_both"
    assert agreement.conditions.count() == 3
    (line,) = [line for line in out.getvalue().splitlines() if "(Havana)" in line]
    path = line.split(": ", 1)[1].removeprefix("http://127.0.0.1:8000")
    page = client.get(path, follow=True)
    assert page.status_code == 200
    assert "University of Havana" in page.content.decode()


def test_load_demo_prints_a_partner_link_with_our_participant_to_answer(client):
    out = StringIO()

    call_command("load_demo", stdout=out)

    (line,) = [line for line in out.getvalue().splitlines() if "(UC Irvine)" in line]
    path = line.split(": ", 1)[1].removeprefix("http://127.0.0.1:8000")
    page = " ".join(client.get(path, follow=True).content.decode().split())
    # The trainee still nominated can be answered; the one approved is shown as approved.
    assert re.search(r"Eva Janssen</a>(?:(?!</tr>).)*>Answer</a>", page)
    assert re.search(r"Thomas Bakker</a>(?:(?!</tr>).)*Approved", page)
    assert not re.search(r"Thomas Bakker</a>(?:(?!</tr>).)*>Answer</a>", page)


def test_demo_agreement_is_added_once_and_kept(client):
    call_command("load_demo", stdout=StringIO())
    Agreement.objects.filter(iia_code="LEIDEN-HAVANA-IIA").update(notes="Changed by staff")

    load_demo_agreement(today=datetime.date.today())

    assert Agreement.objects.get(iia_code="LEIDEN-HAVANA-IIA").notes == "Changed by staff"


def test_demo_has_a_nomination_with_its_cv_once(client):
    call_command("load_demo", stdout=StringIO())
    load_demo_agreement(today=datetime.date.today())

    nomination = Nomination.objects.get(email="yanet.rodriguez@uh.example.org")
    assert (nomination.partner.name, nomination.status) == ("University of Havana", "pending")
    assert list(nomination.documents.values_list("kind", "original_name")) == [
        ("cv", "cv-yanet-rodriguez.pdf")
    ]
    assert nomination.documents.get().file.read().startswith(b"%PDF")
