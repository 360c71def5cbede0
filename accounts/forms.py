"""Login and password forms; the reset link goes out through the outbox like every email."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.urls import reverse

from outbox.services import queue_email


class LoginForm(AuthenticationForm):
    """Django's login form, refusing an overlong username before any password is checked."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm sets max_length on the field after creating it, so the check
        # that goes with it is missing; without it the name would reach the backends.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email queued in the outbox instead of sent on the spot."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        person = getattr(user, "person", None)
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        queue_email(
            to=to_email,
            template="password_reset",
            context={
                "name": person.first_name if person else user.get_username(),
                "reset_url": settings.PORTAL_BASE_URL.rstrip("/") + path,
            },
            language=person.language if person else settings.LANGUAGE_CODE,
            holds_secret=True,
        )
