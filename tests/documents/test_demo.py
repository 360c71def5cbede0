from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.participants import PARTICIPANT_EMAIL
from demo.seed import load_demo
from documents.links import participant_url
from mobility.models import Mobility
from tests.documents.conftest import pdf_text


@pytest.fixture
def demo(db):
    load_demo(today=timezone.localdate())
    return Mobility.objects.get(email=PARTICIPANT_EMAIL)


def test_demo_participant_has_a_confirmed_report_and_a_recovery(demo):
    # Planned 14-25 March 2022 in Havana: 12 days + 2 travel = 14 x 180 + 820 = 3,340.00,
    # 80 % pre-financed = 2,672.00 (paid). Actual 14-20 March, ended early but above the 5
    # days a teaching assignment lasts at least: 9 x 180 + 820 = 2,440.00; 232.00 back.
    assert (demo.actual_start.isoformat(), demo.actual_end.isoformat(), demo.status) == (
        "2022-03-14",
        "2022-03-20",
        "completed",
    )
    assert demo.total_grant == Decimal("2440.00")
    assert list(demo.payments.values_list("kind", "amount", "status")) == [
        ("prefinancing", Decimal("2672.00"), "paid"),
        ("recovery", Decimal("232.00"), "due"),
    ]
    # Due when the agreement was signed (three weeks before the visit), paid a week later.
    prefinancing = demo.payments.get(kind="prefinancing")
    assert (prefinancing.due_on.isoformat(), prefinancing.paid_on.isoformat()) == (
        "2022-02-21",
        "2022-02-28",
    )
    file = demo.participant_file
    assert (file.agreement_signed, file.certificate_uploaded, file.confirmed) == (True, True, True)
    assert "Sofia Visser" in pdf_text(file.signed_agreement.read())


def test_demo_twice_keeps_the_participant_as_it_is(demo):
    payments = list(demo.payments.values_list("pk", "amount"))

    load_demo(today=timezone.localdate())

    assert list(demo.payments.values_list("pk", "amount")) == payments


def test_participant_link_command_prints_the_page(demo, capsys):
    call_command("participant_link", "--email", PARTICIPANT_EMAIL)

    assert "/en/participant/" in capsys.readouterr().out


def test_demo_participant_page_in_dutch_says_the_recovery_is_owed(demo, client):
    path = participant_url(demo, language="nl").split("://", 1)[1].partition("/")[2]

    page = " ".join(client.get("/" + path, follow=True).content.decode().split())

    assert "Terugvordering: € -232,00 · Te betalen" in page
    # Confirmed by the office: nothing is left to do.
    assert "Elke stap is gedaan" in page
    assert "Nog te doen" not in page
