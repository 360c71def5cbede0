from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class PersonLookupForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("lookup", _("Show what we hold")))


class ErasureForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."), required=True)
