import datetime
from zoneinfo import ZoneInfo

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from mobility.models import Activity, Direction
from partners.models import Institution, OrganisationalUnit
from projects.models import Call, Person

from .models import CALL_TIME_ZONE, MAX_PEOPLE_PER_FLOW, PARTNER_MESSAGE, CallForIdeas, Idea
from .services import EU_TIME_ZONE, NO_FLOW_MESSAGE

FLOW_ROWS = 4
IDEA_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "unit",
    "partner",
    "new_partner_name",
    "new_partner_country",
    "new_partner_city",
    "research_field",
    "rationale",
]
UPDATE_FIELDS = [name for name in IDEA_FIELDS if name != "email"]


def _styled(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.Select):
            field.widget.attrs.setdefault("class", "form-select")
        else:
            field.widget.attrs.setdefault("class", "form-control")


class IdeaForm(forms.ModelForm):
    """The academic's idea (the flows are a formset beside it); `website` is a honeypot that
    people leave empty."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Idea
        fields = IDEA_FIELDS
        labels = {
            "partner": _("Partner institution"),
            "new_partner_name": _("Or a new partner institution"),
            "new_partner_country": _("Country of the new partner"),
            "new_partner_city": _("City of the new partner"),
            "rationale": _("Rationale"),
        }
        help_texts = {
            "email": _("Your university address: we send the link to confirm and edit to it."),
            "rationale": _(
                "Why this partner, and what the exchange brings. At most 2,000 characters."
            ),
            "research_field": _("e.g. Astronomy, Public health, Computer science"),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "rationale": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrganisationalUnit.objects.filter(
            institution__is_home=True
        ).order_by("name")
        self.fields["unit"].empty_label = _("Choose your unit")
        self.fields["partner"].queryset = Institution.objects.filter(is_home=False).order_by("name")
        self.fields["partner"].empty_label = _("Not on the list: a new partner")
        self.fields["new_partner_country"] = LazyTypedChoiceField(
            label=_("Country of the new partner"),
            choices=[("", _("Choose a country")), *countries],
            required=False,
        )
        _styled(self)

    def clean(self):
        data = super().clean()
        new_partner = [data.get(name) for name in ("new_partner_name", "new_partner_country")]
        new_partner.append(data.get("new_partner_city"))
        if data.get("partner") is None and not all(new_partner):
            raise forms.ValidationError(PARTNER_MESSAGE, code="partner_missing")
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] or "" for name in self.Meta.fields} | {
            "partner": self.cleaned_data["partner"],
            "unit": self.cleaned_data["unit"],
        }


class IdeaUpdateForm(IdeaForm):
    website = None  # an idea is changed through its signed link only

    class Meta(IdeaForm.Meta):
        fields = UPDATE_FIELDS


class FlowForm(forms.Form):
    activity = forms.ChoiceField(
        label=_("Activity"), choices=[("", _("Choose an activity")), *Activity.choices]
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", _("Choose a direction")), *Direction.choices]
    )
    people = forms.IntegerField(
        label=_("People"), min_value=1, max_value=MAX_PEOPLE_PER_FLOW, initial=None
    )
    duration_days = forms.IntegerField(
        label=_("Days each"),
        min_value=1,
        max_value=366,
        help_text=_("Calendar days of activity, travel excluded."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class BaseFlowFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.flows():
            raise forms.ValidationError(NO_FLOW_MESSAGE, code="no_flow")
        seen = set()
        for form in self.forms:
            if not form.cleaned_data:
                continue
            key = (form.cleaned_data["activity"], form.cleaned_data["direction"])
            if key in seen:
                raise forms.ValidationError(
                    _("Give each activity and direction once, with its number of people."),
                    code="duplicate_flow",
                )
            seen.add(key)

    def flows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


FlowFormSet = forms.formset_factory(
    FlowForm,
    formset=BaseFlowFormSet,
    extra=0,
    min_num=FLOW_ROWS,
    max_num=FLOW_ROWS,
    validate_max=True,
)


def flow_formset(data=None, *, initial=None) -> BaseFlowFormSet:
    """Four rows; the empty ones are ignored, at least one must be filled in."""
    formset = FlowFormSet(data, initial=initial, prefix="flows")
    for form in formset.forms:
        form.empty_permitted = True
        form.use_required_attribute = False
    return formset


class OfficeIdeaForm(forms.ModelForm):
    """The office's status and notes; for a new partner, the institution on record it is."""

    class Meta:
        model = Idea
        fields = ["status", "notes", "partner"]
        labels = {"partner": _("Partner institution on record")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The statuses the office chooses, and the idea's own when its proposal set it.
        self.fields["status"].choices = [
            (value, label)
            for value, label in Idea.Status.choices
            if value not in Idea.WITH_PROJECT or value == self.instance.status
        ]
        self.fields["partner"].queryset = Institution.objects.filter(is_home=False).order_by("name")
        _styled(self)


class ZonedDateTimeField(forms.DateTimeField):
    """A moment typed as a date and time in a given time zone (whatever the reader's)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, zone: str, **kwargs):
        self.zone = ZoneInfo(zone)
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(self.zone):
            return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value, self.zone).replace(tzinfo=None)
        return value


class CallForIdeasForm(forms.ModelForm):
    """The office's call for ideas: the call, both deadlines, what the programme funds, the
    contacts and whether it is open (the call is fixed once chosen)."""

    internal_deadline = ZonedDateTimeField(
        zone=CALL_TIME_ZONE,
        label=_("Internal deadline (Amsterdam time)"),
        help_text=_("Ideas can be registered and changed until this moment."),
    )
    eu_deadline = ZonedDateTimeField(
        zone=EU_TIME_ZONE,
        label=_("EU deadline (Brussels time)"),
        help_text=_("The call's deadline for the application, e.g. 12:00 in Brussels."),
    )

    class Meta:
        model = CallForIdeas
        fields = [
            "call",
            "internal_deadline",
            "funds",
            "funds_nl",
            "contacts",
            "is_open_for_ideas",
        ]
        widgets = {
            "funds": forms.Textarea(attrs={"rows": 4}),
            "funds_nl": forms.Textarea(attrs={"rows": 4}),
            "contacts": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.order_by("-year", "action")
        self.fields["contacts"].queryset = Person.objects.order_by("last_name", "first_name")
        if self.instance.pk is not None:
            self.fields["call"].disabled = True
            self.fields["eu_deadline"].initial = self.instance.call.deadline
        _styled(self)
        self.fields["is_open_for_ideas"].widget.attrs["class"] = "form-check-input"
        self.helper = FormHelper()
        self.helper.form_tag = False
