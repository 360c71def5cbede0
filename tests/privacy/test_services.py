import datetime

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from mobility.milestones import sync_mobility_milestones
from mobility.models import InterestRegistration, Mobility
from mobility.registrations import register_interest
from outbox.models import OutgoingEmail
from outbox.services import send_queued_email
from privacy import services
from projects.models import Person
from tests.factories import (
    ExchangeOfferFactory,
    InterestRegistrationFactory,
    MobilityFactory,
    OutgoingEmailFactory,
    PersonFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2029, 1, 10)


@pytest.fixture
def old_and_recent(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    old = ProjectFactory(start_date=datetime.date(2020, 8, 1), end_date=datetime.date(2023, 7, 31))
    recent = ProjectFactory(
        start_date=datetime.date(2022, 8, 1), end_date=datetime.date(2025, 7, 31)
    )
    return {
        "old_mobility": MobilityFactory(project=old, first_name="Ana", email="ana@example.org"),
        "recent_mobility": MobilityFactory(project=recent, first_name="Ben"),
        "old_registration": InterestRegistrationFactory(offer=ExchangeOfferFactory(project=old)),
        "recent_registration": InterestRegistrationFactory(
            offer=ExchangeOfferFactory(project=recent)
        ),
    }


def test_retention_cutoff_is_the_configured_years_before_today(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5

    assert services.retention_cutoff(today=TODAY) == datetime.date(2024, 1, 10)


def test_anonymise_expired_erases_only_projects_past_retention(old_and_recent):
    report = services.anonymise_expired(today=datetime.date(2028, 8, 1))

    old = Mobility.objects.get(pk=old_and_recent["old_mobility"].pk)
    recent = Mobility.objects.get(pk=old_and_recent["recent_mobility"].pk)
    assert report.mobilities == [old.pk]
    assert report.registrations == [old_and_recent["old_registration"].pk]
    assert (old.first_name, old.last_name, old.birth_date) == ("erased", "erased", None)
    assert old.email == f"erased-mobility-{old.pk}@invalid.example"
    assert recent.first_name == "Ben"
    registration = InterestRegistration.objects.get(pk=old_and_recent["old_registration"].pk)
    assert (registration.name, registration.motivation) == ("erased", "erased")


def test_anonymise_expired_scrubs_the_history_and_records_the_erasure(old_and_recent):
    mobility = old_and_recent["old_mobility"]

    services.anonymise_expired(today=datetime.date(2028, 8, 1))

    history = list(mobility.history.order_by("history_date"))
    assert [h.first_name for h in history] == ["erased", "erased"]
    assert history[-1].history_change_reason == "erased"


def test_anonymise_expired_dry_run_changes_nothing(old_and_recent):
    report = services.anonymise_expired(today=datetime.date(2028, 8, 1), dry_run=True)

    assert report.total == 2
    assert Mobility.objects.get(pk=old_and_recent["old_mobility"].pk).first_name == "Ana"


def test_anonymise_expired_twice_finds_nothing_the_second_time(old_and_recent):
    services.anonymise_expired(today=datetime.date(2028, 8, 1))

    assert services.anonymise_expired(today=datetime.date(2028, 8, 1)).total == 0


def test_export_person_lists_everything_held_about_the_email(old_and_recent):
    OutgoingEmailFactory(to="ANA@example.org", subject="Your mobility")
    InterestRegistrationFactory(email="ana@example.org", name="Ana Diaz")

    data = services.export_person(email_address="ana@example.org")

    assert [m["first_name"] for m in data["mobilities"]] == ["Ana"]
    assert [r["name"] for r in data["interest_registrations"]] == ["Ana Diaz"]
    assert [e["subject"] for e in data["emails"]] == ["Your mobility"]


def test_erase_person_replaces_every_trace_of_the_email(old_and_recent):
    email = OutgoingEmailFactory(to="ana@example.org", body_text="Dear Ana")

    report = services.erase_person(email_address="ana@example.org")

    assert report.mobilities == [old_and_recent["old_mobility"].pk]
    assert report.emails == [email.pk]
    assert services.export_person(email_address="ana@example.org")["mobilities"] == []
    email.refresh_from_db()
    assert (email.subject, email.body_text) == ("erased", "erased")


def test_anonymise_command_dry_run_reports_and_changes_nothing(old_and_recent, capsys):
    with time_machine.travel(datetime.datetime(2028, 8, 1, 12, tzinfo=datetime.UTC)):
        call_command("anonymise_personal_data", "--dry-run")

    out = capsys.readouterr().out
    assert out.startswith("Would anonymise 1 mobilities and 1 interest registrations")
    assert Mobility.objects.get(pk=old_and_recent["old_mobility"].pk).first_name == "Ana"


ZOFIA = {"first_name": "Zofia", "last_name": "Kowalczyk", "email": "Zofia.Kowalczyk@uni.example"}


def _text_columns_holding(*needles: str) -> list[str]:
    """Every text column of every model's table (history, outbox, login records included)
    where one of the needles occurs, case-insensitively, as "table.column"."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            for field in model._meta.local_fields:
                if field.get_internal_type() not in ("CharField", "TextField", "EmailField"):
                    continue
                conditions = " OR ".join(f"{quote(field.column)} ILIKE %s" for _ in needles)
                cursor.execute(
                    f"SELECT 1 FROM {quote(table)} WHERE {conditions} LIMIT 1",  # noqa: S608
                    [f"%{needle}%" for needle in needles],
                )
                if cursor.fetchone():
                    found.append(f"{table}.{field.column}")
    return found


def test_anonymise_expired_leaves_the_person_in_no_table(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    project = ProjectFactory(
        start_date=datetime.date(2020, 8, 1), end_date=datetime.date(2023, 7, 31)
    )
    offer = ExchangeOfferFactory(
        project=project,
        period_start=datetime.date(2022, 2, 1),
        period_end=datetime.date(2022, 6, 30),
        application_deadline=datetime.date(2022, 1, 15),
    )
    register_interest(
        offer=offer,
        name="Zofia Kowalczyk",
        email=ZOFIA["email"],
        study_programme="Biomedical Sciences",
        level=offer.level,
        motivation="Zofia Kowalczyk would like to work on imaging.",
        language="en",
        today=datetime.date(2022, 1, 3),
    )
    mobility = MobilityFactory(project=project, **{**ZOFIA, "last_name": "Kowalczyk-Nowak"})
    sync_mobility_milestones(mobility=mobility)
    mobility.nationality = "PL"
    mobility.last_name = "Kowalczyk"
    mobility.save()
    sync_mobility_milestones(mobility=mobility)
    mobility.milestones.update(done_at=datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC))
    # A second stay, deleted later: only its history is left.
    MobilityFactory(
        project=project, **{**ZOFIA, "email": "zofia.kowalczyk@student.example"}
    ).delete()
    send_queued_email(email_id=OutgoingEmail.objects.get().pk)
    assert "projects_historicaldeadline.title" in _text_columns_holding("Kowalczyk")
    assert "mobility_historicalmobility.email" in _text_columns_holding("zofia.kowalczyk@")

    services.anonymise_expired(today=datetime.date(2028, 8, 1))

    assert _text_columns_holding("Zofia", "Kowalczyk", "zofia.kowalczyk@") == []
    assert sorted(mobility.milestones.values_list("title", flat=True)) == [
        "Mobility agreement signed: erased erased",
        "Participant report: erased erased",
    ]


def test_erase_person_leaves_the_person_in_no_table_history_included():
    address = ZOFIA["email"]
    # An address-book entry deleted earlier: only its history is left.
    deleted = PersonFactory(**ZOFIA).pk
    Person.objects.filter(pk=deleted).delete()
    account = UserFactory(
        username="zofia.kowalczyk", first_name="Zofia", last_name="Kowalczyk", email=address
    )
    person = PersonFactory(**ZOFIA, phone="+48 12 345 67 89", user=account)
    person.first_name = "Zosia"
    person.save()
    mobility = MobilityFactory(**{**ZOFIA, "email": address.upper()})
    sync_mobility_milestones(mobility=mobility)
    MobilityFactory(**ZOFIA).delete()
    OutgoingEmailFactory(to=address, subject="Your stay, Zofia", body_text="Dear Zofia")
    InterestRegistrationFactory(email=address, name="Zofia Kowalczyk")

    report = services.erase_person(email_address=address)

    assert _text_columns_holding("Kowalczyk", "zofia.kowalczyk@") == []
    assert len(report.mobilities) == 2
    assert report.people == [deleted, person.pk]
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.phone) == ("erased", "erased", "")
    assert [h.first_name for h in person.history.all()] == ["erased", "erased", "erased"]
    account.refresh_from_db()
    assert (account.username, account.first_name, account.email, account.is_active) == (
        f"erased-person-{person.pk}",
        "erased",
        person.email,
        False,
    )
    assert not account.has_usable_password()


def test_anonymise_expired_keeps_the_emails_of_someone_still_registered(old_and_recent):
    later = old_and_recent["recent_registration"]
    InterestRegistrationFactory(
        offer=old_and_recent["old_registration"].offer, email=later.email.upper()
    )
    email = OutgoingEmailFactory(to=later.email, body_text="Dear Ben")

    report = services.anonymise_expired(today=datetime.date(2028, 8, 1))

    email.refresh_from_db()
    assert report.emails == []
    assert (email.to, email.body_text) == (later.email, "Dear Ben")


def test_anonymise_expired_erases_the_beneficiary_module_personal_fields(old_and_recent):
    mobility = old_and_recent["old_mobility"]
    mobility.birth_date = datetime.date(1990, 5, 17)
    mobility.participant_id = "s1234567"
    mobility.force_majeure = True
    mobility.force_majeure_explanation = "Hospitalised during the stay."
    mobility.save()

    services.anonymise_expired(today=datetime.date(2028, 8, 1))

    mobility.refresh_from_db()
    assert (mobility.birth_date, mobility.participant_id, mobility.force_majeure_explanation) == (
        None,
        "",
        "erased",
    )
    assert {
        (h.birth_date, h.participant_id, h.force_majeure_explanation)
        for h in mobility.history.all()
    } == {(None, "", ""), (None, "", "erased")}
