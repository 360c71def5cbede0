from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView

from agreements.selectors import institution_contact_records
from mobility import services as mobility_services
from mobility.grants import reported_grants_that_would_change
from partners import services
from partners.models import Institution

from .. import filters, selectors
from ..exports import Column
from ..forms.base import row_changes
from ..forms.partners import InstitutionEditor, ReportedGrantsForm
from .base import (
    WorkspaceDeleteView,
    WorkspaceDetailView,
    WorkspaceEditorView,
    WorkspaceHistoryView,
    WorkspaceListView,
    WorkspaceObjectMixin,
)


class InstitutionListView(WorkspaceListView):
    template_name = "workspace/institution_list.html"
    section = "partners"
    filterset_class = filters.InstitutionFilter
    export_basename = "institutions"
    export_url_name = "workspace:institution-export"
    export_columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Name in its own language"), "name_local"),
        Column(gettext_lazy("Country"), "country.name"),
        Column(gettext_lazy("City"), "city"),
        Column(gettext_lazy("Latitude"), "latitude"),
        Column(gettext_lazy("Longitude"), "longitude"),
        Column(gettext_lazy("Website"), "website"),
        Column(gettext_lazy("SCHAC code"), "schac_code"),
        Column(gettext_lazy("Erasmus code"), "erasmus_code"),
        Column(gettext_lazy("PIC"), "pic"),
        Column(gettext_lazy("OID"), "oid"),
        Column(gettext_lazy("Projects"), "project_count"),
        Column(gettext_lazy("Mobilities"), "mobility_count"),
    )

    def get_queryset(self):
        return selectors.institution_list()


class InstitutionDetailView(WorkspaceDetailView):
    template_name = "workspace/institution_detail.html"
    section = "partners"
    permission_required = "partners.view_institution"
    context_object_name = "institution"

    def get_queryset(self):
        return selectors.institution_detail()


class InstitutionEditorView(WorkspaceEditorView):
    section = "partners"
    model = Institution
    editor_class = InstitutionEditor
    detail_url_name = "workspace:institution-detail"

    def save(self, editor: InstitutionEditor) -> Institution:
        # Through mobility: a partner that moved has its open mobilities' grants recalculated.
        institution = editor.form.instance
        self.moved = bool(mobility_services.grant_inputs_changed(institution=institution))
        return mobility_services.save_institution_recalculating_grants(
            institution=institution,
            contacts=row_changes(editor.contacts),
            units=row_changes(editor.units),
            by=self.request.user,
        )

    def get_success_url(self, obj) -> str:
        # Reported grants that the move would change are for staff to review.
        if self.moved and reported_grants_that_would_change(institution=obj):
            return reverse("workspace:institution-grants", kwargs={"pk": obj.pk})
        return super().get_success_url(obj)


class InstitutionCreateView(InstitutionEditorView):
    permission_required = "partners.add_institution"
    create_title = gettext_lazy("New institution")


class InstitutionUpdateView(InstitutionEditorView):
    permission_required = "partners.change_institution"


class InstitutionDeleteView(WorkspaceDeleteView):
    model = Institution
    section = "partners"
    permission_required = "partners.delete_institution"
    success_url_name = "workspace:institution-list"
    detail_url_name = "workspace:institution-detail"

    def perform(self, obj):
        services.delete_institution(institution=obj, by=self.request.user)


class InstitutionHistoryView(WorkspaceHistoryView):
    model = Institution
    section = "partners"
    permission_required = "partners.view_institution"
    detail_url_name = "workspace:institution-detail"

    def get_history_records(self):
        return super().get_history_records() + institution_contact_records(self.object.pk)


class InstitutionReportedGrantsView(WorkspaceObjectMixin, DetailView):
    """Completed mobilities (and those of closed projects) whose grant the institution's
    current place would change: old and new amount; staff tick those to recalculate."""

    model = Institution
    section = "partners"
    permission_required = "partners.change_institution"
    detail_url_name = "workspace:institution-detail"
    template_name = "workspace/institution_grants.html"
    context_object_name = "institution"

    def get_context_data(self, **kwargs):
        changes = reported_grants_that_would_change(institution=self.object)
        kwargs.setdefault("form", ReportedGrantsForm(changes=changes))
        kwargs["changes"] = changes
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        changes = reported_grants_that_would_change(institution=self.object)
        form = ReportedGrantsForm(request.POST, changes=changes)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        changed = mobility_services.recalculate_reported_grants(
            institution=self.object, mobility_ids=form.cleaned_data["mobilities"], by=request.user
        )
        messages.success(
            request,
            ngettext(
                "The grant of %(count)d mobility was recalculated.",
                "The grants of %(count)d mobilities were recalculated.",
                changed,
            )
            % {"count": changed},
        )
        return redirect("workspace:institution-detail", pk=self.object.pk)
