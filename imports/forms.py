from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from projects.models import Project

from .kinds import KINDS
from .models import Kind
from .reader import MAX_BYTES


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The file holds"),
        choices=[(value, label) for value, label in Kind.choices if value in KINDS],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A .csv (UTF-8, comma or semicolon) or .xlsx file; the first row names the columns."
        ),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.exclude(grant_agreement_number="").order_by("-start_date"),
        required=False,
        help_text=_("For mobilities whose file has no grant agreement number column."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse_lazy("imports:upload")
        self.helper.add_input(Submit("upload", _("Upload and map the columns")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(megabytes)s MB.") % {"megabytes": MAX_BYTES // 2**20}
            )
        return upload


class MappingForm(forms.Form):
    """One choice of column per field of the kind."""

    def __init__(self, *args, kind: str, headers: list[str], mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)"))] + [(header, header) for header in headers]
        for field in KINDS[kind].fields:
            self.fields[field.name] = forms.ChoiceField(
                label=field.label,
                choices=choices,
                required=False,
                initial=mapping.get(field.name, ""),
            )
        self.helper = FormHelper()
        self.helper.form_class = "row row-cols-md-3"
        self.helper.add_input(Submit("map", _("Preview the import")))

    def clean(self):
        cleaned = super().clean()
        chosen = [header for header in cleaned.values() if header]
        repeated = {header for header in chosen if chosen.count(header) > 1}
        for name, header in list(cleaned.items()):
            if header in repeated:
                self.add_error(name, _("This column is chosen for another field too."))
        return cleaned
