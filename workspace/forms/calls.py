"""Calls, research fields and virtual activities: the office's reference data."""

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from mobility.models import VirtualActivity
from projects.models import Call, Project, SubjectArea

from .base import DateInput, SingleFormEditor, WorkspaceModelForm, fields_only_helper, row


class CallForm(WorkspaceModelForm):
    class Meta:
        model = Call
        fields = ["year", "action", "deadline", "internal_deadline", "results_summary"]
        widgets = {
            "deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "internal_deadline": DateInput,
        }
        help_texts = {
            "deadline": _("Brussels closes calls at 12:00 (noon) their time."),
            "results_summary": _(
                "e.g. 13 exchange projects, about EUR 450,000, 103 students and staff."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
        self.helper.layout = Layout(
            row(("year", 3), ("action", 3), ("deadline", 3), ("internal_deadline", 3)),
            "results_summary",
        )


class CallEditor(SingleFormEditor):
    form_class = CallForm


class SubjectAreaForm(WorkspaceModelForm):
    class Meta:
        model = SubjectArea
        fields = ["name", "name_nl"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
        self.helper.layout = Layout(row(("name", 6), ("name_nl", 6)))


class SubjectAreaEditor(SingleFormEditor):
    form_class = SubjectAreaForm


class VirtualActivityForm(WorkspaceModelForm):
    class Meta:
        model = VirtualActivity
        fields = ["project", "title", "description", "start_date", "end_date", "participants"]
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.order_by("title")
        self.helper = fields_only_helper()
        self.helper.layout = Layout(
            row(("project", 6), ("title", 6)),
            "description",
            row(("start_date", 4), ("end_date", 4), ("participants", 4)),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The activity cannot end before it starts."))
        return cleaned


class VirtualActivityEditor(SingleFormEditor):
    form_class = VirtualActivityForm
