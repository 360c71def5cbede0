"""Partner institutions and coordinators in the workspace."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mobility.grants import recalculate_grant
from mobility.models import Mobility
from mobility.rates import seed_rates
from partners import services
from partners.models import Contact, Institution
from projects.models import Person
from tests.factories import (
    ContactFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
    MobilityFactory,
    UserFactory,
)
from workspace.forms.base import save_atomically
from workspace.forms.partners import InstitutionEditor
from workspace.forms.people import PersonForm

from .helpers import editor_data, formset_data

pytestmark = pytest.mark.django_db


def new_institution_data(**fields) -> dict:
    data = {
        "name": "University of Warsaw",
        "name_local": "Uniwersytet Warszawski",
        "country": "PL",
        "city": "Warsaw",
        "latitude": "52.24",
        "longitude": "21.02",
        "website": "www.uw.edu.pl",
        "schac_code": "uw.edu.pl",
        "erasmus_code": "PL WARSZAW01",
        "pic": "",
        "oid": "",
        **formset_data("contacts", [{"name": "Anna Nowak", "email": "a.nowak@uw.edu.pl"}]),
        **formset_data("units", []),
    }
    data.update(fields)
    return data


def test_staff_creates_an_institution_with_its_contacts(login, staff_user):
    response = login(staff_user).post(
        reverse("workspace:institution-create"), new_institution_data()
    )

    institution = Institution.objects.get(name="University of Warsaw")
    assert response.status_code == 302
    assert institution.website == "https://www.uw.edu.pl"
    assert list(institution.contacts.values_list("name", "email")) == [
        ("Anna Nowak", "a.nowak@uw.edu.pl")
    ]
    assert institution.history.get().history_user == staff_user


def test_two_partners_with_the_same_erasmus_code_is_a_message_at_the_field(login, staff_user):
    InstitutionFactory(name="Warsaw University", erasmus_code="PL WARSZAW01")

    response = login(staff_user).post(
        reverse("workspace:institution-create"), new_institution_data()
    )

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert response.context["editor"].form.errors == {
        "erasmus_code": ["Another institution has this Erasmus code."]
    }
    assert (
        'id="id_erasmus_code_error" class="invalid-feedback"> <span id="error_1_id_erasmus_code">'
        "<strong>Another institution has this Erasmus code.</strong>"
    ) in html
    assert 'value="Uniwersytet Warszawski"' in html
    assert 'value="Anna Nowak"' in html


def test_erasmus_code_taken_between_validation_and_save_is_a_message_at_the_field(staff_user):
    editor = InstitutionEditor(data=new_institution_data())
    assert editor.is_valid()
    InstitutionFactory(name="Warsaw University", erasmus_code="PL WARSZAW01")

    with pytest.raises(ValidationError) as refused:
        save_atomically(
            form=editor.form,
            formsets=editor.formsets,
            save=lambda: services.save_institution(
                form=editor.form, contacts=editor.contacts, units=editor.units, by=staff_user
            ),
        )

    assert refused.value.message_dict == {
        "erasmus_code": ["Another institution has this Erasmus code."]
    }
    assert not Contact.objects.filter(name="Anna Nowak").exists()
    assert editor.form.instance.pk is None


def test_invalid_code_format_is_refused_before_the_database(login, staff_user):
    response = login(staff_user).post(
        reverse("workspace:institution-create"), new_institution_data(pic="12345")
    )

    assert response.status_code == 200
    assert list(response.context["editor"].form.errors) == ["pic"]


def test_institution_in_use_cannot_be_deleted_and_the_page_says_by_what(login, staff_user, world_a):
    url = reverse("workspace:institution-delete", args=[world_a.partner.pk])
    client = login(staff_user)

    confirmation = client.get(url)
    response = client.post(url, follow=True)

    assert [(g["name"], g["count"]) for g in confirmation.context["protected"]] == [
        ("exchange offer", 1),
        ("mobility", 1),
        ("mobility grant line", 1),
        ("project partner", 1),
    ]
    assert "It cannot be deleted: these records still need it." in confirmation.content.decode()
    assert Institution.objects.filter(pk=world_a.partner.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "University of Havana is still used by 4 records and was not deleted."
    ]


def test_unused_institution_is_deleted_with_its_contacts(login, staff_user):
    institution = InstitutionFactory(name="Fukushima University")
    ContactFactory(institution=institution, name="Kenta Sato")
    url = reverse("workspace:institution-delete", args=[institution.pk])
    client = login(staff_user)

    confirmation = client.get(url)
    response = client.post(url)

    assert [(g["name"], g["examples"]) for g in confirmation.context["goes_with_it"]] == [
        ("contact person", ["Kenta Sato"])
    ]
    assert response.status_code == 302
    assert not Institution.objects.filter(pk=institution.pk).exists()
    assert not Contact.objects.filter(name="Kenta Sato").exists()


def test_institution_history_shows_the_changed_field(login, staff_user, world_a):
    partner = world_a.partner
    client = login(staff_user)
    data = editor_data(InstitutionEditor(instance=partner), city="La Habana")

    client.post(reverse("workspace:institution-update", args=[partner.pk]), data)
    response = client.get(reverse("workspace:institution-history", args=[partner.pk]))

    entry = response.context["entries"][0]
    assert (entry.kind, entry.who) == ("~", staff_user)
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("City", "Nagasaki", "La Habana")]


def test_staff_creates_a_coordinator_with_a_login(login, staff_user):
    account = UserFactory(username="j.devries")

    response = login(staff_user).post(
        reverse("workspace:person-create"),
        {
            "first_name": "Jan",
            "last_name": "de Vries",
            "email": "j.devries@example.org",
            "language": "nl",
            "user": account.pk,
        },
    )

    person = Person.objects.get(email="j.devries@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:person-detail", args=[person.pk])
    assert (person.full_name, person.user, person.language) == ("Jan de Vries", account, "nl")


def test_login_choices_leave_out_logins_that_belong_to_someone_else(coordinator_a, plain_user):
    form = PersonForm()

    assert [user.username for user in form.fields["user"].queryset] == ["nobody"]


def test_person_leading_a_project_is_not_deleted(login, staff_user, world_a):
    person = world_a.project.lead_coordinator

    response = login(staff_user).post(
        reverse("workspace:person-delete", args=[person.pk]), follow=True
    )

    assert Person.objects.filter(pk=person.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "Maria Yazdanbakhsh is still used by 1 records and was not deleted."
    ]


@pytest.fixture
def calculated_mobility(world_a):
    """World A's mobility with its grant worked out: Leiden (ours) to the partner at
    Nagasaki's coordinates, 9,185.04 km."""
    seed_rates()
    HomeInstitutionFactory()
    return recalculate_grant(mobility=world_a.mobility)


def move_partner(client, partner, **fields):
    data = editor_data(InstitutionEditor(instance=partner), **fields)
    return client.post(reverse("workspace:institution-update", args=[partner.pk]), data)


def test_partner_moved_recalculates_the_grants_of_its_mobilities(
    login, staff_user, world_a, calculated_mobility
):
    cancelled = MobilityFactory(
        project=world_a.project, partner=world_a.partner, status=Mobility.Status.CANCELLED
    )
    recalculate_grant(mobility=cancelled)

    response = move_partner(
        login(staff_user), world_a.partner, city="Havana", latitude="23.13", longitude="-82.38"
    )

    assert response.status_code == 302
    calculated_mobility.refresh_from_db()
    cancelled.refresh_from_db()
    assert calculated_mobility.distance_km == Decimal("7789.98")
    assert cancelled.distance_km == Decimal("9185.04")


def test_partner_renamed_leaves_the_grants_as_they_are(
    login, staff_user, world_a, calculated_mobility
):
    # A stored distance that a recalculation would put right: it stays if none runs.
    Mobility.objects.filter(pk=calculated_mobility.pk).update(distance_km=Decimal("1.00"))
    calculated_at = calculated_mobility.grant_calculated_at

    move_partner(login(staff_user), world_a.partner, name="Universidad de La Habana")

    calculated_mobility.refresh_from_db()
    assert calculated_mobility.grant_calculated_at == calculated_at
    assert calculated_mobility.distance_km == Decimal("1.00")


def test_our_institution_moved_recalculates_every_mobility(
    login, staff_user, world_a, world_b, calculated_mobility
):
    other = recalculate_grant(mobility=world_b.mobility)
    home = Institution.objects.get(is_home=True)

    move_partner(login(staff_user), home, city="Leiden", latitude="0.00", longitude="0.00")

    calculated_mobility.refresh_from_db()
    other.refresh_from_db()
    assert calculated_mobility.distance_km == other.distance_km == Decimal("13633.96")
