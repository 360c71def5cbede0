import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Call, Project

from .models import Payment


class PaymentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Payment.Status.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *Payment.Kind.choices], required=False
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.order_by("title"),
        required=False,
        empty_label=_("Any project"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row row-cols-md-auto g-2 align-items-end mb-3"
        self.helper.add_input(Submit("", _("Filter")))


class PaymentStepForm(forms.Form):
    """Mark a payment requested or paid, on a day (today unless given)."""

    step = forms.ChoiceField(
        choices=[("requested", _("Requested")), ("paid", _("Paid"))], widget=forms.HiddenInput
    )
    on = forms.DateField(
        label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_on(self):
        return self.cleaned_data["on"] or datetime.date.today()


class PaymentTermsForm(forms.Form):
    """The pre-financing share of one call's grants."""

    call = forms.ModelChoiceField(label=_("Call"), queryset=Call.objects.order_by("-year"))
    prefinancing_percent = forms.DecimalField(
        label=_("Pre-financing (percent of the grant)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
