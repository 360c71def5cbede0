"""The project form with its partners, grant lines and deadlines, edited on one page."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mobility.models import MobilityGrant
from partners.models import Contact, Institution, OrganisationalUnit
from projects.models import Deadline, Person, Project, ProjectPartner

from .base import (
    ConstraintMessagesFormSetMixin,
    DateInput,
    SharedChoicesFormSetMixin,
    WorkspaceModelForm,
    fields_only_helper,
    put_initial_in_data,
    row,
    unique_slug,
)


def _partner_institutions():
    return Institution.objects.filter(is_home=False).order_by("name")


class ProjectForm(WorkspaceModelForm):
    # The version the user started from: a save based on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    restricted_fields = {
        "projects.change_project_terms": (
            "call",
            "status",
            "lead_coordinator",
            "awarded_budget",
            "grant_agreement_number",
        )
    }

    class Meta:
        model = Project
        fields = [
            "title",
            "title_nl",
            "slug",
            "call",
            "grant_agreement_number",
            "status",
            "mobility_type",
            "home_unit",
            "lead_coordinator",
            "lead_coordinator_is_former",
            "co_coordinators",
            "start_date",
            "end_date",
            "interim_report_date",
            "awarded_budget",
            "subject_areas",
            "summary",
            "summary_nl",
            "is_illustrative",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "interim_report_date": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "summary_nl": forms.Textarea(attrs={"rows": 4}),
            "co_coordinators": forms.SelectMultiple(attrs={"size": 6}),
            "subject_areas": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "slug": _("The address of the public page; left empty, it is made from the title."),
            "co_coordinators": _("Type to search; choose as many as needed."),
            "subject_areas": _("Type to search; choose as many as needed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["home_unit"].queryset = OrganisationalUnit.objects.select_related(
            "institution"
        ).filter(institution__is_home=True)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
            allowed = {self.instance.status} | Project.TRANSITIONS[
                Project.Status(self.instance.status)
            ]
            self.fields["status"].choices = [
                (value, label) for value, label in Project.Status.choices if value in allowed
            ]
        self.helper = fields_only_helper()
        self.helper.layout = Layout(
            "version",
            Fieldset(
                _("Project"),
                row(("title", 6), ("title_nl", 6)),
                row(
                    ("call", 3), ("grant_agreement_number", 4), ("status", 2), ("mobility_type", 3)
                ),
                row(("home_unit", 6), ("slug", 6)),
            ),
            Fieldset(
                _("Coordinators"),
                row(("lead_coordinator", 6), ("co_coordinators", 6)),
                "lead_coordinator_is_former",
            ),
            Fieldset(
                _("Dates and budget"),
                row(
                    ("start_date", 3),
                    ("end_date", 3),
                    ("interim_report_date", 3),
                    ("awarded_budget", 3),
                ),
            ),
            Fieldset(
                _("Public description"),
                "subject_areas",
                row(("summary", 6), ("summary_nl", 6)),
                "is_illustrative",
            ),
        )

    def clean_status(self):
        status = self.cleaned_data["status"]
        changed = self.instance.pk is not None and status != self.instance.status
        if changed and not self.instance.can_move_to(status):
            raise forms.ValidationError(
                _("A %(old)s project cannot become %(new)s.")
                % {
                    "old": self.instance.get_status_display(),
                    "new": Project.Status(status).label,
                }
            )
        return status

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = unique_slug(
                cleaned["title"], model=Project, exclude_pk=self.instance.pk
            )
        return cleaned


class ProjectPartnerForm(WorkspaceModelForm):
    class Meta:
        model = ProjectPartner
        fields = ["institution", "role", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = _partner_institutions()
        self.fields["contact"].queryset = Contact.objects.select_related("institution")
        self.fields["contact"].label_from_instance = lambda c: f"{c.name} ({c.institution})"

    def clean(self):
        cleaned = super().clean()
        contact, institution = cleaned.get("contact"), cleaned.get("institution")
        if contact and institution and contact.institution_id != institution.pk:
            self.add_error(
                "contact", _("This person works at %(other)s.") % {"other": contact.institution}
            )
        return cleaned


class GrantLineForm(WorkspaceModelForm):
    class Meta:
        model = MobilityGrant
        fields = [
            "partner",
            "activity",
            "direction",
            "mobilities_planned",
            "duration_days",
            "amount_awarded",
        ]
        labels = {"mobilities_planned": _("mobilities"), "duration_days": _("days each")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = _partner_institutions()

    def _post_clean(self):
        super()._post_clean()
        # The model checks the partner against the partners stored in the database; here a
        # partner may be added in the same save, so ProjectEditor checks the posted rows.
        partner_errors = self._errors.get("partner") if self._errors else None
        if partner_errors:
            not_a_partner = gettext("This institution is not a partner of the project.")
            kept = [e for e in partner_errors if str(e) != not_a_partner]
            if kept:
                self._errors["partner"] = self.error_class(kept)
            else:
                del self._errors["partner"]
                self.cleaned_data["partner"] = self.instance.partner


class DeadlineForm(WorkspaceModelForm):
    class Meta:
        model = Deadline
        fields = ["kind", "title", "due_date", "responsible", "reminder_days", "notes"]
        widgets = {
            "due_date": DateInput,
            "notes": forms.Textarea(attrs={"rows": 1}),
            "responsible": forms.SelectMultiple(attrs={"size": 3}),
        }
        labels = {"reminder_days": _("reminders (days before)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Person.objects.all()
        # The project's own milestones follow its dates, the selection deadlines their call's;
        # they are not typed in here.
        self.fields["kind"].choices = [
            (value, label)
            for value, label in Deadline.Kind.choices
            if value not in (*Deadline.PROJECT_MILESTONE_KINDS, *Deadline.SELECTION_KINDS)
        ]


class ProjectInlineFormSet(
    ConstraintMessagesFormSetMixin, SharedChoicesFormSetMixin, BaseInlineFormSet
):
    pass


PartnerFormSet = inlineformset_factory(
    Project, ProjectPartner, form=ProjectPartnerForm, formset=ProjectInlineFormSet, extra=1
)
GrantLineFormSet = inlineformset_factory(
    Project, MobilityGrant, form=GrantLineForm, formset=ProjectInlineFormSet, extra=1
)
DeadlineInlineFormSet = inlineformset_factory(
    Project, Deadline, form=DeadlineForm, formset=ProjectInlineFormSet, extra=1
)


class ProjectEditor:
    """The project form and its three formsets, validated together."""

    prefixes = {"partners": "partners", "grant_lines": "grants", "deadlines": "deadlines"}

    def __init__(self, *, instance: Project | None = None, data=None):
        self.form = ProjectForm(data=data, instance=instance)
        project = self.form.instance
        self.partners = PartnerFormSet(
            data=data,
            instance=project,
            prefix=self.prefixes["partners"],
            queryset=ProjectPartner.objects.select_related("institution", "contact"),
        )
        self.grant_lines = GrantLineFormSet(
            data=data,
            instance=project,
            prefix=self.prefixes["grant_lines"],
            queryset=MobilityGrant.objects.select_related("partner"),
        )
        self.deadlines = DeadlineInlineFormSet(
            data=data,
            instance=project,
            prefix=self.prefixes["deadlines"],
            # Milestones follow the dates of the project, of their mobility or of their call
            # for applications; only the deadlines people typed in are edited here.
            queryset=Deadline.objects.filter(mobility__isnull=True)
            .exclude(kind__in=(*Deadline.PROJECT_MILESTONE_KINDS, *Deadline.SELECTION_KINDS))
            .prefetch_related("responsible"),
        )

    @property
    def sections(self) -> list:
        return [
            (_("Partners"), self.partners),
            (_("Grant lines"), self.grant_lines),
            (_("Deadlines"), self.deadlines),
        ]

    @property
    def formsets(self) -> list:
        return [self.partners, self.grant_lines, self.deadlines]

    def is_valid(self) -> bool:
        # Validate everything (no short-circuit) so that every error shows at once.
        results = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets]
        return self._grant_partners_are_partners() and all(results)

    def _grant_partners_are_partners(self) -> bool:
        """Every grant line is for an institution listed among the project's partners."""
        partner_ids = {
            form.cleaned_data["institution"].pk
            for form in self.partners.forms
            if form.is_valid()
            and form.cleaned_data.get("institution")
            and not form.cleaned_data.get("DELETE")
        }
        valid = True
        for form in self.grant_lines.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            partner = form.cleaned_data.get("partner")
            if partner is not None and partner.pk not in partner_ids:
                form.add_error("partner", _("Add this institution to the partners above first."))
                valid = False
        return valid


def merge_concurrent_changes(data, *, base_values: dict, current: Project, theirs: set[str]):
    """Fold into the user's posted data the fields someone else saved since the user began.

    A field the user left as it was takes the other person's value; a field both changed
    keeps the user's value and is returned, so that the page can point it out. The data's
    version becomes the current one, so that saving the merged form is allowed.
    """
    data = data.copy()
    data["version"] = str(current.version)
    now = ProjectForm(instance=current)
    both_changed = set()
    for name in theirs:
        if name not in now.fields or name not in base_values:
            continue
        field = now.fields[name]
        posted = field.widget.value_from_datadict(data, {}, now.add_prefix(name))
        started = base_values[name]
        if isinstance(started, frozenset):
            started = sorted(started)
        if field.has_changed(started, posted):
            both_changed.add(name)
        else:
            put_initial_in_data(data, now[name])
    return data, both_changed
