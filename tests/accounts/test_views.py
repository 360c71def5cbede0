"""Logging in and out, throttled failures, and passwords reset by email or changed."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.rules import STAFF_GROUP
from exchange_portal.celery import app as celery_app
from outbox.models import OutgoingEmail
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tasks_in_process():
    """Tasks run where they are queued, without a broker or a worker."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def staff(db):
    user = UserFactory(username="ana", email="ana@example.org")
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    user.groups.add(group)
    return user


def log_in(client, username, password=PASSWORD, *, forwarded_for=None, **extra):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, **extra},
        headers=headers,
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


def test_five_failures_from_five_addresses_lock_the_username_for_15_minutes(
    client, staff, settings
):
    settings.PUBLIC_TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        log_in(client, "ana", password=f"wrong-{n}", forwarded_for=f"198.51.100.{n}")

    locked = log_in(client, "ana", forwarded_for="198.51.100.99")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14)):
        still_locked = log_in(client, "ana", forwarded_for="198.51.100.99")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30)):
        free = log_in(client, "ana", forwarded_for="198.51.100.99")

    assert (locked.status_code, still_locked.status_code, free.status_code) == (429, 429, 302)


def test_twenty_failures_across_usernames_lock_the_client_address_for_an_hour(
    client, staff, settings
):
    """Password spraying: one wrong password for each of many usernames, from one client."""
    settings.PUBLIC_TRUSTED_PROXY_COUNT = 1
    spray = [
        log_in(client, f"guess{n}", password="Summer2026!", forwarded_for="203.0.113.5")
        for n in range(20)
    ]

    from_sprayer = log_in(client, "ana", forwarded_for="203.0.113.5")
    from_elsewhere = log_in(Client(), "ana", forwarded_for="203.0.113.6")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=59)):
        still_locked = log_in(Client(), "ana", forwarded_for="203.0.113.5")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        free = log_in(Client(), "ana", forwarded_for="203.0.113.5")

    assert [response.status_code for response in spray] == [200] * 19 + [429]
    assert (from_sprayer.status_code, from_elsewhere.status_code) == (429, 302)
    assert (still_locked.status_code, free.status_code) == (429, 302)


def test_logging_in_to_an_own_account_keeps_the_address_failures(client, staff, settings):
    settings.PUBLIC_TRUSTED_PROXY_COUNT = 1
    UserFactory(username="mallory")
    for n in range(19):
        log_in(client, f"guess{n}", password="Summer2026!", forwarded_for="203.0.113.5")
    own = log_in(client, "mallory", forwarded_for="203.0.113.5")

    twentieth = log_in(Client(), "guess19", password="x", forwarded_for="203.0.113.5")

    assert (own.status_code, twentieth.status_code) == (302, 429)


def test_failures_behind_the_proxy_never_lock_out_the_proxy_itself(client, staff, settings):
    """Every request arrives from the proxy's REMOTE_ADDR; the lock is on the client's."""
    settings.PUBLIC_TRUSTED_PROXY_COUNT = 1
    for n in range(25):
        log_in(client, f"guess{n}", password="x", forwarded_for=f"192.0.2.{n}")

    response = log_in(Client(), "ana", forwarded_for="192.0.2.200")

    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        f"192.0.2.{n}" for n in range(25)
    }


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


def request_reset(client, email_address, **extra):
    return client.post(reverse("accounts:password_reset"), {"email": email_address}, **extra)


def test_password_reset_goes_through_the_outbox_and_the_link_sets_a_new_password(
    client, staff, tasks_in_process, django_capture_on_commit_callbacks
):
    PersonFactory(user=staff, first_name="Ana", email="ana.person@example.org", language="nl")

    with django_capture_on_commit_callbacks(execute=True):
        response = request_reset(client, "ana@example.org")

    # With tasks in process the outbox sent the email at once, and emptied its row.
    email = OutgoingEmail.objects.get()
    [message] = mail.outbox
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert (email.to, email.template, email.language) == ("ana@example.org", "password_reset", "nl")
    assert (email.status, email.holds_secret, email.body_text) == ("sent", True, "")
    assert message.to == ["ana@example.org"]
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/password/reset/\S+/)", message.body)
    assert link is not None
    assert "Ana" in message.body

    form_page = client.get(link.group(1), follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )

    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert log_in(client, "ana", password="a new long passphrase").status_code == 302


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, tasks_in_process, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = request_reset(client, "who@example.org")

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert OutgoingEmail.objects.count() == 0


def test_password_reset_answer_does_not_depend_on_the_account_existing(
    client, staff, django_capture_on_commit_callbacks
):
    answers = []
    for email_address in ("ana@example.org", "who@example.org"):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks() as callbacks,
        ):
            response = request_reset(client, email_address)
        status, location, body = response.status_code, response["Location"], response.content
        answers.append((status, location, body, len(queries), len(callbacks)))

    # Nothing is looked up while the visitor waits: the worker does it after the answer.
    assert answers[0] == answers[1] == (302, reverse("accounts:password_reset_done"), b"", 0, 1)
    assert OutgoingEmail.objects.count() == 0


def test_password_reset_sends_at_most_three_emails_an_hour_to_one_address(
    client, staff, tasks_in_process, django_capture_on_commit_callbacks, settings
):
    settings.PUBLIC_TRUSTED_PROXY_COUNT = 1
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for n, email_address in enumerate(["ana@example.org", "ANA@example.org"] * 2):
            response = request_reset(
                client, email_address, HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}"
            )
            statuses.append(response.status_code)
    an_hour_later = timezone.now() + datetime.timedelta(hours=1, seconds=1)
    with time_machine.travel(an_hour_later), django_capture_on_commit_callbacks(execute=True):
        statuses.append(request_reset(client, "ana@example.org").status_code)

    assert statuses == [302, 302, 302, 302, 302]
    assert OutgoingEmail.objects.filter(to="ana@example.org").count() == 4


def test_password_reset_refuses_the_eleventh_request_from_one_client_behind_the_proxy(
    client, settings
):
    settings.PUBLIC_TRUSTED_PROXY_COUNT = 1
    statuses = [
        request_reset(client, f"p{n}@example.org", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code
        for n in range(10)
    ]

    refused = request_reset(client, "person10@example.org", HTTP_X_FORWARDED_FOR="203.0.113.9")
    other_client = request_reset(
        client, "person10@example.org", HTTP_X_FORWARDED_FOR="203.0.113.10"
    )

    assert statuses == [302] * 10
    assert refused.status_code == 429
    assert refused.context["form"].non_field_errors() == [
        "Too many password reset requests came from your network. Please try again in an hour."
    ]
    assert refused.context["form"]["email"].value() == "person10@example.org"
    assert other_client.status_code == 302


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
