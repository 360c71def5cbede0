"""Mobilities (one person going), exchange offers and interest registrations."""

from decimal import Decimal

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from mobility.bounds import DURATION_MESSAGE
from mobility.eligibility import eligibility_findings
from mobility.models import ExchangeOffer, InterestRegistration, Mobility
from mobility.rates import MissingRateError, rate_table_for
from partners.models import Institution
from projects.models import Project, SubjectArea

from .base import (
    DateInput,
    SingleFormEditor,
    WorkspaceModelForm,
    fields_only_helper,
    row,
    unique_slug,
)

# Counts and amounts that are zero for most mobilities: left empty, they are zero.
ZERO_WHEN_EMPTY = (
    "interruption_days",
    "non_funded_days",
    "inclusion_support",
    "previous_participation",
)


class MobilityForm(WorkspaceModelForm):
    restricted_fields = {
        "mobility.override_distance_band": ("band_override_km", "band_override_justification")
    }

    class Meta:
        model = Mobility
        fields = [
            "partner",
            "activity",
            "direction",
            "status",
            "level",
            "first_name",
            "last_name",
            "email",
            "gender",
            "birth_date",
            "nationality",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "travel_days",
            "green_travel",
            "fewer_opportunities",
            "zero_grant",
            "force_majeure",
            "force_majeure_explanation",
            "participant_id",
            "recent_graduate",
            "previous_participation",
            "blended",
            "virtual_component",
            "virtual_hours",
            "field_of_education",
            "eqf_level",
            "main_language",
            "transport_means",
            "interruption_days",
            "non_funded_days",
            "inclusion_support",
            "exceptional_travel_cost",
            "exceptional_travel_cost_justification",
            "band_override_km",
            "band_override_justification",
        ]
        widgets = dict.fromkeys(
            (
                "band_override_justification",
                "force_majeure_explanation",
                "virtual_component",
                "exceptional_travel_cost_justification",
            ),
            forms.Textarea(attrs={"rows": 2}),
        ) | dict.fromkeys(
            ("birth_date", "planned_start", "planned_end", "actual_start", "actual_end"), DateInput
        )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["partner"].queryset = Institution.objects.filter(
            project_roles__project=project
        ).order_by("name")
        for name in ZERO_WHEN_EMPTY:
            self.fields[name].required = False
        self.helper = fields_only_helper()
        self.helper.layout = Layout(
            Fieldset(
                _("Mobility"),
                row(("partner", 4), ("activity", 4), ("direction", 2), ("status", 2)),
            ),
            Fieldset(
                _("Participant"),
                row(("first_name", 4), ("last_name", 4), ("email", 4)),
                row(("level", 3), ("gender", 3), ("birth_date", 3), ("nationality", 3)),
                row(
                    ("participant_id", 3),
                    ("fewer_opportunities", 3),
                    ("recent_graduate", 3),
                    ("inclusion_support", 3),
                ),
            ),
            Fieldset(
                _("Studies and language"),
                row(
                    ("field_of_education", 3),
                    ("eqf_level", 3),
                    ("main_language", 3),
                    ("previous_participation", 3),
                ),
                row(("blended", 6), ("virtual_hours", 6)),
                row(("virtual_component", 12)),
            ),
            Fieldset(
                _("Dates"),
                row(
                    ("planned_start", 3), ("planned_end", 3), ("actual_start", 3), ("actual_end", 3)
                ),
                row(
                    ("travel_days", 3),
                    ("transport_means", 3),
                    ("green_travel", 3),
                    ("zero_grant", 3),
                ),
                row(("interruption_days", 3), ("non_funded_days", 3), ("force_majeure", 6)),
                row(("force_majeure_explanation", 12)),
            ),
            Fieldset(
                _("Grant"),
                HTML(
                    "<p class='form-text'>"
                    + str(
                        _(
                            "The grant is calculated from the dates, the activity and the "
                            "distance to the partner when you save."
                        )
                    )
                    + "</p>"
                ),
                row(("band_override_km", 4), ("band_override_justification", 8)),
                row(
                    ("exceptional_travel_cost", 4),
                    ("exceptional_travel_cost_justification", 8),
                ),
            ),
        )

    def _post_clean(self):
        """The call's eligibility rules on the planned dates and on the actual ones, after
        the bounds every mobility keeps (Mobility.clean: the project period with its margin,
        at most a year). One message per field: a bound already reported says more than the
        rule, except the general duration bound, which the call's rule replaces."""
        values = dict(self.cleaned_data)  # before the model's checks take fields out
        super()._post_clean()
        for field, message in self._rule_findings(values):
            existing = list(self._errors.get(field, []))
            if existing == [str(DURATION_MESSAGE)]:
                self._errors[field] = self.error_class([message])
            elif not existing:
                self.add_error(field, message)

    def _rule_findings(self, values: dict) -> list[tuple[str, str]]:
        call = self.instance.project.call
        activity, travel_days = values.get("activity"), values.get("travel_days")
        if activity is None:
            return []
        found = []
        try:  # read once for the planned and the actual dates
            table = rate_table_for(call_year=call.year, action=call.action)
        except MissingRateError:
            table = None  # eligibility_findings reports the missing table
        for start_name, end_name in (
            ("planned_start", "planned_end"),
            ("actual_start", "actual_end"),
        ):
            start, end = values.get(start_name), values.get(end_name)
            if start is None or end is None or end < start:
                continue
            fields = {
                "start": start_name,
                "end": end_name,
                "activity": "activity",
                "previous_participation": "previous_participation",
            }
            if start_name == "planned_start" and travel_days is not None:
                fields["travel_days"] = "travel_days"
            for finding in eligibility_findings(
                call_year=call.year,
                action=call.action,
                activity=activity,
                start=start,
                end=end,
                travel_days=travel_days or 0,
                green_travel=values.get("green_travel", False),
                previous_participation=values.get("previous_participation") or Decimal(0),
                rate_table=table,
            ):
                pair = (fields.get(finding.field), finding.message)
                if pair[0] and pair not in found:
                    found.append(pair)
        return found

    def clean(self):
        cleaned_data = super().clean()
        for name in ZERO_WHEN_EMPTY:
            if cleaned_data.get(name) is None and name not in self.errors:
                cleaned_data[name] = 0
                setattr(self.instance, name, 0)
        return cleaned_data


class ExchangeOfferForm(WorkspaceModelForm):
    class Meta:
        model = ExchangeOffer
        fields = [
            "project",
            "partner",
            "title",
            "title_nl",
            "slug",
            "activity",
            "direction",
            "level",
            "subject_area",
            "places",
            "duration_days",
            "period_start",
            "period_end",
            "application_deadline",
            "description",
            "description_nl",
            "eligibility",
            "eligibility_nl",
            "is_published",
        ]
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
            "application_deadline": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_nl": forms.Textarea(attrs={"rows": 4}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "eligibility_nl": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "slug": _("The address of the public page; left empty, it is made from the title."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["project"].queryset = Project.objects.order_by("title")
        self.fields["partner"].queryset = Institution.objects.filter(is_home=False)
        self.fields["subject_area"].queryset = SubjectArea.objects.all()
        self.helper = fields_only_helper()
        self.helper.layout = Layout(
            Fieldset(
                _("Offer"),
                row(("project", 6), ("partner", 6)),
                row(("title", 6), ("title_nl", 6)),
                row(("activity", 3), ("direction", 3), ("level", 3), ("subject_area", 3)),
                row(
                    ("places", 2),
                    ("duration_days", 2),
                    ("period_start", 3),
                    ("period_end", 3),
                    ("application_deadline", 2),
                ),
            ),
            Fieldset(
                _("Public text"),
                row(("description", 6), ("description_nl", 6)),
                row(("eligibility", 6), ("eligibility_nl", 6)),
                row(("slug", 6), ("is_published", 6)),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        project, partner = cleaned.get("project"), cleaned.get("partner")
        if (
            project
            and partner
            and not project.project_partners.filter(institution=partner).exists()
        ):
            self.add_error("partner", _("This institution is not a partner of the project."))
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = unique_slug(
                cleaned["title"], model=ExchangeOffer, exclude_pk=self.instance.pk
            )
        return cleaned


class RegistrationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=InterestRegistration.Status.choices)


class MobilityEditor(SingleFormEditor):
    form_class = MobilityForm


class ExchangeOfferEditor(SingleFormEditor):
    form_class = ExchangeOfferForm
