"""Secrets in emails are for their recipients alone: staff cannot read a superuser's password
reset link from the outbox, and the staff group holds only the permissions listed for it."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from accounts.permissions import staff_group_permission_names
from accounts.rules import STAFF_GROUP
from accounts.services import send_password_reset
from demo.seed import STAFF_USERNAME, load_demo
from outbox.models import OutgoingEmail
from outbox.services import send_queued_email
from reminders.services import send_due_digests, send_due_reminders

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
RESET_PATH = re.compile(r"/accounts/password/reset/[^/\s\"<]+/[^/\s\"<]+/")
URL = re.compile(r"https?://[^\s\"<>]+")
SECRET_URL_ARGUMENTS = {"token", "uidb64"}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="root", email="root@leiden.example.org", password="a long root passphrase"
    )


@pytest.fixture
def staff_client(client):
    load_demo(today=timezone.localdate())
    client.force_login(get_user_model().objects.get(username=STAFF_USERNAME), backend=MODEL_BACKEND)
    return client


def _outbox_text() -> str:
    """Every text column of every outbox row, as stored."""
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(field.column)
        for field in OutgoingEmail._meta.fields
        if field.get_internal_type() in ("CharField", "TextField", "EmailField")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(OutgoingEmail._meta.db_table)}")  # noqa: S608
        return "\n".join(str(value) for row in cursor.fetchall() for value in row)


def test_staff_cannot_read_a_superusers_reset_link_in_the_admin(staff_client, superuser):
    staff_client.post(reverse("accounts:password_reset"), {"email": "root@leiden.example.org"})
    send_password_reset(email_address="root@leiden.example.org")  # what the worker does
    email = OutgoingEmail.objects.get(template="password_reset")
    reset_path = RESET_PATH.search(email.body_text).group(0)

    changelist = staff_client.get(
        reverse("admin:outbox_outgoingemail_changelist"), {"template": "password_reset"}
    )
    change = staff_client.get(reverse("admin:outbox_outgoingemail_change", args=[email.pk]))

    assert (changelist.status_code, change.status_code) == (200, 200)
    assert "root@leiden.example.org" in changelist.content.decode()
    for page in (changelist, change):
        assert reset_path not in page.content.decode()
        assert RESET_PATH.search(page.content.decode()) is None
    assert "Not shown: it holds a link or token for its recipient alone." in change.content.decode()


def test_reset_link_is_gone_from_the_database_once_sent(superuser):
    send_password_reset(email_address="root@leiden.example.org")
    email = OutgoingEmail.objects.get()
    reset_path = RESET_PATH.search(email.body_text).group(0)

    send_queued_email(email_id=email.pk)

    [message] = mail.outbox
    assert reset_path in message.body
    assert RESET_PATH.search(_outbox_text()) is None


def test_staff_cannot_open_or_change_accounts_in_the_admin(staff_client, superuser):
    pages = [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[superuser.pk]),
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        reverse("admin:auth_group_changelist"),
    ]

    assert [staff_client.get(page).status_code for page in pages] == [403, 403, 403, 403]


def test_staff_group_holds_exactly_the_listed_permissions(staff_client):
    group = Group.objects.get(name=STAFF_GROUP)
    held = sorted(
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    )

    assert held == staff_group_permission_names()
    assert not [name for name in held if name.split(".")[0] in {"auth", "axes", "admin"}]
    assert [name for name in held if name.startswith("outbox.")] == [
        "outbox.change_outgoingemail",
        "outbox.view_outgoingemail",
    ]


def _secret_urls(text: str) -> list[str]:
    """The portal links in a text whose address carries a token."""
    found = []
    for url in URL.findall(text):
        parts = urlsplit(url)
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        if SECRET_URL_ARGUMENTS & set(match.kwargs) or parts.query:
            found.append(url)
    return found


def test_every_email_with_a_token_link_is_marked_as_holding_a_secret(superuser):
    load_demo(today=timezone.localdate())
    now = timezone.now().replace(hour=12)
    send_due_reminders(now=now)
    send_due_digests(now=now + timedelta(hours=1))
    send_password_reset(email_address="root@leiden.example.org")

    with_links = {
        email.template: email.holds_secret
        for email in OutgoingEmail.objects.all()
        if _secret_urls(email.body_text + email.body_html)
    }

    assert "password_reset" in with_links
    assert "reminder" in with_links
    assert set(with_links.values()) == {True}
