"""Login and password forms."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's login form, refusing an overlong username before any password is checked."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm sets max_length on the field after creating it, so the check
        # that goes with it is missing; without it the name would reach the backends.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
