"""Coordinators and contact persons at the home university."""

from crispy_forms.layout import Layout
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from partners.models import OrganisationalUnit
from projects.models import Person

from .base import SingleFormEditor, WorkspaceModelForm, fields_only_helper, row


class PersonForm(WorkspaceModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "phone", "unit", "language", "user"]
        help_texts = {
            "user": _(
                "The login of this person, if they have one: it lets them edit the "
                "projects they coordinate."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrganisationalUnit.objects.select_related("institution")
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} ({u.institution})"
        users = get_user_model().objects.filter(person__isnull=True)
        if self.instance.user_id:
            users = users | get_user_model().objects.filter(pk=self.instance.user_id)
        self.fields["user"].queryset = users.order_by("username")
        self.helper = fields_only_helper()
        self.helper.layout = Layout(
            row(("first_name", 6), ("last_name", 6)),
            row(("email", 6), ("phone", 6)),
            row(("unit", 6), ("language", 3), ("user", 3)),
        )


class PersonEditor(SingleFormEditor):
    form_class = PersonForm
