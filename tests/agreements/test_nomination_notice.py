"""Partner contacts are told, with a fresh access link, when one of our outgoing
participants is nominated to their institution: once per contact and participant."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from agreements.models import MobilityResponse
from mobility.models import Mobility
from outbox.models import OutgoingEmail
from reminders.models import NominationNotice
from reminders.nominations import notify_partner_of_nomination
from tests.factories import ContactFactory, InstitutionFactory, MobilityFactory, ProjectFactory

DAY = datetime.timedelta(days=1)


def outgoing(partner, *, starts_in=30, **fields):
    today = timezone.localdate()
    project = ProjectFactory(
        title="Nanomedicine with Havana", start_date=today - 400 * DAY, end_date=today + 400 * DAY
    )
    return MobilityFactory(
        project=project,
        partner=partner,
        first_name="Sanne",
        last_name="de Vries",
        planned_start=today + starts_in * DAY,
        planned_end=today + (starts_in + 4) * DAY,
        **{"direction": "outgoing", "status": "nominated", **fields},
    )


@pytest.fixture
def havana(db):
    partner = InstitutionFactory(name="University of Havana")
    ContactFactory(institution=partner, name="Miriam Nicado", email="nicado@uh.cu")
    ContactFactory(institution=partner, name="Luis Alonso", email="alonso@uh.cu")
    ContactFactory(institution=partner, name="Front desk", email="")
    return partner


def test_each_contact_is_told_once(havana):
    mobility = outgoing(havana)

    first = notify_partner_of_nomination(mobility=mobility)
    second = notify_partner_of_nomination(mobility=mobility)

    assert (first, second) == (2, 0)
    emails = OutgoingEmail.objects.filter(template="nomination_notice").order_by("to")
    assert [(e.to, e.subject) for e in emails] == [
        (
            "alonso@uh.cu",
            "Our participant Sanne de Vries is nominated to University of Havana: please answer",
        ),
        (
            "nicado@uh.cu",
            "Our participant Sanne de Vries is nominated to University of Havana: please answer",
        ),
    ]
    assert "accept the participant, ask for changes (say which) or decline" in emails[0].body_text
    assert NominationNotice.objects.filter(mobility=mobility).count() == 2


def test_a_new_contact_is_told_later_the_others_not_again(havana):
    mobility = outgoing(havana)
    notify_partner_of_nomination(mobility=mobility)
    ContactFactory(institution=havana, name="Ana Ruiz", email="ruiz@uh.cu")

    assert notify_partner_of_nomination(mobility=mobility) == 1
    assert list(
        NominationNotice.objects.filter(mobility=mobility)
        .order_by("pk")
        .values_list("contact__email", flat=True)
    ) == ["nicado@uh.cu", "alonso@uh.cu", "ruiz@uh.cu"]


@pytest.mark.parametrize(
    "fields",
    [
        {"direction": "incoming"},
        {"status": "cancelled"},
        {"status": "approved"},
        {"starts_in": -10},
    ],
)
def test_no_notice_for_incoming_approved_cancelled_or_past_stays(havana, fields):
    mobility = outgoing(havana, **fields)

    assert notify_partner_of_nomination(mobility=mobility) == 0
    assert not OutgoingEmail.objects.exists()


def test_no_notice_once_the_partner_answered(havana):
    mobility = outgoing(havana)
    MobilityResponse.objects.create(mobility=mobility, answer="accept", answered_at=timezone.now())

    assert notify_partner_of_nomination(mobility=mobility) == 0


def test_the_database_refuses_a_second_notice(havana):
    mobility = outgoing(havana)
    contact = havana.contacts.first()
    NominationNotice.objects.create(mobility=mobility, contact=contact)

    with pytest.raises(Exception, match="nomination_notice_once_per_contact"):
        NominationNotice.objects.create(mobility=mobility, contact=contact)


@pytest.mark.worker
def test_saving_a_nomination_emails_the_partner_through_the_worker(
    celery_worker_process, smtp_server, client
):
    partner = InstitutionFactory(name="Nagasaki University")
    ContactFactory(institution=partner, name="Kenji Tanaka", email="tanaka@nagasaki-u.ac.jp")

    mobility = outgoing(partner)
    celery_worker_process.wait_until_idle(timeout=30)
    smtp_server.wait_for(1, timeout=20)
    mobility.travel_days = 1
    mobility.save()
    celery_worker_process.wait_until_idle(timeout=30)

    assert [(m.to, m.subject) for m in smtp_server.messages] == [
        (
            "tanaka@nagasaki-u.ac.jp",
            "Our participant Sanne de Vries is nominated to Nagasaki University: please answer",
        )
    ]
    (message,) = smtp_server.messages
    (link,) = re.findall(r"http://127\.0\.0\.1:8000(/en/partner/\S+)", message.text)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert "Sanne" in page.content.decode()


def test_saving_announces_a_nomination_but_an_imported_one_is_not(havana, monkeypatch):
    announced = outgoing(havana)
    queued = []
    monkeypatch.setattr(
        "reminders.signals.notify_partner", SimpleNamespace(delay_on_commit=queued.append)
    )
    imported = Mobility.objects.get(pk=announced.pk)
    imported.pk = None
    imported._state.adding = True
    imported.announce_to_partner = False  # as imports.kinds.mobilities saves it

    imported.save()
    announced.save()

    assert queued == [announced.pk]
