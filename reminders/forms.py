from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Deadline

from .models import ReminderPreference


class ReminderPreferenceForm(forms.ModelForm):
    reminded_kinds = forms.MultipleChoiceField(
        label=_("Remind me about"),
        choices=Deadline.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Deadlines of the kinds left unticked get no reminders."),
    )

    class Meta:
        model = ReminderPreference
        fields = ["delivery", "reminded_kinds", "language"]
        widgets = {"delivery": forms.RadioSelect, "language": forms.RadioSelect}
        labels = {"delivery": _("How"), "language": _("Language of the emails")}
        help_texts = {
            "delivery": _("The digest comes once a day, in the morning, when something is due.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reminded_kinds"].initial = [
            kind for kind in Deadline.Kind.values if self.instance.wants_kind(kind)
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save preferences")))


class RevokeLinksForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "Reminder, deadline and registration links sent to this address stop working; "
            "its owner can ask for a fresh link from any of them."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("revoke", _("Revoke the links"), css_class="btn-danger"))
