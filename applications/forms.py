from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.rules import STAFF_GROUP
from mobility.models import LANGUAGE_CHOICES

from .models import Application, CallForApplications, Criterion, DocumentKind, LanguageSkill
from .services import APPLICANT_FIELDS, UPLOAD_RULE

LANGUAGE_ROWS = 3


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ApplicationForm(forms.ModelForm):
    """The applicant's details, language skills and the documents the offer asks for."""

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "preferred_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "preferred_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, document_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.document_kinds = list(document_kinds)
        skills = list(self.instance.language_skills.all()) if self.instance.pk else []
        for index in range(LANGUAGE_ROWS):
            skill = skills[index] if index < len(skills) else None
            self.fields[f"language_{index}"] = forms.ChoiceField(
                label=_("Language %(number)s") % {"number": index + 1},
                choices=[("", "---------"), *LANGUAGE_CHOICES],
                required=False,
                initial=skill.language if skill else "",
            )
            self.fields[f"language_level_{index}"] = forms.ChoiceField(
                label=_("Level (CEFR) of language %(number)s") % {"number": index + 1},
                choices=[("", "---------"), *LanguageSkill.Cefr.choices],
                required=False,
                initial=skill.level if skill else "",
            )
        kinds = dict(DocumentKind.choices)
        for kind in self.document_kinds:
            self.fields[f"document_{kind}"] = forms.FileField(
                label=kinds[kind],
                required=False,
                validators=[UPLOAD_RULE],
                help_text=_("PDF, Word (.docx), JPEG or PNG, at most 5 MB."),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        for index in range(LANGUAGE_ROWS):
            language = cleaned.get(f"language_{index}")
            level = cleaned.get(f"language_level_{index}")
            if language and not level:
                self.add_error(f"language_level_{index}", _("Choose the level."))
            if level and not language:
                self.add_error(f"language_{index}", _("Choose the language."))
        return cleaned

    def languages(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"language_{index}"], self.cleaned_data[f"language_level_{index}"])
            for index in range(LANGUAGE_ROWS)
            if self.cleaned_data.get(f"language_{index}")
        ]

    def uploads(self) -> dict:
        return {
            kind: self.cleaned_data[f"document_{kind}"]
            for kind in self.document_kinds
            if self.cleaned_data.get(f"document_{kind}")
        }

    def applicant_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in APPLICANT_FIELDS}


class CallForm(forms.ModelForm):
    required_documents = forms.MultipleChoiceField(
        label=_("Documents asked for"),
        choices=DocumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CallForApplications
        fields = [
            "is_open",
            "time_zone",
            "required_documents",
            "tie_rule",
            "reviewers",
            "review_by",
            "decide_by",
        ]
        widgets = {
            "review_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "decide_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "review_by": _(
                "Optional. The reviewers are reminded of it like of any deadline; it is done "
                "when every reviewer has submitted."
            ),
            "decide_by": _(
                "Optional. A deadline of the project; it is done when the decisions are sent."
            ),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = (
            get_user_model()
            .objects.filter(
                Q(groups__name=STAFF_GROUP)
                | Q(person__led_projects=project)
                | Q(person__co_coordinated_projects=project)
            )
            .distinct()
            .order_by("last_name", "username")
        )
        self.fields["reviewers"].required = False
        self.fields["reviewers"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["reviewers"].choices
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_time_zone(self):
        import zoneinfo

        value = self.cleaned_data["time_zone"]
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("Enter a time zone such as Europe/Amsterdam."))
        return value


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "weight", "scale_max"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReviewForm(forms.Form):
    """One reviewer's scores (one field and comment per criterion), or a declared conflict."""

    conflict_of_interest = forms.BooleanField(
        label=_("I have a conflict of interest with this applicant"), required=False
    )
    conflict_note = forms.CharField(
        label=_("Conflict of interest (explanation)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        existing = {s.criterion_id: s for s in review.scores.all()} if review else {}
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s (0 to %(max)s, weight %(weight)s)")
                % {
                    "criterion": criterion.name,
                    "max": criterion.scale_max,
                    "weight": criterion.weight,
                },
                min_value=0,
                max_value=criterion.scale_max,
                required=False,
                initial=score.value if score else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )
        if review:
            self.fields["conflict_of_interest"].initial = review.conflict_of_interest
            self.fields["conflict_note"].initial = review.conflict_note
        self.helper = FormHelper()
        self.helper.form_tag = False

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (
                self.cleaned_data.get(f"score_{c.pk}"),
                self.cleaned_data.get(f"comment_{c.pk}", ""),
            )
            for c in self.criteria
        }


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Application.Status.choices],
    )
    incomplete = forms.BooleanField(label=_("Only incomplete"), required=False)
