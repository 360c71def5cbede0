"""Password reset: the request is answered at once; the worker looks the account up and
queues the email, so the answer and its timing say nothing about whether an account exists."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from outbox.services import queue_email


def request_password_reset(*, email_address: str) -> None:
    """Hand the address to the worker once the request's transaction commits (if the broker
    cannot be reached then, the person asks again)."""
    from .tasks import send_password_reset

    send_password_reset.delay_on_commit(email_address)


def send_password_reset(*, email_address: str) -> int:
    """Queue a reset email to each active account with this address (Django's rule: a usable
    password, the address matched case-insensitively); returns how many."""
    users = list(PasswordResetForm().get_users(email_address))
    for user in users:
        _queue_reset_email(user=user)
    return len(users)


def _queue_reset_email(*, user) -> None:
    person = getattr(user, "person", None)
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    queue_email(
        to=getattr(user, user.get_email_field_name()),
        template="password_reset",
        context={
            "name": person.first_name if person else user.get_username(),
            "reset_url": settings.PORTAL_BASE_URL.rstrip("/") + path,
        },
        language=person.language if person else settings.LANGUAGE_CODE,
        holds_secret=True,
    )
