"""Logging in and out, throttled failures, and passwords reset by email or changed."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts.rules import STAFF_GROUP
from outbox.models import OutgoingEmail
from outbox.services import send_queued_email
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(db):
    user = UserFactory(username="ana", email="ana@example.org")
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    user.groups.add(group)
    return user


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def test_staff_land_in_the_workspace_after_logging_in(client, staff):
    response = log_in(client, "ana")

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dashboard")


def test_login_goes_back_to_the_page_asked_for(client, staff):
    response = log_in(client, "ana", next="/workspace/projects/")

    assert response["Location"] == "/workspace/projects/"


def test_someone_without_a_role_lands_on_the_public_site(client):
    UserFactory(username="visitor")

    response = log_in(client, "visitor")

    assert response["Location"] == "/"


def test_wrong_password_is_a_form_error(client, staff):
    response = log_in(client, "ana", password="wrong")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ]


def test_five_failed_logins_lock_the_username_out(client, staff):
    answers = [log_in(client, "ana", password=f"wrong-{n}").status_code for n in range(5)]

    locked = log_in(client, "ana")

    assert answers == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # The attempt made while locked out counts as one more failure.
    assert AccessAttempt.objects.get(username="ana").failures_since_start == 6


def test_lockout_is_per_username(client, staff):
    UserFactory(username="ben")
    for n in range(5):
        log_in(client, "ana", password=f"wrong-{n}")

    response = log_in(client, "ben")

    assert response.status_code == 302


def test_300_character_username_is_a_normal_form_error(client):
    response = log_in(client, "a" * 300)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "username": ["Ensure this value has at most 150 characters (it has 300)."]
    }
    assert AccessAttempt.objects.count() == 0


def test_logout_needs_a_post_and_ends_the_session(client, staff):
    log_in(client, "ana")

    refused = client.get(reverse("accounts:logout"))
    response = client.post(reverse("accounts:logout"))

    assert refused.status_code == 405
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_goes_through_the_outbox_and_the_link_sets_a_new_password(client, staff):
    PersonFactory(user=staff, first_name="Ana", email="ana.person@example.org", language="nl")

    response = client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})

    email = OutgoingEmail.objects.get()
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert (email.to, email.template, email.language) == ("ana@example.org", "password_reset", "nl")
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/password/reset/\S+/)", email.body_text)
    assert link is not None
    assert "Ana" in email.body_text

    send_queued_email(email_id=email.pk)
    form_page = client.get(link.group(1), follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )

    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert log_in(client, "ana", password="a new long passphrase").status_code == 302


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "who@example.org"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert OutgoingEmail.objects.count() == 0


def test_used_reset_link_no_longer_works(client, staff):
    client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
    path = re.search(r"(/accounts/password/reset/\S+/)", OutgoingEmail.objects.get().body_text)
    form_page = client.get(path.group(1), follow=True)
    new_password = {"new_password1": "another passphrase", "new_password2": "another passphrase"}
    client.post(form_page.redirect_chain[-1][0], new_password)

    again = client.get(path.group(1), follow=True)

    assert again.context["validlink"] is False
    assert "This link no longer works" in again.content.decode()


def test_password_change_keeps_the_user_logged_in(client, staff):
    log_in(client, "ana")

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a different passphrase",
            "new_password2": "a different passphrase",
        },
    )

    staff.refresh_from_db()
    assert response["Location"] == reverse("accounts:password_change_done")
    assert staff.check_password("a different passphrase")
    assert client.get(reverse("workspace:dashboard")).status_code == 200
