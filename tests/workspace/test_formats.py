"""Dates and amounts read one way per language on pages and in emails; date fields keep ISO."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from outbox.models import OutgoingEmail
from reminders.services import send_due_reminders
from tests.public.helpers import public_url

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", Decimal("21000"), f"EUR{NBSP}21,000.00"),
        ("nl", Decimal("21000"), f"€{NBSP}21.000,00"),
        ("en", Decimal("1234567.5"), f"EUR{NBSP}1,234,567.50"),
        ("nl", Decimal("-350.125"), f"€{NBSP}-350,13"),
        ("en", 0, f"EUR{NBSP}0.00"),
        ("en", None, ""),
    ],
)
def test_money_writes_an_amount_the_way_of_the_language(language, value, expected):
    template = Template("{% load money %}{{ value|money }}")

    with translation.override(language):
        rendered = template.render(Context({"value": value}))

    assert rendered == expected


def test_dates_format_one_way_per_language_and_years_are_not_grouped():
    template = Template('{{ day|date:"DATE_FORMAT" }}|{{ day }}|{{ year }}')
    context = Context({"day": datetime.date(2026, 11, 29), "year": 2026})

    with translation.override("en"):
        english = template.render(context)
    with translation.override("nl"):
        dutch = template.render(context)

    assert english == "29 Nov 2026|29 Nov 2026|2026"
    assert dutch == "29 nov 2026|29 nov 2026|2026"


@pytest.mark.parametrize(
    ("language", "budget", "due"),
    [("en", f"EUR{NBSP}21,000.00", "15 Jan 2030"), ("nl", f"€{NBSP}21.000,00", "15 jan 2030")],
)
def test_project_page_shows_dates_and_amounts_in_the_users_language(
    login, staff_user, world_a, language, budget, due
):
    world_a.project.awarded_budget = Decimal("21000.00")
    world_a.project.save()
    url = reverse("workspace:project-detail", args=[world_a.project.pk])

    html = login(staff_user).get(url, headers={"accept-language": language}).content.decode()

    assert budget in html
    assert f">{due}" in html
    assert "2030-01-15" not in html


@pytest.mark.parametrize("language", ["en", "nl"])
def test_project_editor_keeps_iso_dates_in_its_date_fields(login, staff_user, world_a, language):
    url = reverse("workspace:project-update", args=[world_a.project.pk])

    html = login(staff_user).get(url, headers={"accept-language": language}).content.decode()

    assert 'name="start_date" value="2020-08-01"' in html
    assert 'name="deadlines-0-due_date" value="2030-01-15"' in html


@pytest.mark.parametrize(("language", "expected"), [("en", "15 Jan 2027"), ("nl", "15 jan 2027")])
def test_offer_page_shows_the_application_deadline_in_its_language(
    client, world_a, language, expected
):
    url = public_url("offer-detail", language=language, slug=world_a.offer.slug)

    html = client.get(url).content.decode()

    assert f'<time datetime="2027-01-15">{expected}</time>' in html


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "Due: 15 Jan 2030"), ("nl", "15 jan 2030")]
)
def test_reminder_email_shows_the_due_date_in_the_persons_language(
    world_a, coordinator_a, language, expected
):
    person = coordinator_a.person
    person.language = language
    person.save()
    world_a.deadline.responsible.add(person)

    send_due_reminders(now=datetime.datetime(2029, 12, 16, 8, 0, tzinfo=datetime.UTC))

    email = OutgoingEmail.objects.get(to=person.email)
    assert expected in email.body_text
    assert "2030-01-15" not in email.body_text
