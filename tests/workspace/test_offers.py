"""Exchange offers and the students' interest registrations, as the office handles them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mobility.models import ExchangeOffer, InterestRegistration
from tests.factories import InterestRegistrationFactory

pytestmark = pytest.mark.django_db


def new_offer_data(project, partner, **fields) -> dict:
    data = {
        "project": project.pk,
        "partner": partner.pk,
        "title": "Three months of research in Havana",
        "activity": "SMS",
        "direction": "outgoing",
        "level": "master",
        "places": "2",
        "duration_days": "90",
        "period_start": "2027-02-01",
        "period_end": "2027-08-31",
        "application_deadline": "2027-01-15",
        "description": "Nanomedicine research in the partner's laboratory.",
        "is_published": "on",
    }
    data.update(fields)
    return data


def test_staff_creates_an_offer_under_a_project(login, staff_user, world_a):
    response = login(staff_user).post(
        reverse("workspace:offer-create"), new_offer_data(world_a.project, world_a.partner)
    )

    offer = ExchangeOffer.objects.get(title="Three months of research in Havana")
    assert response.status_code == 302
    assert (offer.slug, offer.project, offer.is_published) == (
        "three-months-of-research-in-havana",
        world_a.project,
        True,
    )


def test_offer_at_an_institution_outside_the_project_is_refused(
    login, staff_user, world_a, world_b
):
    response = login(staff_user).post(
        reverse("workspace:offer-create"), new_offer_data(world_a.project, world_b.partner)
    )

    assert response.status_code == 200
    assert response.context["editor"].form.errors == {
        "partner": ["This institution is not a partner of the project."]
    }


def test_new_offer_form_starts_from_the_project_it_was_opened_from(login, staff_user, world_a):
    response = login(staff_user).get(
        reverse("workspace:offer-create") + f"?project={world_a.project.pk}"
    )

    assert response.context["editor"].form["project"].value() == world_a.project.pk


def test_staff_sees_the_registrations_and_moves_one_to_contacted(login, staff_user, world_a):
    registration = world_a.registration
    client = login(staff_user)

    page = client.get(reverse("workspace:offer-detail", args=[world_a.offer.pk]))
    response = client.post(
        reverse("workspace:registration-status", args=[registration.pk]),
        {"status": "contacted"},
        follow=True,
    )

    registration.refresh_from_db()
    assert list(page.context["registrations"]) == [registration]
    assert registration.status == InterestRegistration.Status.CONTACTED
    assert response.redirect_chain == [
        (reverse("workspace:offer-detail", args=[world_a.offer.pk]), 302)
    ]
    assert [str(m) for m in response.context["messages"]] == ["Sanne de Vries is now “Contacted”."]


def test_unknown_registration_status_changes_nothing(login, staff_user, world_a):
    registration = world_a.registration

    response = login(staff_user).post(
        reverse("workspace:registration-status", args=[registration.pk]),
        {"status": "accepted"},
        follow=True,
    )

    registration.refresh_from_db()
    assert registration.status == InterestRegistration.Status.NEW
    assert [str(m) for m in response.context["messages"]] == [
        "Select a valid choice. accepted is not one of the available choices."
    ]


def test_registrations_filter_by_status(login, staff_user, world_a):
    nominated = InterestRegistrationFactory(
        offer=world_a.offer, name="Lotte Bakker", status=InterestRegistration.Status.NOMINATED
    )

    response = login(staff_user).get(
        reverse("workspace:offer-detail", args=[world_a.offer.pk]) + "?status=nominated"
    )

    assert list(response.context["registrations"]) == [nominated]


def test_other_coordinator_sees_the_offer_and_a_count_but_not_the_students(
    login, coordinator_b, world_a, world_b
):
    response = login(coordinator_b).get(reverse("workspace:offer-detail", args=[world_a.offer.pk]))

    assert response.status_code == 200
    assert "registrations" not in response.context
    assert "Sanne de Vries" not in response.content.decode()
    assert "1 student registered interest." in response.content.decode()


def test_coordinator_of_the_project_sees_the_students(login, coordinator_a, world_a):
    response = login(coordinator_a).get(reverse("workspace:offer-detail", args=[world_a.offer.pk]))

    assert [r.name for r in response.context["registrations"]] == ["Sanne de Vries"]
    assert "Sanne de Vries" in response.content.decode()


def test_registrations_export_as_csv_with_the_status_filter(login, staff_user, world_a):
    world_a.registration.created_at = timezone.make_aware(datetime.datetime(2026, 11, 2, 14, 30))
    world_a.registration.save()
    InterestRegistrationFactory(
        offer=world_a.offer, name="Lotte Bakker", status=InterestRegistration.Status.DECLINED
    )

    response = login(staff_user).get(
        reverse("workspace:offer-registrations-export", args=[world_a.offer.pk, "csv"])
        + "?status=new"
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="registrations-{world_a.offer.slug}-'
    )
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Registered at,Name,Email,Study programme,Level,Language,Status,Motivation",
        f"2026-11-02 14:30,Sanne de Vries,{world_a.registration.email},Biomedical Sciences,"
        "Master,en,New,I want to work on medical imaging.",
    ]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"places": "0"}, {"places": ["Enter at least 1."]}),
        ({"duration_days": "0"}, {"duration_days": ["Enter at least 1."]}),
        (
            {"period_end": "2027-02-01"},
            {"period_end": ["The latest end must come after the earliest start."]},
        ),
    ],
)
def test_offer_editor_shows_each_constraint_next_to_its_field(
    login, staff_user, world_a, fields, errors
):
    response = login(staff_user).post(
        reverse("workspace:offer-create"),
        new_offer_data(world_a.project, world_a.partner, **fields),
    )

    assert response.status_code == 200
    assert response.context["editor"].form.errors == errors
