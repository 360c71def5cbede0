"""Staff see a partner contact's changes on the institution's page and undo them."""

import pytest
from django.urls import reverse

from agreements.services import update_factsheet
from partners.models import Contact, Institution


def institution_page(havana):
    return reverse("workspace:institution-detail", args=[havana.institution.pk])


def undo_path(kind, history_id):
    return reverse("agreements:undo-partner-change", args=[kind, history_id])


def staff_records(havana, staff_user):
    return Institution.history.filter(id=havana.institution.pk, history_user=staff_user)


def partner_edits(havana, *, city="La Habana", phone="+53 7 878 3231"):
    """Miriam changes her institution's city and her own phone number through her link."""
    update_factsheet(
        contact=havana.contact,
        values={"name_local": "", "website": "", "city": city},
        contacts=[(havana.contact, {"phone": phone})],
    )
    institution_record = Institution.history.filter(id=havana.institution.pk).first()
    contact_record = Contact.history.filter(id=havana.contact.pk).first()
    return institution_record, contact_record


def test_staff_see_partner_changes_with_undo_buttons(login, staff_user, havana):
    city = havana.institution.city
    institution_record, contact_record = partner_edits(havana)

    page = login(staff_user).get(institution_page(havana)).content.decode()

    assert "Changes by partner contacts" in page
    assert page.count("Miriam Nicado (University of Havana)") == 2
    assert f"City: <del>{city}</del> → La Habana" in page
    assert "Phone: <del>—</del> → +53 7 878 3231" in page
    assert undo_path("institution", institution_record.history_id) in page
    assert undo_path("contact", contact_record.history_id) in page


def test_undo_restores_the_values_and_records_staff(login, staff_user, havana):
    city = havana.institution.city
    institution_record, contact_record = partner_edits(havana)
    client = login(staff_user)

    first = client.post(undo_path("institution", institution_record.history_id), follow=True)
    client.post(undo_path("contact", contact_record.history_id))

    assert "The partner&#x27;s change is undone." in first.content.decode()
    havana.institution.refresh_from_db()
    havana.contact.refresh_from_db()
    assert (havana.institution.city, havana.contact.phone) == (city, "")
    undo_record = Institution.history.filter(id=havana.institution.pk).first()
    assert (undo_record.history_user, undo_record.history_change_reason) == (
        staff_user,
        f"undo:{institution_record.history_id}",
    )
    assert Contact.history.filter(id=havana.contact.pk).first().history_user == staff_user
    page = client.get(institution_page(havana)).content.decode()
    assert page.count(f"Undone by {staff_user}") == 2
    assert undo_path("institution", institution_record.history_id) not in page


def test_undo_is_refused_when_the_record_changed_since(login, staff_user, havana):
    institution_record, _contact_record = partner_edits(havana)
    partner_edits(havana, city="Habana Vieja")
    client = login(staff_user)

    response = client.post(undo_path("institution", institution_record.history_id), follow=True)

    assert (
        "This change cannot be undone: the record was changed again since. Edit it instead."
        in response.content.decode()
    )
    havana.institution.refresh_from_db()
    assert havana.institution.city == "Habana Vieja"
    assert not staff_records(havana, staff_user).exists()


def test_a_second_undo_is_refused(login, staff_user, havana):
    institution_record, _contact_record = partner_edits(havana)
    client = login(staff_user)
    client.post(undo_path("institution", institution_record.history_id))

    response = client.post(undo_path("institution", institution_record.history_id), follow=True)

    assert "the record was changed again since" in response.content.decode()
    assert staff_records(havana, staff_user).count() == 1


def test_staff_changes_cannot_be_undone_here(login, staff_user, havana):
    havana.institution.city = "Santiago"
    havana.institution.save()
    record = Institution.history.filter(id=havana.institution.pk).first()

    response = login(staff_user).post(undo_path("institution", record.history_id), follow=True)

    assert "Only a change made by a partner contact can be undone here." in (
        response.content.decode()
    )


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "plain"])
def test_only_staff_undo_partner_changes(login, havana, coordinator_a, plain_user, who):
    institution_record, _contact_record = partner_edits(havana)
    user = {"anonymous": None, "coordinator": coordinator_a, "plain": plain_user}[who]
    client = login(user)

    response = client.post(undo_path("institution", institution_record.history_id))
    page = client.get(institution_page(havana))

    assert response.status_code == (302 if user is None else 403)
    havana.institution.refresh_from_db()
    assert havana.institution.city == "La Habana"
    if who == "coordinator":
        assert page.status_code == 200
        assert "Changes by partner contacts" not in page.content.decode()


def test_unknown_change_is_not_found(login, staff_user, havana):
    client = login(staff_user)

    assert client.post(undo_path("institution", 999999)).status_code == 404
    assert client.post(undo_path("agreement", 1)).status_code == 404
