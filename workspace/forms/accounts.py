"""Logins: a new login for a coordinator or contact person who has none."""

from crispy_forms.layout import Layout
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from projects.models import Person

from .base import fields_only_helper, row


class LoginForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.filter(user__isnull=True).order_by("last_name", "first_name"),
        help_text=_("Coordinators and contact persons without a login."),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=get_user_model()._meta.get_field("username").max_length,
        required=False,
        help_text=_("Leave empty to use the person's email address."),
        validators=get_user_model()._meta.get_field("username").validators,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} <{p.email}>"
        self.helper = fields_only_helper()
        self.helper.layout = Layout(row(("person", 6), ("username", 6)))

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        if person is not None and not cleaned.get("username") and "username" not in self.errors:
            cleaned["username"] = person.email
        return cleaned
