import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from mobility.distance import bands_of
from mobility.models import (
    Activity,
    Direction,
    EligibilityRule,
    IndividualSupportRate,
    RateTable,
    TravelBand,
)
from mobility.rates import RATE_TABLE_RULES
from partners.models import Institution
from partners.services import RowChanges, RowToStore
from projects.models import Call


class DateInput(forms.DateInput):
    input_type = "date"


class CalculatorForm(forms.Form):
    """What-if: the grant of a mobility that does not exist (yet)."""

    rate_table = forms.ModelChoiceField(
        label=_("Call"), queryset=RateTable.objects.all(), empty_label=None
    )
    partner = forms.ModelChoiceField(
        label=_("Partner institution"), queryset=Institution.objects.filter(is_home=False)
    )
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    start = forms.DateField(label=_("First activity day"), widget=DateInput)
    end = forms.DateField(label=_("Last activity day"), widget=DateInput)
    travel_days = forms.IntegerField(
        label=_("Funded travel days"),
        required=False,
        min_value=0,
        max_value=10,
        help_text=_("Empty: 2 for staff, 0 for students."),
    )
    green_travel = forms.BooleanField(label=_("Green travel"), required=False)
    fewer_opportunities = forms.BooleanField(label=_("Fewer opportunities"), required=False)
    zero_grant = forms.BooleanField(label=_("Zero grant"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("", _("Calculate")))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day cannot come before the first."))
        return cleaned

    def quote_arguments(self) -> dict:
        """The valid form as the keyword arguments of mobility.grants.quote_for_partner."""
        data = dict(self.cleaned_data)
        table = data.pop("rate_table")
        return {**data, "call_year": table.call_year, "action": table.action}


class RateTableForm(forms.ModelForm):
    class Meta:
        model = RateTable
        fields = RATE_TABLE_RULES
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        names = [name for name in self.Meta.fields if name != "notes"]
        self.helper.layout = Layout(
            *(
                Row(*(Column(name, css_class="col-md-4") for name in names[start : start + 3]))
                for start in range(0, len(names), 3)
            ),
            "notes",
        )


def _formset_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.template = "bootstrap5/table_inline_formset.html"
    return helper


class IndividualRateForm(forms.ModelForm):
    """A rate row; host countries typed as ISO codes, which is quicker than a long list."""

    host_countries = forms.CharField(label=_("Host countries"), required=False)

    class Meta:
        model = IndividualSupportRate
        fields = ["category", "direction", "host_countries", "amount", "later_days_amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["host_countries"] = " ".join(c.code for c in self.instance.host_countries)
        for field in self.fields.values():
            field.help_text = ""

    def clean_host_countries(self) -> list[str]:
        codes = sorted(
            set(re.split(r"[\s,;]+", self.cleaned_data["host_countries"].upper())) - {""}
        )
        unknown = [code for code in codes if not countries.alpha2(code)]
        if unknown:
            raise ValidationError(
                _("Unknown country codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return codes


class TravelBandForm(forms.ModelForm):
    class Meta:
        model = TravelBand
        fields = ["min_km", "amount", "green_amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = ""


class EligibilityRuleForm(forms.ModelForm):
    class Meta:
        model = EligibilityRule
        fields = ["activity", "unit", "min_duration", "max_duration", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = ""


class LabelledInlineFormSet(BaseInlineFormSet):
    """Rows shown as a table: each input is named by its column for screen readers."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = _("new row") if index is None or index >= self.initial_form_count() else index + 1
        for field in form.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label} ({row})"


IndividualRateFormSet = inlineformset_factory(
    RateTable,
    IndividualSupportRate,
    form=IndividualRateForm,
    formset=LabelledInlineFormSet,
    extra=1,
    can_delete=True,
)
TravelBandFormSet = inlineformset_factory(
    RateTable,
    TravelBand,
    form=TravelBandForm,
    formset=LabelledInlineFormSet,
    extra=1,
    can_delete=True,
)

EligibilityRuleFormSet = inlineformset_factory(
    RateTable,
    EligibilityRule,
    form=EligibilityRuleForm,
    formset=LabelledInlineFormSet,
    extra=1,
    can_delete=True,
)


class RateTableEditor:
    """The table's own fields, its individual rates, travel bands and eligibility rules,
    edited together."""

    def __init__(self, *, instance: RateTable, data=None):
        self.instance = instance
        self.form = RateTableForm(data=data, instance=instance)
        self.rates = IndividualRateFormSet(data=data, instance=instance, prefix="rates")
        self.bands = TravelBandFormSet(data=data, instance=instance, prefix="bands")
        self.rules = EligibilityRuleFormSet(data=data, instance=instance, prefix="rules")
        self.formset_helper = _formset_helper()

    @property
    def formsets(self):
        return [self.rates, self.bands, self.rules]

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)])

    def rate_changes(self) -> RowChanges:
        """The individual rates to store and delete, once the editor is valid."""
        return _plain_rows(self.rates)

    def band_changes(self) -> RowChanges:
        """The travel bands to store and delete, once the editor is valid."""
        return _plain_rows(self.bands)

    def rule_changes(self) -> RowChanges:
        """The eligibility rules to store and delete, once the editor is valid."""
        return _plain_rows(self.rules)


def _plain_rows(formset) -> RowChanges:
    # Rates, bands and rules have no many-to-many fields: the rows are their instances.
    return RowChanges(
        stored=[RowToStore(instance=instance) for instance in formset.save(commit=False)],
        deleted=list(formset.deleted_objects),
    )


class NewRateTableForm(forms.Form):
    call_year = forms.IntegerField(label=_("Call year"), min_value=2014, max_value=2100)
    action = forms.ChoiceField(label=_("Key action"), choices=Call.Action.choices)
    copy_from = forms.ModelChoiceField(
        label=_("Start from the rates of"),
        queryset=RateTable.objects.all(),
        required=False,
        empty_label=_("(an empty table)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = RateTable.objects.first()
        if latest is not None:
            self.fields["copy_from"].initial = latest.pk
            self.fields["call_year"].initial = latest.call_year + 1
            self.fields["action"].initial = latest.action
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", _("Create the rate table")))

    def clean(self):
        cleaned = super().clean()
        year, action = cleaned.get("call_year"), cleaned.get("action")
        if year and action and (action == "KA107") != (year <= 2020):
            raise ValidationError(_("KA107 covers calls up to 2020, KA171 from 2021."))
        return cleaned


class DistanceBandForm(forms.Form):
    """Staff choose the travel band by hand, with a reason, or go back to the measured distance."""

    band = forms.TypedChoiceField(
        label=_("Travel band"), coerce=int, empty_value=None, required=False
    )
    justification = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. the participant travels from another campus than the institution's."),
    )

    def __init__(self, *args, travel_bands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [("", _("From the distance"))] + [
            (band.min_km, band.label) for band in bands_of(travel_bands)
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("save-band", _("Save the band")))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("band") is not None and not cleaned.get("justification", "").strip():
            self.add_error(
                "justification", _("Changing the distance band needs a written justification.")
            )
        return cleaned
