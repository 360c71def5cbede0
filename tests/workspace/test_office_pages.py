"""Calls, research fields, virtual activities and logins, managed by staff in the workspace."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.rules import is_iro_staff
from exchange_portal.celery import app as celery_app
from mobility.models import VirtualActivity
from outbox.models import OutgoingEmail
from projects.models import Call, SubjectArea
from tests.factories import PersonFactory, ProjectFactory

from .conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_in_process():
    """Tasks run where they are queued, without a broker or a worker."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_call_created_in_the_workspace_is_recorded_with_its_author(login, staff_user):
    client = login(staff_user)

    response = client.post(
        reverse("workspace:call-create"),
        {"year": "2024", "action": "KA171", "deadline": "2024-02-20T12:00", "results_summary": ""},
    )

    call = Call.objects.get(year=2024)
    assert response["Location"] == reverse("workspace:call-detail", args=[call.pk])
    assert [(r.history_type, r.history_user) for r in call.history.all()] == [("+", staff_user)]


def test_call_with_an_action_of_another_period_is_refused_next_to_the_field(login, staff_user):
    client = login(staff_user)

    response = client.post(
        reverse("workspace:call-create"),
        {"year": "2024", "action": "KA107", "deadline": "2024-02-20T12:00"},
    )

    assert response.status_code == 200
    form = response.context["editor"].form
    assert form.data["year"] == "2024"
    assert not Call.objects.filter(year=2024).exists()
    assert "KA107 covers calls up to 2020, KA171 from 2021." in str(form.errors)


def test_call_still_used_by_projects_is_not_deleted(login, staff_user, world_a):
    client = login(staff_user)
    call = world_a.project.call

    response = client.post(reverse("workspace:call-delete", args=[call.pk]), follow=True)

    assert Call.objects.filter(pk=call.pk).exists()
    assert "was not deleted" in response.content.decode()


def test_research_field_edited_in_the_workspace_shows_in_its_history(login, staff_user):
    field = SubjectArea.objects.create(name="Tropical medicine")
    client = login(staff_user)

    client.post(
        reverse("workspace:subject-area-update", args=[field.pk]),
        {"name": "Tropical medicine", "name_nl": "Tropische geneeskunde"},
    )
    history = client.get(reverse("workspace:subject-area-history", args=[field.pk]))

    newest = history.context["entries"][0]
    assert [(c.label, c.old, c.new) for c in newest.changes] == [
        ("Name (Dutch)", "—", "Tropische geneeskunde")
    ]
    assert newest.who == staff_user


def test_research_field_list_counts_projects_and_offers(login, staff_user, world_a):
    field = SubjectArea.objects.create(name="Imaging")
    world_a.project.subject_areas.add(field)
    world_a.offer.subject_area = field
    world_a.offer.save()
    client = login(staff_user)

    response = client.get(reverse("workspace:subject-area-list"), {"q": "imag"})

    [row] = response.context["object_list"]
    assert (row.name, row.project_count, row.offer_count) == ("Imaging", 1, 1)


def test_virtual_activity_ending_before_it_starts_is_refused_with_the_input_kept(
    login, staff_user, world_a
):
    client = login(staff_user)
    data = {
        "project": str(world_a.project.pk),
        "title": "Global lecture series",
        "start_date": "2021-06-01",
        "end_date": "2021-03-01",
        "participants": "95",
    }

    response = client.post(reverse("workspace:virtual-activity-create"), data)

    form = response.context["editor"].form
    assert form.errors["end_date"] == ["The activity cannot end before it starts."]
    assert form.data["title"] == "Global lecture series"
    assert VirtualActivity.objects.count() == 0


def test_virtual_activity_created_in_the_workspace(login, staff_user, world_a):
    client = login(staff_user)
    data = {
        "project": str(world_a.project.pk),
        "title": "Global lecture series",
        "start_date": "2021-03-01",
        "end_date": "2021-06-01",
        "participants": "95",
    }

    response = client.post(reverse("workspace:virtual-activity-create"), data)

    activity = VirtualActivity.objects.get()
    assert response["Location"] == reverse("workspace:virtual-activity-detail", args=[activity.pk])
    assert (activity.project, activity.participants) == (world_a.project, 95)


def _calls(first: int, count: int):
    for year in range(first, first + count):
        project = ProjectFactory(
            call=Call.objects.create(
                year=year,
                action="KA171",
                deadline=datetime.datetime(year, 2, 5, 11, tzinfo=datetime.UTC),
            )
        )
        project.subject_areas.add(SubjectArea.objects.create(name=f"Field {year}"))
        VirtualActivity.objects.create(
            project=project,
            title=f"Lectures {year}",
            start_date=datetime.date(2021, 3, 1),
            end_date=datetime.date(2021, 6, 1),
        )
        get_user_model().objects.create_user(username=f"user-{year}")


@pytest.mark.parametrize(
    "url_name",
    [
        "workspace:call-list",
        "workspace:subject-area-list",
        "workspace:virtual-activity-list",
        "workspace:account-list",
    ],
)
def test_office_list_asks_as_many_questions_for_30_rows_as_for_3(url_name, login, staff_user):
    client = login(staff_user)
    _calls(2030, 3)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(url_name))
    _calls(2033, 27)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse(url_name))

    assert len(response.context["object_list"]) >= 25
    assert len(large) == len(small)


def test_new_login_for_a_coordinator_gets_an_email_to_choose_a_password(
    login, staff_user, tasks_in_process, django_capture_on_commit_callbacks
):
    person = PersonFactory(first_name="Sanne", email="sanne@example.org", language="nl")
    client = login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workspace:account-create"), {"person": person.pk})

    person.refresh_from_db()
    assert response["Location"] == reverse("workspace:account-list")
    assert (person.user.username, person.user.email) == ("sanne@example.org", "sanne@example.org")
    assert not person.user.has_usable_password()
    email = OutgoingEmail.objects.get()
    assert (email.to, email.template, email.language, email.holds_secret) == (
        "sanne@example.org",
        "account_created",
        "nl",
        True,
    )
    [message] = mail.outbox
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/password/reset/\S+/)", message.body)
    client.logout()
    form_page = client.get(link.group(1), follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    person.user.refresh_from_db()
    assert person.user.check_password("a new long passphrase")


def test_new_login_with_a_taken_username_is_refused_next_to_the_field(login, staff_user):
    person = PersonFactory(email="sanne@example.org")
    client = login(staff_user)

    response = client.post(
        reverse("workspace:account-create"), {"person": person.pk, "username": "STAFF"}
    )

    form = response.context["form"]
    assert form.errors["username"] == ["Another login has this username."]
    assert form.data["username"] == "STAFF"
    person.refresh_from_db()
    assert person.user is None


def test_staff_make_a_coordinator_staff_and_take_the_role_back(login, staff_user, coordinator_a):
    client = login(staff_user)
    url = reverse("workspace:account-staff", args=[coordinator_a.pk])

    client.post(url, {"on": "1"})
    made_staff = is_iro_staff(get_user_model().objects.get(pk=coordinator_a.pk))
    client.post(url, {"on": "0"})

    assert made_staff
    assert not is_iro_staff(get_user_model().objects.get(pk=coordinator_a.pk))


def test_staff_member_cannot_remove_their_own_staff_role(login, staff_user):
    client = login(staff_user)

    response = client.post(
        reverse("workspace:account-staff", args=[staff_user.pk]), {"on": "0"}, follow=True
    )

    assert is_iro_staff(get_user_model().objects.get(pk=staff_user.pk))
    assert "You cannot remove your own staff role." in response.content.decode()


def test_staff_member_cannot_deactivate_themselves(login, staff_user):
    client = login(staff_user)

    response = client.post(
        reverse("workspace:account-active", args=[staff_user.pk]), {"on": "0"}, follow=True
    )

    assert get_user_model().objects.get(pk=staff_user.pk).is_active
    assert "You cannot deactivate your own login." in response.content.decode()


def test_deactivated_login_can_no_longer_sign_in(client, login, staff_user):
    other = make_staff("other-staff")
    other.set_password("a long enough passphrase")
    other.save()
    login(staff_user).post(reverse("workspace:account-active", args=[other.pk]), {"on": "0"})
    client.logout()

    response = client.post(
        reverse("accounts:login"),
        {"username": "other-staff", "password": "a long enough passphrase"},
    )

    assert response.status_code == 200
    assert not get_user_model().objects.get(pk=other.pk).is_active


def test_person_without_a_login_links_staff_to_creating_one(login, staff_user):
    person = PersonFactory(first_name="Sanne")
    client = login(staff_user)

    response = client.get(reverse("workspace:person-detail", args=[person.pk]))
    form_page = client.get(reverse("workspace:account-create"), {"person": person.pk})

    assert f"/workspace/logins/new/?person={person.pk}" in response.content.decode()
    assert form_page.context["form"]["person"].value() == str(person.pk)
