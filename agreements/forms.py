"""Forms of the agreement editor (staff) and of the partner pages (partner contacts)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from mobility.candidate_documents import CandidateDocumentKind
from mobility.models import Activity, Level
from partners.models import Contact, Institution
from projects.models import Project

from .models import (
    NOMINATION_UPLOAD,
    Agreement,
    CooperationCondition,
    MobilityResponse,
    Nomination,
)
from .services import CONTACT_FIELDS, FACTSHEET_FIELDS


class DateInput(forms.DateInput):
    """The browser's date picker; ISO values whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def fields_only_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def row(*columns: tuple[str, int]) -> Div:
    return Div(
        *(Div(name, css_class=f"col-md-{width}") for name, width in columns), css_class="row"
    )


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "partner",
            "iia_code",
            "first_academic_year",
            "last_academic_year",
            "status",
            "our_signatory",
            "our_signing_date",
            "partner_signatory",
            "partner_signing_date",
            "ended_on",
            "notes",
        ]
        widgets = {
            "our_signing_date": DateInput,
            "partner_signing_date": DateInput,
            "ended_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Institution.objects.filter(is_home=False)
        self.helper = fields_only_helper()
        self.helper.layout = Layout(
            row(("partner", 6), ("iia_code", 6)),
            row(("first_academic_year", 4), ("last_academic_year", 4), ("status", 4)),
            row(("our_signatory", 6), ("our_signing_date", 6)),
            row(("partner_signatory", 6), ("partner_signing_date", 6)),
            row(
                ("ended_on", 4),
            ),
            "notes",
        )


class CooperationConditionForm(forms.ModelForm):
    class Meta:
        model = CooperationCondition
        fields = [
            "direction",
            "mobility_type",
            "mobilities_per_year",
            "total_months_per_year",
            "total_days_per_year",
            "subject_area",
            "eqf_level",
            "language",
            "cefr_level",
        ]


ConditionFormSet = forms.inlineformset_factory(
    Agreement, CooperationCondition, form=CooperationConditionForm, extra=1, can_delete=True
)


class AgreementEditor:
    """The agreement form with its cooperation conditions."""

    def __init__(self, *, instance: Agreement | None = None, data=None):
        self.form = AgreementForm(data=data, instance=instance)
        self.conditions = ConditionFormSet(
            data=data, instance=self.form.instance, prefix="conditions"
        )

    @property
    def sections(self) -> list:
        return [(_("Cooperation conditions"), self.conditions)]

    @property
    def formsets(self) -> list:
        return [self.conditions]

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.conditions.is_valid()])


# The partner pages ------------------------------------------------------------------------


class MobilityResponseForm(forms.ModelForm):
    class Meta:
        model = MobilityResponse
        fields = ["answer", "comment"]
        widgets = {"answer": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = MobilityResponse.Answer.choices

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("answer") not in (None, MobilityResponse.Answer.ACCEPT)
            and not (cleaned.get("comment") or "").strip()
        ):
            self.add_error(
                "comment", _("Say what should change, or why you decline, in the comment.")
            )
        return cleaned


class NominationDocumentForm(forms.Form):
    """One document for a nomination: a new one, or a new version of one already attached."""

    kind = forms.ChoiceField(label=_("Document"), choices=CandidateDocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        validators=[NOMINATION_UPLOAD],
        help_text=_("PDF, Word (.docx), JPEG or PNG, at most 5 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
        self.helper.layout = Layout(row(("kind", 4), ("file", 8)))


class NominationForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = [
            "project",
            "first_name",
            "last_name",
            "email",
            "birth_date",
            "nationality",
            "gender",
            "activity",
            "level",
            "planned_start",
            "planned_end",
        ]
        widgets = {
            "birth_date": DateInput,
            "planned_start": DateInput,
            "planned_end": DateInput,
        }
        labels = {"project": _("Project (the flow)")}

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(
            project_partners__institution=institution
        ).distinct()
        self.fields["activity"].choices = Activity.choices
        self.fields["level"].choices = Level.choices
        self.helper = fields_only_helper()
        self.helper.layout = Layout(
            "project",
            row(("first_name", 6), ("last_name", 6)),
            row(("email", 6), ("birth_date", 6)),
            row(("nationality", 6), ("gender", 6)),
            row(("activity", 6), ("level", 6)),
            row(("planned_start", 6), ("planned_end", 6)),
        )


def _https_by_default(model_field, **kwargs):
    """A website typed without a scheme is taken to be https://."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class FactsheetForm(forms.ModelForm):
    formfield_callback = _https_by_default

    class Meta:
        model = Institution
        fields = list(FACTSHEET_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()


class PartnerContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = list(CONTACT_FIELDS)


PartnerContactFormSet = forms.modelformset_factory(
    Contact, form=PartnerContactForm, extra=0, can_delete=False
)
