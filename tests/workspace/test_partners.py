"""Partner institutions and coordinators in the workspace."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from mobility.grants import recalculate_grant
from mobility.models import Mobility
from mobility.rates import seed_rates
from partners import services
from partners.models import Contact, Institution
from projects.models import Person, Project
from tests.factories import (
    ContactFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
    MobilityFactory,
    UserFactory,
)
from workspace.forms.base import row_changes, save_atomically
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
                institution=editor.form.instance,
                contacts=row_changes(editor.contacts),
                units=row_changes(editor.units),
                by=staff_user,
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
        login(staff_user),
        world_a.partner,
        country="CU",
        city="Havana",
        latitude="23.13",
        longitude="-82.38",
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

    move_partner(login(staff_user), home, city="Groningen", latitude="53.22", longitude="6.57")

    calculated_mobility.refresh_from_db()
    other.refresh_from_db()
    assert calculated_mobility.distance_km == other.distance_km == Decimal("9001.44")


@pytest.fixture
def reported_mobility(world_a, calculated_mobility):
    """A completed mobility of world A's partner, reported with its grant (EUR 2,760.00)."""
    completed = MobilityFactory(
        project=world_a.project,
        partner=world_a.partner,
        first_name="Lucía",
        last_name="Fernández",
        status=Mobility.Status.COMPLETED,
    )
    return recalculate_grant(mobility=completed)


def test_partner_moved_leaves_completed_mobilities_at_their_reported_grant(
    login, staff_user, world_a, calculated_mobility, reported_mobility
):
    response = move_partner(
        login(staff_user),
        world_a.partner,
        country="CU",
        city="Havana",
        latitude="23.13",
        longitude="-82.38",
    )

    calculated_mobility.refresh_from_db()
    reported_mobility.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "workspace:institution-grants", args=[world_a.partner.pk]
    )
    assert calculated_mobility.total_grant == Decimal("2080.00")
    assert reported_mobility.total_grant == Decimal("2760.00")


def test_partner_moved_leaves_mobilities_of_a_closed_project_at_their_reported_grant(
    login, staff_user, world_a, calculated_mobility
):
    Project.objects.filter(pk=world_a.project.pk).update(status=Project.Status.CLOSED)

    move_partner(
        login(staff_user),
        world_a.partner,
        country="CU",
        city="Havana",
        latitude="23.13",
        longitude="-82.38",
    )

    calculated_mobility.refresh_from_db()
    assert calculated_mobility.total_grant == Decimal("2760.00")


def test_reported_grants_page_shows_old_and_new_amounts_of_what_would_change(
    login, staff_user, world_a, calculated_mobility, reported_mobility
):
    client = login(staff_user)
    move_partner(
        client, world_a.partner, country="CU", city="Havana", latitude="23.13", longitude="-82.38"
    )

    response = client.get(reverse("workspace:institution-grants", args=[world_a.partner.pk]))

    assert [
        (change.mobility.last_name, change.old, change.new)
        for change in response.context["changes"]
    ] == [("Fernández", Decimal("2760.00"), Decimal("2080.00"))]
    html = " ".join(response.content.decode().split())
    assert f'name="mobilities" value="{reported_mobility.pk}"' in html


def test_ticked_reported_grants_are_recalculated_and_the_others_kept(
    login, staff_user, world_a, calculated_mobility, reported_mobility
):
    other = recalculate_grant(
        mobility=MobilityFactory(
            project=world_a.project, partner=world_a.partner, status=Mobility.Status.COMPLETED
        )
    )
    client = login(staff_user)
    move_partner(
        client, world_a.partner, country="CU", city="Havana", latitude="23.13", longitude="-82.38"
    )
    url = reverse("workspace:institution-grants", args=[world_a.partner.pk])

    response = client.post(url, {"mobilities": [reported_mobility.pk]})

    reported_mobility.refresh_from_db()
    other.refresh_from_db()
    assert response.status_code == 302
    assert reported_mobility.total_grant == Decimal("2080.00")
    assert reported_mobility.distance_km == Decimal("7789.98")
    assert other.total_grant == Decimal("2760.00")


def test_reported_grants_page_asks_for_a_tick(
    login, staff_user, world_a, calculated_mobility, reported_mobility
):
    client = login(staff_user)
    move_partner(
        client, world_a.partner, country="CU", city="Havana", latitude="23.13", longitude="-82.38"
    )

    response = client.post(reverse("workspace:institution-grants", args=[world_a.partner.pk]), {})

    reported_mobility.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"mobilities": ["Tick at least one mobility."]}
    assert reported_mobility.total_grant == Decimal("2760.00")


def test_reported_grants_page_is_for_those_who_edit_institutions(login, coordinator_a, world_a):
    response = login(coordinator_a).get(
        reverse("workspace:institution-grants", args=[world_a.partner.pk])
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"latitude": "123"}, {"latitude": ["A latitude lies between -90 and 90 degrees."]}),
        (
            {"longitude": "-180.5"},
            {"longitude": ["A longitude lies between -180 and 180 degrees."]},
        ),
        (
            {"schac_code": "leiden.edu"},
            {"schac_code": ["Another institution has this SCHAC code."]},
        ),
        ({"pic": "999984059"}, {"pic": ["Another institution has this PIC."]}),
        ({"oid": "E10208597"}, {"oid": ["Another institution has this OID."]}),
        ({"is_home": "on"}, {"is_home": ["Another institution is already marked as ours."]}),
        (
            {"schac_code": "Not A Domain"},
            {
                "schac_code": [
                    "A SCHAC code is the institution's lower-case domain, e.g. uw.edu.pl."
                ]
            },
        ),
    ],
)
def test_institution_editor_shows_each_constraint_next_to_its_field(
    login, staff_user, fields, errors
):
    HomeInstitutionFactory(schac_code="leiden.edu", pic="999984059", oid="E10208597")

    response = login(staff_user).post(
        reverse("workspace:institution-create"), new_institution_data(**fields)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["editor"].form.errors == errors
    assert "is violated" not in html
    assert 'value="Uniwersytet Warszawski"' in html


def test_unit_named_twice_is_refused_next_to_the_name(login, staff_user):
    institution = InstitutionFactory()
    institution.units.create(name="Faculty of Science")
    data = editor_data(
        InstitutionEditor(instance=institution),
        **{"units-1-name": "Faculty of Science", "units-1-abbreviation": "FWN"},
    )

    response = login(staff_user).post(
        reverse("workspace:institution-update", args=[institution.pk]), data
    )

    unit_forms = response.context["editor"].units.forms
    assert response.status_code == 200
    assert unit_forms[1].errors["name"] == ["The institution already has a unit of this name."]
    assert institution.units.count() == 1


def test_coordinates_0_0_are_refused_next_to_the_latitude(login, staff_user):
    response = login(staff_user).post(
        reverse("workspace:institution-create"),
        new_institution_data(latitude="0", longitude="0"),
    )

    assert response.status_code == 200
    assert response.context["editor"].form.errors == {
        "latitude": ["0, 0 lies in the Gulf of Guinea: enter the institution's own coordinates."]
    }
    assert not Institution.objects.filter(name="University of Warsaw").exists()


def test_coordinates_0_0_are_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(latitude=Decimal(0), longitude=Decimal(0))


WARSAW_ELSEWHERE = (
    "This position lies outside Poland. Check the coordinates, or tick "
    "\u201cThe position is right\u201d to save them as they are."
)


def test_a_position_outside_the_country_is_warned_next_to_the_latitude(login, staff_user):
    # Latitude and longitude swapped: a point on the Arabian Sea, not in Poland.
    response = login(staff_user).post(
        reverse("workspace:institution-create"),
        new_institution_data(latitude="21.02", longitude="52.24"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["editor"].form.errors == {"latitude": [WARSAW_ELSEWHERE]}
    assert 'name="position_confirmed"' in html
    assert not Institution.objects.filter(name="University of Warsaw").exists()


def test_a_confirmed_position_outside_the_country_is_saved(login, staff_user):
    response = login(staff_user).post(
        reverse("workspace:institution-create"),
        new_institution_data(latitude="21.02", longitude="52.24", position_confirmed="on"),
    )

    institution = Institution.objects.get(name="University of Warsaw")
    assert response.status_code == 302
    assert (institution.latitude, institution.longitude) == (Decimal("21.02"), Decimal("52.24"))


def test_a_position_inside_the_country_asks_for_nothing(login, staff_user):
    response = login(staff_user).get(reverse("workspace:institution-create"))

    assert 'name="position_confirmed"' not in response.content.decode()
