from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mobility.models import Activity, InterestRegistration, Level

from . import regions

STUDENT_LEVELS = [(level.value, level.label) for level in Level if level != Level.STAFF]
QUERY_MAX_LENGTH = 200


class ListSelect(forms.Select):
    """A select whose options are written in place (see its template): no optgroups."""

    template_name = "public/widgets/select.html"


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters (GET). Values that are not offered are ignored, never an error.
    Offers open for interest are shown unless the visitor asks for the closed ones too."""

    SORT_SOONEST = "deadline"
    SORT_LATEST = "-deadline"

    q = forms.CharField(label=_("Keywords"), required=False, max_length=QUERY_MAX_LENGTH)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=ListSelect)
    country = forms.ChoiceField(label=_("Partner country"), required=False, widget=ListSelect)
    institution = forms.TypedChoiceField(
        label=_("Partner institution"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=ListSelect,
    )
    activity = forms.ChoiceField(label=_("Activity"), required=False, widget=ListSelect)
    level = forms.ChoiceField(label=_("Study level"), required=False, widget=ListSelect)
    field = forms.TypedChoiceField(
        label=_("Field"), required=False, coerce=int, empty_value=None, widget=ListSelect
    )
    closed = forms.BooleanField(label=_("Show closed offers"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        widget=ListSelect,
        choices=[
            (SORT_SOONEST, _("Nearest deadline first")),
            (SORT_LATEST, _("Latest deadline first")),
        ],
    )

    def __init__(self, data, *, choices, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *regions.region_choices()]
        self.fields["country"].choices = [("", _("All countries")), *choices.countries]
        self.fields["institution"].choices = [
            ("", _("All institutions")),
            *choices.institutions,
        ]
        self.fields["activity"].choices = [("", _("All activities")), *Activity.choices]
        self.fields["level"].choices = [("", _("All levels")), *Level.choices]
        self.fields["field"].choices = [
            ("", _("All fields")),
            *choices.subject_areas,
        ]
        self.fields["q"].widget.input_type = "search"
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs["class"] = "form-control"

    def selector_filters(self) -> dict:
        """The keyword arguments of selectors.catalogue_offers; invalid fields are dropped."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return {
            "query": data["q"] or "",
            "region": data["region"] or "",
            "country": data["country"] or "",
            "institution_id": data["institution"],
            "activity": data["activity"] or "",
            "level": data["level"] or "",
            "subject_area_id": data["field"],
            "include_closed": bool(data["closed"]),
            "newest_deadline_first": data["sort"] == self.SORT_LATEST,
        }

    def is_filtered(self) -> bool:
        filters = self.selector_filters()
        filters.pop("newest_deadline_first")
        return any(filters.values())


class RegisterInterestForm(forms.ModelForm):
    """A student's registration of interest; `website` is a honeypot that people leave empty."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = InterestRegistration
        fields = ["name", "email", "study_programme", "level", "motivation"]
        labels = {"name": _("Full name"), "motivation": _("Motivation")}
        help_texts = {
            "email": _("We send a confirmation to this address."),
            "motivation": _("Why this exchange? At most 2,000 characters."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("Choose your level")), *STUDENT_LEVELS]
        self.fields["level"].label = _("Study level")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> carries the token
        self.helper.layout = Layout(
            "name",
            "email",
            "study_programme",
            "level",
            "motivation",
            Div(Field("website"), css_class="form-honeypot"),
            Submit("submit", _("Register interest")),
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class RegistrationUpdateForm(forms.ModelForm):
    """A student's change to their own registration (its address and status stay)."""

    class Meta:
        model = InterestRegistration
        fields = ["name", "study_programme", "level", "motivation"]
        labels = {"name": _("Full name"), "motivation": _("Motivation")}
        help_texts = {"motivation": _("Why this exchange? At most 2,000 characters.")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("Choose your level")), *STUDENT_LEVELS]
        self.fields["level"].label = _("Study level")
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save my registration")))
