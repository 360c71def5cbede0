"""Logins managed by the International Relations Office: a login for a coordinator, the
office's staff role (the group), deactivation. A new login has no password: its owner
chooses one through the password-reset link that the outbox sends."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from outbox.services import queue_email

from .rules import STAFF_GROUP


def set_password_url(*, user: AbstractBaseUser) -> str:
    """The password-reset page for the user, as an absolute link."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.PORTAL_BASE_URL.rstrip("/") + path


@transaction.atomic
def create_login(*, person, username: str) -> AbstractBaseUser:
    """Create a login for a person without one and queue the email with which they choose
    their password; ValidationError (by field) if they have one or the name is taken."""
    user_model = get_user_model()
    if person.user_id is not None:
        raise ValidationError({"person": _("This person already has a login.")})
    if user_model._default_manager.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Another login has this username.")})
    user = user_model._default_manager.create_user(
        username=username,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    person.user = user
    person.save(update_fields=["user"])
    queue_email(
        to=person.email,
        template="account_created",
        context={
            "name": person.first_name,
            "username": username,
            "set_password_url": set_password_url(user=user),
        },
        language=person.language,
        holds_secret=True,
    )
    return user


def set_office_staff(*, user: AbstractBaseUser, is_staff: bool, by: AbstractBaseUser) -> None:
    """Make the user one of the International Relations Office's staff, or not; nobody
    removes their own staff role."""
    if user.pk == by.pk and not is_staff:
        raise ValidationError(_("You cannot remove your own staff role."))
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    if is_staff:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def set_login_active(*, user: AbstractBaseUser, active: bool, by: AbstractBaseUser) -> None:
    """Deactivate a login (it can no longer sign in) or activate it again; nobody
    deactivates themselves."""
    if user.pk == by.pk and not active:
        raise ValidationError(_("You cannot deactivate your own login."))
    user.is_active = active
    user.save(update_fields=["is_active"])
